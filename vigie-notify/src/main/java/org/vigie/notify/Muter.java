package org.vigie.notify;

import java.time.Instant;
import java.util.List;
import org.vigie.core.storage.MaintenanceStore.Silence;
import org.vigie.core.storage.MaintenanceStore.Window;

/** Mute: whether a message to a subscriber about a service should stay unsaid at a time. */
@FunctionalInterface
public interface Muter {
  Muter NONE = (service, subscriptionId, at) -> false;

  boolean muted(String service, String subscriptionId, Instant at);

  /** Muted during a maintenance window of the service, or a silence matching service and subscriber. */
  static Muter of(List<Window> windows, List<Silence> silences) {
    return (service, subscriptionId, at) -> {
      for (Window w : windows) {
        if (w.service().equals(service) && w.covers(at)) {
          return true;
        }
      }
      for (Silence s : silences) {
        if ((s.service() == null || s.service().equals(service))
            && (s.subscriptionId() == null || s.subscriptionId().equals(subscriptionId))
            && s.covers(at)) {
          return true;
        }
      }
      return false;
    };
  }
}
