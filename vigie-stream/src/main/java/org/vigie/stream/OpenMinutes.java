package org.vigie.stream;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vigie.core.model.Countries;
import org.vigie.core.model.Evidence;
import org.vigie.core.pipeline.SignalPipeline;
import org.vigie.core.tally.MinuteTally;

/**
 * The live edge for cluster mode: what a task has counted in its services' minutes that have not
 * closed yet. Embedded mode reads that from its own pipeline; a cluster node counts nothing, so
 * the task that does sends it as {@link Event#OPEN} progress on its 1 s punctuation, and each
 * node's pipeline adopts it. Only a service whose open count (or first open minute) changed since
 * the last progress is sent: at most one event per service per second, none for quiet ones.
 *
 * <p>Not kept in a store: after a restart the first punctuation sends every service again.
 */
final class OpenMinutes {
  private record Sent(long firstOpenMinute, int reports) {}

  private final Map<String, Sent> sent = new HashMap<>();

  /**
   * @param firstOpenMinute the first minute the task has not closed
   * @return progress events for services whose open count changed
   */
  List<Event> progress(SignalPipeline pipeline, long firstOpenMinute) {
    List<Event> out = new ArrayList<>();
    for (String service : pipeline.knownServices()) {
      int reports = pipeline.openMinuteReports(service, null);
      Sent now = new Sent(firstOpenMinute, reports);
      Sent before = sent.put(service, now);
      if (now.equals(before) || (before == null && reports == 0)) {
        continue;
      }
      out.add(Event.open(service, firstOpenMinute, new MinuteTally(service, Countries.WORLD,
          Instant.ofEpochSecond(firstOpenMinute * 60), reports, 0, 0, Map.of(), 0, 0, 0, 0, Evidence.NONE)));
    }
    return out;
  }

  void clear() {
    sent.clear();
  }
}
