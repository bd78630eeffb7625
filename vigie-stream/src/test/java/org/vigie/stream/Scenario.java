package org.vigie.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.vigie.core.signal.ProblemReport;

/**
 * A compact stand-in for the {@code instagram-2019-06-13} replay scenario (which lives in
 * vigie-server, above this module): normal traffic on Instagram, PlayStation Network and
 * Facebook in a few countries, then Instagram failing world-wide for about an hour from 17:05 and
 * PlayStation Network failing in the US and GB for half an hour, then an hour of normal traffic
 * so both incidents resolve. Batches are whole minutes, in event-time order.
 */
final class Scenario {
  static final Instant START = Instant.parse("2019-06-13T15:00:00Z");
  static final Instant INSTAGRAM_DOWN = Instant.parse("2019-06-13T17:05:00Z");
  static final Instant PSN_DOWN = Instant.parse("2019-06-13T17:20:00Z");
  static final int MINUTES = 4 * 60;

  static List<List<ProblemReport>> batches(long seed) {
    Reports r = new Reports(seed);
    List<List<ProblemReport>> out = new ArrayList<>();
    for (int m = 0; m < MINUTES; m++) {
      Instant minute = START.plus(Duration.ofMinutes(m));
      List<ProblemReport> batch = new ArrayList<>();
      boolean ig = !minute.isBefore(INSTAGRAM_DOWN) && minute.isBefore(INSTAGRAM_DOWN.plus(Duration.ofMinutes(60)));
      boolean psn = !minute.isBefore(PSN_DOWN) && minute.isBefore(PSN_DOWN.plus(Duration.ofMinutes(30)));
      for (String c : new String[] {"US", "GB", "FR", "BR"}) {
        batch.addAll(r.minute("instagram", c, minute, ig ? 120 : 2));
        batch.addAll(r.minute("playstation-network", c, minute, psn && (c.equals("US") || c.equals("GB")) ? 80 : 1));
        batch.addAll(r.minute("facebook", c, minute, 3));
      }
      batch.sort(java.util.Comparator.comparing(ProblemReport::at));
      out.add(batch);
    }
    return out;
  }
}
