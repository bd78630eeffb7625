package org.vigie.core.storage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.vigie.core.incident.Incident;

/**
 * Notifications waiting to be sent. An incident change, the group state it moved and the
 * deliveries it decided are committed in ONE transaction ({@link #commit}), so a crash either
 * loses the change and its notifications together (the pipeline recomputes both on restart) or
 * keeps both; a crash after the commit and before the send leaves the delivery pending.
 */
public interface Outbox {

  /**
   * One message to one channel of one subscriber.
   *
   * @param key idempotency key: the same for every attempt, also after a crash; receivers may
   *     dedupe on it ({@code webhook-id}, e-mail {@code Message-ID})
   * @param kind {@code opened}, {@code updated}, {@code resolved}
   * @param incident the incident as it was when the message was decided
   * @param attempts failed attempts so far
   * @param nextAttemptAt when the next attempt is due (wall-clock time)
   */
  record Delivery(
      String key,
      String groupKey,
      String subscriptionId,
      int channel,
      String kind,
      Incident incident,
      Instant createdAt,
      int attempts,
      Instant nextAttemptAt,
      String lastError) {
    public Delivery {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(groupKey, "groupKey");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(incident, "incident");
    }

    public Delivery failed(Instant next, String error) {
      return new Delivery(key, groupKey, subscriptionId, channel, kind, incident, createdAt, attempts + 1, next, error);
    }
  }

  /**
   * Saves the incident snapshot (as {@link IncidentStore#save} does), the group states and the
   * new deliveries atomically. A delivery whose key exists already, pending, dead or sent (in the
   * notification log), is left as it is: a change planned again (a redelivered event, a restart)
   * cannot queue a message a second time.
   */
  void commit(Incident incident, List<NotificationLog.GroupState> groups, List<Delivery> deliveries);

  /** Pending deliveries due at {@code now}, oldest first, at most {@code limit}; claims are ignored. */
  List<Delivery> due(Instant now, int limit);

  /**
   * Claims work for one dispatcher among several on one store (cluster mode: every instance runs
   * one against the shared PostgreSQL). The unit is a <em>lane</em>, one notification group (one
   * incident × one subscriber channel, {@link Delivery#groupKey}), because a lane's messages must
   * leave one after the other ("opened" before "resolved"); two dispatchers must never hold one.
   *
   * <p>Takes up to {@code lanes} lanes that have a delivery due at {@code now} and no claim alive
   * at {@code now} (none, released, or expired), claims them for {@code owner} until
   * {@code until} (the lease), and returns their due deliveries, oldest first. Claiming is atomic:
   * of two concurrent calls, at most one gets a lane. A dispatcher that dies mid-send leaves its
   * lanes claimed until the lease expires; then another claims them and retries with the same
   * idempotency keys. The lease must outlast a lane's sends (channel timeouts), else a slow
   * dispatcher and its successor may both send a message (receivers may dedupe on the key).
   * Times are the callers' clocks: dispatchers must agree on time to well within the lease.
   */
  List<Delivery> claim(String owner, Instant now, Instant until, int lanes);

  /** Ends {@code owner}'s claim of a lane; does nothing if the lane is no longer {@code owner}'s. */
  void release(String owner, String groupKey);

  /** When the earliest pending delivery is due, if any is pending. */
  Optional<Instant> nextDue();

  /** How many deliveries are pending (not sent, not given up). */
  long pending();

  /** Removes the delivery and records it in the notification log as sent, atomically. */
  void markSent(String key, Instant at);

  /** Records a failed attempt; the delivery stays pending until {@code nextAttemptAt}. */
  void markFailed(String key, int attempts, Instant nextAttemptAt, String error);

  /** Gives up on a delivery (permanent failure or too many attempts); it stays visible as dead. */
  void markDead(String key, int attempts, String error);

  /** Deliveries given up on, newest first. */
  List<Delivery> dead(int limit);
}
