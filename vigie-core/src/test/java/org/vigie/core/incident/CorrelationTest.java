package org.vigie.core.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.vigie.core.detect.Assessment;
import org.vigie.core.model.Countries;
import org.vigie.core.model.Evidence;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.tally.MinuteTally;

/** Common-cause groups and collateral attribution in the incident engine. */
class CorrelationTest {
  private static final long T0 = Instant.parse("2021-10-04T15:39:00Z").getEpochSecond() / 60;
  private static final Relations META = Relations.of(
      Map.of("facebook", Set.of("meta"), "instagram", Set.of("meta"), "orange", Set.of("orange"), "steam", Set.of("valve")),
      Set.of("orange"));

  private final AtomicLong ids = new AtomicLong();
  private final Map<String, Incident> last = new HashMap<>();

  private static ServiceMinute minute(String service, long offset, int reports, Evidence e, int probes, int failures) {
    MinuteTally t = new MinuteTally(service, Countries.WORLD, Instant.ofEpochSecond((T0 + offset) * 60), reports, reports,
        reports, Map.of(), 0, failures, probes, 1, e);
    return new ServiceMinute(service, T0 + offset, new ServiceMinute.Part(t, new Assessment(e, 1, 0)), List.of());
  }

  private void feed(IncidentEngine engine, ServiceMinute m) {
    Optional<Incident> i = engine.onMinute(m);
    i.ifPresent(x -> last.put(x.service(), x));
  }

  @Test
  void sameParentIncidentsStartingTogetherShareOneGroup() {
    IncidentEngine engine = new IncidentEngine(IncidentPolicy.DEFAULT, ids::incrementAndGet, META);
    for (int m = 0; m < 5; m++) {
      feed(engine, minute("facebook", m, 3000, Evidence.STRONG, 0, 0));
      feed(engine, minute("instagram", m, 2000, m >= 2 ? Evidence.STRONG : Evidence.NONE, 0, 0));
      feed(engine, minute("steam", m, 50, m >= 1 ? Evidence.STRONG : Evidence.NONE, 0, 0));
    }
    assertThat(last.get("facebook").group()).isEqualTo("meta-2021-10-04T15:39Z");
    assertThat(last.get("instagram").group()).isEqualTo("meta-2021-10-04T15:39Z");
    assertThat(last.get("steam").group()).as("another family").isNull();
  }

  @Test
  void anIspLightingUpDuringALargeOutageIsAttributedNotReportedAsItsOwn() {
    IncidentEngine engine = new IncidentEngine(IncidentPolicy.DEFAULT, ids::incrementAndGet, META);
    for (int m = 0; m < 10; m++) {
      feed(engine, minute("facebook", m, 3000, Evidence.STRONG, 0, 0));
      feed(engine, minute("orange", m, m >= 5 ? 30 : 1, m >= 5 ? Evidence.STRONG : Evidence.NONE, 0, 0));
    }
    Incident orange = last.get("orange");
    assertThat(orange.group()).isEqualTo(last.get("facebook").group()).isNotNull();
    assertThat(orange.timeline()).anyMatch(e -> e.kind().equals("collateral") && e.text().contains("Meta outage"));
    assertThat(orange.severity()).isEqualTo(PublicStatus.POSSIBLE_PROBLEMS);
  }

  @Test
  void anIspWhoseOwnProbesFailIsAnOutageOfItsOwn() {
    IncidentEngine engine = new IncidentEngine(IncidentPolicy.DEFAULT, ids::incrementAndGet, META);
    for (int m = 0; m < 10; m++) {
      feed(engine, minute("facebook", m, 3000, Evidence.STRONG, 0, 0));
      feed(engine, minute("orange", m, m >= 5 ? 30 : 1, m >= 5 ? Evidence.STRONG : Evidence.NONE, 10, m >= 5 ? 8 : 0));
    }
    Incident orange = last.get("orange");
    assertThat(orange.timeline()).noneMatch(e -> e.kind().equals("collateral"));
    assertThat(orange.severity()).isEqualTo(PublicStatus.OUTAGE);
  }

  @Test
  void withoutRelationsNothingIsGrouped() {
    IncidentEngine engine = new IncidentEngine(IncidentPolicy.DEFAULT, ids::incrementAndGet);
    for (int m = 0; m < 10; m++) {
      feed(engine, minute("facebook", m, 3000, Evidence.STRONG, 0, 0));
      feed(engine, minute("orange", m, m >= 5 ? 30 : 1, m >= 5 ? Evidence.STRONG : Evidence.NONE, 0, 0));
    }
    assertThat(last.get("orange").group()).isNull();
    assertThat(last.get("orange").severity()).isEqualTo(PublicStatus.OUTAGE);
  }
}
