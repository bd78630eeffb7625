package org.vigie.notify;

import org.vigie.core.storage.SubscriptionStore.Channel;
import org.vigie.core.storage.SubscriptionStore.Subscription;

/** One channel of one subscriber that an incident was routed to: one notification group. */
public record Receiver(Subscription subscription, int channelIndex) {
  public Channel channel() {
    return subscription.channels().get(channelIndex);
  }

  public String groupKey(long incidentId) {
    return incidentId + ":" + subscription.id() + ":" + channelIndex;
  }
}
