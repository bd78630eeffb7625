package org.vigie.stream;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.vigie.core.model.Region;
import org.vigie.core.signal.ProblemReport;

/** Seeded test traffic: every report from its own reporter and network unless said otherwise. */
final class Reports {
  private final SplittableRandom rng;
  private long nextReporter = 1;

  Reports(long seed) {
    this.rng = new SplittableRandom(seed);
  }

  ProblemReport at(String service, String country, Instant at) {
    long k = nextReporter++;
    return new ProblemReport(service, "login", Region.country(country), k, k * 31 + 7, "import", at);
  }

  /** {@code perMinute} reports spread over the minute starting at {@code minute}. */
  List<ProblemReport> minute(String service, String country, Instant minute, int perMinute) {
    List<ProblemReport> out = new ArrayList<>(perMinute);
    for (int i = 0; i < perMinute; i++) {
      out.add(at(service, country, minute.plusMillis(rng.nextLong(60_000))));
    }
    out.sort(java.util.Comparator.comparing(ProblemReport::at));
    return out;
  }
}
