package org.vigie.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Downdetector's rule: a reporter's first report for a service counts, repeats within the window do not. */
class ReportDedupeTest {
  private static final int INSTAGRAM = 0;
  private static final int WHATSAPP = 1;
  private static final long T0 = 1_633_362_000L; // 2021-10-04T15:40:00Z
  private static final long HOUR = 3600;

  private final ReportDedupe dedupe = new ReportDedupe(Duration.ofMinutes(60));

  private boolean counts(int service, long reporter, long second) {
    return dedupe.tryCount(service, reporter, second) != null;
  }

  @Test
  void firstReportCountsAndRepeatWithinTheHourDoesNot() {
    assertThat(counts(INSTAGRAM, 42, T0)).isTrue();
    assertThat(counts(INSTAGRAM, 42, T0 + 1)).isFalse();
    assertThat(counts(INSTAGRAM, 42, T0 + HOUR - 1)).isFalse();
  }

  @Test
  void reportAfterTheWindowCountsAgain() {
    assertThat(counts(INSTAGRAM, 42, T0)).isTrue();
    assertThat(counts(INSTAGRAM, 42, T0 + HOUR)).isTrue();
    // ...and the window restarts from that second report.
    assertThat(counts(INSTAGRAM, 42, T0 + HOUR + 1800)).isFalse();
    assertThat(counts(INSTAGRAM, 42, T0 + 2 * HOUR)).isTrue();
  }

  @Test
  void slightlyOutOfOrderReportIsStillARepeat() {
    assertThat(counts(INSTAGRAM, 42, T0)).isTrue();
    assertThat(counts(INSTAGRAM, 42, T0 - 600)).isFalse();
  }

  @Test
  void servicesAreIndependent() {
    assertThat(counts(INSTAGRAM, 42, T0)).isTrue();
    assertThat(counts(WHATSAPP, 42, T0 + 5)).isTrue();
    assertThat(counts(INSTAGRAM, 42, T0 + 10)).isFalse();
    assertThat(counts(WHATSAPP, 42, T0 + 10)).isFalse();
  }

  @Test
  void reportersAreIndependent() {
    assertThat(counts(INSTAGRAM, 1, T0)).isTrue();
    assertThat(counts(INSTAGRAM, 2, T0)).isTrue();
    assertThat(counts(INSTAGRAM, 0, T0)).as("reporter key 0 is a key like any other").isTrue();
    assertThat(counts(INSTAGRAM, 0, T0 + 1)).isFalse();
    assertThat(dedupe.size()).isEqualTo(3);
  }

  @Test
  void undoOfAFirstReportLetsTheSameReportCountAgain() {
    ReportDedupe.Undo undo = dedupe.tryCount(INSTAGRAM, 42, T0);
    assertThat(undo).isNotNull();
    dedupe.undo(undo);
    assertThat(dedupe.size()).isZero();
    assertThat(counts(INSTAGRAM, 42, T0)).as("a retried submission counts").isTrue();
    assertThat(counts(INSTAGRAM, 42, T0 + 1)).isFalse();
  }

  @Test
  void undoOfARecountRestoresThePreviousReportTime() {
    assertThat(counts(INSTAGRAM, 42, T0)).isTrue();
    ReportDedupe.Undo undo = dedupe.tryCount(INSTAGRAM, 42, T0 + 2 * HOUR);
    assertThat(undo).isNotNull();
    dedupe.undo(undo);
    // Back to "last counted at T0": the retry at T0+2h counts; a report near T0 would not have.
    assertThat(counts(INSTAGRAM, 42, T0 + 1800)).isFalse();
    assertThat(dedupe.tryCount(INSTAGRAM, 42, T0 + 2 * HOUR)).isNotNull();
  }

  @Test
  void undoingAFailedBatchKeepsEveryOtherReporterDeduplicated() {
    // Removal from an open-addressing table must not break other keys' probe chains.
    SplittableRandom random = new SplittableRandom(7);
    int n = 20_000;
    long[] reporters = new long[n];
    List<ReportDedupe.Undo> undos = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      reporters[i] = random.nextLong();
      ReportDedupe.Undo u = dedupe.tryCount(INSTAGRAM, reporters[i], T0);
      assertThat(u).isNotNull();
      if (i % 2 == 1) {
        undos.add(u);
      }
    }
    Collections.shuffle(undos, new Random(3));
    undos.forEach(dedupe::undo);
    assertThat(dedupe.size()).isEqualTo(n / 2);
    for (int i = 0; i < n; i++) {
      boolean counted = counts(INSTAGRAM, reporters[i], T0 + 60);
      assertThat(counted).as("reporter %d (undone: %s)", i, i % 2 == 1).isEqualTo(i % 2 == 1);
    }
  }

  @Test
  void survivesAStormOfThreeMillionDistinctReporters() {
    // 3 million reporters over about 4 hours (200 a second): the table must grow past its initial
    // size, sweep reporters whose hour has passed, and still know everyone from the last hour.
    int n = 3_000_000;
    int perSecond = 200;
    SplittableRandom random = new SplittableRandom(2021);
    long[] reporters = new long[n];
    for (int i = 0; i < n; i++) {
      reporters[i] = random.nextLong();
      assertThat(dedupe.tryCount(INSTAGRAM, reporters[i], T0 + i / perSecond)).isNotNull();
    }
    long now = T0 + (n - 1) / perSecond;
    int live = (int) (HOUR * perSecond);
    assertThat(dedupe.size())
        .as("grew beyond its initial 65,536 slots, but old reporters were swept out")
        .isGreaterThanOrEqualTo(live)
        .isLessThan(3 * live)
        .isLessThan(n);

    // Everyone who reported in the last hour is still a repeat...
    for (int i = n - 1; i > n - live + perSecond; i -= 97) {
      assertThat(counts(INSTAGRAM, reporters[i], now + 1)).as("recent reporter %d", i).isFalse();
    }
    // ...and those who reported more than an hour ago count again.
    for (int i = 0; i < n - live - perSecond; i += 997) {
      assertThat(counts(INSTAGRAM, reporters[i], now + 1)).as("old reporter %d", i).isTrue();
    }
  }

  @Test
  void refusesAnEmptyWindow() {
    assertThatThrownBy(() -> new ReportDedupe(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }
}
