package org.vigie.notify;

import java.time.Instant;
import org.vigie.core.incident.Incident;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.storage.SubscriptionStore.Subscription;

final class Fixtures {
  private Fixtures() {}

  static final Links LINKS = new Links() {
    @Override
    public String incident(Incident incident) {
      return "https://vigie.example/incidents/" + incident.id();
    }

    @Override
    public String unsubscribe(Subscription subscription) {
      return "https://vigie.example/subscriptions/" + subscription.id() + "/unsubscribe?sig=abc";
    }

    @Override
    public String serviceName(String slug) {
      return "Instagram";
    }
  };

  static Notification opened() {
    Incident i = Incidents.snapshot(42, 5, PublicStatus.OUTAGE, PublicStatus.OUTAGE, null, "US", "DE", "NL");
    return new Notification("msg_abc", Planner.OPENED, i, "Instagram", Instant.parse("2026-01-01T00:00:00Z"),
        "https://vigie.example/incidents/42", "https://vigie.example/u");
  }

  static Notification resolved() {
    Incident i = Incidents.snapshot(42, 5, PublicStatus.OUTAGE, PublicStatus.OPERATIONAL, Incidents.ONSET.plusSeconds(3600), "US");
    return new Notification("msg_def", Planner.RESOLVED, i, "Instagram", Instant.parse("2026-01-01T01:00:00Z"),
        "https://vigie.example/incidents/42", null);
  }
}
