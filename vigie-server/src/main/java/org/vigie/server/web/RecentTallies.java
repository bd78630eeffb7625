package org.vigie.server.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vigie.core.incident.Incident;
import org.vigie.core.model.Countries;
import org.vigie.core.model.Evidence;
import org.vigie.core.pipeline.PipelineListener;
import org.vigie.core.storage.TallyStore;
import org.vigie.core.tally.MinuteTally;

/**
 * The last day of closed minutes per service, world and per country, in memory: everything the
 * pages draw (chart, map, most reported problems, sparklines) comes from here, so a storm of
 * readers never reaches the store. Filled by the pipeline and, at start, from the stored tallies.
 *
 * <p>The pipeline calls {@link #minuteClosed} on its own thread while holding its lock: this class
 * never calls back into the pipeline, and its own lock is held only to copy small arrays.
 */
public final class RecentTallies implements PipelineListener {
  /** Minutes kept per service: one day. */
  static final int KEEP_MINUTES = 24 * 60;

  /** One service's closed minute: the world figures and the countries that had reports. */
  record Minute(
      long epochMinute,
      int reports,
      double expected,
      Evidence evidence,
      Map<String, Integer> indicators,
      String[] countries,
      int[] counts,
      Evidence[] levels) {}

  /** A country's figures over a window. */
  record CountryCount(String country, long reports, Evidence level) {}

  private final Map<String, TreeMap<Long, Minute>> byService = new HashMap<>();
  private final Map<String, Instant> lastResolved = new HashMap<>();
  private long latestMinute = Long.MIN_VALUE;

  /** Loads the stored day before the latest stored minute, so a restart does not blank the pages. */
  public void backfill(TallyStore store) {
    Instant latest = store.latestMinute();
    if (latest == null) {
      return;
    }
    Instant from = latest.minusSeconds(60L * KEEP_MINUTES);
    Map<Long, List<MinuteTally>> byMinute = new TreeMap<>();
    store.scan(from, latest.plusSeconds(60), t -> byMinute.computeIfAbsent(t.minute().getEpochSecond() / 60, k -> new ArrayList<>()).add(t));
    byMinute.forEach((m, list) -> put(m, list, true));
  }

  @Override
  public void minuteClosed(long epochMinute, List<MinuteTally> tallies) {
    put(epochMinute, tallies, false);
  }

  @Override
  public synchronized void incidentChanged(Incident incident) {
    if (!incident.isOpen()) {
      lastResolved.put(incident.service(), incident.resolvedAt());
    }
  }

  private void put(long epochMinute, List<MinuteTally> tallies, boolean onlyIfAbsent) {
    Map<String, List<MinuteTally>> perService = new HashMap<>();
    for (MinuteTally t : tallies) {
      perService.computeIfAbsent(t.service(), k -> new ArrayList<>(4)).add(t);
    }
    List<Map.Entry<String, Minute>> built = new ArrayList<>(perService.size());
    perService.forEach((service, list) -> built.add(Map.entry(service, build(epochMinute, list))));
    synchronized (this) {
      for (Map.Entry<String, Minute> e : built) {
        TreeMap<Long, Minute> m = byService.computeIfAbsent(e.getKey(), k -> new TreeMap<>());
        if (onlyIfAbsent) {
          m.putIfAbsent(epochMinute, e.getValue());
        } else {
          m.put(epochMinute, e.getValue());
        }
      }
      if (epochMinute > latestMinute) {
        latestMinute = epochMinute;
        for (TreeMap<Long, Minute> m : byService.values()) {
          m.headMap(latestMinute - KEEP_MINUTES, true).clear();
        }
      }
    }
  }

  private static Minute build(long epochMinute, List<MinuteTally> list) {
    MinuteTally world = null;
    int n = 0;
    for (MinuteTally t : list) {
      if (Countries.WORLD.equals(t.country())) {
        world = t;
      } else {
        n++;
      }
    }
    String[] countries = new String[n];
    int[] counts = new int[n];
    Evidence[] levels = new Evidence[n];
    int i = 0;
    for (MinuteTally t : list) {
      if (!Countries.WORLD.equals(t.country())) {
        countries[i] = t.country();
        counts[i] = t.reports();
        levels[i] = t.evidence();
        i++;
      }
    }
    return world == null
        ? new Minute(epochMinute, 0, 0, Evidence.NONE, Map.of(), countries, counts, levels)
        : new Minute(epochMinute, world.reports(), world.expected(), world.evidence(), world.indicators(), countries, counts, levels);
  }

  /** The latest closed minute of any service, or null before any. */
  synchronized Long latestMinute() {
    return latestMinute == Long.MIN_VALUE ? null : latestMinute;
  }

  /** Minutes of a service in (latest − minutes, latest], oldest first. */
  synchronized List<Minute> last(String service, int minutes) {
    TreeMap<Long, Minute> m = byService.get(service);
    if (m == null || latestMinute == Long.MIN_VALUE) {
      return List.of();
    }
    return new ArrayList<>(m.subMap(latestMinute - minutes, false, latestMinute, true).values());
  }

  /**
   * Reports and usual level summed into {@code buckets} buckets of {@code bucketMinutes} ending at
   * the latest minute (for sparklines), computed under the lock without copying minutes.
   */
  synchronized double[][] buckets(String service, int bucketMinutes, int buckets) {
    double[][] out = new double[2][buckets];
    TreeMap<Long, Minute> m = byService.get(service);
    if (m == null || latestMinute == Long.MIN_VALUE) {
      return out;
    }
    long first = latestMinute - (long) bucketMinutes * buckets + 1;
    for (Minute x : m.tailMap(first, true).values()) {
      int i = (int) ((x.epochMinute() - first) / bucketMinutes);
      if (i >= 0 && i < buckets) {
        out[0][i] += x.reports();
        out[1][i] += x.expected();
      }
    }
    return out;
  }

  /** Counted reports of a service in the last minutes. */
  public synchronized long reports(String service, int minutes) {
    TreeMap<Long, Minute> m = byService.get(service);
    if (m == null || latestMinute == Long.MIN_VALUE) {
      return 0;
    }
    long sum = 0;
    for (Minute x : m.tailMap(latestMinute - minutes, false).values()) {
      sum += x.reports();
    }
    return sum;
  }

  /** Expected reports of a service in the last minutes (baseline carried over silent minutes). */
  double expected(String service, int minutes) {
    List<Minute> list = last(service, minutes);
    if (list.isEmpty()) {
      return 0;
    }
    double sum = 0;
    for (Minute m : list) {
      sum += m.expected();
    }
    // Silent minutes have no tally; count them at the average of the ones that have.
    return sum / list.size() * minutes;
  }

  /** Indicator counts of a service over the last minutes. */
  public Map<String, Long> indicators(String service, int minutes) {
    Map<String, Long> out = new HashMap<>();
    for (Minute m : last(service, minutes)) {
      m.indicators().forEach((k, v) -> out.merge(k, (long) v, Long::sum));
    }
    return out;
  }

  /**
   * Per-country reports over the last {@code minutes}, with the strongest evidence seen in the last
   * {@code levelMinutes}; most reports first. A null service sums every service.
   */
  List<CountryCount> countries(String service, int minutes, int levelMinutes) {
    Map<String, long[]> acc = new HashMap<>();
    Long latest = latestMinute();
    if (latest == null) {
      return List.of();
    }
    List<List<Minute>> sources = new ArrayList<>();
    if (service == null) {
      for (String s : services()) {
        sources.add(last(s, minutes));
      }
    } else {
      sources.add(last(service, minutes));
    }
    for (List<Minute> list : sources) {
      for (Minute m : list) {
        boolean recent = m.epochMinute() > latest - levelMinutes;
        for (int i = 0; i < m.countries().length; i++) {
          long[] a = acc.computeIfAbsent(m.countries()[i], k -> new long[2]);
          a[0] += m.counts()[i];
          if (recent) {
            a[1] = Math.max(a[1], m.levels()[i].ordinal());
          }
        }
      }
    }
    List<CountryCount> out = new ArrayList<>(acc.size());
    acc.forEach((c, a) -> out.add(new CountryCount(c, a[0], Evidence.values()[(int) a[1]])));
    out.sort((x, y) -> x.reports() != y.reports() ? Long.compare(y.reports(), x.reports()) : x.country().compareTo(y.country()));
    return out;
  }

  synchronized List<String> services() {
    return new ArrayList<>(byService.keySet());
  }

  /**
   * Start of the current run of world minutes at {@code at least} the given evidence, or null when
   * the latest minute is below it.
   */
  synchronized Instant streakStart(String service, Evidence atLeast) {
    TreeMap<Long, Minute> m = byService.get(service);
    if (m == null || m.isEmpty()) {
      return null;
    }
    Long start = null;
    long expect = m.lastKey();
    for (Minute x : m.descendingMap().values()) {
      if (x.epochMinute() != expect || !x.evidence().atLeast(atLeast)) {
        break;
      }
      start = x.epochMinute();
      expect--;
    }
    return start == null ? null : Instant.ofEpochSecond(start * 60);
  }

  synchronized Instant lastResolved(String service) {
    return lastResolved.get(service);
  }

  synchronized void rememberResolved(String service, Instant at) {
    lastResolved.merge(service, at, (a, b) -> a.isAfter(b) ? a : b);
  }
}
