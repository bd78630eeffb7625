package org.vigie.core.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The tail probabilities the detector's significance rests on. */
class PoissonTest {

  /** P(X ≥ k) by summing the lower terms exactly; fine for the small values used here. */
  private static double upperTailBySum(int k, double lambda) {
    double term = Math.exp(-lambda);
    double below = 0;
    for (int i = 0; i < k; i++) {
      below += term;
      term *= lambda / (i + 1);
    }
    return 1 - below;
  }

  /** P(X ≥ k) by summing the upper terms, accurate when the tail is tiny. */
  private static double upperTailByUpperSum(int k, double lambda) {
    double logTerm = -lambda + k * Math.log(lambda) - Poisson.logGamma(k + 1);
    double term = Math.exp(logTerm);
    double sum = 0;
    for (int i = k; i < k + 500; i++) {
      sum += term;
      term *= lambda / (i + 1);
    }
    return sum;
  }

  @Test
  void atLeastOneEventAtRateOne() {
    assertThat(Math.pow(10, Poisson.log10UpperTail(1, 1))).isCloseTo(1 - Math.exp(-1), within(1e-12));
  }

  @Test
  void tenEventsAtRateTwoIsRare() {
    double p = Math.pow(10, Poisson.log10UpperTail(10, 2));
    assertThat(p).isCloseTo(4.649807e-5, within(1e-10));
    assertThat(p).isCloseTo(upperTailBySum(10, 2), within(1e-12));
  }

  @ParameterizedTest
  @CsvSource({"1, 0.02", "3, 0.5", "5, 5", "7, 3", "12, 12.5", "20, 30", "30, 3", "60, 50", "100, 80"})
  void matchesDirectSummation(int k, double lambda) {
    double log10 = Poisson.log10UpperTail(k, lambda);
    double expected = Math.log10(upperTailByUpperSum(k, lambda));
    assertThat(log10).isCloseTo(expected, within(1e-9 + Math.abs(expected) * 1e-9));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 0.001, 1, 1000, 1e6})
  void atLeastZeroEventsIsCertain(double lambda) {
    assertThat(Poisson.log10UpperTail(0, lambda)).isZero();
  }

  @Test
  void anyEventAtRateZeroIsImpossible() {
    assertThat(Poisson.log10UpperTail(1, 0)).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void stormCountAgainstQuietBaselineIsFiniteAndVeryNegative() {
    // A million reports in a minute where 0.01 are expected: far below double's range as a
    // probability, but the log stays finite and usable for ranking.
    double log10 = Poisson.log10UpperTail(1_000_000, 0.01);
    assertThat(log10).isFinite().isLessThan(-7_000_000);
    // k·log10(λ) − log10(k!) dominates: 1e6·(−2) − log10(1e6!) ≈ −2e6 − 5.566e6.
    assertThat(log10).isCloseTo(-7_565_708.9, within(1.0));
  }

  @Test
  void largeCountsNearTheirMeanAreStable() {
    assertThat(Poisson.log10UpperTail(1_000_000, 1_000_000)).isCloseTo(Math.log10(0.5), within(0.01));
    // 10,000 above a mean of 9.99 million is about 3.16 standard deviations: p ≈ 7.8e-4 (scipy).
    assertThat(Poisson.log10UpperTail(10_000_000, 9_990_000)).isCloseTo(-3.1078201, within(1e-5));
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.02, 0.5, 3, 40, 700})
  void decreasesAsTheCountGrows(double lambda) {
    double previous = 0;
    for (int k = 1; k < 3 * lambda + 60; k++) {
      double log10 = Poisson.log10UpperTail(k, lambda);
      assertThat(log10).as("k=%d", k).isLessThanOrEqualTo(previous).isLessThanOrEqualTo(0);
      previous = log10;
    }
  }

  @Test
  void logGammaMatchesFactorials() {
    double factorial = 1;
    for (int n = 1; n <= 20; n++) {
      factorial *= n;
      assertThat(Poisson.logGamma(n + 1)).as("ln %d!", n).isCloseTo(Math.log(factorial), within(1e-10));
    }
    assertThat(Poisson.logGamma(0.5)).isCloseTo(Math.log(Math.sqrt(Math.PI)), within(1e-12));
  }
}
