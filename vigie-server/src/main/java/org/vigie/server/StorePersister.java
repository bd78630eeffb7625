package org.vigie.server;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.core.pipeline.PipelineListener;
import org.vigie.core.storage.Storage;
import org.vigie.core.tally.MinuteTally;

/**
 * Writes the tallies the pipeline concludes to the store on its own thread, so the pipeline's lock
 * is never held across a disk write. (Incidents are written by the notifier, together with the
 * notifications they cause, in one transaction: the outbox.) These are derived data — the reports themselves were
 * durable before the pipeline saw them — so a crash loses at most the last moments of derived
 * state, which the next start rebuilds from the signal log.
 */
final class StorePersister implements PipelineListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StorePersister.class);
  private sealed interface Work permits Tallies, Late, Flush {}

  private record Tallies(List<MinuteTally> tallies) implements Work {}

  private record Late(List<MinuteTally> deltas) implements Work {}

  private record Flush(java.util.concurrent.CountDownLatch done) implements Work {}

  private final Storage storage;
  private final LinkedBlockingQueue<Work> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean running = true;

  StorePersister(Storage storage) {
    this.storage = storage;
    this.thread = Thread.ofPlatform().name("vigie-persister").daemon().start(this::run);
  }

  @Override
  public void minuteClosed(long epochMinute, List<MinuteTally> tallies) {
    queue.add(new Tallies(tallies));
  }

  @Override
  public void tooLate(List<MinuteTally> deltas) {
    queue.add(new Late(deltas));
  }


  /** Waits until everything handed over so far is written. */
  void flush() {
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    queue.add(new Flush(done));
    try {
      done.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<Work> batch = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        Work first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, 10_000);
        write(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("could not write derived state; it will be rebuilt from the signal log on restart", e);
      } finally {
        for (Work w : batch) {
          if (w instanceof Flush f) {
            f.done().countDown();
          }
        }
        batch.clear();
      }
    }
  }

  private void write(List<Work> batch) {
    Map<String, MinuteTally> tallies = new LinkedHashMap<>();
    List<MinuteTally> late = new ArrayList<>();
    for (Work w : batch) {
      switch (w) {
        case Tallies t -> t.tallies().forEach(m -> tallies.put(m.service() + "|" + m.country() + "|" + m.minute(), m));
        case Late l -> late.addAll(l.deltas());
        case Flush f -> {}
      }
    }
    if (!tallies.isEmpty()) {
      storage.tallies().upsert(List.copyOf(tallies.values()));
    }
    if (!late.isEmpty()) {
      storage.tallies().upsert(mergeLate(late));
    }
  }

  private List<MinuteTally> mergeLate(List<MinuteTally> deltas) {
    List<MinuteTally> out = new ArrayList<>();
    for (MinuteTally d : deltas) {
      Instant m = d.minute();
      List<MinuteTally> stored = storage.tallies().series(d.service(), d.country(), m, m.plusSeconds(60));
      if (stored.isEmpty()) {
        out.add(d);
        continue;
      }
      MinuteTally s = stored.getFirst();
      Map<String, Integer> ind = new HashMap<>(s.indicators());
      d.indicators().forEach((k, v) -> ind.merge(k, v, Integer::sum));
      // Distinct counts cannot be merged exactly without the sets; adding is an upper bound.
      out.add(new MinuteTally(s.service(), s.country(), m, s.reports() + d.reports(), s.reporters() + d.reporters(),
          s.networks() + d.networks(), ind, s.mentions(), s.probeFailures(), s.probes(), s.expected(), s.evidence()));
    }
    return out;
  }

  @Override
  public void close() {
    flush();
    running = false;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
