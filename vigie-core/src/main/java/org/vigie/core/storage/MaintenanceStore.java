package org.vigie.core.storage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Announced maintenance windows and operator silences: what mutes notifications, and when. */
public interface MaintenanceStore {

  /** A planned window on one service, shown on status pages and muting its notifications. */
  record Window(String id, String service, String title, String description, Instant startsAt, Instant endsAt, Instant createdAt) {
    public Window {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(startsAt, "startsAt");
      Objects.requireNonNull(endsAt, "endsAt");
      if (!startsAt.isBefore(endsAt)) {
        throw new IllegalArgumentException("a maintenance window must end after it starts");
      }
    }

    public boolean covers(Instant t) {
      return !t.isBefore(startsAt) && t.isBefore(endsAt);
    }
  }

  /**
   * Mutes notifications until {@code endsAt}: for one service (null: all), one subscription
   * (null: all) or both.
   */
  record Silence(String id, String service, String subscriptionId, Instant startsAt, Instant endsAt, String comment) {
    public Silence {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(startsAt, "startsAt");
      Objects.requireNonNull(endsAt, "endsAt");
    }

    public boolean covers(Instant t) {
      return !t.isBefore(startsAt) && t.isBefore(endsAt);
    }
  }

  void putWindow(Window window);

  /** Windows of a service (all with null), by start. */
  List<Window> windows(String service);

  boolean removeWindow(String id);

  void putSilence(Silence silence);

  List<Silence> silences();

  boolean removeSilence(String id);
}
