package org.vigie.core.incident;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.vigie.core.detect.Assessment;
import org.vigie.core.model.Countries;
import org.vigie.core.model.Evidence;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.tally.MinuteTally;

/**
 * The correlation rules over snapshots (cluster mode) against the engine that applies them minute
 * by minute (embedded mode): the same groups and collateral attributions, whatever order the
 * services' snapshots arrive in.
 */
class CorrelatorTest {
  private static final long T0 = Instant.parse("2021-10-04T15:39:00Z").getEpochSecond() / 60;
  private static final Relations META = Relations.of(
      Map.of("facebook", Set.of("meta"), "instagram", Set.of("meta"), "orange", Set.of("orange"), "steam", Set.of("valve")),
      Set.of("orange"));

  private static ServiceMinute minute(String service, long offset, int reports, Evidence e) {
    return minute(service, offset, reports, e, 0, 0);
  }

  /** A minute whose world tally carries the service's own probes: {@code failing} of {@code probes} vantage points. */
  private static ServiceMinute minute(String service, long offset, int reports, Evidence e, int probes, int failing) {
    MinuteTally t = new MinuteTally(service, Countries.WORLD, Instant.ofEpochSecond((T0 + offset) * 60), reports, reports,
        reports, Map.of(), 0, failing, probes, 1, e);
    return new ServiceMinute(service, T0 + offset, new ServiceMinute.Part(t, new Assessment(e, 1, 0)), List.of());
  }

  /** Facebook and Instagram down (Instagram detected two minutes later), Orange lighting up, Steam on its own. */
  private static List<ServiceMinute> story() {
    List<ServiceMinute> out = new ArrayList<>();
    for (int m = 0; m < 60; m++) {
      boolean down = m < 40;
      out.add(minute("facebook", m, down ? 3000 : 3, down ? Evidence.STRONG : Evidence.NONE));
      out.add(minute("instagram", m, down ? 2000 : 2, down && m >= 2 ? Evidence.STRONG : Evidence.NONE));
      out.add(minute("orange", m, m >= 5 && m < 25 ? 30 : 1, m >= 5 && m < 25 ? Evidence.STRONG : Evidence.NONE));
      out.add(minute("steam", m, 50, m >= 1 && m < 30 ? Evidence.STRONG : Evidence.NONE));
    }
    return out;
  }

  /** Embedded: one engine with relations sees every service. */
  private static Map<String, Incident> embedded(List<ServiceMinute> minutes) {
    AtomicLong ids = new AtomicLong();
    IncidentEngine engine = new IncidentEngine(IncidentPolicy.DEFAULT, ids::incrementAndGet, META);
    Map<String, Incident> last = new HashMap<>();
    for (ServiceMinute m : minutes) {
      engine.onMinute(m).ifPresent(i -> last.put(i.service(), i));
    }
    return last;
  }

  /**
   * Cluster: each service on its own engine without relations (its own partition); their
   * snapshots reach the correlator service after service, in the order given.
   */
  private static Map<String, Incident> cluster(List<ServiceMinute> minutes, List<String> order) {
    AtomicLong ids = new AtomicLong();
    Map<String, List<Incident>> snapshots = new HashMap<>();
    for (String service : order) {
      IncidentEngine engine = new IncidentEngine(IncidentPolicy.DEFAULT, ids::incrementAndGet);
      for (ServiceMinute m : minutes) {
        if (m.service().equals(service)) {
          engine.onMinute(m).ifPresent(i -> snapshots.computeIfAbsent(service, k -> new ArrayList<>()).add(i));
        }
      }
    }
    Correlator correlator = new Correlator(META, IncidentPolicy.DEFAULT);
    Map<String, Incident> last = new HashMap<>();
    for (String service : order) {
      for (Incident raw : snapshots.getOrDefault(service, List.of())) {
        correlator.accept(raw).forEach(e -> last.put(e.raw().service(), e.published()));
      }
    }
    return last;
  }

  private static String outcome(Incident i) {
    return i.service() + " group " + i.group() + " severity " + i.severity()
        + (i.timeline().stream().anyMatch(e -> e.kind().equals("collateral")) ? " collateral" : "")
        + (i.timeline().stream().anyMatch(e -> e.kind().equals("collateral-attributed")) ? " cause" : "");
  }

  private static List<String> outcomes(Map<String, Incident> last) {
    return last.values().stream().map(CorrelatorTest::outcome).sorted().toList();
  }

  @Test
  void snapshotsInAnyServiceOrderGiveTheEnginesGroupsAndAttributions() {
    List<ServiceMinute> minutes = story();
    List<String> expected = outcomes(embedded(minutes));
    assertThat(expected).containsExactly(
        "facebook group meta-2021-10-04T15:39Z severity OUTAGE cause",
        "instagram group meta-2021-10-04T15:39Z severity OUTAGE",
        "orange group meta-2021-10-04T15:39Z severity POSSIBLE_PROBLEMS collateral",
        "steam group null severity OUTAGE");
    assertThat(outcomes(cluster(minutes, List.of("facebook", "instagram", "orange", "steam")))).isEqualTo(expected);
    // A lagging partition: the collateral and the later family member come before the cause.
    assertThat(outcomes(cluster(minutes, List.of("orange", "instagram", "steam", "facebook")))).isEqualTo(expected);
  }

  @Test
  void aCollateralIncidentNeverShowsAnOutageOfItsOwn() {
    Map<String, Incident> last = cluster(story(), List.of("orange", "facebook", "instagram", "steam"));
    Incident orange = last.get("orange");
    assertThat(orange.severity()).isEqualTo(PublicStatus.POSSIBLE_PROBLEMS);
    assertThat(orange.timeline()).noneMatch(e -> e.kind().equals("escalated") && e.text().startsWith(PublicStatus.OUTAGE.label("en")));
    assertThat(orange.timeline()).anyMatch(e -> e.kind().equals("collateral") && e.text().contains("Meta outage"));
  }

  @Test
  void aSmallOutageIsNoCauseAndAnOutageLongAfterTheSpikeIsNone() {
    List<ServiceMinute> minutes = new ArrayList<>();
    for (int m = 0; m < 60; m++) {
      // Steam's outage peaks at 50, not 5 × Orange's 30; Facebook's starts 30 minutes after Orange's.
      minutes.add(minute("steam", m, 50, m < 40 ? Evidence.STRONG : Evidence.NONE));
      minutes.add(minute("orange", m, m < 20 ? 30 : 1, m < 20 ? Evidence.STRONG : Evidence.NONE));
      minutes.add(minute("facebook", m, m >= 30 && m < 50 ? 3000 : 3, m >= 30 && m < 50 ? Evidence.STRONG : Evidence.NONE));
    }
    List<String> expected = outcomes(embedded(minutes));
    assertThat(expected).anySatisfy(s -> assertThat(s).startsWith("orange group null"));
    assertThat(outcomes(cluster(minutes, List.of("orange", "steam", "facebook")))).isEqualTo(expected);
    assertThat(outcomes(cluster(minutes, List.of("facebook", "steam", "orange")))).isEqualTo(expected);
  }

  @Test
  void aRestoredEntryKeepsItsGroup() {
    List<ServiceMinute> minutes = story();
    Map<String, Incident> before = cluster(minutes.subList(0, 4 * 10), List.of("facebook", "instagram", "orange", "steam"));
    Correlator restored = new Correlator(META, IncidentPolicy.DEFAULT);
    for (Incident i : before.values()) {
      boolean collateral = i.timeline().stream().anyMatch(e -> e.kind().equals("collateral"));
      restored.restore(new Correlator.Entry(i, i.group(), collateral, null, List.of()));
    }
    Incident facebook = before.get("facebook");
    List<Correlator.Entry> changed = restored.accept(facebook);
    assertThat(changed.getFirst().published().group()).isEqualTo("meta-2021-10-04T15:39Z");
    assertThat(restored.entries()).hasSize(4);
  }

  /**
   * Facebook down from minute 0 to 40, Orange lighting up from 5 to 25, Orange's four vantage
   * points failing as {@code failing} says (vantage points failing at that minute).
   */
  private static List<ServiceMinute> probedStory(java.util.function.LongToIntFunction failing) {
    List<ServiceMinute> out = new ArrayList<>();
    for (int m = 0; m < 60; m++) {
      boolean down = m < 40;
      boolean spike = m >= 5 && m < 25;
      out.add(minute("facebook", m, down ? 3000 : 3, down ? Evidence.STRONG : Evidence.NONE));
      out.add(minute("orange", m, spike ? 30 : 1, spike ? Evidence.STRONG : Evidence.NONE, 4, failing.applyAsInt(m)));
    }
    return out;
  }

  /** The lines and levels the collateral rule decides, with their times. */
  private static String ownOutcome(Incident i) {
    List<String> lines = i.timeline().stream()
        .filter(e -> List.of("collateral", "own-outage", "collateral-attributed", "escalated").contains(e.kind()))
        .map(e -> e.kind() + "@+" + (e.at().getEpochSecond() / 60 - T0))
        .toList();
    return outcome(i) + " current " + i.current() + " " + lines;
  }

  private static List<String> ownOutcomes(Map<String, Incident> last) {
    return last.values().stream().map(CorrelatorTest::ownOutcome).sorted().toList();
  }

  @Test
  void anAccessProviderWhoseProbesFailLaterIsLiftedToItsOwnOutageAtTheEnginesMinute() {
    // Half of Orange's vantage points fail from minute 15: after its attribution (minute 5).
    List<ServiceMinute> minutes = probedStory(m -> m >= 15 && m < 30 ? 2 : m >= 10 ? 1 : 0);
    List<String> expected = ownOutcomes(embedded(minutes));
    assertThat(expected).containsExactly(
        "facebook group meta-2021-10-04T15:39Z severity OUTAGE cause current POSSIBLE_PROBLEMS [collateral-attributed@+6]",
        "orange group meta-2021-10-04T15:39Z severity OUTAGE collateral current OPERATIONAL"
            + " [collateral@+6, own-outage@+16, escalated@+17]");
    assertThat(ownOutcomes(cluster(minutes, List.of("facebook", "orange")))).isEqualTo(expected);
    // The cause's snapshots after every one of the provider's: the walk finds the same minutes.
    assertThat(ownOutcomes(cluster(minutes, List.of("orange", "facebook")))).isEqualTo(expected);
  }

  @Test
  void anAccessProviderWhoseProbesFailWhenTheCauseIsSeenIsNotAttributedUnlessTheyPassWithinTheWindow() {
    // Failing from before its spike to minute 40: never attributed, its own outage from the start.
    List<ServiceMinute> failingThroughout = probedStory(m -> m >= 3 && m < 40 ? 3 : 0);
    List<String> expected = ownOutcomes(embedded(failingThroughout));
    assertThat(expected).anySatisfy(s -> assertThat(s).startsWith("orange group null severity OUTAGE current").doesNotContain("collateral"));
    assertThat(ownOutcomes(cluster(failingThroughout, List.of("facebook", "orange")))).isEqualTo(expected);
    assertThat(ownOutcomes(cluster(failingThroughout, List.of("orange", "facebook")))).isEqualTo(expected);

    // Failing only in its first three minutes: attributed when they pass, within the window.
    List<ServiceMinute> failingFirst = probedStory(m -> m < 8 ? 2 : 0);
    expected = ownOutcomes(embedded(failingFirst));
    assertThat(expected).anySatisfy(s -> assertThat(s).startsWith("orange group meta-").contains("[collateral@+9]"));
    assertThat(ownOutcomes(cluster(failingFirst, List.of("facebook", "orange")))).isEqualTo(expected);
    assertThat(ownOutcomes(cluster(failingFirst, List.of("orange", "facebook")))).isEqualTo(expected);
  }

  @Test
  void theProbeVerdictsTravelOnTheSnapshotFromTheOpeningMinute() {
    AtomicLong ids = new AtomicLong();
    IncidentEngine engine = new IncidentEngine(IncidentPolicy.DEFAULT, ids::incrementAndGet);
    Incident last = null;
    for (ServiceMinute m : probedStory(m -> m == 7 || m == 8 || m == 12 ? 2 : 1)) {
      if (m.service().equals("orange")) {
        last = engine.onMinute(m).orElse(last);
      }
    }
    Incident.OwnProbes p = last.ownProbes();
    assertThat(p.failing()).containsExactly(
        new Incident.OwnProbes.Run(Instant.ofEpochSecond((T0 + 7) * 60), Instant.ofEpochSecond((T0 + 9) * 60)),
        new Incident.OwnProbes.Run(Instant.ofEpochSecond((T0 + 12) * 60), Instant.ofEpochSecond((T0 + 13) * 60)));
    // Judged until it resolved: 30 quiet minutes after its last elevated minute (24).
    assertThat(p.judged(T0 + 54)).isTrue();
    assertThat(p.judged(T0 + 55)).isFalse();
    assertThat(p.failed(T0 + 8)).isTrue();
    assertThat(p.failed(T0 + 9)).isFalse();
    // A restored incident (a task moved) keeps what was judged before.
    IncidentEngine moved = new IncidentEngine(IncidentPolicy.DEFAULT, ids::incrementAndGet);
    Incident open = null;
    IncidentEngine first = new IncidentEngine(IncidentPolicy.DEFAULT, ids::incrementAndGet);
    for (ServiceMinute m : probedStory(m -> m == 7 ? 2 : 1).subList(0, 2 * 10)) {
      if (m.service().equals("orange")) {
        open = first.onMinute(m).orElse(open);
      }
    }
    moved.restore(open);
    Incident after = moved.onMinute(minute("orange", 10, 30, Evidence.STRONG, 4, 4)).orElseThrow();
    assertThat(after.ownProbes().failing()).extracting(r -> r.from().getEpochSecond() / 60 - T0).containsExactly(7L, 10L);
  }

  @Test
  void anIncidentItsProbesLiftedStaysItsOwnOutageAfterARestart() {
    List<ServiceMinute> minutes = probedStory(m -> m >= 15 && m < 30 ? 2 : 0);
    AtomicLong ids = new AtomicLong();
    IncidentEngine engine = new IncidentEngine(IncidentPolicy.DEFAULT, ids::incrementAndGet, META);
    Map<String, Incident> last = new HashMap<>();
    for (ServiceMinute m : minutes.subList(0, 2 * 20)) {
      engine.onMinute(m).ifPresent(i -> last.put(i.service(), i));
    }
    assertThat(last.get("orange").timeline()).extracting(Incident.TimelineEvent::kind).contains("collateral", "own-outage");
    IncidentEngine restarted = new IncidentEngine(IncidentPolicy.DEFAULT, ids::incrementAndGet, META);
    last.values().forEach(restarted::restore);
    for (ServiceMinute m : minutes.subList(2 * 20, 2 * 25)) {
      restarted.onMinute(m).ifPresent(i -> last.put(i.service(), i));
    }
    // Restored as collateral (its first line), it was capped and told "own outage" a second time.
    assertThat(last.get("orange").timeline()).filteredOn(e -> e.kind().equals("own-outage")).hasSize(1);
    assertThat(last.get("orange").current()).isEqualTo(PublicStatus.OUTAGE);
  }
}
