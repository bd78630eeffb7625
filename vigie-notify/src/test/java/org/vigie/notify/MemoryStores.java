package org.vigie.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigie.core.incident.Incident;
import org.vigie.core.storage.CatalogStore;
import org.vigie.core.storage.IncidentStore;
import org.vigie.core.storage.MaintenanceStore;
import org.vigie.core.storage.NotificationLog;
import org.vigie.core.storage.Outbox;
import org.vigie.core.storage.SettingStore;
import org.vigie.core.storage.SignalLog;
import org.vigie.core.storage.Storage;
import org.vigie.core.storage.SubscriptionStore;
import org.vigie.core.storage.TallyStore;
import org.vigie.core.storage.TokenStore;

/**
 * The notification roles in memory, for this module's tests (the SQLite ones are tested against
 * the same expectations in vigie-store's NotifyStorageContract). Synchronized throughout: the
 * dispatcher records from several virtual threads.
 */
final class MemoryStores implements Storage, SubscriptionStore, Outbox, NotificationLog, MaintenanceStore {
  final Map<Long, Incident> incidents = new LinkedHashMap<>();
  private final Map<String, Subscription> subs = new LinkedHashMap<>();
  private final Map<String, Delivery> outbox = new LinkedHashMap<>();
  private final Map<String, Delivery> deadOnes = new LinkedHashMap<>();
  private final Map<String, GroupState> groups = new LinkedHashMap<>();
  private final Map<String, Sent> sent = new LinkedHashMap<>();
  private final Map<String, Window> windows = new LinkedHashMap<>();
  private final Map<String, Silence> silences = new LinkedHashMap<>();

  @Override public SubscriptionStore subscriptions() { return this; }
  @Override public Outbox outbox() { return this; }
  @Override public NotificationLog notificationLog() { return this; }
  @Override public MaintenanceStore maintenance() { return this; }
  @Override public SignalLog signals() { throw new UnsupportedOperationException(); }
  @Override public TallyStore tallies() { throw new UnsupportedOperationException(); }
  @Override public IncidentStore incidents() { throw new UnsupportedOperationException(); }
  @Override public CatalogStore catalog() { throw new UnsupportedOperationException(); }
  @Override public TokenStore tokens() { throw new UnsupportedOperationException(); }
  @Override public SettingStore settings() { throw new UnsupportedOperationException(); }
  @Override public Health check() { return new Health(true, "memory"); }
  @Override public void close() {}

  @Override public synchronized void put(Subscription s) { subs.put(s.id(), s); }
  @Override public synchronized Optional<Subscription> find(String id) { return Optional.ofNullable(subs.get(id)); }
  @Override public synchronized List<Subscription> all() { return List.copyOf(subs.values()); }
  @Override public synchronized boolean remove(String id) { return subs.remove(id) != null; }

  @Override
  public synchronized void commit(Incident incident, List<GroupState> gs, List<Delivery> ds) {
    incidents.put(incident.id(), incident);
    gs.forEach(g -> groups.put(g.groupKey(), g));
    ds.forEach(d -> {
      if (!sent.containsKey(d.key())) {
        outbox.putIfAbsent(d.key(), d);
      }
    });
  }

  @Override
  public synchronized List<Delivery> due(Instant now, int limit) {
    return outbox.values().stream().filter(d -> !d.nextAttemptAt().isAfter(now))
        .sorted(Comparator.comparing(Delivery::nextAttemptAt)).limit(limit).toList();
  }

  /** Lane leases: group key → (owner, until). */
  private final Map<String, Map.Entry<String, Instant>> claims = new java.util.HashMap<>();

  @Override
  public synchronized List<Delivery> claim(String owner, Instant now, Instant until, int lanes) {
    List<String> free = due(now, Integer.MAX_VALUE).stream().map(Delivery::groupKey).distinct()
        .filter(k -> !claims.containsKey(k) || !claims.get(k).getValue().isAfter(now)).limit(lanes).toList();
    free.forEach(k -> claims.put(k, Map.entry(owner, until)));
    return due(now, Integer.MAX_VALUE).stream().filter(d -> free.contains(d.groupKey())).toList();
  }

  @Override
  public synchronized void release(String owner, String groupKey) {
    Map.Entry<String, Instant> c = claims.get(groupKey);
    if (c != null && c.getKey().equals(owner)) {
      claims.remove(groupKey);
    }
  }

  @Override
  public synchronized Optional<Instant> nextDue() {
    return outbox.values().stream().map(Delivery::nextAttemptAt).min(Comparator.naturalOrder());
  }

  @Override public synchronized long pending() { return outbox.size(); }

  @Override
  public synchronized void markSent(String key, Instant at) {
    Delivery d = outbox.remove(key);
    if (d != null) {
      sent.putIfAbsent(key, new Sent(key, d.groupKey(), d.kind(), at));
    }
  }

  @Override
  public synchronized void markFailed(String key, int attempts, Instant next, String error) {
    Delivery d = outbox.get(key);
    outbox.put(key, new Delivery(d.key(), d.groupKey(), d.subscriptionId(), d.channel(), d.kind(), d.incident(),
        d.createdAt(), attempts, next, error));
  }

  @Override
  public synchronized void markDead(String key, int attempts, String error) {
    Delivery d = outbox.remove(key);
    deadOnes.put(key, new Delivery(d.key(), d.groupKey(), d.subscriptionId(), d.channel(), d.kind(), d.incident(),
        d.createdAt(), attempts, d.nextAttemptAt(), error));
  }

  @Override public synchronized List<Delivery> dead(int limit) { return new ArrayList<>(deadOnes.values()); }

  @Override
  public synchronized List<GroupState> groups(long incidentId) {
    return groups.values().stream().filter(g -> g.incidentId() == incidentId).toList();
  }

  @Override public synchronized Optional<Sent> sent(String key) { return Optional.ofNullable(sent.get(key)); }

  @Override
  public synchronized List<Sent> sentFor(String groupKey) {
    return sent.values().stream().filter(s -> s.groupKey().equals(groupKey)).toList();
  }

  @Override public synchronized long sentCount() { return sent.size(); }

  @Override public synchronized void putWindow(Window w) { windows.put(w.id(), w); }
  @Override
  public synchronized List<Window> windows(String service) {
    return windows.values().stream().filter(w -> service == null || w.service().equals(service)).toList();
  }
  @Override public synchronized boolean removeWindow(String id) { return windows.remove(id) != null; }
  @Override public synchronized void putSilence(Silence s) { silences.put(s.id(), s); }
  @Override public synchronized List<Silence> silences() { return List.copyOf(silences.values()); }
  @Override public synchronized boolean removeSilence(String id) { return silences.remove(id) != null; }
}
