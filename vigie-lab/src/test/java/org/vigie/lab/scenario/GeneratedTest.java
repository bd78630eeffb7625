package org.vigie.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigie.core.signal.ProblemReport;

/** A generated scenario is a pure function of its description and seed. */
class GeneratedTest {
  private static Map<String, Double> ordered(Object... kv) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (Double) kv[i + 1]);
    }
    return m;
  }

  private static List<ProblemReport> reports(Map<String, Double> countries) {
    Generated g = Generated.builder("t").span("2021-03-01T00:00:00Z", "2021-03-01T03:00:00Z").seed(5)
        .normal("netflix", 600, countries)
        .surge("netflix", "2021-03-01T01:00:00Z", "2021-03-01T02:00:00Z", countries, m -> 30, Truth.Kind.OUTAGE,
            "2021-03-01T02:00:00Z")
        .build();
    List<ProblemReport> all = new ArrayList<>();
    g.generate(all::addAll);
    return all;
  }

  /**
   * The order in which a scenario lists its countries must not change the data: {@code Map.of},
   * which the scenarios use, iterates in an order that changes from one JVM to the next, and
   * that made two runs of {@code vigie bench detect} print different tables.
   */
  @Test
  void theSameSeedGivesTheSameReportsWhateverTheOrderOfTheCountries() {
    List<ProblemReport> a = reports(ordered("US", 0.5, "FR", 0.3, "DE", 0.2));
    List<ProblemReport> b = reports(ordered("DE", 0.2, "FR", 0.3, "US", 0.5));
    assertThat(a).hasSizeGreaterThan(1000);
    assertThat(b).isEqualTo(a);
  }

  @Test
  void twoRunsOfOneScenarioGiveTheSameReports() {
    LabScenario sc = LabScenarios.byName("brigading");
    long[] first = digest(sc);
    assertThat(digest(LabScenarios.byName("brigading"))).isEqualTo(first);
  }

  private static long[] digest(LabScenario sc) {
    long[] d = new long[2];
    sc.generate(batch -> batch.forEach(r -> {
      d[0]++;
      d[1] = 31 * d[1] + r.hashCode();
    }));
    return d;
  }
}
