package org.vigie.sources.statuspage;

import java.util.Locale;

/**
 * The status an incident or maintenance update carries. {@link #UPDATE} is the Atom feed's label
 * for an update that kept the previous status ("Update" is not an API status).
 */
public enum UpdateStatus {
  INVESTIGATING,
  IDENTIFIED,
  MONITORING,
  RESOLVED,
  POSTMORTEM,
  SCHEDULED,
  IN_PROGRESS,
  VERIFYING,
  COMPLETED,
  UPDATE,
  UNKNOWN;

  /** From an API value ({@code in_progress}) or a feed label ({@code In progress}). */
  public static UpdateStatus of(String raw) {
    if (raw == null) {
      return UNKNOWN;
    }
    String k = raw.trim().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
    try {
      return valueOf(k);
    } catch (IllegalArgumentException e) {
      return UNKNOWN;
    }
  }

  /** Whether the incident is over once this is its latest status. */
  public boolean isFinal() {
    return this == RESOLVED || this == POSTMORTEM || this == COMPLETED;
  }
}
