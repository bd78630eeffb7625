package org.vigie.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.vigie.core.incident.Incident;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.storage.SubscriptionStore.Channel;
import org.vigie.core.storage.SubscriptionStore.Subscription;

/** Incident snapshots as the engine reports them minute after minute, for replaying through the notifier. */
final class Incidents {
  static final Instant ONSET = Instant.parse("2021-10-04T15:39:00Z");

  private Incidents() {}

  static Incident snapshot(long id, int minute, PublicStatus severity, PublicStatus current, Instant resolvedAt, String... countries) {
    List<Incident.CountryShare> shares = new ArrayList<>();
    for (String c : countries) {
      shares.add(new Incident.CountryShare(c, 1000, resolvedAt == null, ONSET, resolvedAt));
    }
    return new Incident(id, "instagram", ONSET, ONSET.plusSeconds(120), resolvedAt, severity,
        resolvedAt == null ? current : PublicStatus.OPERATIONAL, 5000 + minute, ONSET.plusSeconds(300), 1000L * minute, shares,
        List.of(new Incident.IndicatorShare("app", 10)), List.of(new Incident.TimelineEvent(ONSET.plusSeconds(120), "opened", "x")), null);
  }

  /**
   * A six-hour outage: opens as possible problems, escalates a minute later, grows a country,
   * and resolves. One snapshot a minute, with the event time each was reported at.
   */
  record Change(Incident incident, Instant at) {}

  static List<Change> sixHourOutage(long id) {
    List<Change> out = new ArrayList<>();
    Instant detected = ONSET.plusSeconds(120);
    for (int m = 0; m < 360; m++) {
      PublicStatus sev = m == 0 ? PublicStatus.POSSIBLE_PROBLEMS : PublicStatus.OUTAGE;
      String[] countries = m < 30 ? new String[] {"US"} : new String[] {"US", "FR"};
      out.add(new Change(snapshot(id, m, sev, sev, null, countries), detected.plus(Duration.ofMinutes(m))));
    }
    Instant end = detected.plus(Duration.ofMinutes(330));
    out.add(new Change(snapshot(id, 360, PublicStatus.OUTAGE, PublicStatus.OPERATIONAL, end, "US", "FR"), detected.plus(Duration.ofMinutes(360))));
    return out;
  }

  static Subscription subscriber(String id, Channel... channels) {
    return new Subscription(id, "ops@example.org", java.util.Set.of("instagram"), java.util.Set.of(), PublicStatus.POSSIBLE_PROBLEMS,
        List.of(channels), true, ONSET.minusSeconds(86400));
  }
}
