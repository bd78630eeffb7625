package org.vigie.notify;

import org.vigie.core.incident.Incident;
import org.vigie.core.storage.SubscriptionStore.Subscription;

/** The public links a message carries; the server knows its own address and signing key. */
public interface Links {
  String incident(Incident incident);

  /** A signed one-click unsubscribe link for the subscriber, or null. */
  String unsubscribe(Subscription subscription);

  /** The display name of a service. */
  String serviceName(String slug);
}
