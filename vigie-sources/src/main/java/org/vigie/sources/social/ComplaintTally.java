package org.vigie.sources.social;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.vigie.core.detect.Assessment;
import org.vigie.core.detect.Detector;
import org.vigie.core.detect.Observation;
import org.vigie.core.detect.SeasonalPoissonDetector;
import org.vigie.core.fusion.SocialSignal;
import org.vigie.core.tally.MinuteTally;

/**
 * Distinct complaining authors per service per minute, judged against each service's own
 * baseline: the social evidence the pipeline fuses with crowd reports. Pure and clock-injected:
 * nothing here reads the wall clock or sleeps.
 *
 * <h2>Implementation notes</h2>
 *
 * <ul>
 *   <li><b>Authors, not posts.</b> A minute counts each author once, however many posts they
 *       write, as Downdetector counts a reporter once.
 *   <li><b>Diversity, as for reporters.</b> The crowd detector takes the smallest of reports,
 *       reporters and four per network, and calls a burst from few networks a brigade. Here the
 *       count is the authors weighted by account age (established 1, unknown age
 *       {@link #UNKNOWN_WEIGHT}, younger than {@link #NEW_ACCOUNT} {@link #NEW_WEIGHT}), the
 *       reporters are the authors, and the networks are the authors' home servers — with all new
 *       accounts of a minute counted as one home, because, like networks to a brigade, they are
 *       what an attacker can mint at will. A swarm of new accounts, or of one instance's
 *       accounts, is therefore a brigade to the detector: weak evidence whatever its size.
 *   <li><b>Baseline.</b> The crowd's own detector ({@link SeasonalPoissonDetector}, one instance
 *       for the social series) through its public interface: a seasonal, outage-robust mean per
 *       service, Poisson tail and ratio tests over one and five minutes. Every closed minute of a
 *       service once it had a complaint is observed, quiet ones as zero, so it learns what quiet
 *       looks like.
 *   <li><b>Time.</b> The pipeline closes minutes ({@link #close(long)}) as it closes its own, so
 *       both are judged on the same minutes. A complaint arriving later within the allowed
 *       lateness still counts on the service page; its minute's evidence stays as judged. Older
 *       ones are counted in {@link #tooLate()} only.
 * </ul>
 */
public final class ComplaintTally implements SocialSignal {
  /** An account younger than this is new: a swarm of them is weak evidence. */
  public static final Duration NEW_ACCOUNT = Duration.ofDays(7);

  /** Weight of an author whose account is known to be new. */
  public static final double NEW_WEIGHT = 0.25;

  /** Weight of an author whose account age the network does not give (Bluesky's firehose). */
  public static final double UNKNOWN_WEIGHT = 0.5;

  /** Closed minutes kept for the service page's "posts about problems". */
  static final Duration KEEP = Duration.ofHours(24);

  /** Recent complaint posts kept per service for the service page (in memory only, never stored). */
  static final int QUOTES = 5;

  /** The home all new accounts of a minute share. */
  private static final String NEWCOMERS = "new accounts";

  /**
   * One closed minute of one service.
   *
   * @param weighted authors weighted by account age
   * @param homes distinct home servers, all new accounts counting as one
   * @param expected what the baseline expected of the weighted count in this minute
   */
  public record SocialMinute(String service, Instant minute, int authors, double weighted, int homes, double expected) {}

  /** A complaint post as the service page quotes it: user-written text, escape it. */
  public record Quote(String service, String text, String source, Instant at) {}

  private static final class Open {
    final Set<Long> authors = new HashSet<>();
    final Set<String> homes = new HashSet<>();
    double weighted;

    SocialMinute toMinute(String service, long minute, double expected) {
      return new SocialMinute(service, Instant.ofEpochSecond(minute * 60), authors.size(), weighted, homes.size(), expected);
    }
  }

  private static final class Series {
    final int id;
    final TreeMap<Long, Open> open = new TreeMap<>();
    final TreeMap<Long, SocialMinute> closed = new TreeMap<>();
    final Map<Long, Open> closedState = new HashMap<>();
    final Deque<Quote> quotes = new ArrayDeque<>();
    long lastClosed = Long.MIN_VALUE;

    Series(int id) {
      this.id = id;
    }
  }

  private final InstantSource clock;
  private final long latenessMinutes;
  private final Detector detector = new SeasonalPoissonDetector();
  private final Map<String, Series> series = new HashMap<>();
  private long lastClosed = Long.MIN_VALUE;
  private long tooLate;

  /** @param allowedLateness how long after its minute closed a complaint still counts on the page */
  public ComplaintTally(InstantSource clock, Duration allowedLateness) {
    this.clock = clock;
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
    Series s = series.computeIfAbsent(service, k -> new Series(series.size()));
    boolean isNew = authorSince != null && Duration.between(authorSince, at).compareTo(NEW_ACCOUNT) < 0;
    double weight = authorSince == null ? UNKNOWN_WEIGHT : isNew ? NEW_WEIGHT : 1.0;
    if (minute <= lastClosed) {
      if (Math.floorDiv(clock.millis(), 60_000L) - minute > latenessMinutes) {
        tooLate++;
        return;
      }
      Open st = s.closedState.computeIfAbsent(minute, k -> new Open());
      if (count(st, authorKey, homeOf(home, authorKey, isNew), weight)) {
        SocialMinute judged = s.closed.get(minute);
        s.closed.put(minute, st.toMinute(service, minute, judged == null ? 0 : judged.expected()));
      }
      return;
    }
    count(s.open.computeIfAbsent(minute, k -> new Open()), authorKey, homeOf(home, authorKey, isNew), weight);
  }

  private static boolean count(Open o, long authorKey, String home, double weight) {
    if (!o.authors.add(authorKey)) {
      return false;
    }
    o.weighted += weight;
    o.homes.add(home);
    return true;
  }

  /**
   * An author without a known home server (Bluesky) is its own home: unknown is not "all on one
   * server", and their lower weight already discounts them.
   */
  private static String homeOf(String home, long authorKey, boolean isNew) {
    return isNew ? NEWCOMERS : home != null ? home : "author:" + authorKey;
  }

  /** Keeps a complaint post to quote on the service page, the latest {@value #QUOTES} per service. */
  public synchronized void quote(String service, Post post, Instant at) {
    Deque<Quote> q = series.computeIfAbsent(service, k -> new Series(series.size())).quotes;
    q.addFirst(new Quote(service, post.text(), post.source(), at));
    while (q.size() > QUOTES) {
      q.removeLast();
    }
  }

  /**
   * Closes every minute up to this one and judges them, quiet minutes included, for every service
   * that had a complaint.
   */
  @Override
  public synchronized Map<String, Complaints> close(long epochMinute) {
    Map<String, Complaints> out = new HashMap<>();
    for (Map.Entry<String, Series> e : series.entrySet()) {
      Series s = e.getValue();
      if (s.lastClosed == Long.MIN_VALUE) {
        if (s.open.isEmpty()) {
          continue;
        }
        s.lastClosed = Math.min(epochMinute, s.open.firstKey()) - 1;
      }
      // A long gap (a stop, a replay far ahead) is not walked minute by minute beyond a day.
      long from = Math.max(s.lastClosed + 1, epochMinute - KEEP.toMinutes());
      for (long m = from; m <= epochMinute; m++) {
        Open o = s.open.remove(m);
        if (o == null) {
          o = new Open();
        }
        Assessment a = detector.observe(s.id, m, new Observation(o.weighted, o.authors.size(), o.homes.size()));
        s.closed.put(m, o.toMinute(e.getKey(), m, a.expected()));
        if (!o.authors.isEmpty()) {
          s.closedState.put(m, o);
        }
        if (m == epochMinute) {
          out.put(e.getKey(), new Complaints(o.authors.size(), a));
        }
      }
      s.open.headMap(epochMinute, true).clear();
      s.lastClosed = Math.max(s.lastClosed, epochMinute);
      s.closed.headMap(epochMinute - KEEP.toMinutes()).clear();
      s.closedState.keySet().removeIf(m -> m < epochMinute - latenessMinutes);
    }
    lastClosed = Math.max(lastClosed, epochMinute);
    return out;
  }

  /**
   * Relearns each service's baseline from stored minutes, so that a restart does not start it
   * cold: the world tallies' mentions are the complaining authors of each minute, and minutes
   * between them count as quiet, up to the last stored minute. The store keeps neither account
   * ages nor home servers, so each author counts as established and on a home of their own: the
   * baseline relearned is, if anything, a little high (fewer alerts, never more).
   *
   * @param complained the stored world tallies with complaining authors, in any order
   * @param lastMinute the last stored minute (epoch minute); minutes up to it are closed
   */
  public synchronized void relearn(List<MinuteTally> complained, long lastMinute) {
    Map<String, TreeMap<Long, Integer>> byService = new HashMap<>();
    for (MinuteTally t : complained) {
      byService.computeIfAbsent(t.service(), k -> new TreeMap<>()).merge(t.minute().getEpochSecond() / 60, t.mentions(), Integer::sum);
    }
    byService.forEach((service, minutes) -> {
      Series s = series.computeIfAbsent(service, k -> new Series(series.size()));
      for (long m = minutes.firstKey(); m <= lastMinute; m++) {
        int authors = minutes.getOrDefault(m, 0);
        Assessment a = detector.observe(s.id, m, new Observation(authors, authors, authors));
        if (m > lastMinute - KEEP.toMinutes()) {
          s.closed.put(m, new SocialMinute(service, Instant.ofEpochSecond(m * 60), authors, authors, authors, a.expected()));
        }
      }
      s.lastClosed = lastMinute;
    });
    lastClosed = Math.max(lastClosed, lastMinute);
  }

  /** Closed minutes of a service in [from, to), for the service page; minutes without complaints included. */
  public synchronized List<SocialMinute> recent(String service, Instant from, Instant to) {
    Series s = series.get(service);
    if (s == null) {
      return List.of();
    }
    return List.copyOf(s.closed.subMap(Math.floorDiv(from.toEpochMilli(), 60_000L), Math.floorDiv(to.toEpochMilli(), 60_000L)).values());
  }

  /** The latest complaint posts about a service, newest first. */
  public synchronized List<Quote> quotes(String service) {
    Series s = series.get(service);
    return s == null ? List.of() : new ArrayList<>(s.quotes);
  }

  /** Complaints that arrived after their minute's allowed lateness and were not counted. */
  public synchronized long tooLate() {
    return tooLate;
  }
}
