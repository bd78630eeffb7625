package org.vigie.sources.statuspage;

import java.util.Locale;

/** An incident's impact; unknown values read as {@link #UNKNOWN}. */
public enum Impact {
  NONE,
  MAINTENANCE,
  MINOR,
  MAJOR,
  CRITICAL,
  UNKNOWN;

  public static Impact of(String raw) {
    if (raw == null) {
      return UNKNOWN;
    }
    try {
      return valueOf(raw.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return UNKNOWN;
    }
  }

  /** The component status an unresolved incident of this impact stands for. */
  public ComponentStatus asComponentStatus() {
    return switch (this) {
      case CRITICAL -> ComponentStatus.MAJOR_OUTAGE;
      case MAJOR -> ComponentStatus.PARTIAL_OUTAGE;
      case MINOR -> ComponentStatus.DEGRADED_PERFORMANCE;
      case MAINTENANCE -> ComponentStatus.UNDER_MAINTENANCE;
      case NONE, UNKNOWN -> ComponentStatus.OPERATIONAL;
    };
  }
}
