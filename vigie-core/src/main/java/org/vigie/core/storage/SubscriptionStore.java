package org.vigie.core.storage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.vigie.core.model.PublicStatus;

/** Who wants to hear about which services, and on which channels. */
public interface SubscriptionStore {

  /**
   * One subscriber.
   *
   * @param id opaque, unguessable identifier (also used in self-service links, always signed)
   * @param email contact address for confirmation and e-mail notifications, or null
   * @param services service slugs followed; never empty
   * @param countries ISO alpha-2 countries of interest; empty means anywhere
   * @param minSeverity the least severe incident status worth a message
   * @param channels where messages go, in order; never empty
   * @param confirmed whether the address was confirmed (self-service subscriptions start unconfirmed)
   */
  record Subscription(
      String id,
      String email,
      Set<String> services,
      Set<String> countries,
      PublicStatus minSeverity,
      List<Channel> channels,
      boolean confirmed,
      Instant createdAt) {
    public Subscription {
      Objects.requireNonNull(id, "id");
      services = Set.copyOf(services);
      countries = Set.copyOf(countries == null ? Set.of() : countries);
      minSeverity = minSeverity == null ? PublicStatus.POSSIBLE_PROBLEMS : minSeverity;
      channels = List.copyOf(channels);
      Objects.requireNonNull(createdAt, "createdAt");
    }

    public Subscription withConfirmed(boolean c) {
      return new Subscription(id, email, services, countries, minSeverity, channels, c, createdAt);
    }
  }

  /**
   * One destination.
   *
   * @param kind {@code email}, {@code webhook}, {@code slack}, {@code discord}, {@code teams},
   *     {@code ntfy} or {@code telegram}
   * @param target the address, URL or chat id
   * @param secret the signing secret, bot token or access token; null when the kind needs none.
   *     Never shown back through the API nor written to a log.
   */
  record Channel(String kind, String target, String secret) {
    public Channel {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(target, "target");
    }

    @Override
    public String toString() {
      return "Channel[" + kind + "]"; // a record's default toString would print the secret
    }
  }

  /** Inserts or replaces by id. */
  void put(Subscription subscription);

  Optional<Subscription> find(String id);

  List<Subscription> all();

  /** Removes a subscription; returns whether there was one. */
  boolean remove(String id);
}
