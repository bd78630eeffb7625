package org.vigie.notify;

import org.vigie.core.storage.SubscriptionStore;

/**
 * One way to reach people (Alertmanager's {@code Notifier}). Implementations catch their own
 * failures and return them: a channel never throws, so one broken destination cannot stop the
 * others.
 */
public interface Channel {
  /** The {@link SubscriptionStore.Channel#kind()} this sends to. */
  String kind();

  SendResult send(Notification notification, SubscriptionStore.Channel destination);
}
