package org.vigie.core.model;

import java.util.Locale;
import java.util.Set;

/** ISO 3166-1 alpha-2 country codes, from the JDK's own table. */
public final class Countries {
  /** The code for an unknown country. */
  public static final String UNKNOWN = "ZZ";

  /** The pseudo-code under which world-wide tallies are kept. */
  public static final String WORLD = "*";

  private static final Set<String> CODES = Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2);

  private Countries() {}

  /** True for an assigned ISO alpha-2 code in upper case, or {@link #UNKNOWN}. */
  public static boolean isValid(String code) {
    return code != null && (UNKNOWN.equals(code) || CODES.contains(code));
  }

  /** English display name of a country code. */
  public static String name(String code, String language) {
    if (WORLD.equals(code)) {
      return "fr".equals(language) ? "Monde" : "World";
    }
    if (UNKNOWN.equals(code)) {
      return "fr".equals(language) ? "Inconnu" : "Unknown";
    }
    return Locale.of("", code).getDisplayCountry(Locale.forLanguageTag(language));
  }
}
