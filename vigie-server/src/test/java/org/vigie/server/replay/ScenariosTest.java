package org.vigie.server.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScenariosTest {
  private static final long MINUTE = 60_000L;
  private static final Instant ONSET = Instant.parse("2021-10-04T15:39:00Z");

  /** The full storm, counted once for all tests that need it (≈ 0.5 s). */
  private static ReportCounter storm;

  private static Scenario meta;

  @BeforeAll
  static void countStorm() {
    meta = Scenarios.byName(Scenarios.META_2021);
    storm = new ReportCounter();
    meta.generate(storm);
  }

  @Test
  void registryListsTheThreeScenariosAndRejectsOthersByName() {
    assertThat(Scenarios.names())
        .containsExactly("meta-2021-10-04", "instagram-2019-06-13", "quiet");
    for (String name : Scenarios.names()) {
      Scenario s = Scenarios.byName(name);
      assertThat(s.name()).isEqualTo(name);
      assertThat(s.description()).isNotBlank();
      assertThat(s.end()).isAfter(s.start());
    }
    assertThatThrownBy(() -> Scenarios.byName("meta"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("meta-2021-10-04")
        .hasMessageContaining("quiet");
  }

  @Test
  void stormHasExactlyTheDowndetectorTotals() {
    assertThat(storm.outageTotal()).isEqualTo(10_600_000L);
    assertThat(storm.outageOfCountry("US")).isEqualTo(1_700_000L);
    assertThat(storm.outageOfCountry("DE")).isEqualTo(1_300_000L);
    assertThat(storm.outageOfCountry("NL")).isEqualTo(915_000L);
    // the suggested 45/25/25/5 split, exact
    assertThat(storm.outageOfService("facebook")).isEqualTo(4_770_000L);
    assertThat(storm.outageOfService("instagram")).isEqualTo(2_650_000L);
    assertThat(storm.outageOfService("whatsapp")).isEqualTo(2_650_000L);
    assertThat(storm.outageOfService("messenger")).isEqualTo(530_000L);
    // "the rest over about 100 countries"
    assertThat(storm.outageCountries()).isBetween(100, 130);
    assertThat(storm.outageOfCountry("GB")).isGreaterThan(storm.outageOfCountry("PT"));
    // the ground truth agrees with what is generated
    assertThat(meta.outages()).hasSize(4);
    assertThat(meta.outages().stream().mapToLong(Outage::reports).sum()).isEqualTo(10_600_000L);
    assertThat(meta.onsets()).containsExactly(ONSET);
    // WhatsApp leans heavier in Brazil than in the US (tilt), totals stay exact
    double brWhatsapp = storm.outage("whatsapp", "BR") / (double) storm.outageOfCountry("BR");
    double usWhatsapp = storm.outage("whatsapp", "US") / (double) storm.outageOfCountry("US");
    assertThat(brWhatsapp).isGreaterThan(usWhatsapp * 1.5);
  }

  @Test
  void stormIsInEventTimeOrderAndInsideItsWindow() {
    assertThat(storm.outOfOrder()).isZero();
    assertThat(storm.first()).isAfterOrEqualTo(meta.start());
    assertThat(storm.last()).isBefore(meta.end());
    assertThat(storm.firstOutage()).isAfterOrEqualTo(ONSET).isBefore(ONSET.plusSeconds(60));
    assertThat(storm.lastOutage()).isBefore(Instant.parse("2021-10-04T23:00:00Z"));
    // two weeks of background exist before it, so baselines can be learned
    assertThat(storm.normalTotal()).isBetween(200_000L, 300_000L);
    assertThat(storm.first()).isBefore(Instant.parse("2021-09-20T01:00:00Z"));
  }

  @Test
  void estimateIsCloseToWhatIsGenerated() {
    assertThat((double) meta.estimatedReports()).isCloseTo(storm.total(),
        org.assertj.core.data.Percentage.withPercentage(0.5));
  }

  @Test
  void firstOutageMinuteIsAlreadyFarAboveNormalAndThePeakComesWithinHalfAnHour() {
    long start = meta.start().toEpochMilli();
    int minutes = (int) ((meta.end().toEpochMilli() - start) / MINUTE);
    long[] facebook = new long[minutes];
    long[] usFacebook = new long[minutes];
    int fb = Vocabulary.FACEBOOK;
    int us = CountryTable.indexOf("US");
    meta.window(Instant.parse("2021-09-20T00:00:00Z"), Instant.parse("2021-10-04T18:00:00Z"))
        .generate((at, service, indicator, country, reporter, network, outage) -> {
          if (service == fb) {
            int m = (int) ((at - start) / MINUTE);
            facebook[m]++;
            if (country == us) {
              usFacebook[m]++;
            }
          }
        });
    int onset = (int) ((ONSET.toEpochMilli() - start) / MINUTE);
    // normal = mean over the same minute-of-week ±30 min in the two previous weeks
    double normal = sameTimeLastWeeks(facebook, onset);
    double usNormal = sameTimeLastWeeks(usFacebook, onset);
    assertThat(normal).isBetween(2.0, 20.0); // "a few hundred reports per hour"
    assertThat(facebook[onset - 1]).isLessThan((long) (normal * 4 + 10)); // nothing before
    assertThat((double) facebook[onset]).isGreaterThan(8 * normal);
    assertThat((double) usFacebook[onset]).isGreaterThan(8 * Math.max(usNormal, 0.5));
    int peak = onset;
    for (int m = onset; m < onset + 120; m++) {
      if (facebook[m] > facebook[peak]) {
        peak = m;
      }
    }
    Instant peakAt = Instant.ofEpochMilli(start + peak * MINUTE);
    assertThat(peakAt).isBetween(Instant.parse("2021-10-04T15:48:00Z"),
        Instant.parse("2021-10-04T16:12:00Z"));
    // every minute of the climb is at least as big as a few normal minutes
    for (int m = onset; m < onset + 10; m++) {
      assertThat((double) facebook[m]).isGreaterThan(5 * normal);
    }
  }

  private static double sameTimeLastWeeks(long[] perMinute, int minute) {
    double sum = 0;
    int n = 0;
    for (int week = 1; minute - week * 10080 - 30 >= 0; week++) {
      for (int d = -30; d < 30; d++) {
        sum += perMinute[minute - week * 10080 + d];
        n++;
      }
    }
    return sum / n;
  }

  @Test
  void normalTrafficFollowsTheLocalDailyAndWeeklyCycle() {
    // Background of the two weeks before the storm, bucketed by local hour in Berlin and New York.
    long[] berlin = new long[24];
    long[] newYork = new long[24];
    long[] berlinWeekendMorning = new long[1];
    long[] berlinWeekdayMorning = new long[1];
    int de = CountryTable.indexOf("DE");
    int us = CountryTable.indexOf("US");
    ZoneId berlinZone = ZoneId.of("Europe/Berlin");
    ZoneId newYorkZone = ZoneId.of("America/New_York");
    meta.window(Instant.parse("2021-09-20T00:00:00Z"), Instant.parse("2021-10-04T00:00:00Z"))
        .generate((at, service, indicator, country, reporter, network, outage) -> {
          assertThat(outage).isFalse();
          if (country == de) {
            ZonedDateTime local = Instant.ofEpochMilli(at).atZone(berlinZone);
            berlin[local.getHour()]++;
            if (local.getHour() >= 7 && local.getHour() < 9) {
              DayOfWeek d = local.getDayOfWeek();
              boolean weekend = d == DayOfWeek.SATURDAY || d == DayOfWeek.SUNDAY;
              (weekend ? berlinWeekendMorning : berlinWeekdayMorning)[0]++;
            }
          } else if (country == us) {
            newYork[Instant.ofEpochMilli(at).atZone(newYorkZone).getHour()]++;
          }
        });
    long berlinNight = berlin[2] + berlin[3] + berlin[4] + berlin[5];
    long berlinEvening = berlin[19] + berlin[20] + berlin[21] + berlin[22];
    assertThat(berlinEvening).isGreaterThan(4 * berlinNight);
    // The US spans four zones, so its New York night is less deep, but still clearly lower.
    long usNight = newYork[3] + newYork[4] + newYork[5] + newYork[6];
    long usEvening = newYork[19] + newYork[20] + newYork[21] + newYork[22];
    assertThat(usEvening).isGreaterThan(2 * usNight);
    // The span holds 4 weekend days and 10 weekdays: weekend mornings start later.
    double weekendPerDay = berlinWeekendMorning[0] / 4.0;
    double weekdayPerDay = berlinWeekdayMorning[0] / 10.0;
    assertThat(weekendPerDay).isLessThan(0.8 * weekdayPerDay);
    // and the cycle itself averages to one over a week
    double sum = 0;
    for (DayOfWeek d : DayOfWeek.values()) {
      for (int h = 0; h < 24; h++) {
        sum += SyntheticScenario.cycle(d, h);
      }
    }
    assertThat(sum / (7 * 24)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void quietHasNoOutageAndNoSpike() {
    Scenario quiet = Scenarios.byName(Scenarios.QUIET);
    assertThat(quiet.outages()).isEmpty();
    long start = quiet.start().toEpochMilli();
    int hours = (int) ((quiet.end().toEpochMilli() - start) / 3_600_000L);
    long[][] perHour = new long[Vocabulary.serviceCount()][hours];
    ReportCounter counter = new ReportCounter();
    quiet.generate((at, service, indicator, country, reporter, network, outage) -> {
      counter.report(at, service, indicator, country, reporter, network, outage);
      perHour[service][(int) ((at - start) / 3_600_000L)]++;
    });
    assertThat(counter.outageTotal()).isZero();
    assertThat(counter.outOfOrder()).isZero();
    for (int s : new int[] {Vocabulary.FACEBOOK, Vocabulary.INSTAGRAM, Vocabulary.WHATSAPP}) {
      long[] sorted = perHour[s].clone();
      Arrays.sort(sorted);
      double median = sorted[sorted.length / 2];
      assertThat(median).isPositive();
      // the world-wide daily cycle and Poisson noise, nothing more
      assertThat(sorted[sorted.length - 1] / median)
          .as("max hour / median hour of %s", Vocabulary.service(s))
          .isLessThan(2.5);
    }
    // facebook ~300 reports per hour on average
    assertThat(Arrays.stream(perHour[Vocabulary.FACEBOOK]).average().orElseThrow())
        .isBetween(250.0, 350.0);
  }

  @Test
  void instagram2019IsSporadicAndWorldWideAndPsnIsDownTheSameDay() {
    Scenario s = Scenarios.byName(Scenarios.INSTAGRAM_2019);
    ReportCounter counter = new ReportCounter();
    long start = s.start().toEpochMilli();
    int minutes = (int) ((s.end().toEpochMilli() - start) / MINUTE);
    long[] instagram = new long[minutes];
    long[] psn = new long[minutes];
    s.generate((at, service, indicator, country, reporter, network, outage) -> {
      counter.report(at, service, indicator, country, reporter, network, outage);
      int m = (int) ((at - start) / MINUTE);
      if (service == Vocabulary.INSTAGRAM) {
        instagram[m]++;
      } else if (service == Vocabulary.PLAYSTATION_NETWORK) {
        psn[m]++;
      }
    });
    assertThat(counter.outOfOrder()).isZero();
    assertThat(s.outages()).extracting(Outage::service)
        .containsExactly("playstation-network", "instagram");
    assertThat(counter.outageOfService("instagram")).isEqualTo(17_000);
    assertThat(counter.outageOfService("playstation-network")).isEqualTo(6_500);
    // every continent
    for (String country : new String[] {"US", "BR", "GB", "FR", "DE", "IN", "ID", "JP", "AU", "ZA",
        "MX"}) {
      assertThat(counter.outage("instagram", country)).as(country).isPositive();
    }
    // PSN: US and Europe only
    assertThat(counter.outage("playstation-network", "JP")).isZero();
    assertThat(counter.outage("playstation-network", "US")).isPositive();
    // Sporadic: the peak 10 minutes are 20-40x normal (we allow a little margin), not 1000x.
    int onset = (int) ((Instant.parse("2019-06-13T21:00:00Z").toEpochMilli() - start) / MINUTE);
    double ratio = peakTenMinutes(instagram, onset, 120) / (10 * sameTimeLastWeeks(instagram,
        onset + 30));
    assertThat(ratio).isBetween(15.0, 45.0);
    int psnOnset = (int) ((Instant.parse("2019-06-13T19:15:00Z").toEpochMilli() - start) / MINUTE);
    assertThat(peakTenMinutes(psn, psnOnset, 180) / (10 * sameTimeLastWeeks(psn, psnOnset + 60)))
        .isBetween(8.0, 40.0);
    // nothing before the onsets
    assertThat(counter.firstOutage()).isAfterOrEqualTo(Instant.parse("2019-06-13T19:15:00Z"));
  }

  private static double peakTenMinutes(long[] perMinute, int from, int length) {
    long best = 0;
    for (int m = from; m < from + length; m++) {
      long sum = 0;
      for (int k = 0; k < 10; k++) {
        sum += perMinute[m + k];
      }
      best = Math.max(best, sum);
    }
    return best;
  }

  @Test
  void sameSeedGivesTheSameBytesAndAnotherScenarioDiffers() throws Exception {
    String first = sha256(Scenarios.byName(Scenarios.INSTAGRAM_2019));
    String second = sha256(Scenarios.byName(Scenarios.INSTAGRAM_2019));
    assertThat(second).isEqualTo(first);
    String scaled1 = sha256(Scenarios.meta20211004(0.02));
    String scaled2 = sha256(Scenarios.meta20211004(0.02));
    assertThat(scaled2).isEqualTo(scaled1).isNotEqualTo(first);
    // another seed: other draws, same exact outage totals
    SyntheticScenario reseeded = Scenarios.meta20211004(0.02).withSeed(7);
    assertThat(reseeded.seed()).isEqualTo(7);
    assertThat(sha256(reseeded)).isNotEqualTo(scaled1);
    ReportCounter counter = new ReportCounter();
    reseeded.generate(counter);
    assertThat(counter.outageTotal()).isEqualTo(212_000);
    assertThat(counter.outageOfCountry("US")).isEqualTo(34_000);
  }

  static String sha256(Scenario scenario) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    NdjsonWriter writer = new NdjsonWriter(b -> digest.update(b.body()));
    scenario.generate(writer);
    writer.flush();
    return HexFormat.of().formatHex(digest.digest());
  }

  @Test
  void windowYieldsExactlyTheFullScenariosReportsInThatWindow() throws Exception {
    SyntheticScenario scaled = Scenarios.meta20211004(0.01);
    Instant from = Instant.parse("2021-10-04T15:30:00Z");
    Instant to = Instant.parse("2021-10-04T16:00:00Z");
    MessageDigest full = MessageDigest.getInstance("SHA-256");
    long[] fullCount = new long[1];
    NdjsonWriter fullWriter = new NdjsonWriter(b -> full.update(b.body()));
    scaled.generate((at, s, i, c, r, n, o) -> {
      if (at >= from.toEpochMilli() && at < to.toEpochMilli()) {
        fullWriter.report(at, s, i, c, r, n, o);
        fullCount[0]++;
      }
    });
    fullWriter.flush();
    Scenario window = scaled.window(from, to);
    assertThat(window.start()).isEqualTo(from);
    assertThat(window.end()).isEqualTo(to);
    assertThat(window.onsets()).containsExactly(ONSET);
    assertThat(HexFormat.of().formatHex(full.digest())).isEqualTo(sha256(window));
    assertThat((double) window.estimatedReports()).isCloseTo(fullCount[0],
        org.assertj.core.data.Percentage.withPercentage(2));
  }

  @Test
  void reportersRepeatRarelyAndKeepTheirNetwork() {
    // 1 % of the storm: 106,000 outage reports, plus the normal background.
    SyntheticScenario scaled = Scenarios.meta20211004(0.01);
    Map<Long, Long> lastSeen = new HashMap<>(); // (service, reporter) -> last report time
    Map<Long, Long> networkOf = new HashMap<>();
    Set<Long> usNetworks = new HashSet<>();
    long[] outage = new long[1];
    long[] repeats = new long[1];
    long[] usOutage = new long[1];
    int us = CountryTable.indexOf("US");
    scaled.generate((at, service, indicator, country, reporter, network, isOutage) -> {
      assertThat(Vocabulary.allows(service, indicator)).isTrue();
      Long previousNetwork = networkOf.put(reporter, network);
      assertThat(previousNetwork == null || previousNetwork == network).isTrue();
      long key = reporter * 8 + service;
      Long before = lastSeen.put(key, at);
      if (isOutage) {
        outage[0]++;
        if (before != null && at - before <= 3_600_000L) {
          repeats[0]++;
        }
        if (country == us) {
          usOutage[0]++;
          usNetworks.add(network);
        }
      }
    });
    assertThat(outage[0]).isEqualTo(106_000);
    double repeatShare = repeats[0] / (double) outage[0];
    assertThat(repeatShare).isBetween(0.03, 0.07);
    // many distinct /24s: a handful to a few dozen reporters each
    assertThat(usNetworks.size()).isGreaterThan((int) (usOutage[0] / 40));
  }

  @Test
  void outageIndicatorMixDiffersFromTheNormalMix() {
    SyntheticScenario scaled = Scenarios.meta20211004(0.01);
    long[][] counts = new long[2][Vocabulary.indicatorCount()];
    scaled.generate((at, service, indicator, country, reporter, network, outage) -> {
      if (service == Vocabulary.FACEBOOK) {
        counts[outage ? 1 : 0][indicator]++;
      }
    });
    double normalFeed = share(counts[0], Vocabulary.FEED);
    double outageFeed = share(counts[1], Vocabulary.FEED);
    double outageTop3 = share(counts[1], Vocabulary.LOGIN) + share(counts[1], Vocabulary.APP)
        + share(counts[1], Vocabulary.SERVER_CONNECTION);
    assertThat(outageTop3).isGreaterThan(0.75);
    assertThat(normalFeed).isGreaterThan(2 * outageFeed);
  }

  private static double share(long[] counts, int index) {
    return counts[index] / (double) Arrays.stream(counts).sum();
  }

  @Test
  void apportionIsExactAndProportional() {
    long[] parts = SyntheticScenario.apportion(10, new double[] {1, 1, 1});
    assertThat(Arrays.stream(parts).sum()).isEqualTo(10);
    assertThat(parts).containsExactly(4, 3, 3);
    assertThat(SyntheticScenario.apportion(7, new double[] {0, 2, 5})).containsExactly(0, 2, 5);
  }
}
