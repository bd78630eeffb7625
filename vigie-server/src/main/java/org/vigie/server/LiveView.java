package org.vigie.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vigie.core.pipeline.PipelineListener;
import org.vigie.core.tally.MinuteTally;

/**
 * The last day of closed world-wide minutes per service, in memory, for the pages and lists that
 * every visitor asks for (sorting by trouble, sparklines, most reported problems) — so a storm of
 * readers never reaches the store.
 */
public final class LiveView implements PipelineListener {
  private static final int KEEP_MINUTES = 24 * 60;
  private final Map<String, TreeMap<Long, MinuteTally>> world = new HashMap<>();

  @Override
  public synchronized void minuteClosed(long epochMinute, List<MinuteTally> tallies) {
    for (MinuteTally t : tallies) {
      if (!"*".equals(t.country())) {
        continue;
      }
      TreeMap<Long, MinuteTally> m = world.computeIfAbsent(t.service(), k -> new TreeMap<>());
      m.put(epochMinute, t);
      m.headMap(m.lastKey() - KEEP_MINUTES, true).clear();
    }
  }

  /** Counted reports in the last {@code minutes} closed minutes. */
  public synchronized long recentReports(String service, int minutes) {
    TreeMap<Long, MinuteTally> m = world.get(service);
    if (m == null || m.isEmpty()) {
      return 0;
    }
    long sum = 0;
    for (MinuteTally t : m.tailMap(m.lastKey() - minutes, false).values()) {
      sum += t.reports();
    }
    return sum;
  }

  /** Indicator counts over the last {@code minutes} closed minutes. */
  public synchronized Map<String, Long> recentIndicators(String service, int minutes) {
    Map<String, Long> out = new HashMap<>();
    TreeMap<Long, MinuteTally> m = world.get(service);
    if (m == null || m.isEmpty()) {
      return out;
    }
    for (MinuteTally t : m.tailMap(m.lastKey() - minutes, false).values()) {
      t.indicators().forEach((k, v) -> out.merge(k, (long) v, Long::sum));
    }
    return out;
  }

  /** Last closed minutes, oldest first (for sparklines). */
  public synchronized List<MinuteTally> lastMinutes(String service, int minutes) {
    TreeMap<Long, MinuteTally> m = world.get(service);
    if (m == null || m.isEmpty()) {
      return List.of();
    }
    return new ArrayList<>(m.tailMap(m.lastKey() - minutes, false).values());
  }
}
