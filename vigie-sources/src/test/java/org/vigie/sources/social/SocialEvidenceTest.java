package org.vigie.sources.social;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.vigie.core.detect.SeasonalPoissonDetector;
import org.vigie.core.incident.Incident;
import org.vigie.core.incident.IncidentEngine;
import org.vigie.core.incident.IncidentPolicy;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.model.Region;
import org.vigie.core.pipeline.PipelineConfig;
import org.vigie.core.pipeline.PipelineListener;
import org.vigie.core.pipeline.SignalPipeline;
import org.vigie.core.signal.ProblemReport;

/**
 * Complaining authors fused with crowd reports, end to end on a clock the test moves: posts go
 * through the real classifier, ingestor and tally, reports through the real pipeline, detector
 * and incident engine. Each test plays two quiet hours, then ten minutes of something.
 */
class SocialEvidenceTest {
  static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  static final int QUIET_MINUTES = 120;
  static final Instant OLD_ACCOUNT = T0.minus(Duration.ofDays(900));

  /** One run: its own clock, pipeline and social path, and what the incident engine said. */
  static final class Run implements PipelineListener {
    final AtomicLong now = new AtomicLong(T0.toEpochMilli());
    final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    final AtomicLong ids = new AtomicLong();
    final SignalPipeline pipeline = new SignalPipeline(PipelineConfig.DEFAULT, new SeasonalPoissonDetector(),
        new IncidentEngine(IncidentPolicy.DEFAULT, ids::incrementAndGet), clock);
    final ComplaintTally tally = new ComplaintTally(clock, Duration.ofMinutes(15));
    final MentionIngestor ingestor = new MentionIngestor(new ComplaintClassifier(TestCatalogue.shipped()), String::hashCode, tally,
        batch -> {}, clock);
    final SplittableRandom random = new SplittableRandom(8);
    final List<Incident> changes = new ArrayList<>();
    final List<PublicStatus> statuses = new ArrayList<>();
    int postIds;

    Run(boolean fused) {
      if (fused) {
        pipeline.fuse(tally);
      }
      pipeline.addListener(this);
    }

    @Override
    public void incidentChanged(Incident i) {
      changes.add(i);
    }

    /**
     * One minute: the posts first (the pipeline closes a minute only once later reports arrive),
     * then the crowd's reports from random reporters and networks, then the status people see.
     */
    void minute(int i, int reports, List<Post> posts) {
      Instant start = T0.plusSeconds(60L * i);
      now.set(start.plusSeconds(30).toEpochMilli());
      ingestor.ingest(posts);
      List<ProblemReport> batch = new ArrayList<>();
      for (int r = 0; r < reports; r++) {
        batch.add(new ProblemReport("instagram", "app", Region.country("FR"), random.nextLong(), random.nextLong(), "web",
            start.plusSeconds(10 + r * 40L / Math.max(1, reports))));
      }
      now.set(start.plusSeconds(55).toEpochMilli());
      boolean[] counted = new boolean[batch.size()];
      Arrays.fill(counted, true);
      pipeline.accept(batch, counted);
      statuses.add(pipeline.status("instagram"));
    }

    /** A post by an author of this run, posted at second 20 of minute i. */
    Post post(int i, String text, String author, String home, Instant since) {
      return new Post("p" + postIds++, text, "fr", T0.plusSeconds(60L * i + 20), author, "mastodon:" + home, home, since);
    }

    /** Two quiet hours: five reports a minute and a complaint about every ten minutes. */
    void quiet() {
      for (int i = 0; i < QUIET_MINUTES; i++) {
        minute(i, 5, i % 10 == 0 ? List.of(post(i, "instagram est en panne chez moi", "regular" + i, "mastodon.social", OLD_ACCOUNT)) : List.of());
      }
    }

    /** Ten minutes of the given crowd reports and posts, after the quiet hours. */
    void then(IntFunction<Integer> reports, IntFunction<List<Post>> posts) {
      quiet();
      for (int k = 0; k < 10; k++) {
        minute(QUIET_MINUTES + k, reports.apply(k), posts.apply(QUIET_MINUTES + k));
      }
    }

    /** The first of the ten minutes at which people saw this status or worse, or 99 when never. */
    int firstAt(PublicStatus status) {
      for (int k = QUIET_MINUTES; k < statuses.size(); k++) {
        if (statuses.get(k).compareTo(status) >= 0) {
          return k - QUIET_MINUTES;
        }
      }
      return 99;
    }
  }

  /** Authors posting a complaint in minute i, each with an established account on their own server. */
  static IntFunction<List<Post>> complaints(Run run, int authors, String text, Instant since, boolean oneServer) {
    return i -> {
      List<Post> posts = new ArrayList<>();
      for (int a = 0; a < authors; a++) {
        String home = oneServer ? "one.example" : "home" + a + ".example";
        posts.add(run.post(i, text, "author" + i + "-" + a, home, since));
      }
      return posts;
    };
  }

  /** The crowd's reports rising slowly: 5 a minute, then 8 more each minute. */
  static int ramp(int k) {
    return 5 + 8 * (k + 1);
  }

  @Test
  void aComplaintSurgeWithCrowdReportsOpensTheIncidentSoonerAndMakesItAnOutageSooner() {
    Run crowdOnly = new Run(false);
    crowdOnly.then(SocialEvidenceTest::ramp, i -> List.of());
    Run both = new Run(true);
    both.then(SocialEvidenceTest::ramp, complaints(both, 40, "instagram est en panne, impossible de charger le fil", OLD_ACCOUNT, false));

    assertThat(both.firstAt(PublicStatus.POSSIBLE_PROBLEMS)).isLessThan(crowdOnly.firstAt(PublicStatus.POSSIBLE_PROBLEMS));
    assertThat(both.firstAt(PublicStatus.OUTAGE)).isLessThan(crowdOnly.firstAt(PublicStatus.OUTAGE));
    assertThat(both.changes).isNotEmpty();
  }

  @Test
  void aTrickleOfComplaintsAloneAlertsNobody() {
    Run run = new Run(true);
    // Three people a minute against one every ten minutes is a moderate surge: alone, weak.
    run.then(k -> 5, complaints(run, 3, "instagram est en panne, impossible de charger le fil", OLD_ACCOUNT, false));

    assertThat(run.changes).isEmpty();
    assertThat(run.statuses).containsOnly(PublicStatus.OPERATIONAL);
  }

  @Test
  void complaintsAloneSayPossibleProblemsButNeverProblemsDetected() {
    Run run = new Run(true);
    run.then(k -> 5, complaints(run, 60, "instagram est en panne, impossible de charger le fil", OLD_ACCOUNT, false));

    assertThat(run.firstAt(PublicStatus.POSSIBLE_PROBLEMS)).isLessThan(99);
    assertThat(run.statuses).doesNotContain(PublicStatus.OUTAGE);
  }

  @Test
  void aSocialOnlySwarmOfNewAccountsOpensNoIncident() {
    Run run = new Run(true);
    Instant yesterday = T0.plus(Duration.ofMinutes(QUIET_MINUTES)).minus(Duration.ofDays(1));
    run.then(k -> 5, complaints(run, 80, "instagram est en panne, impossible de charger le fil", yesterday, false));

    assertThat(run.tally.recent("instagram", T0.plus(Duration.ofMinutes(QUIET_MINUTES)), T0.plus(Duration.ofMinutes(QUIET_MINUTES + 1))))
        .singleElement().satisfies(m -> assertThat(m.authors()).isEqualTo(80)); // they were counted, as weak evidence
    assertThat(run.changes).isEmpty();
    assertThat(run.statuses).containsOnly(PublicStatus.OPERATIONAL);
  }

  @Test
  void oneInstancesAuthorsAloneOpenNoIncident() {
    Run run = new Run(true);
    run.then(k -> 5, complaints(run, 80, "instagram est en panne, impossible de charger le fil", OLD_ACCOUNT, true));

    assertThat(run.changes).isEmpty();
    assertThat(run.statuses).containsOnly(PublicStatus.OPERATIONAL);
  }

  @Test
  void aNewsSpikeIsNotAComplaintAndChangesNothing() {
    Run run = new Run(true);
    run.then(k -> 5, complaints(run, 200, "Instagram perd 40 milliards de dollars en bourse", OLD_ACCOUNT, false));

    assertThat(run.tally.recent("instagram", T0.plus(Duration.ofMinutes(QUIET_MINUTES)), T0.plus(Duration.ofMinutes(QUIET_MINUTES + 9))))
        .hasSize(9).allSatisfy(m -> assertThat(m.authors()).isZero());
    assertThat(run.changes).isEmpty();
    assertThat(run.statuses).containsOnly(PublicStatus.OPERATIONAL);
  }
}
