package org.vigie.sources.social;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Distinct complaining authors per service per minute, against each service's own baseline: the
 * social evidence the detector fuses with crowd reports. Pure and clock-injected: nothing here
 * reads the wall clock or sleeps.
 *
 * <h2>Implementation notes</h2>
 *
 * <ul>
 *   <li><b>Authors, not posts.</b> A minute counts each author once, however many posts they
 *       write, as Downdetector counts a reporter once.
 *   <li><b>Diversity.</b> As a burst from few networks is weak crowd evidence, a burst from new
 *       accounts is weak social evidence: an author whose account is known to be younger than
 *       {@link #NEW_ACCOUNT} weighs {@link #NEW_WEIGHT}, one whose age the network does not say
 *       {@link #UNKNOWN_WEIGHT}, an established one 1. The detector should use
 *       {@code min(weighted, authors, PER_HOME × homes)} — distinct home servers play the role
 *       of distinct networks.
 *   <li><b>Baseline.</b> Social complaints about a service are rare and bursty; a running mean of
 *       the weighted count (a day's memory after the first hour) with each minute clipped to
 *       {@code e + 4√e + 2} before it is learned, the crowd detector's rule, so outages do not
 *       teach it that outages are normal. Minutes without complaints count as zeros.
 *   <li><b>Time.</b> A minute closes once the clock passes its end plus the grace period; a
 *       complaint arriving later but within the allowed lateness revises its minute, which is
 *       handed out again; older ones are counted in {@link #tooLate()} only.
 * </ul>
 */
public final class ComplaintTally {
  /** An account younger than this is new: a swarm of them is weak evidence. */
  public static final Duration NEW_ACCOUNT = Duration.ofDays(7);

  /** Weight of an author whose account is known to be new. */
  public static final double NEW_WEIGHT = 0.25;

  /** Weight of an author whose account age the network does not give (Bluesky's firehose). */
  public static final double UNKNOWN_WEIGHT = 0.5;

  /** Floor of the expected weighted count per minute. */
  static final double MIN_EXPECTED = 0.05;

  /** Closed minutes kept for the service page's "posts about problems" chart. */
  static final Duration KEEP = Duration.ofHours(24);

  /** One closed minute of one service. */
  public record SocialMinute(String service, Instant minute, int authors, double weighted, int homes, double expected, boolean revised) {}

  private static final class Open {
    final Set<Long> authors = new HashSet<>();
    final Set<String> homes = new HashSet<>();
    double weighted;
  }

  private static final class Series {
    final TreeMap<Long, Open> open = new TreeMap<>();
    final TreeMap<Long, SocialMinute> closed = new TreeMap<>();
    final Map<Long, Open> closedState = new HashMap<>();
    long lastClosed = Long.MIN_VALUE;
    double level;
    long learned;
  }

  private final InstantSource clock;
  private final long graceMillis;
  private final long latenessMinutes;
  private final Map<String, Series> series = new HashMap<>();
  private final List<SocialMinute> revised = new ArrayList<>();
  private long tooLate;

  public ComplaintTally(InstantSource clock, Duration grace, Duration allowedLateness) {
    this.clock = clock;
    this.graceMillis = grace.toMillis();
    this.latenessMinutes = allowedLateness.toMinutes();
  }

  /**
   * Counts one complaint.
   *
   * @param home the author's home server, or null
   * @param authorSince when the author's account was created, or null when unknown
   */
  public synchronized void add(String service, long authorKey, String home, Instant authorSince, Instant at) {
    long minute = Math.floorDiv(at.toEpochMilli(), 60_000L);
    Series s = series.computeIfAbsent(service, k -> new Series());
    double weight = authorSince == null ? UNKNOWN_WEIGHT : Duration.between(authorSince, at).compareTo(NEW_ACCOUNT) < 0 ? NEW_WEIGHT : 1.0;
    if (minute <= s.lastClosed) {
      long nowMinute = Math.floorDiv(clock.millis(), 60_000L);
      Open st = s.closedState.get(minute);
      if (st == null || nowMinute - minute > latenessMinutes) {
        tooLate++;
        return;
      }
      if (st.authors.add(authorKey)) {
        st.weighted += weight;
        st.homes.add(homeOf(home, authorKey));
        SocialMinute old = s.closed.get(minute);
        SocialMinute now = new SocialMinute(service, old.minute(), st.authors.size(), st.weighted, st.homes.size(), old.expected(), true);
        s.closed.put(minute, now);
        revised.add(now);
      }
      return;
    }
    Open o = s.open.computeIfAbsent(minute, k -> new Open());
    if (o.authors.add(authorKey)) {
      o.weighted += weight;
      o.homes.add(homeOf(home, authorKey));
    }
  }

  /**
   * An author without a known home server (Bluesky) is its own home: unknown is not "all on one
   * server", and their lower weight already discounts them.
   */
  private static String homeOf(String home, long authorKey) {
    return home != null ? home : "author:" + authorKey;
  }

  /** Closes every minute whose end plus the grace period has passed; revised late minutes too. */
  public synchronized List<SocialMinute> close() {
    long now = clock.millis();
    long lastClosable = Math.floorDiv(now - graceMillis, 60_000L) - 1;
    List<SocialMinute> out = new ArrayList<>(revised);
    revised.clear();
    for (Map.Entry<String, Series> e : series.entrySet()) {
      Series s = e.getValue();
      if (s.lastClosed == Long.MIN_VALUE) {
        if (s.open.isEmpty()) {
          continue;
        }
        s.lastClosed = s.open.firstKey() - 1;
      }
      // Zeros between complaints teach the baseline what quiet looks like; a long gap is capped.
      long from = Math.max(s.lastClosed + 1, lastClosable - KEEP.toMinutes());
      for (long m = from; m <= lastClosable; m++) {
        Open o = s.open.remove(m);
        double expected = Math.max(MIN_EXPECTED, s.level);
        SocialMinute sm = o == null
            ? new SocialMinute(e.getKey(), Instant.ofEpochSecond(m * 60), 0, 0, 0, expected, false)
            : new SocialMinute(e.getKey(), Instant.ofEpochSecond(m * 60), o.authors.size(), o.weighted, o.homes.size(), expected, false);
        learn(s, Math.min(sm.weighted(), expected + 4 * Math.sqrt(expected) + 2));
        if (o != null) {
          s.closedState.put(m, o);
          out.add(sm);
        }
        s.closed.put(m, sm);
      }
      s.open.headMap(lastClosable, true).clear();
      s.lastClosed = Math.max(s.lastClosed, lastClosable);
      long keepFrom = lastClosable - KEEP.toMinutes();
      s.closed.headMap(keepFrom).clear();
      s.closedState.keySet().removeIf(m -> m < lastClosable - latenessMinutes);
    }
    return out;
  }

  private static void learn(Series s, double value) {
    double alpha = s.learned < 60 ? 1.0 / (s.learned + 1) : 1.0 / 1440;
    s.level += (value - s.level) * alpha;
    s.learned++;
  }

  /** Closed minutes of a service in [from, to), for the service page; minutes without complaints included. */
  public synchronized List<SocialMinute> recent(String service, Instant from, Instant to) {
    Series s = series.get(service);
    if (s == null) {
      return List.of();
    }
    return List.copyOf(s.closed.subMap(Math.floorDiv(from.toEpochMilli(), 60_000L), Math.floorDiv(to.toEpochMilli(), 60_000L)).values());
  }

  /** Complaints that arrived after their minute's allowed lateness and were not counted. */
  public synchronized long tooLate() {
    return tooLate;
  }
}
