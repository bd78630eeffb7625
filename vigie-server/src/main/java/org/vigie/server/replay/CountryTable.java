package org.vigie.server.replay;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The countries the replay scenarios draw reports from: ISO 3166-1 alpha-2 code, a relative
 * weight, and the time zones people live in there.
 *
 * <p>Why a fixed table: scenarios must be deterministic and self-contained (no download), and a
 * daily cycle only looks right if each country follows its own local clock, including daylight
 * saving time; {@link ZoneId} rules give us that for free.
 *
 * <p>Weights are "thousands of Downdetector problem reports in the 4 October 2021 Meta storm".
 * Only three are published facts (Downdetector/Ookla: United States 1.7 M, Germany 1.3 M,
 * Netherlands 915 k); every other weight is our own approximation from internet users per
 * country and how popular Downdetector is there. The same weights shape normal traffic, so a
 * country's normal share matches its share of the storm. China is absent on purpose (Meta's apps
 * are blocked there).
 */
public final class CountryTable {
  /** A time zone and the share of the country's users living in it. */
  public record Zone(ZoneId id, double share) {}

  /** One country. {@code weight} is relative; {@code zones} shares sum to 1. */
  public record Country(String code, double weight, List<Zone> zones) {}

  private static final List<Country> COUNTRIES = new ArrayList<>();
  private static final Map<String, Integer> INDEX = new HashMap<>();

  static {
    // US spread over its four main zones by population, so its evening peak is a broad hump.
    add("US", 1700, "America/New_York", .47, "America/Chicago", .29, "America/Denver", .07,
        "America/Los_Angeles", .17);
    add("DE", 1300, "Europe/Berlin");
    add("NL", 915, "Europe/Amsterdam");
    add("GB", 700, "Europe/London");
    add("FR", 450, "Europe/Paris");
    add("BR", 420, "America/Sao_Paulo", .85, "America/Manaus", .15);
    add("IT", 380, "Europe/Rome");
    add("ES", 330, "Europe/Madrid");
    add("MX", 320, "America/Mexico_City");
    add("IN", 300, "Asia/Kolkata");
    add("TR", 260, "Europe/Istanbul");
    add("CA", 230, "America/Toronto", .62, "America/Vancouver", .23, "America/Edmonton", .15);
    add("PL", 160, "Europe/Warsaw");
    add("BE", 150, "Europe/Brussels");
    add("PH", 150, "Asia/Manila");
    add("AU", 140, "Australia/Sydney", .8, "Australia/Perth", .2);
    add("AR", 140, "America/Argentina/Buenos_Aires");
    add("ID", 140, "Asia/Jakarta");
    add("CO", 120, "America/Bogota");
    add("PT", 110, "Europe/Lisbon");
    add("SE", 100, "Europe/Stockholm");
    add("AT", 100, "Europe/Vienna");
    add("CH", 95, "Europe/Zurich");
    add("CL", 90, "America/Santiago");
    add("RU", 90, "Europe/Moscow");
    add("RO", 75, "Europe/Bucharest");
    add("IE", 70, "Europe/Dublin");
    add("PE", 70, "America/Lima");
    add("TH", 70, "Asia/Bangkok");
    add("UA", 70, "Europe/Kiev");
    add("ZA", 70, "Africa/Johannesburg");
    add("GR", 65, "Europe/Athens");
    add("MY", 60, "Asia/Kuala_Lumpur");
    add("VN", 60, "Asia/Ho_Chi_Minh");
    add("JP", 60, "Asia/Tokyo");
    add("PK", 60, "Asia/Karachi");
    add("SA", 60, "Asia/Riyadh");
    add("EG", 60, "Africa/Cairo");
    add("NG", 60, "Africa/Lagos");
    add("AE", 55, "Asia/Dubai");
    add("CZ", 55, "Europe/Prague");
    add("HU", 50, "Europe/Budapest");
    add("DK", 50, "Europe/Copenhagen");
    add("NO", 45, "Europe/Oslo");
    add("BD", 45, "Asia/Dhaka");
    add("MA", 45, "Africa/Casablanca");
    add("FI", 40, "Europe/Helsinki");
    add("IL", 40, "Asia/Jerusalem");
    add("EC", 35, "America/Guayaquil");
    add("SG", 30, "Asia/Singapore");
    add("NZ", 30, "Pacific/Auckland");
    add("VE", 30, "America/Caracas");
    add("DZ", 30, "Africa/Algiers");
    add("KR", 25, "Asia/Seoul");
    add("HK", 25, "Asia/Hong_Kong");
    add("RS", 25, "Europe/Belgrade");
    add("KE", 25, "Africa/Nairobi");
    add("IQ", 25, "Asia/Baghdad");
    add("BG", 22, "Europe/Sofia");
    add("TW", 20, "Asia/Taipei");
    add("SK", 20, "Europe/Bratislava");
    add("TN", 20, "Africa/Tunis");
    add("DO", 20, "America/Santo_Domingo");
    add("HR", 18, "Europe/Zagreb");
    add("KZ", 15, "Asia/Almaty");
    add("GT", 15, "America/Guatemala");
    add("GH", 15, "Africa/Accra");
    add("PR", 15, "America/Puerto_Rico");
    add("LK", 12, "Asia/Colombo");
    add("JO", 12, "Asia/Amman");
    add("KW", 12, "Asia/Kuwait");
    add("CR", 12, "America/Costa_Rica");
    add("NP", 10, "Asia/Kathmandu");
    add("LB", 10, "Asia/Beirut");
    add("QA", 10, "Asia/Qatar");
    add("BY", 10, "Europe/Minsk");
    add("LT", 10, "Europe/Vilnius");
    add("PA", 10, "America/Panama");
    add("BO", 10, "America/La_Paz");
    add("UY", 10, "America/Montevideo");
    add("SI", 8, "Europe/Ljubljana");
    add("SV", 8, "America/El_Salvador");
    add("PY", 8, "America/Asuncion");
    add("ET", 8, "Africa/Addis_Ababa");
    add("TZ", 8, "Africa/Dar_es_Salaam");
    add("MM", 8, "Asia/Yangon");
    add("LV", 7, "Europe/Riga");
    add("HN", 7, "America/Tegucigalpa");
    add("EE", 6, "Europe/Tallinn");
    add("LU", 6, "Europe/Luxembourg");
    add("OM", 6, "Asia/Muscat");
    add("UG", 6, "Africa/Kampala");
    add("CM", 6, "Africa/Douala");
    add("CI", 6, "Africa/Abidjan");
    add("KH", 6, "Asia/Phnom_Penh");
    add("BA", 6, "Europe/Sarajevo");
    add("CY", 5, "Asia/Nicosia");
    add("BH", 5, "Asia/Bahrain");
    add("JM", 5, "America/Jamaica");
    add("SN", 5, "Africa/Dakar");
    add("AZ", 5, "Asia/Baku");
    add("GE", 5, "Asia/Tbilisi");
    add("UZ", 5, "Asia/Tashkent");
    add("AL", 5, "Europe/Tirane");
    add("MT", 4, "Europe/Malta");
    add("NI", 4, "America/Managua");
    add("TT", 4, "America/Port_of_Spain");
    add("AO", 4, "Africa/Luanda");
    add("AM", 4, "Asia/Yerevan");
    add("MK", 4, "Europe/Skopje");
    add("IS", 3, "Atlantic/Reykjavik");
    add("ZW", 3, "Africa/Harare");
    add("ME", 2, "Europe/Podgorica");
  }

  private CountryTable() {}

  private static void add(String code, double weight, Object... zones) {
    List<Zone> list = new ArrayList<>();
    if (zones.length == 1) {
      list.add(new Zone(ZoneId.of((String) zones[0]), 1.0));
    } else {
      for (int i = 0; i < zones.length; i += 2) {
        list.add(new Zone(ZoneId.of((String) zones[i]), (Double) zones[i + 1]));
      }
    }
    INDEX.put(code, COUNTRIES.size());
    COUNTRIES.add(new Country(code, weight, List.copyOf(list)));
  }

  /** Number of countries; indices run from 0 to {@code size() - 1}. */
  public static int size() {
    return COUNTRIES.size();
  }

  public static Country country(int index) {
    return COUNTRIES.get(index);
  }

  public static String code(int index) {
    return COUNTRIES.get(index).code();
  }

  /** The index of an ISO code, or -1 when the table does not hold it. */
  public static int indexOf(String code) {
    Integer i = INDEX.get(code);
    return i == null ? -1 : i;
  }

  public static List<Country> all() {
    return Collections.unmodifiableList(COUNTRIES);
  }

  /** The table weights as an array indexed like the table. */
  static double[] weights() {
    double[] w = new double[COUNTRIES.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = COUNTRIES.get(i).weight();
    }
    return w;
  }

  /** Table weights kept only for the listed codes (zero elsewhere). */
  static double[] weightsOnly(String... codes) {
    double[] w = new double[COUNTRIES.size()];
    for (String code : codes) {
      int i = indexOf(code);
      if (i < 0) {
        throw new IllegalArgumentException("country " + code + " is not in the table");
      }
      w[i] = COUNTRIES.get(i).weight();
    }
    return w;
  }
}
