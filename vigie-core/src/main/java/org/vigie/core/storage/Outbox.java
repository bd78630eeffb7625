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
   * new deliveries atomically. A delivery whose key exists already is left as it is.
   */
  void commit(Incident incident, List<NotificationLog.GroupState> groups, List<Delivery> deliveries);

  /** Pending deliveries due at {@code now}, oldest first, at most {@code limit}. */
  List<Delivery> due(Instant now, int limit);

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
