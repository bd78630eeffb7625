package org.vigie.lab.scenario;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.vigie.core.detect.Detector;
import org.vigie.core.incident.Incident;
import org.vigie.core.incident.IncidentEngine;
import org.vigie.core.incident.IncidentPolicy;
import org.vigie.core.incident.Relations;
import org.vigie.core.ingest.ReportDedupe;
import org.vigie.core.pipeline.PipelineConfig;
import org.vigie.core.pipeline.PipelineListener;
import org.vigie.core.pipeline.SignalPipeline;
import org.vigie.core.signal.ProblemReport;

/**
 * Replays a scenario through the production pipeline and incident engine, in-process, in event
 * time: a fake clock follows the reports, a reporter's first report per service per hour counts
 * (the ingestor's rule), and after the last report the clock moves on so every incident resolves.
 * No HTTP and no store: what is measured is detection, not transport.
 */
public final class ScenarioRunner {
  private ScenarioRunner() {}

  /** Every incident of the run, as last seen. */
  public record Run(LabScenario scenario, String detector, List<Incident> incidents, long reports) {}

  /** A clock set by hand to event time. */
  private static final class EventClock implements InstantSource {
    long millis;

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public long millis() {
      return millis;
    }
  }

  public static Run run(LabScenario scenario, Detector detector, Relations relations) {
    EventClock clock = new EventClock();
    clock.millis = scenario.start().toEpochMilli();
    AtomicLong ids = new AtomicLong();
    IncidentEngine engine = new IncidentEngine(IncidentPolicy.DEFAULT, ids::incrementAndGet, relations);
    SignalPipeline pipeline = new SignalPipeline(PipelineConfig.DEFAULT, detector, engine, clock);
    Map<Long, Incident> incidents = new LinkedHashMap<>();
    pipeline.addListener(new PipelineListener() {
      @Override
      public void incidentChanged(Incident incident) {
        incidents.put(incident.id(), incident);
      }
    });
    ReportDedupe dedupe = new ReportDedupe(Duration.ofMinutes(60));
    Map<String, Integer> serviceIndex = new HashMap<>();
    long[] reports = {0};
    scenario.generate(batch -> {
      boolean[] counted = new boolean[batch.size()];
      long last = clock.millis;
      for (int i = 0; i < counted.length; i++) {
        ProblemReport r = batch.get(i);
        int s = serviceIndex.computeIfAbsent(r.service(), k -> serviceIndex.size());
        counted[i] = dedupe.tryCount(s, r.reporterKey(), r.at().getEpochSecond()) != null;
        last = Math.max(last, r.at().toEpochMilli());
      }
      clock.millis = last;
      pipeline.accept(batch, counted);
      reports[0] += batch.size();
    });
    // Quiet after the end: long enough for the last incident's quiet period to run out.
    clock.millis = scenario.end().toEpochMilli() + Duration.ofHours(2).toMillis();
    pipeline.tick();
    return new Run(scenario, detector.name(), new ArrayList<>(incidents.values()), reports[0]);
  }
}
