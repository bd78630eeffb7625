package org.vigie.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigie.core.MutableClock;
import org.vigie.core.detect.Assessment;
import org.vigie.core.detect.SeasonalPoissonDetector;
import org.vigie.core.fusion.SocialSignal;
import org.vigie.core.incident.IncidentEngine;
import org.vigie.core.incident.IncidentPolicy;
import org.vigie.core.model.Evidence;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.model.Region;
import org.vigie.core.signal.ProblemReport;
import org.vigie.core.tally.MinuteTally;

/**
 * How the pipeline consults a {@link SocialSignal}: once per minute it closes, in order, and the
 * verdict joins the world series of the service, even one nobody reported.
 */
class SocialPipelineTest {
  static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");
  static final long M0 = T0.getEpochSecond() / 60;

  final MutableClock clock = new MutableClock(T0);
  final SignalPipeline pipeline = new SignalPipeline(PipelineConfig.DEFAULT, new SeasonalPoissonDetector(),
      new IncidentEngine(IncidentPolicy.DEFAULT, () -> 1), clock);
  /** The minutes the pipeline asked about, and what the signal says for each. */
  final List<Long> asked = new ArrayList<>();
  final Map<Long, Map<String, SocialSignal.Complaints>> verdicts = new HashMap<>();
  /** The world tallies the pipeline closed, as the store receives them. */
  final List<MinuteTally> closed = new ArrayList<>();
  final SocialSignal social = minute -> {
    asked.add(minute);
    return verdicts.getOrDefault(minute, Map.of());
  };

  void report(Instant at) {
    clock.set(at);
    pipeline.accept(List.of(new ProblemReport("instagram", "app", Region.country("FR"), at.toEpochMilli(), at.toEpochMilli(), "web", at)),
        new boolean[] {true});
  }

  @Test
  void eachClosedMinuteIsAskedOnceInOrder() {
    pipeline.fuse(social);
    report(T0.plusSeconds(5));
    clock.set(T0.plusSeconds(4 * 60 + 11));
    pipeline.tick();

    assertThat(asked).containsExactly(M0, M0 + 1, M0 + 2, M0 + 3);
  }

  @Test
  void aServiceOnlyComplainedAboutGetsPossibleProblemsFromItsComplaintsAlone() {
    pipeline.fuse(social);
    verdicts.put(M0 + 1, Map.of("whatsapp", new SocialSignal.Complaints(42, new Assessment(Evidence.STRONG, 0.1, 0.9))));
    pipeline.addListener(new PipelineListener() {
      @Override
      public void minuteClosed(long minute, List<MinuteTally> tallies) {
        closed.addAll(tallies);
      }
    });
    report(T0.plusSeconds(5));
    clock.set(T0.plusSeconds(2 * 60 + 11));
    pipeline.tick();

    assertThat(pipeline.knownServices()).contains("whatsapp");
    assertThat(pipeline.status("whatsapp")).isEqualTo(PublicStatus.POSSIBLE_PROBLEMS);
    assertThat(pipeline.status("instagram")).isEqualTo(PublicStatus.OPERATIONAL);
    // The complaining authors are stored with the world tally, and the incident says they tipped it.
    assertThat(closed).filteredOn(t -> t.service().equals("whatsapp")).singleElement()
        .satisfies(t -> assertThat(t.mentions()).isEqualTo(42));
    assertThat(pipeline.openIncident("whatsapp").orElseThrow().timeline().getFirst().text())
        .isEqualTo("Possible problems world-wide — 0 reports in the minute against 0.0 expected, 42 people posting about problems");
  }
}
