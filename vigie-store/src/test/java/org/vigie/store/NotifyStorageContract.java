package org.vigie.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.core.incident.Incident;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.storage.MaintenanceStore;
import org.vigie.core.storage.NotificationLog.GroupState;
import org.vigie.core.storage.Outbox.Delivery;
import org.vigie.core.storage.Storage;
import org.vigie.core.storage.SubscriptionStore.Channel;
import org.vigie.core.storage.SubscriptionStore.Subscription;

/**
 * What every backend owes the notification pipeline (issue 6): subscriptions, the outbox with
 * its atomic commit, the notification log, maintenance and silences. Kept apart from
 * {@link StorageContract} so backends adopt it role by role; a backend extends it like the other.
 */
public abstract class NotifyStorageContract {
  protected static final Instant T0 = Instant.parse("2021-10-04T15:39:00Z");

  @TempDir protected Path dir;
  protected Storage storage;

  protected abstract Storage newStorage(Path dir);

  @BeforeEach
  void open() {
    storage = newStorage(dir);
  }

  @AfterEach
  void close() {
    storage.close();
  }

  protected void reopen() {
    storage.close();
    storage = newStorage(dir);
  }

  static Incident incident(long id, Instant resolvedAt) {
    return new Incident(id, "instagram", T0, T0.plusSeconds(120), resolvedAt, PublicStatus.OUTAGE,
        resolvedAt == null ? PublicStatus.OUTAGE : PublicStatus.OPERATIONAL, 900, T0.plusSeconds(300), 12_345,
        List.of(new Incident.CountryShare("US", 5000, true, T0, null)), List.of(new Incident.IndicatorShare("app", 7000)),
        List.of(new Incident.TimelineEvent(T0.plusSeconds(120), "opened", "Problems detected")), null);
  }

  static Subscription subscription(String id) {
    return new Subscription(id, "ops@example.org", Set.of("instagram", "whatsapp"), Set.of("FR"), PublicStatus.OUTAGE,
        List.of(new Channel("email", "ops@example.org", null), new Channel("webhook", "https://h.example/x", "whsec_AAAA")),
        false, T0);
  }

  static Delivery delivery(String key, Incident i, Instant due) {
    return new Delivery(key, i.id() + ":s:0", "s", 0, "opened", i, T0, 0, due, null);
  }

  @Nested
  class Subscriptions {
    @Test
    void aSubscriptionComesBackAsStoredWithItsChannelsAndSecrets() {
      storage.subscriptions().put(subscription("s1"));
      reopen();
      assertThat(storage.subscriptions().find("s1")).contains(subscription("s1"));
      assertThat(storage.subscriptions().all()).containsExactly(subscription("s1"));
    }

    @Test
    void putReplacesAndRemoveSaysWhetherThereWasOne() {
      storage.subscriptions().put(subscription("s1"));
      storage.subscriptions().put(subscription("s1").withConfirmed(true));
      assertThat(storage.subscriptions().find("s1").orElseThrow().confirmed()).isTrue();
      assertThat(storage.subscriptions().remove("s1")).isTrue();
      assertThat(storage.subscriptions().remove("s1")).isFalse();
      assertThat(storage.subscriptions().find("s1")).isEmpty();
    }
  }

  @Nested
  class OutboxRole {
    @Test
    void anIncidentChangeAndItsNotificationsCommitTogetherAndSurviveARestart() {
      Incident i = incident(4, null);
      GroupState g = new GroupState("4:s:0", 4, "s", 0, T0, "open|OUTAGE", T0.plusSeconds(240), false);
      storage.outbox().commit(i, List.of(g), List.of(delivery("k1", i, T0)));
      reopen();
      assertThat(storage.incidents().find(4)).contains(i);
      assertThat(storage.notificationLog().groups(4)).containsExactly(g);
      assertThat(storage.outbox().due(T0, 10)).containsExactly(delivery("k1", i, T0));
      assertThat(storage.outbox().pending()).isEqualTo(1);
    }

    @Test
    void aKeyCommittedTwiceStaysOneDelivery() {
      Incident i = incident(4, null);
      storage.outbox().commit(i, List.of(), List.of(delivery("k1", i, T0)));
      storage.outbox().commit(i, List.of(), List.of(delivery("k1", i, T0.plusSeconds(5))));
      assertThat(storage.outbox().due(Instant.MAX, 10)).hasSize(1).first().extracting(Delivery::nextAttemptAt).isEqualTo(T0);
    }

    @Test
    void dueHonoursTheNextAttemptTime() {
      Incident i = incident(4, null);
      storage.outbox().commit(i, List.of(), List.of(delivery("a", i, T0), delivery("b", i, T0.plusSeconds(60))));
      assertThat(storage.outbox().due(T0.plusSeconds(59), 10)).extracting(Delivery::key).containsExactly("a");
      assertThat(storage.outbox().nextDue()).contains(T0);
      storage.outbox().markFailed("a", 1, T0.plusSeconds(120), "slack: HTTP 503");
      assertThat(storage.outbox().due(T0.plusSeconds(60), 10)).extracting(Delivery::key).containsExactly("b");
      Delivery a = storage.outbox().due(T0.plusSeconds(120), 10).stream().filter(d -> d.key().equals("a")).findFirst().orElseThrow();
      assertThat(a.attempts()).isEqualTo(1);
      assertThat(a.lastError()).isEqualTo("slack: HTTP 503");
    }

    @Test
    void aSentDeliveryMovesToTheLogAtomically() {
      Incident i = incident(4, null);
      storage.outbox().commit(i, List.of(), List.of(delivery("k1", i, T0)));
      storage.outbox().markSent("k1", T0.plusSeconds(3));
      assertThat(storage.outbox().pending()).isZero();
      assertThat(storage.notificationLog().sent("k1")).hasValueSatisfying(s -> {
        assertThat(s.sentAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(s.kind()).isEqualTo("opened");
      });
      assertThat(storage.notificationLog().sentFor("4:s:0")).hasSize(1);
      assertThat(storage.notificationLog().sentCount()).isEqualTo(1);
    }

    @Test
    void aKeyAlreadySentIsNotQueuedAgain() {
      // The cluster's sink plans an event again after a crash: the same decision, the same key.
      Incident i = incident(4, null);
      storage.outbox().commit(i, List.of(), List.of(delivery("k1", i, T0)));
      storage.outbox().markSent("k1", T0.plusSeconds(3));
      storage.outbox().commit(i, List.of(), List.of(delivery("k1", i, T0)));
      assertThat(storage.outbox().pending()).isZero();
      assertThat(storage.notificationLog().sentCount()).isEqualTo(1);
    }

    @Test
    void aClaimHoldsAWholeLaneForOneOwnerUntilItsLeaseEnds() {
      Incident i = incident(4, null);
      Incident j = incident(5, null);
      Delivery a = delivery("a", i, T0);
      Delivery b = delivery("b", i, T0.plusSeconds(1));
      Delivery later = delivery("later", i, T0.plusSeconds(600));
      Delivery c = new Delivery("c", "5:s:0", "s", 0, "opened", j, T0, 0, T0, null);
      storage.outbox().commit(i, List.of(), List.of(a, b, later));
      storage.outbox().commit(j, List.of(), List.of(c));
      Instant lease = T0.plusSeconds(120);

      assertThat(storage.outbox().claim("x", T0.plusSeconds(1), lease, 1)).as("one lane, its due deliveries oldest first")
          .extracting(Delivery::key).containsExactly("a", "b");
      assertThat(storage.outbox().claim("y", T0.plusSeconds(2), T0.plusSeconds(600), 10)).as("the other lane only")
          .extracting(Delivery::key).containsExactly("c");
      assertThat(storage.outbox().claim("z", T0.plusSeconds(3), T0.plusSeconds(123), 10)).as("both lanes held").isEmpty();
      assertThat(storage.outbox().due(T0.plusSeconds(3), 10)).as("due() ignores claims").hasSize(3);

      // x dies: once its lease ends, another owner takes the lane over, and x can no longer let it go.
      assertThat(storage.outbox().claim("z", lease, lease.plusSeconds(120), 10)).extracting(Delivery::key)
          .containsExactly("a", "b");
      storage.outbox().release("x", i.id() + ":s:0");
      assertThat(storage.outbox().claim("w", lease.plusSeconds(1), lease.plusSeconds(121), 10)).isEmpty();
      // Released by its holder, a lane is free at once.
      storage.outbox().release("z", i.id() + ":s:0");
      assertThat(storage.outbox().claim("w", lease.plusSeconds(2), lease.plusSeconds(122), 10)).extracting(Delivery::key)
          .containsExactly("a", "b");
    }

    @Test
    void concurrentClaimersNeverGetTheSameLane() throws Exception {
      int lanes = 60;
      for (int n = 0; n < lanes; n++) {
        Incident i = incident(100 + n, null);
        storage.outbox().commit(i, List.of(), List.of(delivery("k" + n + "a", i, T0), delivery("k" + n + "b", i, T0.plusSeconds(1))));
      }
      java.util.Map<String, String> holder = new java.util.concurrent.ConcurrentHashMap<>();
      java.util.List<String> twice = new java.util.concurrent.CopyOnWriteArrayList<>();
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      java.util.List<Thread> claimers = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String owner = "owner-" + t;
        claimers.add(Thread.ofPlatform().start(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            return;
          }
          // Nothing is released: each lane may be claimed once in all, however the calls interleave.
          for (int round = 0; round < 40; round++) {
            for (Delivery d : storage.outbox().claim(owner, T0.plusSeconds(2), T0.plusSeconds(600), 3)) {
              if (holder.putIfAbsent(d.key(), owner) != null) {
                twice.add(d.key());
              }
            }
          }
        }));
      }
      go.countDown();
      for (Thread t : claimers) {
        t.join();
      }
      assertThat(twice).as("deliveries handed to two claimers").isEmpty();
      assertThat(holder).hasSize(2 * lanes);
      assertThat(storage.outbox().claim("late", T0.plusSeconds(3), T0.plusSeconds(600), lanes)).isEmpty();
    }

    @Test
    void aDeadDeliveryIsNoLongerDueButStaysVisible() {
      Incident i = incident(4, null);
      storage.outbox().commit(i, List.of(), List.of(delivery("k1", i, T0)));
      storage.outbox().markDead("k1", 3, "slack: HTTP 404");
      assertThat(storage.outbox().due(Instant.MAX, 10)).isEmpty();
      assertThat(storage.outbox().pending()).isZero();
      assertThat(storage.outbox().dead(10)).singleElement().satisfies(d -> {
        assertThat(d.attempts()).isEqualTo(3);
        assertThat(d.lastError()).isEqualTo("slack: HTTP 404");
      });
    }
  }

  @Nested
  class Maintenance {
    @Test
    void windowsAndSilencesComeBackAsStored() {
      MaintenanceStore.Window w = new MaintenanceStore.Window("w1", "instagram", "Database upgrade", "Read-only for an hour",
          T0, T0.plusSeconds(3600), T0.minusSeconds(86400));
      MaintenanceStore.Silence s = new MaintenanceStore.Silence("x1", null, "s1", T0, T0.plusSeconds(60), "holiday");
      storage.maintenance().putWindow(w);
      storage.maintenance().putSilence(s);
      reopen();
      assertThat(storage.maintenance().windows("instagram")).containsExactly(w);
      assertThat(storage.maintenance().windows(null)).containsExactly(w);
      assertThat(storage.maintenance().windows("whatsapp")).isEmpty();
      assertThat(storage.maintenance().silences()).containsExactly(s);
      assertThat(storage.maintenance().removeWindow("w1")).isTrue();
      assertThat(storage.maintenance().removeSilence("x1")).isTrue();
      assertThat(storage.maintenance().windows(null)).isEmpty();
    }
  }
}
