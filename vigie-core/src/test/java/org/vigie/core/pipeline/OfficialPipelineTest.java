package org.vigie.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.vigie.core.MutableClock;
import org.vigie.core.detect.SeasonalPoissonDetector;
import org.vigie.core.incident.Incident;
import org.vigie.core.incident.IncidentEngine;
import org.vigie.core.incident.IncidentPolicy;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.signal.OfficialStatus;

/** Official statements handed to the pipeline reach the incident engine and the listeners. */
class OfficialPipelineTest {
  private static final Instant NOW = Instant.parse("2026-07-25T12:40:00Z");

  private final MutableClock clock = new MutableClock(NOW);
  private final SignalPipeline pipeline = new SignalPipeline(PipelineConfig.DEFAULT, new SeasonalPoissonDetector(),
      new IncidentEngine(IncidentPolicy.DEFAULT, new AtomicLong()::incrementAndGet), clock);
  private final Recorder recorder = new Recorder(clock);

  @Test
  void anOfficialMajorOutageOpensAnIncidentListenersSeeOnce() {
    pipeline.addListener(recorder);
    List<Incident> changed = pipeline.official(List.of(
        new OfficialStatus("github", "Actions", "major_outage", "Actions run failures", "https://stspg.io/x", NOW.minusSeconds(300)),
        new OfficialStatus("github", "Actions", "major_outage", "Still failing", "https://stspg.io/x", NOW.minusSeconds(120))));

    assertThat(changed).hasSize(1);
    assertThat(recorder.changes).hasSize(1);
    Incident i = recorder.changes.getFirst().incident();
    assertThat(i.service()).isEqualTo("github");
    assertThat(i.timeline().stream().filter(e -> e.kind().equals("official"))).hasSize(2);
    assertThat(pipeline.status("github")).isEqualTo(PublicStatus.OUTAGE);
    assertThat(pipeline.openIncident("github")).contains(i);
    assertThat(pipeline.official(List.of())).isEmpty();
  }
}
