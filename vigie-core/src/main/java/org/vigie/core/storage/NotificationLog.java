package org.vigie.core.storage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What was notified, per notification group (one incident × one subscriber channel): the state
 * the grouping and dedupe decisions read, and the record of every message sent.
 */
public interface NotificationLog {

  /**
   * The recorded state of one group.
   *
   * @param firstSeen event time the group first saw its incident
   * @param notifiedDigest what the last decided message said (see the notifier), null if none yet
   * @param notifiedAt event time of the last decided message, null if none yet
   * @param resolvedNotified whether the resolution was decided
   */
  record GroupState(
      String groupKey,
      long incidentId,
      String subscriptionId,
      int channel,
      Instant firstSeen,
      String notifiedDigest,
      Instant notifiedAt,
      boolean resolvedNotified) {
    public GroupState {
      Objects.requireNonNull(groupKey, "groupKey");
      Objects.requireNonNull(firstSeen, "firstSeen");
    }
  }

  /** One message that left (the channel accepted it). */
  record Sent(String key, String groupKey, String kind, Instant sentAt) {}

  /** The states of every group of an incident. */
  List<GroupState> groups(long incidentId);

  Optional<Sent> sent(String key);

  /** Sent messages of a group, oldest first. */
  List<Sent> sentFor(String groupKey);

  /** How many messages were sent in all. */
  long sentCount();
}
