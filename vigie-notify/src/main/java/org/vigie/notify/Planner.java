package org.vigie.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.vigie.core.incident.Incident;
import org.vigie.core.storage.NotificationLog.GroupState;
import org.vigie.core.storage.Outbox.Delivery;
import org.vigie.core.storage.SubscriptionStore.Subscription;

/**
 * The notification policy in one place, as Alertmanager's {@code PipelineBuilder}: for one
 * incident change, <b>route</b> it to subscriber channels, <b>group</b> per incident × channel
 * (group wait, group interval, repeat interval), <b>mute</b> during maintenance and silences,
 * <b>dedupe</b> against what the notification log says was already decided. The result is the
 * new group states and the deliveries to commit, with the incident, in one transaction; sending,
 * retrying and recording happen later, from the outbox ({@link Dispatcher}).
 *
 * <p>Pure: no I/O, no clock of its own. The same recorded state and the same change always give
 * the same decision and the same idempotency keys, so a change planned again after a crash
 * produces keys the outbox already holds.
 */
public final class Planner {
  public static final String OPENED = "opened";
  public static final String UPDATED = "updated";
  public static final String RESOLVED = "resolved";

  private final NotifyPolicy policy;

  public Planner(NotifyPolicy policy) {
    this.policy = policy;
  }

  /** What one change decided. */
  public record Plan(List<GroupState> groups, List<Delivery> deliveries) {}

  /**
   * @param eventNow the event time of the change (the pipeline's watermark)
   * @param wallNow wall-clock time, when the first attempt is due
   * @param recorded group states of this incident, by group key
   */
  public Plan plan(Incident incident, Instant eventNow, Instant wallNow, List<Subscription> subscriptions,
      Map<String, GroupState> recorded, Muter muter) {
    List<GroupState> groups = new ArrayList<>();
    List<Delivery> deliveries = new ArrayList<>();
    for (Receiver r : Router.route(incident, subscriptions)) {
      String groupKey = r.groupKey(incident.id());
      GroupState before = recorded.get(groupKey);
      GroupState state = before != null ? before
          : new GroupState(groupKey, incident.id(), r.subscription().id(), r.channelIndex(), eventNow, null, null, false);
      String kind = decide(incident, r.subscription(), state, eventNow, muter);
      if (kind == null) {
        if (before == null) {
          groups.add(state); // remember when the group was first seen: group wait counts from it
        }
        continue;
      }
      String digest = digest(incident, r.subscription());
      String key = key(groupKey, kind, digest, state.notifiedAt());
      GroupState after = new GroupState(groupKey, incident.id(), r.subscription().id(), r.channelIndex(),
          state.firstSeen(), digest, eventNow, RESOLVED.equals(kind));
      groups.add(after);
      deliveries.add(new Delivery(key, groupKey, r.subscription().id(), r.channelIndex(), kind, incident, wallNow, 0, wallNow, null));
    }
    return new Plan(groups, deliveries);
  }

  /** The grouping, muting and dedupe decision for one group: the kind of message to send, or null. */
  String decide(Incident incident, Subscription s, GroupState state, Instant now, Muter muter) {
    boolean told = state.notifiedDigest() != null;
    if (!incident.isOpen()) {
      // Nobody hears of an end whose beginning they were not told (resolved within group wait,
      // or during maintenance). Someone who was told hears it, even if a silence began since:
      // otherwise they would believe the outage goes on.
      return told && !state.resolvedNotified() ? RESOLVED : null;
    }
    if (muter.muted(incident.service(), s.id(), now)) {
      return null;
    }
    if (!told) {
      Instant from = incident.detectedAt() == null ? state.firstSeen() : max(incident.detectedAt(), state.firstSeen());
      return now.isBefore(from.plus(policy.groupWait())) ? null : OPENED;
    }
    if (state.resolvedNotified()) {
      return null; // an incident does not reopen under the same id
    }
    String digest = digest(incident, s);
    if (!digest.equals(state.notifiedDigest())) {
      return now.isBefore(state.notifiedAt().plus(policy.groupInterval())) ? null : UPDATED;
    }
    return now.isBefore(state.notifiedAt().plus(policy.repeatInterval())) ? null : UPDATED;
  }

  /**
   * What a subscriber is told, reduced to what would make a new message worth sending: the worst
   * severity, and for a subscriber who named countries, which of theirs are affected. Per-minute
   * changes in counts do not show here, which is what makes it one message per change.
   */
  static String digest(Incident incident, Subscription s) {
    StringBuilder b = new StringBuilder(incident.isOpen() ? "open" : "resolved").append('|').append(incident.severity());
    if (!s.countries().isEmpty()) {
      TreeSet<String> active = new TreeSet<>();
      incident.countries().stream().filter(c -> c.active() && s.countries().contains(c.country())).forEach(c -> active.add(c.country()));
      b.append('|').append(String.join(",", active));
    }
    return b.toString();
  }

  static String key(String groupKey, String kind, String digest, Instant previous) {
    String material = groupKey + "|" + kind + "|" + digest + "|" + (previous == null ? "-" : previous.toEpochMilli());
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(material.getBytes(StandardCharsets.UTF_8));
      return "msg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(h).substring(0, 27);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
