package org.vigie.notify;

import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.core.incident.Incident;
import org.vigie.core.pipeline.PipelineListener;
import org.vigie.core.storage.MaintenanceStore;
import org.vigie.core.storage.NotificationLog.GroupState;
import org.vigie.core.storage.Storage;

/**
 * Turns incident changes into committed notifications. The pipeline calls
 * {@link #incidentChanged} on its own thread, which must stay quick, so changes are queued with
 * their event time and planned on this class's thread, in order: each plan reads the group state
 * the previous one committed. The plan is committed with the incident snapshot in one
 * transaction ({@link org.vigie.core.storage.Outbox#commit}); {@code wake} then tells the
 * dispatcher there is work.
 *
 * <p>If a commit fails, nothing of that change is recorded, and the next change of the incident
 * (the pipeline reports an open incident every minute) plans the same decision again.
 */
public final class Notifier implements PipelineListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

  private record Change(Incident incident, Instant eventTime, CountDownLatch flushed) {}

  private final Storage storage;
  private final Planner planner;
  private final InstantSource eventClock;
  private final InstantSource wallClock;
  private final Runnable wake;
  private final LinkedBlockingQueue<Change> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * @param eventClock the event time of a change when it is reported (in the server: the
   *     pipeline's watermark)
   * @param wake called after a commit that added deliveries
   */
  public Notifier(Storage storage, Planner planner, InstantSource eventClock, InstantSource wallClock, Runnable wake) {
    this.storage = storage;
    this.planner = planner;
    this.eventClock = eventClock;
    this.wallClock = wallClock;
    this.wake = wake;
    this.thread = Thread.ofPlatform().name("vigie-notifier").daemon().start(this::run);
  }

  @Override
  public void incidentChanged(Incident incident) {
    queue.add(new Change(incident, eventTime(incident), null));
  }

  private Instant eventTime(Incident incident) {
    Instant t = eventClock.instant();
    if (t != null) {
      return t;
    }
    return incident.resolvedAt() != null ? incident.resolvedAt() : incident.detectedAt() != null ? incident.detectedAt() : incident.startedAt();
  }

  /** Plans and commits one change now, on the caller's thread. */
  public Planner.Plan process(Incident incident, Instant eventTime) {
    List<org.vigie.core.storage.SubscriptionStore.Subscription> subs = storage.subscriptions().all();
    MaintenanceStore m = storage.maintenance();
    Muter muter = Muter.of(m.windows(incident.service()), m.silences());
    Map<String, GroupState> recorded = new HashMap<>();
    if (!subs.isEmpty()) {
      storage.notificationLog().groups(incident.id()).forEach(g -> recorded.put(g.groupKey(), g));
    }
    Planner.Plan plan = planner.plan(incident, eventTime, wallClock.instant(), subs, recorded, muter);
    storage.outbox().commit(incident, plan.groups(), plan.deliveries());
    if (!plan.deliveries().isEmpty()) {
      wake.run();
    }
    return plan;
  }

  /** Waits until every change reported so far is committed. */
  public void flush() {
    CountDownLatch done = new CountDownLatch(1);
    queue.add(new Change(null, null, done));
    try {
      done.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    while (running || !queue.isEmpty()) {
      Change c;
      try {
        c = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (c == null) {
        continue;
      }
      if (c.flushed() != null) {
        c.flushed().countDown();
        continue;
      }
      try {
        process(c.incident(), c.eventTime());
      } catch (RuntimeException e) {
        LOG.error("could not plan notifications for incident {}; the next change of it will plan again", c.incident().id(), e);
      }
    }
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
