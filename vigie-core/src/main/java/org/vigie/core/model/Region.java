package org.vigie.core.model;

/**
 * Where a signal comes from: an ISO 3166-1 country ({@link Countries#UNKNOWN} when not known),
 * optionally an ISO 3166-2 subdivision and a city, and coordinates rounded to 0.1° so that no
 * stored position is more precise than about 11 km.
 */
public record Region(String country, String subdivision, String city, Double lat, Double lon) {

  public static final Region UNKNOWN = new Region(Countries.UNKNOWN, null, null, null, null);

  public Region {
    if (!Countries.isValid(country)) {
      throw new IllegalArgumentException("'" + country + "' is not an ISO 3166-1 alpha-2 country code");
    }
    lat = roundTenth(lat);
    lon = roundTenth(lon);
  }

  public static Region country(String country) {
    return new Region(country, null, null, null, null);
  }

  static Double roundTenth(Double v) {
    return v == null ? null : Math.round(v * 10.0) / 10.0;
  }
}
