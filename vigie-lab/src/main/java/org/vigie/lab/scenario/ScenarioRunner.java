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

  /**
   * Every incident of the run, as last seen.
   *
   * @param stoppedAt null when the whole scenario ran; else the event time at which the run was
   *     stopped: more false incidents than its cap, or one incident open longer than {@link #MAX_OPEN}
   * @param stoppedOpen the stop was for an incident open too long (not for the false cap)
   */
  public record Run(LabScenario scenario, String detector, List<Incident> incidents, long reports, Instant stoppedAt,
      boolean stoppedOpen) {
    public Run(LabScenario scenario, String detector, List<Incident> incidents, long reports) {
      this(scenario, detector, incidents, reports, null, false);
    }

    public boolean stopped() {
      return stoppedAt != null;
    }
  }

  /**
   * With a cap, a run also stops when one incident has stayed open this long in event time: no
   * outage of the scenarios lasts a day, and the engine's per-minute snapshot of an incident grows
   * with its age, so a never-resolving baseline incident makes the run quadratic.
   */
  public static final Duration MAX_OPEN = Duration.ofHours(72);

  /** Thrown into the scenario's generator to stop a run early. */
  private static final class Stop extends RuntimeException {
    Stop() {
      super(null, null, false, false);
    }
  }

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
    return run(scenario, detector, relations, Integer.MAX_VALUE);
  }

  /**
   * Runs the scenario, stopping at the first batch after its false incidents (scored as {@link
   * ScenarioScore} does) exceed {@code maxFalse}: an incident false once stays false, so the
   * count only grows, and past the cap the incident engine's per-minute work on hundreds of open
   * incidents is not worth the minutes.
   */
  public static Run run(LabScenario scenario, Detector detector, Relations relations, int maxFalse) {
    EventClock clock = new EventClock();
    clock.millis = scenario.start().toEpochMilli();
    AtomicLong ids = new AtomicLong();
    IncidentEngine engine = new IncidentEngine(IncidentPolicy.DEFAULT, ids::incrementAndGet, relations);
    SignalPipeline pipeline = new SignalPipeline(PipelineConfig.DEFAULT, detector, engine, clock);
    Map<Long, Incident> incidents = new LinkedHashMap<>();
    boolean[] openTooLong = {false};
    pipeline.addListener(new PipelineListener() {
      @Override
      public void incidentChanged(Incident incident) {
        incidents.put(incident.id(), incident);
        if (maxFalse != Integer.MAX_VALUE && incident.resolvedAt() == null
            && clock.millis - incident.startedAt().toEpochMilli() > MAX_OPEN.toMillis()) {
          openTooLong[0] = true;
        }
      }
    });
    ReportDedupe dedupe = new ReportDedupe(Duration.ofMinutes(60));
    Map<String, Integer> serviceIndex = new HashMap<>();
    long[] reports = {0};
    int[] seen = {0};
    Instant[] stoppedAt = {null};
    try {
      scenario.generate(batch -> {
        if (openTooLong[0]) {
          stoppedAt[0] = clock.instant();
          throw new Stop();
        }
        if (maxFalse != Integer.MAX_VALUE && incidents.size() > seen[0]) {
          seen[0] = incidents.size();
          if (falseIncidents(scenario, new ArrayList<>(incidents.values())) > maxFalse) {
            stoppedAt[0] = clock.instant();
            throw new Stop();
          }
        }
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
    } catch (Stop stop) {
      return new Run(scenario, detector.name(), new ArrayList<>(incidents.values()), reports[0], stoppedAt[0], openTooLong[0]);
    }
    // Quiet after the end: long enough for the last incident's quiet period to run out.
    clock.millis = scenario.end().toEpochMilli() + Duration.ofHours(2).toMillis();
    pipeline.tick();
    return new Run(scenario, detector.name(), new ArrayList<>(incidents.values()), reports[0]);
  }

  static int falseIncidents(LabScenario sc, List<Incident> incidents) {
    return ScenarioScore.of(sc.name(), "", sc.truths(), sc.services(), sc.start(), sc.end(), incidents).falseIncidents();
  }
}
