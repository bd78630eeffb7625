package org.vigie.core.detect;

/** Poisson tail probabilities in log space, stable for counts in the millions. */
public final class Poisson {
  private Poisson() {}

  private static final double[] LANCZOS = {
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7
  };

  /** ln Γ(x) for x > 0 (Lanczos approximation, g = 7). */
  public static double logGamma(double x) {
    if (x < 0.5) {
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    x -= 1;
    double a = LANCZOS[0];
    double t = x + 7.5;
    for (int i = 1; i < 9; i++) {
      a += LANCZOS[i] / (x + i);
    }
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
  }

  /**
   * log10 of P(X ≥ k) for X ~ Poisson(lambda); 0 when k ≤ 0. This is the regularized lower
   * incomplete gamma function P(k, lambda), computed by its series when lambda &lt; k + 1 and by
   * the continued fraction of its complement otherwise (Numerical Recipes, §6.2).
   */
  public static double log10UpperTail(double k, double lambda) {
    if (k <= 0) {
      return 0;
    }
    if (lambda <= 0) {
      return Double.NEGATIVE_INFINITY;
    }
    double a = k;
    double x = lambda;
    double lnPrefix = -x + a * Math.log(x) - logGamma(a);
    if (x < a + 1) {
      double ap = a;
      double del = 1.0 / a;
      double sum = del;
      for (int n = 0; n < 100_000; n++) {
        ap += 1;
        del *= x / ap;
        sum += del;
        if (Math.abs(del) < Math.abs(sum) * 1e-15) {
          break;
        }
      }
      return (lnPrefix + Math.log(sum)) / Math.log(10);
    }
    // Upper tail is large here; compute Q by Lentz's continued fraction and return log10(1 - Q).
    double b = x + 1 - a;
    double c = 1.0 / 1e-300;
    double d = 1.0 / b;
    double h = d;
    for (int i = 1; i < 100_000; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < 1e-300) {
        d = 1e-300;
      }
      c = b + an / c;
      if (Math.abs(c) < 1e-300) {
        c = 1e-300;
      }
      d = 1.0 / d;
      double del = d * c;
      h *= del;
      if (Math.abs(del - 1) < 1e-15) {
        break;
      }
    }
    double q = Math.exp(lnPrefix) * h;
    return Math.log10(Math.max(1e-300, 1 - q));
  }
}
