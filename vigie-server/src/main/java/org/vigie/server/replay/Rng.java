package org.vigie.server.replay;

/**
 * SplitMix64, our own so the scenarios' bytes never change with the JDK's random algorithms.
 *
 * <p>Why not {@code SplittableRandom}: its {@code nextGaussian} comes from a default method
 * whose algorithm the JDK may change; scenario determinism must outlive JDK upgrades.
 */
final class Rng {
  private long state;

  Rng(long seed) {
    this.state = seed;
  }

  /** A generator for an independent sub-stream, so adding one stream does not shift another. */
  static Rng derive(long seed, long stream) {
    return new Rng(mix(seed ^ mix(stream + 0x632BE59BD9B4E019L)));
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  long nextLong() {
    state += 0x9E3779B97F4A7C15L;
    return mix(state);
  }

  /** Uniform in [0, 1). */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound), bound > 0 (Lemire's multiply-shift; the tiny bias is irrelevant). */
  int nextInt(int bound) {
    return (int) (((nextLong() >>> 32) * bound) >>> 32);
  }

  /** Standard normal (Box–Muller, one of the pair). */
  double gaussian() {
    double u = 1.0 - nextDouble();
    double v = nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
  }

  /** A Poisson draw: Knuth's product method for small means, a rounded normal above. */
  int poisson(double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean < 30) {
      double limit = Math.exp(-mean);
      int k = 0;
      double p = nextDouble();
      while (p > limit) {
        k++;
        p *= nextDouble();
      }
      return k;
    }
    return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian()));
  }
}
