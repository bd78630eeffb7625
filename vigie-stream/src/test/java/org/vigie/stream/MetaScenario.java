package org.vigie.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigie.core.incident.Relations;
import org.vigie.core.signal.ProblemReport;

/**
 * A compact stand-in for the meta-collateral lab scenario (vigie-lab, above this module): normal
 * traffic on Meta's four apps and two access providers, then the apps failing from 15:39 and
 * people reporting Orange and Verizon about ten times their normal from 15:45, then an hour of
 * normal traffic so every incident resolves. Batches are whole minutes, in event-time order.
 */
final class MetaScenario {
  static final Instant START = Instant.parse("2021-10-04T13:30:00Z");
  static final Instant META_DOWN = Instant.parse("2021-10-04T15:39:00Z");
  static final Instant ISPS_UP = Instant.parse("2021-10-04T15:45:00Z");
  static final int MINUTES = 4 * 60;

  /** The catalogue's relations for these services: Meta's apps share a parent; ISPs are access providers. */
  static final Relations RELATIONS = Relations.of(
      Map.of("facebook", Set.of("meta", "facebook"), "instagram", Set.of("meta", "instagram"),
          "whatsapp", Set.of("meta", "whatsapp"), "messenger", Set.of("meta", "messenger"),
          "orange", Set.of("orange"), "verizon", Set.of("verizon")),
      Set.of("orange", "verizon"));

  static List<List<ProblemReport>> batches(long seed) {
    Reports r = new Reports(seed);
    List<List<ProblemReport>> out = new ArrayList<>();
    for (int m = 0; m < MINUTES; m++) {
      Instant minute = START.plus(Duration.ofMinutes(m));
      boolean meta = !minute.isBefore(META_DOWN) && minute.isBefore(META_DOWN.plus(Duration.ofMinutes(40)));
      boolean isps = !minute.isBefore(ISPS_UP) && minute.isBefore(ISPS_UP.plus(Duration.ofMinutes(30)));
      List<ProblemReport> batch = new ArrayList<>();
      for (String c : new String[] {"US", "FR", "DE"}) {
        batch.addAll(r.minute("facebook", c, minute, meta ? 100 : 6));
        batch.addAll(r.minute("instagram", c, minute, meta ? 70 : 4));
        batch.addAll(r.minute("whatsapp", c, minute, meta ? 80 : 4));
        batch.addAll(r.minute("messenger", c, minute, meta ? 20 : 1));
      }
      batch.addAll(r.minute("orange", "FR", minute, isps ? 20 : 2));
      batch.addAll(r.minute("verizon", "US", minute, isps ? 25 : 3));
      batch.sort(java.util.Comparator.comparing(ProblemReport::at));
      out.add(batch);
    }
    return out;
  }
}
