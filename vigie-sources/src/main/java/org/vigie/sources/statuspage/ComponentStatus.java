package org.vigie.sources.statuspage;

import java.util.Locale;

/** A Statuspage component status; values a page invents later read as {@link #UNKNOWN}. */
public enum ComponentStatus {
  OPERATIONAL,
  UNDER_MAINTENANCE,
  DEGRADED_PERFORMANCE,
  PARTIAL_OUTAGE,
  MAJOR_OUTAGE,
  UNKNOWN;

  public static ComponentStatus of(String raw) {
    if (raw == null) {
      return UNKNOWN;
    }
    try {
      return valueOf(raw.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return UNKNOWN;
    }
  }

  /** The API spelling ({@code major_outage}), also used as {@code OfficialStatus.level}. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this status says something is wrong (maintenance and unknown do not). */
  public boolean isProblem() {
    return this == DEGRADED_PERFORMANCE || this == PARTIAL_OUTAGE || this == MAJOR_OUTAGE;
  }
}
