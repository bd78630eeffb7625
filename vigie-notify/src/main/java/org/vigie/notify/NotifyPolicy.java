package org.vigie.notify;

import java.time.Duration;

/**
 * The timings of the notification pipeline, after Alertmanager's route options. Group timings
 * run in event time (the incident's own clock), so a replay notifies as the live event would
 * have; retries run in wall-clock time.
 *
 * @param groupWait how long after detection the first message waits, so a fast escalation is
 *     folded into it instead of following it a minute later
 * @param groupInterval least time between two update messages of one group
 * @param repeatInterval a still-open incident with nothing new is recalled after this long
 * @param maxAttempts attempts per message before it is given up (dead)
 * @param initialBackoff wait after the first failed attempt; doubles each time
 * @param maxBackoff the longest wait between attempts
 */
public record NotifyPolicy(
    Duration groupWait,
    Duration groupInterval,
    Duration repeatInterval,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff) {

  /** Alertmanager's defaults, except a day-long repeat: a status subscriber wants changes, not reminders. */
  public static final NotifyPolicy DEFAULT = new NotifyPolicy(
      Duration.ofMinutes(2), Duration.ofMinutes(15), Duration.ofHours(24), 12, Duration.ofSeconds(10), Duration.ofMinutes(30));

  public NotifyPolicy {
    if (groupWait.isNegative() || groupInterval.isNegative() || repeatInterval.compareTo(groupInterval) < 0) {
      throw new IllegalArgumentException("group wait and interval must not be negative, and the repeat interval at least the group interval");
    }
    if (maxAttempts < 1 || initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("at least one attempt, and a back-off cap no smaller than the first back-off");
    }
  }

  /** The wait before attempt {@code failures + 1}: exponential, capped. */
  public Duration backoff(int failures) {
    if (failures <= 0) {
      return Duration.ZERO;
    }
    int shift = Math.min(failures - 1, 30);
    Duration d = initialBackoff.multipliedBy(1L << shift);
    return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
  }
}
