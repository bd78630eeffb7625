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
import org.vigie.core.storage.Outbox;
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
 *
 * <p>In cluster mode the pipeline is a read model and this class is not its listener: the
 * stream's sink calls {@link #process(List)} with the changes it reads, once in the cluster.
 */
public final class Notifier implements PipelineListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

  private record Queued(Incident incident, Instant eventTime, CountDownLatch flushed) {}

  private final Storage storage;
  private final Planner planner;
  private final InstantSource eventClock;
  private final InstantSource wallClock;
  /** The creation time of the last delivery planned, in epoch milliseconds (see {@link #inOrder}). */
  private final java.util.concurrent.atomic.AtomicLong lastCreated = new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE);
  private final Runnable wake;
  private final LinkedBlockingQueue<Queued> queue = new LinkedBlockingQueue<>();
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
    queue.add(new Queued(incident, eventTime(incident), null));
  }

  private Instant eventTime(Incident incident) {
    Instant t = eventClock.instant();
    if (t != null) {
      return t;
    }
    return incident.resolvedAt() != null ? incident.resolvedAt() : incident.detectedAt() != null ? incident.detectedAt() : incident.startedAt();
  }

  /** One change of an incident (a full snapshot) and the event time it happened at. */
  public record Change(Incident incident, Instant eventTime) {}

  /** Plans and commits one change now, on the caller's thread. */
  public Planner.Plan process(Incident incident, Instant eventTime) {
    return process(List.of(new Change(incident, eventTime))).getFirst();
  }

  /**
   * A delivery stamped with a creation time strictly later than the previous one's. A lane's
   * messages leave in the order of due time, then creation time (stored to the millisecond): an
   * opening and its resolution planned in the same poll — the cluster's sink reads them together
   * when the correlation stage hands them over at once — are due at the same instant and must not
   * tie on creation too, or the key (a hash) would decide and "back to normal" could go first.
   */
  private Outbox.Delivery inOrder(Outbox.Delivery d) {
    long at = lastCreated.accumulateAndGet(d.createdAt().toEpochMilli(), (last, now) -> Math.max(now, last + 1));
    return new Outbox.Delivery(d.key(), d.groupKey(), d.subscriptionId(), d.channel(), d.kind(), d.incident(),
        Instant.ofEpochMilli(at), d.attempts(), d.nextAttemptAt(), d.lastError());
  }

  /**
   * Plans and commits changes now, on the caller's thread, in order (cluster mode: the events the
   * sink read in one poll). Each change is planned against the group state the change before it
   * decided, as if they came one at a time, so a batch holding an incident's opening and its
   * resolution notifies both; each incident is then committed once, with its last snapshot.
   * Subscriptions, maintenance windows and silences are read from the store at each call, never
   * cached, so what any instance wrote applies at the next change.
   *
   * <p>Idempotent: planning changes again after their commit (a redelivered event) decides
   * nothing new, since the recorded group state says what was decided, and a decision made twice
   * carries the same idempotency key, which the outbox takes once.
   *
   * @return per incident, in order of first appearance, the groups and deliveries committed
   */
  public List<Planner.Plan> process(List<Change> changes) {
    if (changes.isEmpty()) {
      return List.of();
    }
    List<org.vigie.core.storage.SubscriptionStore.Subscription> subs = storage.subscriptions().all();
    MaintenanceStore m = storage.maintenance();
    List<MaintenanceStore.Silence> silences = m.silences();
    Map<String, Muter> muters = new HashMap<>();
    Map<Long, List<Change>> byIncident = new java.util.LinkedHashMap<>();
    changes.forEach(c -> byIncident.computeIfAbsent(c.incident().id(), k -> new java.util.ArrayList<>()).add(c));
    Instant wallNow = wallClock.instant();
    List<Planner.Plan> plans = new java.util.ArrayList<>();
    boolean queued = false;
    for (List<Change> sequence : byIncident.values()) {
      Incident last = sequence.getLast().incident();
      Muter muter = muters.computeIfAbsent(last.service(), service -> Muter.of(m.windows(service), silences));
      Map<String, GroupState> recorded = new HashMap<>();
      if (!subs.isEmpty()) {
        storage.notificationLog().groups(last.id()).forEach(g -> recorded.put(g.groupKey(), g));
      }
      Map<String, GroupState> moved = new java.util.LinkedHashMap<>();
      List<org.vigie.core.storage.Outbox.Delivery> deliveries = new java.util.ArrayList<>();
      for (Change c : sequence) {
        Planner.Plan plan = planner.plan(c.incident(), c.eventTime(), wallNow, subs, recorded, muter);
        for (GroupState g : plan.groups()) {
          recorded.put(g.groupKey(), g);
          moved.put(g.groupKey(), g);
        }
        plan.deliveries().forEach(d -> deliveries.add(inOrder(d)));
      }
      storage.outbox().commit(last, List.copyOf(moved.values()), deliveries);
      queued |= !deliveries.isEmpty();
      plans.add(new Planner.Plan(List.copyOf(moved.values()), List.copyOf(deliveries)));
    }
    if (queued) {
      wake.run();
    }
    return plans;
  }

  /** Waits until every change reported so far is committed. */
  public void flush() {
    CountDownLatch done = new CountDownLatch(1);
    queue.add(new Queued(null, null, done));
    try {
      done.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    while (running || !queue.isEmpty()) {
      Queued c;
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
