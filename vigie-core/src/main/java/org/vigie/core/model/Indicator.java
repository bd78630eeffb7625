package org.vigie.core.model;

import java.util.Objects;

/**
 * A kind of problem a user can pick when reporting ("login", "app", "messages"…), with its labels
 * in English and French.
 */
public record Indicator(String slug, String labelEn, String labelFr) {
  public Indicator {
    Objects.requireNonNull(slug, "slug");
    Objects.requireNonNull(labelEn, "labelEn");
    Objects.requireNonNull(labelFr, "labelFr");
  }

  /** The label in the given language ("fr" or anything else for English). */
  public String label(String language) {
    return "fr".equals(language) ? labelFr : labelEn;
  }
}
