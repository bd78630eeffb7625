package org.vigie.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.storage.MaintenanceStore;
import org.vigie.core.storage.NotificationLog.GroupState;
import org.vigie.core.storage.Outbox.Delivery;
import org.vigie.core.storage.SubscriptionStore.Channel;
import org.vigie.core.storage.SubscriptionStore.Subscription;

class PlannerTest {
  private static final Instant WALL = Instant.parse("2026-01-01T00:00:00Z");
  private final Planner planner = new Planner(NotifyPolicy.DEFAULT);
  private final Channel mail = new Channel("email", "ops@example.org", null);

  /** Replays changes as the notifier would, carrying recorded state from one to the next. */
  private List<Delivery> replay(List<Incidents.Change> changes, List<Subscription> subs, Muter muter) {
    Map<String, GroupState> state = new HashMap<>();
    List<Delivery> out = new ArrayList<>();
    for (Incidents.Change c : changes) {
      Planner.Plan p = planner.plan(c.incident(), c.at(), WALL, subs, state, muter);
      p.groups().forEach(g -> state.put(g.groupKey(), g));
      out.addAll(p.deliveries());
    }
    return out;
  }

  @Test
  void aSixHourOutageReportedEveryMinuteGivesOneMessageWhenItOpensAndOneWhenItResolves() {
    List<Delivery> sent = replay(Incidents.sixHourOutage(7), List.of(Incidents.subscriber("s1", mail)), Muter.NONE);
    assertThat(sent).extracting(Delivery::kind).containsExactly(Planner.OPENED, Planner.RESOLVED);
    // The escalation a minute after detection is folded into the first message by the group wait.
    assertThat(sent.getFirst().incident().severity()).isEqualTo(PublicStatus.OUTAGE);
    assertThat(sent).extracting(Delivery::key).doesNotHaveDuplicates();
  }

  @Test
  void everyChannelOfEverySubscriberIsItsOwnGroup() {
    Subscription two = Incidents.subscriber("s2", mail, new Channel("slack", "http://127.0.0.1/hook", null));
    List<Delivery> sent = replay(Incidents.sixHourOutage(7), List.of(Incidents.subscriber("s1", mail), two), Muter.NONE);
    assertThat(sent).hasSize(6);
    assertThat(sent).extracting(Delivery::groupKey).containsOnly("7:s1:0", "7:s2:0", "7:s2:1");
  }

  @Test
  void aSubscriberOfOneCountryHearsWhenTheirCountryJoinsNotBefore() {
    Subscription fr = new Subscription("fr", null, Set.of("instagram"), Set.of("FR"), PublicStatus.POSSIBLE_PROBLEMS,
        List.of(mail), true, Incidents.ONSET);
    List<Delivery> sent = replay(Incidents.sixHourOutage(7), List.of(fr), Muter.NONE);
    assertThat(sent).extracting(Delivery::kind).containsExactly(Planner.OPENED, Planner.RESOLVED);
    // FR joined 30 minutes in: the opening message is from then, not from detection.
    assertThat(sent.getFirst().incident().countries()).extracting(c -> c.country()).contains("FR");
  }

  @Test
  void aMinimumSeverityAboveTheIncidentsKeepsItQuiet() {
    Subscription picky = new Subscription("p", null, Set.of("instagram"), Set.of(), PublicStatus.OUTAGE, List.of(mail), true, Incidents.ONSET);
    List<Incidents.Change> mild = Incidents.sixHourOutage(7).stream()
        .map(c -> new Incidents.Change(Incidents.snapshot(7, 1, PublicStatus.POSSIBLE_PROBLEMS, PublicStatus.POSSIBLE_PROBLEMS,
            c.incident().resolvedAt(), "US"), c.at()))
        .toList();
    assertThat(replay(mild, List.of(picky), Muter.NONE)).isEmpty();
  }

  @Test
  void unconfirmedSubscribersAndOtherServicesGetNothing() {
    Subscription unconfirmed = Incidents.subscriber("u", mail).withConfirmed(false);
    Subscription other = new Subscription("o", null, Set.of("whatsapp"), Set.of(), PublicStatus.POSSIBLE_PROBLEMS, List.of(mail), true, Incidents.ONSET);
    assertThat(replay(Incidents.sixHourOutage(7), List.of(unconfirmed, other), Muter.NONE)).isEmpty();
  }

  @Test
  void aMaintenanceWindowMutesTheOpeningUntilItEnds() {
    Instant start = Incidents.ONSET;
    MaintenanceStore.Window w = new MaintenanceStore.Window("w", "instagram", "upgrade", null, start, start.plus(Duration.ofHours(1)), start);
    List<Delivery> sent = replay(Incidents.sixHourOutage(7), List.of(Incidents.subscriber("s1", mail)), Muter.of(List.of(w), List.of()));
    assertThat(sent).extracting(Delivery::kind).containsExactly(Planner.OPENED, Planner.RESOLVED);
    assertThat(sent.getFirst().incident().totalReports()).as("opened after the window ended, an hour in").isGreaterThanOrEqualTo(58_000);
  }

  @Test
  void anIncidentOverWithinTheGroupWaitIsNeverAnnouncedNorItsEnd() {
    List<Incidents.Change> blip = List.of(
        new Incidents.Change(Incidents.snapshot(3, 0, PublicStatus.POSSIBLE_PROBLEMS, PublicStatus.POSSIBLE_PROBLEMS, null), Incidents.ONSET.plusSeconds(120)),
        new Incidents.Change(Incidents.snapshot(3, 1, PublicStatus.POSSIBLE_PROBLEMS, PublicStatus.OPERATIONAL, Incidents.ONSET.plusSeconds(180)),
            Incidents.ONSET.plusSeconds(180)));
    assertThat(replay(blip, List.of(Incidents.subscriber("s1", mail)), Muter.NONE)).isEmpty();
  }

  @Test
  void aSilenceOfOneSubscriberLeavesTheOthers() {
    MaintenanceStore.Silence s = new MaintenanceStore.Silence("x", null, "s1", Incidents.ONSET, Incidents.ONSET.plus(Duration.ofDays(1)), "on holiday");
    List<Delivery> sent = replay(Incidents.sixHourOutage(7), List.of(Incidents.subscriber("s1", mail), Incidents.subscriber("s2", mail)),
        Muter.of(List.of(), List.of(s)));
    assertThat(sent).extracting(Delivery::subscriptionId).containsOnly("s2");
  }

  @Test
  void aChangeSeenAgainAfterACrashDecidesNothingNew() {
    List<Incidents.Change> changes = Incidents.sixHourOutage(7);
    Map<String, GroupState> state = new HashMap<>();
    List<Subscription> subs = List.of(Incidents.subscriber("s1", mail));
    Planner.Plan first = null;
    for (Incidents.Change c : changes.subList(0, 3)) {
      Planner.Plan p = planner.plan(c.incident(), c.at(), WALL, subs, state, Muter.NONE);
      p.groups().forEach(g -> state.put(g.groupKey(), g));
      if (!p.deliveries().isEmpty()) {
        first = p;
      }
    }
    assertThat(first).isNotNull();
    // Planned from the state before the opening was recorded, it decides the same key again,
    // which the outbox already holds.
    Map<String, GroupState> before = new HashMap<>();
    before.put("7:s1:0", new GroupState("7:s1:0", 7, "s1", 0, changes.getFirst().at(), null, null, false));
    Planner.Plan again = planner.plan(changes.get(2).incident(), changes.get(2).at(), WALL.plusSeconds(99), subs, before, Muter.NONE);
    assertThat(again.deliveries()).extracting(Delivery::key).isEqualTo(first.deliveries().stream().map(Delivery::key).toList());
  }

  @Test
  void aLongIncidentIsRecalledAfterTheRepeatInterval() {
    Planner shortRepeat = new Planner(new NotifyPolicy(Duration.ofMinutes(2), Duration.ofMinutes(15), Duration.ofHours(2), 5,
        Duration.ofSeconds(1), Duration.ofSeconds(10)));
    Map<String, GroupState> state = new HashMap<>();
    List<Delivery> out = new ArrayList<>();
    for (Incidents.Change c : Incidents.sixHourOutage(7)) {
      Planner.Plan p = shortRepeat.plan(c.incident(), c.at(), WALL, List.of(Incidents.subscriber("s1", mail)), state, Muter.NONE);
      p.groups().forEach(g -> state.put(g.groupKey(), g));
      out.addAll(p.deliveries());
    }
    assertThat(out).extracting(Delivery::kind).containsExactly(Planner.OPENED, Planner.UPDATED, Planner.UPDATED, Planner.RESOLVED);
  }

  @Test
  void backOffDoublesUpToItsCap() {
    NotifyPolicy p = new NotifyPolicy(Duration.ZERO, Duration.ZERO, Duration.ZERO, 10, Duration.ofSeconds(10), Duration.ofMinutes(1));
    assertThat(List.of(p.backoff(1), p.backoff(2), p.backoff(3), p.backoff(4), p.backoff(40)))
        .containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40), Duration.ofMinutes(1), Duration.ofMinutes(1));
  }
}
