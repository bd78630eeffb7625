package org.vigie.probe;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.vigie.core.signal.ProbeResult;

/**
 * Results waiting to be pushed, bounded so an agent rides out a server restart without growing
 * without limit. When full, the oldest result goes (the newest say more about now) and is counted
 * in {@link #dropped()}.
 */
public final class ResultBuffer {
  private final ArrayDeque<ProbeResult> queue = new ArrayDeque<>();
  private final int capacity;
  private long dropped;

  public ResultBuffer(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("buffer capacity must be positive");
    }
    this.capacity = capacity;
  }

  public synchronized void add(ProbeResult r) {
    if (queue.size() == capacity) {
      queue.pollFirst();
      dropped++;
    }
    queue.addLast(r);
  }

  /** Takes up to {@code max} of the oldest results. */
  public synchronized List<ProbeResult> take(int max) {
    List<ProbeResult> out = new ArrayList<>(Math.min(max, queue.size()));
    while (out.size() < max && !queue.isEmpty()) {
      out.add(queue.pollFirst());
    }
    return out;
  }

  /** Puts a batch that could not be delivered back in front, dropping the oldest beyond capacity. */
  public synchronized void putBack(List<ProbeResult> batch) {
    for (int i = batch.size() - 1; i >= 0; i--) {
      if (queue.size() == capacity) {
        dropped++; // the batch is older than anything queued; lose its oldest
        continue;
      }
      queue.addFirst(batch.get(i));
    }
  }

  public synchronized int size() {
    return queue.size();
  }

  /** Results lost because the buffer was full, since start. */
  public synchronized long dropped() {
    return dropped;
  }
}
