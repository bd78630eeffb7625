package org.vigie.notify;

import java.util.ArrayList;
import java.util.List;
import org.vigie.core.incident.Incident;
import org.vigie.core.storage.SubscriptionStore.Subscription;

/** Route: which confirmed subscriber channels an incident concerns. */
public final class Router {
  private Router() {}

  public static List<Receiver> route(Incident incident, List<Subscription> subscriptions) {
    List<Receiver> out = new ArrayList<>();
    for (Subscription s : subscriptions) {
      if (matches(incident, s)) {
        for (int i = 0; i < s.channels().size(); i++) {
          out.add(new Receiver(s, i));
        }
      }
    }
    return out;
  }

  /**
   * Whether the subscriber follows this service, at least at the incident's worst severity, and
   * (when they named countries) in a country the incident ever touched.
   */
  public static boolean matches(Incident incident, Subscription s) {
    if (!s.confirmed() || !s.services().contains(incident.service())) {
      return false;
    }
    if (incident.severity() == null || incident.severity().compareTo(s.minSeverity()) < 0) {
      return false;
    }
    if (s.countries().isEmpty()) {
      return true;
    }
    return incident.countries().stream().anyMatch(c -> s.countries().contains(c.country()));
  }
}
