package org.vigie.probe;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.vigie.core.signal.ProbeResult;

/**
 * Runs each check at its interval, each run on its own virtual thread: one platform timer thread
 * only dispatches, so thousands of checks that mostly wait on the network cost little. First runs
 * are spread over the interval by the check's id so 10,000 checks do not all fire at once. A run
 * still going when the next is due is skipped and counted as an overrun, never stacked.
 */
public final class CheckScheduler implements AutoCloseable {
  /** A run starting later than this after its due time counts as late. */
  public static final long LATE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Function<Check, ProbeResult> runner;
  private final Consumer<ProbeResult> sink;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("vigie-check-timer").daemon().unstarted(r));
  private final ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, Entry> entries = new HashMap<>();
  private final AtomicLong started = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong overruns = new AtomicLong();
  private final AtomicLong late = new AtomicLong();
  private final AtomicLong maxLagNanos = new AtomicLong();
  private final AtomicLong sumLagNanos = new AtomicLong();

  public CheckScheduler(Function<Check, ProbeResult> runner, Consumer<ProbeResult> sink) {
    this.runner = runner;
    this.sink = sink;
  }

  /** Counters since start. Lag is from a run's due time to its virtual thread starting. */
  public record Stats(int checks, long started, long completed, long overruns, long late, long maxLagNanos, long meanLagNanos) {}

  private final class Entry implements Runnable {
    final Check check;
    final long intervalNanos;
    final AtomicBoolean running = new AtomicBoolean();
    volatile long dueNanos;
    ScheduledFuture<?> future;

    Entry(Check check, long firstDue) {
      this.check = check;
      this.intervalNanos = check.schedule().interval().toNanos();
      this.dueNanos = firstDue;
    }

    @Override
    public void run() {
      long due = dueNanos;
      dueNanos = due + intervalNanos;
      if (!running.compareAndSet(false, true)) {
        overruns.incrementAndGet();
        return;
      }
      runs.execute(() -> {
        long lag = Math.max(0, System.nanoTime() - due);
        started.incrementAndGet();
        sumLagNanos.addAndGet(lag);
        maxLagNanos.accumulateAndGet(lag, Math::max);
        if (lag > LATE_NANOS) {
          late.incrementAndGet();
        }
        try {
          sink.accept(runner.apply(check));
        } catch (RuntimeException e) {
          // a check must never kill the scheduler; the failure is its own result next round
        } finally {
          completed.incrementAndGet();
          running.set(false);
        }
      });
    }
  }

  /** Replaces the check list: new checks start, removed ones stop, unchanged ones keep their rhythm. */
  public synchronized void update(List<Check> checks) {
    Set<String> keep = new HashSet<>();
    long now = System.nanoTime();
    for (Check c : checks) {
      String id = c.id();
      keep.add(id);
      Entry old = entries.get(id);
      if (old != null && old.check.equals(c)) {
        continue;
      }
      if (old != null) {
        old.future.cancel(false);
      }
      long interval = c.schedule().interval().toNanos();
      long offset = Math.floorMod((long) id.hashCode() * 0x9E3779B97F4A7C15L, interval);
      Entry e = new Entry(c, now + offset);
      e.future = timer.scheduleAtFixedRate(e, offset, interval, TimeUnit.NANOSECONDS);
      entries.put(id, e);
    }
    entries.entrySet().removeIf(en -> {
      if (!keep.contains(en.getKey())) {
        en.getValue().future.cancel(false);
        return true;
      }
      return false;
    });
  }

  public synchronized Stats stats() {
    long s = started.get();
    return new Stats(entries.size(), s, completed.get(), overruns.get(), late.get(), maxLagNanos.get(), s == 0 ? 0 : sumLagNanos.get() / s);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    runs.shutdownNow();
  }
}
