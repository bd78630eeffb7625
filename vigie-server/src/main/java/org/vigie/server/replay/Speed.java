package org.vigie.server.replay;

import java.util.Locale;

/**
 * How fast a replay runs: {@link #MAX} (as fast as the server takes it) or a factor N (event time
 * advances N times faster than wall-clock time).
 *
 * @param factor event-time seconds per wall-clock second; {@code +∞} for {@link #MAX}
 */
public record Speed(double factor) {
  public static final Speed MAX = new Speed(Double.POSITIVE_INFINITY);

  public Speed {
    if (!(factor > 0)) {
      throw new IllegalArgumentException("speed must be positive, or max");
    }
  }

  public static Speed of(double factor) {
    return new Speed(factor);
  }

  /** {@code "max"} or a positive number, optionally followed by {@code x} ("60", "60x", "0.5"). */
  public static Speed parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("max")) {
      return MAX;
    }
    if (t.endsWith("x") || t.endsWith("×")) {
      t = t.substring(0, t.length() - 1);
    }
    try {
      return new Speed(Double.parseDouble(t));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "speed must be 'max' or a positive number such as 60, not '" + text + "'", e);
    }
  }

  public boolean isMax() {
    return Double.isInfinite(factor);
  }

  @Override
  public String toString() {
    if (isMax()) {
      return "max";
    }
    return (factor == Math.rint(factor) ? Long.toString((long) factor) : Double.toString(factor))
        + "x";
  }
}
