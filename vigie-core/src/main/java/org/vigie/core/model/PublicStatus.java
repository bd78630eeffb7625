package org.vigie.core.model;

/** The status shown to people, and its Statuspage v2 equivalent. */
public enum PublicStatus {
  OPERATIONAL("No problems", "Aucun problème", "operational", "none"),
  POSSIBLE_PROBLEMS("Possible problems", "Problèmes possibles", "partial_outage", "minor"),
  OUTAGE("Problems detected", "Problèmes détectés", "major_outage", "major");

  private final String labelEn;
  private final String labelFr;
  private final String statuspageComponent;
  private final String statuspageIndicator;

  PublicStatus(String labelEn, String labelFr, String component, String indicator) {
    this.labelEn = labelEn;
    this.labelFr = labelFr;
    this.statuspageComponent = component;
    this.statuspageIndicator = indicator;
  }

  public String label(String language) {
    return "fr".equals(language) ? labelFr : labelEn;
  }

  /** The Statuspage component status ({@code operational}, {@code major_outage}…). */
  public String statuspageComponent() {
    return statuspageComponent;
  }

  /** The Statuspage page indicator ({@code none}, {@code minor}, {@code major}). */
  public String statuspageIndicator() {
    return statuspageIndicator;
  }

  /** The status an amount of evidence warrants. */
  public static PublicStatus of(Evidence evidence) {
    return switch (evidence) {
      case NONE, WEAK -> OPERATIONAL;
      case MODERATE -> POSSIBLE_PROBLEMS;
      case STRONG -> OUTAGE;
    };
  }
}
