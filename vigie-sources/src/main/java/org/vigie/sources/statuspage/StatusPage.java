package org.vigie.sources.statuspage;

import java.time.Instant;
import java.util.List;

/** The values read from a Statuspage v2 page, tolerant of what real pages send. */
public final class StatusPage {
  private StatusPage() {}

  /** The page itself. {@code updatedAt} may be null when the page did not send a readable one. */
  public record Page(String id, String name, String url, String timeZone, Instant updatedAt) {}

  /**
   * A component. {@code rawStatus} keeps the page's spelling when {@code status} is UNKNOWN.
   *
   * @param group whether this is a group heading (its status is derived from its members)
   */
  public record Component(
      String id, String name, ComponentStatus status, String rawStatus, String groupId, boolean group, boolean showcase,
      String description, Instant updatedAt) {}

  public record AffectedComponent(String code, String name, ComponentStatus oldStatus, ComponentStatus newStatus) {}

  /** One update of an incident or maintenance; {@code at} is its display time. */
  public record Update(String id, UpdateStatus status, String rawStatus, String body, Instant at, List<AffectedComponent> affected) {
    public Update {
      affected = List.copyOf(affected);
    }
  }

  /**
   * An incident or a scheduled maintenance; updates oldest first.
   *
   * @param scheduledFor start of a maintenance window, null for incidents
   */
  public record Incident(
      String id, String name, UpdateStatus status, Impact impact, Instant createdAt, Instant updatedAt, Instant resolvedAt,
      Instant scheduledFor, Instant scheduledUntil, String link, List<String> componentIds, List<Update> updates) {
    public Incident {
      componentIds = List.copyOf(componentIds);
      updates = List.copyOf(updates);
    }

    public boolean isMaintenance() {
      return scheduledFor != null;
    }

    public boolean isOpen() {
      return !status.isFinal() && resolvedAt == null;
    }
  }

  /** {@code summary.json}: sentinel components already removed. */
  public record Summary(Page page, String indicator, String description, List<Component> components, List<Incident> incidents,
      List<Incident> maintenances) {}

  /**
   * {@code incidents.json} or {@code scheduled-maintenances.json}.
   *
   * @param capped the list holds as many items as the API ever returns (50): older ones exist but
   *     are not in it, so an incident missing from the list has not necessarily been deleted
   */
  public record Incidents(Page page, List<Incident> incidents, boolean capped) {}
}
