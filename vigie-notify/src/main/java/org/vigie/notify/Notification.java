package org.vigie.notify;

import java.time.Instant;
import java.util.Objects;
import org.vigie.core.incident.Incident;

/**
 * One message, ready for a channel to render: what happened, to which service, and the links a
 * person needs.
 *
 * @param key the idempotency key, the same on every attempt
 * @param kind {@link Planner#OPENED}, {@link Planner#UPDATED} or {@link Planner#RESOLVED}
 * @param sentAt wall-clock time of this attempt (the Standard Webhooks timestamp)
 * @param incidentUrl the incident's page or API resource
 * @param unsubscribeUrl a signed one-click unsubscribe link, or null
 */
public record Notification(
    String key, String kind, Incident incident, String serviceName, Instant sentAt, String incidentUrl, String unsubscribeUrl) {
  public Notification {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(incident, "incident");
  }

  /** A one-line headline: "Instagram: Problems detected" / "Instagram: back to normal". */
  public String title() {
    return switch (kind) {
      case Planner.RESOLVED -> serviceName + ": back to normal";
      default -> serviceName + ": " + incident.severity().label("en");
    };
  }

  /** A few plain-text lines for any channel. */
  public String text() {
    StringBuilder b = new StringBuilder();
    switch (kind) {
      case Planner.OPENED -> b.append(serviceName).append(" has a problem since ").append(incident.startedAt()).append('.');
      case Planner.UPDATED -> b.append(serviceName).append(" is still affected: ").append(incident.severity().label("en")).append('.');
      default -> b.append(serviceName).append(" is back to normal since ").append(incident.resolvedAt()).append('.');
    }
    String countries = countries(5);
    if (!countries.isEmpty()) {
      b.append(" Countries: ").append(countries).append('.');
    }
    if (incident.peakPerMinute() > 0) {
      b.append(" Peak: ").append(incident.peakPerMinute()).append(" reports a minute.");
    }
    return b.toString();
  }

  /** The most affected countries, most first, comma-separated. */
  public String countries(int max) {
    return String.join(", ", incident.countries().stream().limit(max).map(Incident.CountryShare::country).toList());
  }

  /** The Standard Webhooks event type: {@code incident.opened}… */
  public String eventType() {
    return "incident." + kind;
  }
}
