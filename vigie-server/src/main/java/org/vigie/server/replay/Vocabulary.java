package org.vigie.server.replay;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The fixed service and indicator slugs the replay scenarios use, each with a dense index.
 *
 * <p>Why indices: the generator hands millions of reports per second to a {@link ReportSink};
 * passing small ints instead of strings lets the NDJSON writer copy pre-encoded bytes and lets a
 * counter use plain arrays. The slugs match the shipped service catalogue
 * ({@code facebook}, {@code playstation-network}, indicator {@code server-connection}…).
 */
public final class Vocabulary {
  public static final int FACEBOOK = 0;
  public static final int INSTAGRAM = 1;
  public static final int WHATSAPP = 2;
  public static final int MESSENGER = 3;
  public static final int PLAYSTATION_NETWORK = 4;

  public static final int APP = 0;
  public static final int WEBSITE = 1;
  public static final int LOGIN = 2;
  public static final int FEED = 3;
  public static final int MESSAGES = 4;
  public static final int SERVER_CONNECTION = 5;
  public static final int UPLOAD = 6;
  public static final int CALLS = 7;
  public static final int ONLINE_GAMING = 8;
  public static final int STORE = 9;

  private static final String[] SERVICES = {
    "facebook", "instagram", "whatsapp", "messenger", "playstation-network"
  };

  private static final String[] INDICATORS = {
    "app", "website", "login", "feed", "messages", "server-connection", "upload", "calls",
    "online-gaming", "store"
  };

  /** Indicators a user can pick for each service, as listed in the service catalogue. */
  private static final int[][] ALLOWED = {
    {APP, WEBSITE, LOGIN, FEED, MESSAGES, SERVER_CONNECTION},
    {APP, LOGIN, FEED, WEBSITE, UPLOAD, SERVER_CONNECTION},
    {MESSAGES, APP, LOGIN, CALLS, SERVER_CONNECTION},
    {MESSAGES, APP, LOGIN, CALLS, SERVER_CONNECTION},
    {LOGIN, ONLINE_GAMING, STORE, SERVER_CONNECTION},
  };

  private Vocabulary() {}

  public static int serviceCount() {
    return SERVICES.length;
  }

  public static int indicatorCount() {
    return INDICATORS.length;
  }

  public static String service(int index) {
    return SERVICES[index];
  }

  public static String indicator(int index) {
    return INDICATORS[index];
  }

  /** The index of a service slug, or -1. */
  public static int serviceIndex(String slug) {
    for (int i = 0; i < SERVICES.length; i++) {
      if (SERVICES[i].equals(slug)) {
        return i;
      }
    }
    return -1;
  }

  /** The index of an indicator slug, or -1. */
  public static int indicatorIndex(String slug) {
    for (int i = 0; i < INDICATORS.length; i++) {
      if (INDICATORS[i].equals(slug)) {
        return i;
      }
    }
    return -1;
  }

  /** The indicator slugs a user may pick for a service. */
  public static List<String> indicatorsOf(int service) {
    int[] allowed = ALLOWED[service];
    String[] slugs = new String[allowed.length];
    for (int i = 0; i < allowed.length; i++) {
      slugs[i] = INDICATORS[allowed[i]];
    }
    return List.of(slugs);
  }

  /** True when {@code indicator} is one the catalogue offers for {@code service}. */
  public static boolean allows(int service, int indicator) {
    for (int i : ALLOWED[service]) {
      if (i == indicator) {
        return true;
      }
    }
    return false;
  }

  /**
   * An indicator mix for a service: {@code weights} are given in the order of
   * {@link #indicatorsOf(int)} (e.g. facebook: app, website, login, feed, messages,
   * server-connection) and returned indexed by indicator, zero for indicators the service lacks.
   */
  public static double[] mix(int service, double... weights) {
    int[] allowed = ALLOWED[service];
    if (weights.length != allowed.length) {
      throw new IllegalArgumentException(
          SERVICES[service] + " has " + allowed.length + " indicators, got " + weights.length);
    }
    double[] mix = new double[INDICATORS.length];
    for (int i = 0; i < allowed.length; i++) {
      if (weights[i] < 0) {
        throw new IllegalArgumentException("negative indicator weight");
      }
      mix[allowed[i]] = weights[i];
    }
    return mix;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
