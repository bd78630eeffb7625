package org.vigie.core.model;

/** How strongly the signals say something is wrong, weakest first. */
public enum Evidence {
  NONE,
  WEAK,
  MODERATE,
  STRONG;

  public boolean atLeast(Evidence other) {
    return compareTo(other) >= 0;
  }

  public static Evidence max(Evidence a, Evidence b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
