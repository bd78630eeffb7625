package org.vigie.notify;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.core.storage.NotificationLog;
import org.vigie.core.storage.Outbox;
import org.vigie.core.storage.Outbox.Delivery;
import org.vigie.core.storage.SubscriptionStore;
import org.vigie.core.storage.SubscriptionStore.Subscription;

/**
 * Sends what the outbox holds: dedupe against the notification log, send, retry with exponential
 * back-off, record. Each attempt runs on its own virtual thread, so a channel that hangs or fails
 * delays only its own messages. Time is the injected wall clock; nothing here sleeps: a failed
 * message simply becomes due again later, and {@link #runOnce()} is called by a ticker (or a test).
 *
 * <p>Delivery is at least once: a crash after the channel accepted a message and before
 * {@link Outbox#markSent} sends it again on restart, with the same idempotency key.
 *
 * <p>Several dispatchers may share one outbox (cluster mode: one per instance, one PostgreSQL).
 * Each round <em>claims</em> its lanes ({@link Outbox#claim}) under a lease of {@link #LEASE} and
 * lets each go when it is done, so no two dispatchers send a lane's messages, and a lane whose
 * dispatcher died is taken over once the lease runs out.
 */
public final class Dispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  /** Most lanes started per round; the rest wait for the next round. */
  static final int BATCH = 256;

  /**
   * How long a claimed lane stays this dispatcher's if it is not let go: how long a dead
   * instance's lanes wait before another takes them over. Well above what a lane's sends may take
   * (a channel gives up after 15 s; a lane holds a message or two), so that a live dispatcher is
   * not overtaken mid-send.
   */
  public static final java.time.Duration LEASE = java.time.Duration.ofMinutes(2);

  /** What the dispatcher reports, for metrics. */
  public interface Outcomes {
    Outcomes NONE = new Outcomes() {};

    default void sent(String channelKind) {}

    default void failed(String channelKind, boolean givenUp) {}
  }

  private final Outbox outbox;
  private final NotificationLog log;
  private final SubscriptionStore subscriptions;
  private final Map<String, Channel> channels;
  private final NotifyPolicy policy;
  private final InstantSource clock;
  private final Links links;
  private final Outcomes outcomes;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  /** Names this dispatcher's claims; new at each start, so a restart never mistakes old claims for its own. */
  private final String owner = "dispatcher-" + java.util.UUID.randomUUID();
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  public Dispatcher(Outbox outbox, NotificationLog log, SubscriptionStore subscriptions, List<Channel> channels,
      NotifyPolicy policy, InstantSource clock, Links links, Outcomes outcomes) {
    this.outbox = outbox;
    this.log = log;
    this.subscriptions = subscriptions;
    this.channels = new ConcurrentHashMap<>();
    channels.forEach(c -> this.channels.put(c.kind(), c));
    this.policy = policy;
    this.clock = clock;
    this.links = links;
    this.outcomes = outcomes;
  }

  /**
   * Starts an attempt for every due delivery that is not already being attempted.
   *
   * @return completes when the attempts started by this round are recorded
   */
  public CompletableFuture<Void> runOnce() {
    Instant now = clock.instant();
    // One lane per receiver and incident: its messages go one after the other, oldest first, so a
    // subscriber never reads "back to normal" before "problems detected". Lanes run in parallel.
    Map<String, List<Delivery>> lanes = new java.util.LinkedHashMap<>();
    for (Delivery d : outbox.claim(owner, now, now.plus(LEASE), BATCH)) {
      lanes.computeIfAbsent(lane(d), k -> new ArrayList<>()).add(d);
    }
    List<CompletableFuture<Void>> started = new ArrayList<>();
    for (Map.Entry<String, List<Delivery>> e : lanes.entrySet()) {
      String lane = e.getKey();
      List<Delivery> queue = e.getValue();
      queue.sort(java.util.Comparator.comparing(Delivery::createdAt).thenComparing(Delivery::key));
      if (!inFlight.add(lane)) {
        // Still being attempted from an earlier round (a channel slower than the lease): claimed
        // again under our name, and let go when that attempt ends.
        continue;
      }
      started.add(CompletableFuture.runAsync(() -> {
        try {
          for (int i = 0; i < queue.size(); i++) {
            Instant retryAt = attempt(queue.get(i));
            if (retryAt != null) {
              // The rest of the lane waits for the one that failed, and goes after it.
              for (Delivery later : queue.subList(i + 1, queue.size())) {
                outbox.markFailed(later.key(), later.attempts(), retryAt, "waiting for an earlier notification to the same receiver");
              }
              break;
            }
          }
        } catch (RuntimeException ex) {
          // The store failed while recording: the delivery stays pending and is tried again.
          LOG.error("could not record the outcome of notifications on lane {}; they stay pending", lane, ex);
        } finally {
          inFlight.remove(lane);
          release(lane);
        }
      }, executor));
    }
    return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new));
  }

  /** A lane is a notification group (one receiver's messages about one incident): the unit of claims. */
  private static String lane(Delivery d) {
    return d.groupKey();
  }

  private void release(String lane) {
    try {
      outbox.release(owner, lane);
    } catch (RuntimeException e) {
      // The lease runs out instead: the lane waits at most that long.
      LOG.warn("could not let notification lane {} go; it is free again after {}", lane, LEASE, e);
    }
  }

  /** Attempts one delivery; returns when to try again if it failed and will be retried, else null. */
  private Instant attempt(Delivery d) {
    // Dedupe against the log: a delivery already recorded as sent is only cleaned up.
    if (log.sent(d.key()).isPresent()) {
      outbox.markSent(d.key(), clock.instant());
      return null;
    }
    Optional<Subscription> sub = subscriptions.find(d.subscriptionId());
    if (sub.isEmpty() || d.channel() >= sub.get().channels().size()) {
      outbox.markDead(d.key(), d.attempts(), "the subscription or its channel was removed");
      return null;
    }
    SubscriptionStore.Channel destination = sub.get().channels().get(d.channel());
    Channel channel = channels.get(destination.kind());
    if (channel == null) {
      outbox.markDead(d.key(), d.attempts(), "no channel of kind '" + destination.kind() + "' is configured");
      outcomes.failed(destination.kind(), true);
      return null;
    }
    Instant now = clock.instant();
    Notification n = new Notification(d.key(), d.kind(), d.incident(), links.serviceName(d.incident().service()), now,
        links.incident(d.incident()), links.unsubscribe(sub.get()));
    SendResult result;
    try {
      result = channel.send(n, destination);
    } catch (RuntimeException e) {
      result = SendResult.retry(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    switch (result) {
      case SendResult.Sent s -> {
        outbox.markSent(d.key(), clock.instant());
        outcomes.sent(destination.kind());
      }
      case SendResult.Failed f -> {
        String reason = Secrets.redact(f.reason(), destination);
        int attempts = d.attempts() + 1;
        if (!f.retryable() || attempts >= policy.maxAttempts()) {
          outbox.markDead(d.key(), attempts, reason);
          outcomes.failed(destination.kind(), true);
          LOG.warn("notification {} to a {} channel given up after {} attempt(s): {}", d.key(), destination.kind(), attempts, reason);
        } else {
          Instant next = clock.instant().plus(policy.backoff(attempts));
          outbox.markFailed(d.key(), attempts, next, reason);
          outcomes.failed(destination.kind(), false);
          LOG.warn("notification {} to a {} channel failed (attempt {}), next attempt at {}: {}", d.key(), destination.kind(),
              attempts, next, reason);
          return next;
        }
      }
    }
    return null;
  }

  /** Attempts in progress. */
  public int inFlight() {
    return inFlight.size();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
