package org.vigie.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.vigie.core.MutableClock;
import org.vigie.core.detect.SeasonalPoissonDetector;
import org.vigie.core.incident.Incident;
import org.vigie.core.incident.IncidentEngine;
import org.vigie.core.incident.IncidentPolicy;
import org.vigie.core.model.Countries;
import org.vigie.core.model.Evidence;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.model.Region;
import org.vigie.core.signal.ProblemReport;
import org.vigie.core.tally.MinuteTally;

/** From reports to incidents, in event time, with the real detector and incident engine. */
class SignalPipelineTest {
  private static final String SERVICE = "instagram";
  private static final Instant NOON = Instant.parse("2021-10-04T12:00:00Z");

  /** 4 October 2021, 15:40 UTC: the BGP withdrawal. */
  private static final Instant ONSET = Instant.parse("2021-10-04T15:40:00Z");

  private final MutableClock clock = new MutableClock(NOON);
  private final AtomicLong ids = new AtomicLong();
  private final SignalPipeline pipeline =
      new SignalPipeline(
          PipelineConfig.DEFAULT,
          new SeasonalPoissonDetector(),
          new IncidentEngine(IncidentPolicy.DEFAULT, ids::incrementAndGet),
          clock);
  private final Recorder recorder = new Recorder(clock);
  private final SplittableRandom random = new SplittableRandom(2021);

  SignalPipelineTest() {
    pipeline.addListener(recorder);
  }

  private static ProblemReport report(String country, String indicator, long reporter, long network, Instant at) {
    return new ProblemReport(SERVICE, indicator, Region.country(country), reporter, network, "import", at);
  }

  private ProblemReport someone(String country, Instant at) {
    return report(country, "app", random.nextLong(), random.nextLong(), at);
  }

  private static boolean[] allCounted(int n) {
    boolean[] counted = new boolean[n];
    Arrays.fill(counted, true);
    return counted;
  }

  /** Hands over reports as they arrive live: the clock reads the newest report's time. */
  private void arrive(List<ProblemReport> reports) {
    if (reports.isEmpty()) {
      return;
    }
    clock.set(reports.stream().map(ProblemReport::at).max(Comparator.naturalOrder()).orElseThrow());
    pipeline.accept(reports, allCounted(reports.size()));
  }

  private void arrive(ProblemReport... reports) {
    arrive(List.of(reports));
  }

  /**
   * One live minute: the given number of reports per country at random seconds, then the clock
   * reaches the end of the minute and the pipeline ticks.
   */
  private void liveMinute(Instant minute, Map<String, Integer> perCountry) {
    List<ProblemReport> reports = new ArrayList<>();
    perCountry.forEach(
        (country, n) -> {
          for (int i = 0; i < n; i++) {
            reports.add(someone(country, minute.plusMillis(random.nextLong(60_000))));
          }
        });
    reports.sort(Comparator.comparing(ProblemReport::at));
    arrive(reports);
    clock.set(minute.plusSeconds(60));
    pipeline.tick();
  }

  private int poisson(double mean) {
    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int n = 0;
    while (product > limit) {
      product *= random.nextDouble();
      n++;
    }
    return n;
  }

  /** Low normal traffic: about 2 reports a minute from the US, 1 from Germany, 0.2 from the Netherlands. */
  private void normalTraffic(Instant from, Instant to) {
    for (Instant m = from; m.isBefore(to); m = m.plusSeconds(60)) {
      liveMinute(m, Map.of("US", poisson(2), "DE", poisson(1), "NL", poisson(0.2)));
    }
  }

  private void storm(Instant from, Instant to) {
    for (Instant m = from; m.isBefore(to); m = m.plusSeconds(60)) {
      liveMinute(m, Map.of("US", 300 + poisson(30), "DE", 120 + poisson(10), "NL", 60 + poisson(5)));
    }
  }

  @Test
  void stormAfterDaysOfNormalTrafficOpensAnIncidentWithinMinutes() {
    normalTraffic(ONSET.minus(Duration.ofDays(3)), ONSET);
    assertThat(recorder.changes).as("three days of normal traffic raise no incident").isEmpty();
    assertThat(pipeline.status(SERVICE)).isEqualTo(PublicStatus.OPERATIONAL);

    storm(ONSET, ONSET.plus(Duration.ofMinutes(10)));

    Recorder.Change opened = recorder.firstOpening().orElseThrow();
    Incident i = opened.incident();
    assertThat(i.startedAt()).isEqualTo(ONSET);
    assertThat(i.detectedAt()).isEqualTo(ONSET.plusSeconds(60));
    assertThat(opened.wall()).as("told in the minute after onset, once its grace passed").isBetween(ONSET.plusSeconds(70), ONSET.plusSeconds(120));
    assertThat(i.countries()).extracting(Incident.CountryShare::country).first().isEqualTo("US");
    assertThat(i.countries()).extracting(Incident.CountryShare::country).contains("DE", "NL");
    assertThat(i.severity()).isEqualTo(PublicStatus.OUTAGE);
    assertThat(pipeline.status(SERVICE)).isEqualTo(PublicStatus.OUTAGE);
    assertThat(pipeline.openIncident(SERVICE)).isPresent();

    // The storm ends; normal traffic resumes; the incident resolves after its quiet period.
    Instant end = ONSET.plus(Duration.ofMinutes(10));
    normalTraffic(end, end.plus(Duration.ofMinutes(45)));
    Incident resolved = recorder.firstResolution().orElseThrow().incident();
    assertThat(resolved.id()).isEqualTo(i.id());
    assertThat(resolved.resolvedAt()).as("end of the last elevated minute").isBetween(end, end.plus(Duration.ofMinutes(5)));
    assertThat(resolved.peakPerMinute()).isGreaterThanOrEqualTo(480);
    assertThat(resolved.totalReports()).isBetween(10 * 480L, 10 * 560L + 5 * 10);
    assertThat(pipeline.status(SERVICE)).isEqualTo(PublicStatus.OPERATIONAL);
    assertThat(recorder.changes.stream().map(c -> c.incident().id()).distinct()).as("one incident, not several").hasSize(1);
  }

  @Test
  void minuteClosesOnlyAfterItsGracePeriod() {
    arrive(report("US", "app", 1, 1, Instant.parse("2021-10-04T12:00:30Z")));
    arrive(report("US", "app", 2, 2, Instant.parse("2021-10-04T12:01:09.999Z")));
    assertThat(recorder.closedFor(NOON)).as("watermark 12:01:09.999").isEmpty();
    assertThat(pipeline.openMinuteReports(SERVICE, null)).isEqualTo(2);

    arrive(report("US", "app", 3, 3, Instant.parse("2021-10-04T12:01:10Z")));
    assertThat(recorder.closedFor(NOON)).hasSize(1);
    Recorder.Closed closed = recorder.closedFor(NOON).getFirst();
    assertThat(closed.world().orElseThrow().reports()).isEqualTo(1);
    assertThat(closed.country("US").orElseThrow().reports()).isEqualTo(1);
    assertThat(closed.world().orElseThrow().minute()).isEqualTo(NOON);
    assertThat(pipeline.openMinuteReports(SERVICE, null)).as("12:01 is still open").isEqualTo(2);
    assertThat(pipeline.openMinuteReports(SERVICE, "US")).isEqualTo(2);
    assertThat(pipeline.openMinuteReports(SERVICE, "DE")).isZero();
  }

  @Test
  void batchStillBeingStoredKeepsItsMinuteOpen() {
    // Concurrent requests finish in any order: a batch that overtook a slower one must not close
    // the minute the slower one still has reports for.
    arrive(report("US", "app", 1, 1, NOON.plusSeconds(10)));
    ProblemReport slow = report("US", "app", 2, 2, NOON.plusSeconds(30));
    long ticket = pipeline.begin(List.of(slow));
    ProblemReport fast = report("US", "app", 3, 3, NOON.plusSeconds(80));
    clock.set(fast.at());
    pipeline.accept(pipeline.begin(List.of(fast)), List.of(fast), allCounted(1));
    assertThat(recorder.closedFor(NOON)).as("held open for the batch in flight").isEmpty();

    pipeline.accept(ticket, List.of(slow), allCounted(1));
    assertThat(recorder.closedFor(NOON)).as("closed once, complete, not closed then corrected").hasSize(1);
    assertThat(recorder.closedFor(NOON).getFirst().world().orElseThrow().reports()).isEqualTo(2);
  }

  @Test
  void abandonedBatchNoLongerHoldsItsMinute() {
    arrive(report("US", "app", 1, 1, NOON.plusSeconds(10)));
    long ticket = pipeline.begin(List.of(report("US", "app", 2, 2, NOON.plusSeconds(30))));
    arrive(report("US", "app", 3, 3, NOON.plusSeconds(80)));
    assertThat(recorder.closedFor(NOON)).isEmpty();

    pipeline.abandon(ticket);
    clock.advance(Duration.ofSeconds(1));
    pipeline.tick();
    assertThat(recorder.closedFor(NOON)).hasSize(1);
    assertThat(recorder.closedFor(NOON).getFirst().world().orElseThrow().reports()).isEqualTo(1);
  }

  @Test
  void clockClosesMinutesWhenNoReportsArrive() {
    arrive(report("US", "app", 1, 1, Instant.parse("2021-10-04T12:00:30Z")));
    clock.set(Instant.parse("2021-10-04T12:01:09Z"));
    pipeline.tick();
    assertThat(recorder.closedFor(NOON)).isEmpty();
    clock.set(Instant.parse("2021-10-04T12:01:10Z"));
    pipeline.tick();
    assertThat(recorder.closedFor(NOON)).hasSize(1);
    assertThat(pipeline.watermark()).isEqualTo(Instant.parse("2021-10-04T12:01:10Z"));
  }

  @Test
  void tickBeforeAnyReportDoesNothing() {
    clock.advance(Duration.ofHours(1));
    pipeline.tick();
    assertThat(pipeline.watermark()).isNull();
    assertThat(recorder.closed).isEmpty();
  }

  @Test
  void tallyCountsOnlyCountedReportsButEveryReporterAndNetwork() {
    Instant at = NOON.plusSeconds(5);
    List<ProblemReport> reports =
        List.of(
            report("US", "app", 1, 100, at),
            report("US", "login", 1, 100, at.plusSeconds(1)), // the same reporter again: not counted
            report("US", "login", 2, 100, at.plusSeconds(2)),
            report("DE", "app", 3, 200, at.plusSeconds(3)));
    clock.set(at.plusSeconds(3));
    pipeline.accept(reports, new boolean[] {true, false, true, true});
    arrive(report("US", "app", 9, 9, NOON.plusSeconds(75)));

    Recorder.Closed closed = recorder.closedFor(NOON).getFirst();
    MinuteTally world = closed.world().orElseThrow();
    assertThat(world.reports()).isEqualTo(3);
    assertThat(world.reporters()).isEqualTo(3);
    assertThat(world.networks()).isEqualTo(2);
    assertThat(world.indicators()).isEqualTo(Map.of("app", 2, "login", 1));
    MinuteTally us = closed.country("US").orElseThrow();
    assertThat(us.reports()).isEqualTo(2);
    assertThat(us.reporters()).isEqualTo(2);
    assertThat(us.networks()).isEqualTo(1);
    assertThat(closed.country("DE").orElseThrow().reports()).isEqualTo(1);
  }

  @Test
  void worldTalliesCarryTheProbesAtEachMinutesCloseAndKeepThemWhenReevaluated() {
    // The quorum's answer for minute m, as the pipeline asks it once per closed minute.
    List<Long> asked = new ArrayList<>();
    pipeline.probes(minute -> {
      asked.add(minute);
      return minute == NOON.getEpochSecond() / 60
          ? Map.of(SERVICE, new org.vigie.core.fusion.ProbeSignal.Probes(4, 3), "orange", new org.vigie.core.fusion.ProbeSignal.Probes(2, 0))
          : Map.of();
    });
    arrive(report("US", "app", 1, 1, NOON.plusSeconds(30)));
    arrive(report("US", "app", 2, 2, NOON.plusSeconds(130)));

    Recorder.Closed noon = recorder.closedFor(NOON).getFirst();
    assertThat(noon.world().orElseThrow().probes()).isEqualTo(4);
    assertThat(noon.world().orElseThrow().probeFailures()).isEqualTo(3);
    assertThat(noon.country("US").orElseThrow().probes()).as("probes are not per country").isZero();
    MinuteTally next = recorder.closedFor(NOON.plusSeconds(60)).getFirst().world().orElseThrow();
    assertThat(next.probes()).as("no current results that minute").isZero();
    assertThat(asked).containsExactly(NOON.getEpochSecond() / 60, NOON.getEpochSecond() / 60 + 1);
    assertThat(pipeline.knownServices()).as("a probed service nobody reported gets no series").containsExactly(SERVICE);

    // A late report re-evaluates 12:00: its probes stay what they were at its close.
    arrive(report("US", "app", 3, 3, NOON.plusSeconds(40)));
    MinuteTally again = recorder.closedFor(NOON).get(1).world().orElseThrow();
    assertThat(again.reports()).isEqualTo(2);
    assertThat(again.probes()).isEqualTo(4);
    assertThat(again.probeFailures()).isEqualTo(3);
  }

  @Test
  void lateReportWithinLatenessRepublishesTheMinuteWithTheHigherCount() {
    arrive(report("US", "app", 1, 1, NOON.plusSeconds(30)));
    arrive(report("US", "app", 2, 2, NOON.plusSeconds(70)));
    assertThat(recorder.closedFor(NOON)).hasSize(1);
    assertThat(recorder.closedFor(NOON).getFirst().world().orElseThrow().reports()).isEqualTo(1);

    arrive(report("US", "app", 3, 3, NOON.plusSeconds(40)), report("US", "app", 4, 4, NOON.plusSeconds(50)));

    List<Recorder.Closed> publications = recorder.closedFor(NOON);
    assertThat(publications).hasSize(2);
    assertThat(publications.get(1).world().orElseThrow().reports()).isEqualTo(3);
    assertThat(publications.get(1).country("US").orElseThrow().reports()).isEqualTo(3);
    assertThat(recorder.tooLate).isEmpty();
    assertThat(pipeline.tooLateReports()).isZero();
  }

  @Test
  void reportOlderThanTheLatenessIsHandedOverAsADeltaOnly() {
    arrive(report("US", "app", 1, 1, NOON.plusSeconds(30)));
    arrive(report("US", "app", 2, 2, NOON.plus(Duration.ofMinutes(20))));
    int publishedBefore = recorder.closed.size();

    // The watermark is 12:20: minutes before 12:05 are past the 15-minute lateness.
    Instant old = NOON.plus(Duration.ofMinutes(4)).plusSeconds(10);
    arrive(report("DE", "login", 3, 3, old));

    assertThat(pipeline.tooLateReports()).isEqualTo(1);
    assertThat(recorder.tooLate).hasSize(1);
    List<MinuteTally> deltas = recorder.tooLate.getFirst();
    assertThat(deltas).extracting(MinuteTally::country).containsExactlyInAnyOrder("DE", Countries.WORLD);
    assertThat(deltas).allSatisfy(d -> {
      assertThat(d.minute()).isEqualTo(NOON.plus(Duration.ofMinutes(4)));
      assertThat(d.reports()).isEqualTo(1);
      assertThat(d.indicators()).isEqualTo(Map.of("login", 1));
    });
    assertThat(recorder.closed).as("the old minute is not evaluated again").hasSize(publishedBefore);

    // 12:05 is still within the lateness: it is re-evaluated, not handed over as a delta.
    arrive(report("DE", "login", 4, 4, NOON.plus(Duration.ofMinutes(5)).plusSeconds(30)));
    assertThat(pipeline.tooLateReports()).isEqualTo(1);
    assertThat(recorder.closedFor(NOON.plus(Duration.ofMinutes(5)))).isNotEmpty();
  }

  @Test
  void lateReportsForACountryThatWasQuietThatMinuteAreJudgedAgainstItsBaseline() {
    // Regression: a country with no reports in a minute when it closed kept no verdict, so late
    // reports for it were judged against the empty-history floor (0.02 a minute) and 9 of them
    // opened a national incident where 3 a minute are normal.
    Instant from = NOON.minus(Duration.ofDays(1));
    Instant quiet = NOON;
    for (Instant m = from; m.isBefore(NOON.plus(Duration.ofMinutes(5))); m = m.plusSeconds(60)) {
      liveMinute(m, m.equals(quiet) ? Map.of("DE", 20) : Map.of("US", 3, "DE", 20));
    }
    assertThat(pipeline.openIncident(SERVICE)).as("the first minutes' cold-start alarm is long over").isEmpty();
    int changesBefore = recorder.changes.size();

    List<ProblemReport> late = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      late.add(someone("US", quiet.plusSeconds(20 + i)));
    }
    pipeline.accept(late, allCounted(late.size()));

    MinuteTally us = recorder.closedFor(quiet).getLast().country("US").orElseThrow();
    assertThat(us.reports()).isEqualTo(9);
    assertThat(us.expected()).isBetween(2.0, 4.0);
    assertThat(us.evidence()).isLessThan(Evidence.MODERATE);
    assertThat(recorder.changes).hasSize(changesBefore);
    assertThat(pipeline.openIncident(SERVICE)).isEmpty();
  }

  @Test
  void lateStormReportsOpenAnIncidentDetectedWhenTheyArrive() {
    normalTraffic(ONSET.minus(Duration.ofDays(1)), ONSET);
    // The live edge sees a normal minute at 15:40; the storm's reports for it arrive a bit later.
    for (int m = 0; m < 5; m++) {
      liveMinute(ONSET.plus(Duration.ofMinutes(m)), Map.of("US", 2));
    }
    assertThat(recorder.changes).isEmpty();

    List<ProblemReport> late = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      late.add(someone("US", ONSET.plusMillis(random.nextLong(60_000))));
    }
    pipeline.accept(late, allCounted(late.size()));

    Incident i = recorder.firstOpening().orElseThrow().incident();
    assertThat(i.startedAt()).isEqualTo(ONSET);
    // Closed so far: up to 15:43 (the clock reads 15:45:00, minus the grace, minus the open minute).
    assertThat(i.detectedAt()).as("the end of the last closed minute, not 15:41").isEqualTo(ONSET.plus(Duration.ofMinutes(4)));
    assertThat(recorder.closedFor(ONSET).getLast().world().orElseThrow().reports()).isGreaterThanOrEqualTo(400);
    assertThat(recorder.closedFor(ONSET).getLast().world().orElseThrow().evidence()).isEqualTo(Evidence.STRONG);
  }

  @Test
  void quietClockResolvesAnOpenIncident() {
    normalTraffic(ONSET.minus(Duration.ofDays(1)), ONSET);
    storm(ONSET, ONSET.plus(Duration.ofMinutes(5)));
    assertThat(pipeline.openIncident(SERVICE)).isPresent();

    // No report at all after the storm (say, the service's own app is the only way to report):
    // only the clock moves event time on.
    Instant end = ONSET.plus(Duration.ofMinutes(5));
    for (int m = 1; m <= 40 && pipeline.openIncident(SERVICE).isPresent(); m++) {
      clock.set(end.plus(Duration.ofMinutes(m)));
      pipeline.tick();
    }
    assertThat(pipeline.openIncident(SERVICE)).isEmpty();
    Incident resolved = recorder.firstResolution().orElseThrow().incident();
    assertThat(resolved.resolvedAt()).isBetween(end, end.plus(Duration.ofMinutes(5)));
    assertThat(pipeline.status(SERVICE)).isEqualTo(PublicStatus.OPERATIONAL);
  }

  @Test
  void jumpOfManyDaysCompletesQuickly() {
    normalTraffic(ONSET.minus(Duration.ofHours(2)), ONSET);
    storm(ONSET, ONSET.plus(Duration.ofMinutes(3)));
    assertThat(pipeline.openIncident(SERVICE)).isPresent();

    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          clock.advance(Duration.ofDays(40));
          pipeline.tick();
        });
    assertThat(pipeline.openIncident(SERVICE)).as("resolved over the quiet stretch").isEmpty();
    assertThat(pipeline.watermark()).isEqualTo(clock.instant());

    // A replay or bulk import far ahead of the live data: one report 200 days later.
    Instant far = clock.instant().plus(Duration.ofDays(200));
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> arrive(report("US", "app", 7, 7, far)));
    arrive(report("US", "app", 8, 8, far.plusSeconds(80)));
    Instant farMinute = far.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    assertThat(recorder.closedFor(farMinute)).as("minutes keep closing after the jump").hasSize(1);
  }

  @Test
  void relearnedBaselineKeepsARestartQuiet() {
    // A busy service's stored history: 20 reports a minute in the US for three days.
    Instant from = NOON.minus(Duration.ofDays(3));
    List<MinuteTally> stored = new ArrayList<>();
    for (Instant m = from; m.isBefore(NOON); m = m.plusSeconds(60)) {
      int n = poisson(20);
      stored.add(new MinuteTally(SERVICE, Countries.WORLD, m, n, n, n, Map.of("app", n), 0, 0, 0, 20, Evidence.NONE));
      stored.add(new MinuteTally(SERVICE, "US", m, n, n, n, Map.of("app", n), 0, 0, 0, 20, Evidence.NONE));
    }
    Consumer<Consumer<MinuteTally>> scan = sink -> stored.forEach(sink);
    pipeline.relearn(scan, from, NOON);
    assertThat(pipeline.knownServices()).containsExactly(SERVICE);
    assertThat(pipeline.watermark()).isAfterOrEqualTo(NOON);

    for (int i = 0; i < 30; i++) {
      liveMinute(NOON.plus(Duration.ofMinutes(i)), Map.of("US", poisson(20)));
    }
    assertThat(recorder.changes).as("20 a minute is normal for this service").isEmpty();
    assertThat(recorder.closedFor(NOON.plus(Duration.ofMinutes(10))).getFirst().world().orElseThrow().expected())
        .isBetween(16.0, 24.0);

    liveMinute(NOON.plus(Duration.ofMinutes(30)), Map.of("US", 200));
    liveMinute(NOON.plus(Duration.ofMinutes(31)), Map.of("US", 200));
    assertThat(recorder.firstOpening()).isPresent();
  }

  @Test
  void aClusterNodeShowsTheStreamsOpenMinutesUntilItAdoptsThemClosed() {
    long minute = NOON.getEpochSecond() / 60;
    pipeline.adoptOpenMinutes(SERVICE, minute, 42);
    assertThat(pipeline.openMinuteReports(SERVICE, null)).isEqualTo(42);
    assertThat(pipeline.openMinuteReports(SERVICE, "FR")).as("world-wide only").isZero();
    pipeline.adoptMinute(minute - 1, List.of(world(minute - 1, 7)));
    assertThat(pipeline.openMinuteReports(SERVICE, null)).as("an earlier minute closed").isEqualTo(42);
    pipeline.adoptMinute(minute, List.of(world(minute, 40)));
    assertThat(pipeline.openMinuteReports(SERVICE, null)).as("its tally has them now").isZero();
  }

  private static MinuteTally world(long minute, int reports) {
    return new MinuteTally(SERVICE, "*", Instant.ofEpochSecond(minute * 60), reports, reports, reports, java.util.Map.of(), 0, 0, 0, 1.0,
        org.vigie.core.model.Evidence.NONE);
  }
}
