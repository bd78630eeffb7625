package org.vigie.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigie.core.incident.Incident;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.storage.NotificationLog.GroupState;
import org.vigie.core.storage.Outbox.Delivery;
import org.vigie.core.storage.Storage;
import org.vigie.core.storage.SubscriptionStore.Channel;
import org.vigie.core.storage.SubscriptionStore.Subscription;
import org.vigie.notify.Dispatcher;
import org.vigie.notify.Links;
import org.vigie.notify.Notifier;
import org.vigie.notify.NotifyPolicy;
import org.vigie.notify.Planner;
import org.vigie.notify.channel.HttpChannel;
import org.vigie.notify.channel.WebhookChannel;
import org.vigie.server.TestPostgres;
import org.vigie.store.postgres.PostgresStorage;

/**
 * The outbox shared by a cluster's instances (issue 7), on a real PostgreSQL 18 with real webhook
 * deliveries to a loopback receiver: dispatchers of several instances never send one delivery
 * twice, a lane held by an instance that died is taken over when its lease ends, and incident
 * changes the sink reads again after a crash queue nothing new.
 */
class SharedOutboxTest {
  private static final Instant T0 = Instant.parse("2019-06-13T14:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private Storage storage;
  private HttpServer receiver;
  /** webhook-id → how many times it arrived. */
  private final Map<String, AtomicInteger> arrivals = new ConcurrentHashMap<>();
  /** "incident id: event type" in arrival order. */
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final AtomicReference<Instant> wall = new AtomicReference<>(T0);
  private final InstantSource wallClock = () -> wall.get();
  private final List<Dispatcher> dispatchers = new ArrayList<>();

  @BeforeEach
  void freshSchemaAndReceiver() throws Exception {
    storage = PostgresStorage.open(TestPostgres.freshSchema("vigie_outbox"), TestPostgres.USER, null);
    // A deep backlog: two dispatchers open up to 256 connections each at once.
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1_024);
    receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    receiver.createContext("/hook", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      arrivals.computeIfAbsent(ex.getRequestHeaders().getFirst("webhook-id"), k -> new AtomicInteger()).incrementAndGet();
      var json = JSON.readTree(body);
      events.add(json.path("data").path("id").asText() + ": " + json.path("type").asText());
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    receiver.start();
    storage.subscriptions().put(new Subscription("s", "ops@example.org", Set.of("instagram"), Set.of(), PublicStatus.POSSIBLE_PROBLEMS,
        List.of(new Channel("webhook", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", WebhookChannel.newSecret())),
        true, T0));
  }

  @AfterEach
  void stop() {
    dispatchers.forEach(Dispatcher::close);
    receiver.stop(0);
    storage.close();
  }

  /** One instance's dispatcher: its own name for claims, the one outbox. */
  private Dispatcher dispatcher(Dispatcher.Outcomes outcomes) {
    Links links = new Links() {
      @Override
      public String incident(Incident incident) {
        return "http://vigie.example/api/v1/incidents/" + incident.id();
      }

      @Override
      public String unsubscribe(Subscription subscription) {
        return null;
      }

      @Override
      public String serviceName(String slug) {
        return "Instagram";
      }
    };
    Dispatcher d = new Dispatcher(storage.outbox(), storage.notificationLog(), storage.subscriptions(),
        List.of(new WebhookChannel(HttpChannel.defaultClient())), NotifyPolicy.DEFAULT, wallClock, links, outcomes);
    dispatchers.add(d);
    return d;
  }

  private static Incident incident(long id, int minutes, boolean resolved) {
    Instant start = T0.plusSeconds(id * 7_200);
    Instant now = start.plusSeconds(60L * minutes);
    return new Incident(id, "instagram", start, start.plusSeconds(60), resolved ? now : null, PublicStatus.OUTAGE,
        resolved ? PublicStatus.OPERATIONAL : PublicStatus.OUTAGE, 900, start.plusSeconds(120), 10_000L + minutes,
        List.of(new Incident.CountryShare("US", 5_000, !resolved, start, resolved ? now : null)), List.of(), List.of(), null);
  }

  /** An opened and a resolved message per incident, committed as the notifier would. */
  private void queue(int incidents) {
    for (long id = 1; id <= incidents; id++) {
      String group = id + ":s:0";
      Incident open = incident(id, 5, false);
      Incident resolved = incident(id, 60, true);
      storage.outbox().commit(resolved, List.of(new GroupState(group, id, "s", 0, open.startedAt(), "resolved|OUTAGE", resolved.resolvedAt(), true)),
          List.of(new Delivery("msg-" + id + "-opened", group, "s", 0, Planner.OPENED, open, T0, 0, T0, null),
              new Delivery("msg-" + id + "-resolved", group, "s", 0, Planner.RESOLVED, resolved, T0.plusMillis(1), 0, T0, null)));
    }
  }

  @Test
  void twoInstancesDispatchingFromOneOutboxSendEachDeliveryOnceAndEachLaneInOrder() throws Exception {
    int incidents = 300; // 300 lanes: more than one round of one dispatcher takes (256)
    queue(incidents);
    Map<String, AtomicInteger> sentBy = new ConcurrentHashMap<>();
    List<Thread> instances = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    for (String name : List.of("a", "b")) {
      Dispatcher d = dispatcher(new Dispatcher.Outcomes() {
        @Override
        public void sent(String channelKind) {
          sentBy.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        }
      });
      instances.add(Thread.ofPlatform().name("instance-" + name).start(() -> {
        try {
          go.await();
          // Rounds as each instance's ticker runs them, as fast as they go, until the outbox is empty.
          // (A failed attempt would wait for a retry the fixed clock never reaches: bounded.)
          long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
          while (storage.outbox().pending() > 0 && System.nanoTime() < deadline) {
            d.runOnce().get(60, TimeUnit.SECONDS);
          }
        } catch (Exception | AssertionError e) {
          failures.add(e);
        }
      }));
    }
    go.countDown();
    for (Thread t : instances) {
      t.join(Duration.ofMinutes(3));
    }
    assertThat(failures).isEmpty();
    assertThat(arrivals).as("every delivery arrived").hasSize(2 * incidents);
    assertThat(arrivals.entrySet()).as("deliveries that arrived more than once")
        .filteredOn(e -> e.getValue().get() != 1).isEmpty();
    assertThat(storage.notificationLog().sentCount()).isEqualTo(2L * incidents);
    assertThat(sentBy).as("both instances sent (the claims were contended)").containsKeys("a", "b");
    for (long id = 1; id <= incidents; id++) {
      String prefix = id + ": ";
      assertThat(events).as("incident %d's messages in order", id).filteredOn(e -> e.startsWith(prefix))
          .containsExactly(prefix + "incident.opened", prefix + "incident.resolved");
    }
  }

  @Test
  void aLaneHeldByAnInstanceThatDiedIsSentByAnotherOnceTheLeaseEnds() throws Exception {
    queue(1);
    // An instance claims the lane and dies before sending: its claim stays.
    assertThat(storage.outbox().claim("instance-that-died", T0, T0.plus(Dispatcher.LEASE), 10)).hasSize(2);
    Dispatcher survivor = dispatcher(Dispatcher.Outcomes.NONE);

    wall.set(T0.plus(Dispatcher.LEASE).minusSeconds(1));
    survivor.runOnce().get(30, TimeUnit.SECONDS);
    assertThat(arrivals).as("nothing while the dead instance's lease runs").isEmpty();

    wall.set(T0.plus(Dispatcher.LEASE));
    survivor.runOnce().get(30, TimeUnit.SECONDS);
    assertThat(events).containsExactly("1: incident.opened", "1: incident.resolved");
    assertThat(arrivals).containsOnlyKeys("msg-1-opened", "msg-1-resolved");
    assertThat(storage.outbox().pending()).isZero();
  }

  @Test
  void incidentChangesPlannedAgainAfterASinkCrashQueueNothingNew() throws Exception {
    storage.subscriptions().put(new Subscription("mail", "ops@example.org", Set.of("instagram"), Set.of(), PublicStatus.POSSIBLE_PROBLEMS,
        List.of(new Channel("webhook", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", WebhookChannel.newSecret())),
        true, T0));
    // What the sink hands over for one incident: a change a minute from detection, then its resolution.
    List<Notifier.Change> changes = new ArrayList<>();
    for (int m = 1; m <= 20; m++) {
      Incident i = incident(7, m, false);
      changes.add(new Notifier.Change(i, i.startedAt().plusSeconds(60L * (m + 1))));
    }
    Incident resolved = incident(7, 30, true);
    changes.add(new Notifier.Change(resolved, resolved.resolvedAt().plusSeconds(60)));
    try (Notifier notifier = new Notifier(storage, new Planner(NotifyPolicy.DEFAULT), () -> null, wallClock, () -> {})) {
      notifier.process(changes);
      assertThat(storage.outbox().pending()).as("opened and resolved, for each of two subscribers").isEqualTo(4);
      // Redelivered: the whole poll, then from the middle (offsets committed part-way), before any send.
      notifier.process(changes);
      notifier.process(changes.subList(10, changes.size()));
      assertThat(storage.outbox().pending()).isEqualTo(4);

      Dispatcher d = dispatcher(Dispatcher.Outcomes.NONE);
      d.runOnce().get(30, TimeUnit.SECONDS);
      assertThat(storage.notificationLog().sentCount()).isEqualTo(4);
      // Redelivered after the sends.
      notifier.process(changes);
      notifier.process(changes.subList(15, changes.size()));
      assertThat(storage.outbox().pending()).isZero();
      d.runOnce().get(30, TimeUnit.SECONDS);
    }
    assertThat(arrivals).hasSize(4).allSatisfy((id, n) -> assertThat(n.get()).isEqualTo(1));
    assertThat(events).containsExactlyInAnyOrder("7: incident.opened", "7: incident.opened", "7: incident.resolved", "7: incident.resolved");
  }

  /**
   * The sink may read an incident's opening and its resolution in one poll (the correlation
   * stage hands snapshots over in bursts): planned at the same wall instant, they must still
   * leave their lane in order. Twelve incidents, so hash order passing by luck is 1 in 4,096.
   */
  @Test
  void anOpeningAndItsResolutionPlannedInOnePollLeaveInThatOrder() throws Exception {
    List<Notifier.Change> changes = new ArrayList<>();
    for (long id = 1; id <= 12; id++) {
      for (int m = 1; m <= 3; m++) {
        Incident i = incident(id, m, false);
        changes.add(new Notifier.Change(i, i.startedAt().plusSeconds(60L * (m + 1))));
      }
      Incident resolved = incident(id, 30, true);
      changes.add(new Notifier.Change(resolved, resolved.resolvedAt().plusSeconds(60)));
    }
    try (Notifier notifier = new Notifier(storage, new Planner(NotifyPolicy.DEFAULT), () -> null, wallClock, () -> {})) {
      notifier.process(changes);
    }
    assertThat(storage.outbox().pending()).isEqualTo(24);
    dispatcher(Dispatcher.Outcomes.NONE).runOnce().get(30, TimeUnit.SECONDS);
    for (long id = 1; id <= 12; id++) {
      String prefix = id + ": ";
      assertThat(events.stream().filter(e -> e.startsWith(prefix)).toList()).as("incident " + id)
          .containsExactly(prefix + "incident.opened", prefix + "incident.resolved");
    }
  }
}
