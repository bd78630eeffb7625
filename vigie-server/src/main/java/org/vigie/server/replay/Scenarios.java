package org.vigie.server.replay;

import static org.vigie.server.replay.Vocabulary.FACEBOOK;
import static org.vigie.server.replay.Vocabulary.INSTAGRAM;
import static org.vigie.server.replay.Vocabulary.MESSENGER;
import static org.vigie.server.replay.Vocabulary.PLAYSTATION_NETWORK;
import static org.vigie.server.replay.Vocabulary.WHATSAPP;
import static org.vigie.server.replay.Vocabulary.mix;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The registry of replay scenarios, by name.
 *
 * <ul>
 *   <li>{@value #META_2021} — the 4 October 2021 Meta outage: 10.6 million reports.
 *   <li>{@value #INSTAGRAM_2019} — the sporadic Instagram failure of 13 June 2019, the same
 *       afternoon as a PlayStation Network outage.
 *   <li>{@value #QUIET} — two weeks of normal traffic, nothing happens (false-alarm check).
 * </ul>
 *
 * <p>Scenarios are built on first use (building one prepares its outage tables, a few tens of
 * milliseconds) and are immutable, so one instance can be generated many times and in parallel.
 */
public final class Scenarios {
  public static final String META_2021 = "meta-2021-10-04";
  public static final String INSTAGRAM_2019 = "instagram-2019-06-13";
  public static final String QUIET = "quiet";

  /** Outage reports in the Meta storm, from Downdetector (Ookla), 2021. */
  public static final long META_TOTAL = 10_600_000L;

  private static final Map<String, Supplier<Scenario>> REGISTRY = new LinkedHashMap<>();

  static {
    REGISTRY.put(META_2021, () -> meta20211004(1.0));
    REGISTRY.put(INSTAGRAM_2019, Scenarios::instagram20190613);
    REGISTRY.put(QUIET, Scenarios::quiet);
  }

  private Scenarios() {}

  /** Registered names, in a stable order. */
  public static List<String> names() {
    return List.copyOf(REGISTRY.keySet());
  }

  /**
   * The scenario with that name.
   *
   * @throws IllegalArgumentException naming the known scenarios when there is none
   */
  public static Scenario byName(String name) {
    Supplier<Scenario> s = REGISTRY.get(name);
    if (s == null) {
      throw new IllegalArgumentException(
          "unknown scenario '" + name + "'; known scenarios: " + String.join(", ", names()));
    }
    return s.get();
  }

  // ---------------------------------------------------------------------------------------------
  // Indicator mixes. Normal: what people complain about on an ordinary day. Outage: what they
  // pick when the app does not load at all — login, app and server connection dominate.
  // Order of weights follows Vocabulary.indicatorsOf(service).

  // facebook: app, website, login, feed, messages, server-connection
  private static final double[] FACEBOOK_NORMAL = mix(FACEBOOK, .30, .15, .20, .18, .10, .07);
  private static final double[] FACEBOOK_OUTAGE = mix(FACEBOOK, .30, .08, .30, .04, .03, .25);
  // instagram: app, login, feed, website, upload, server-connection
  private static final double[] INSTAGRAM_NORMAL = mix(INSTAGRAM, .30, .20, .25, .08, .12, .05);
  private static final double[] INSTAGRAM_OUTAGE = mix(INSTAGRAM, .32, .28, .10, .04, .02, .24);
  // whatsapp: messages, app, login, calls, server-connection
  private static final double[] WHATSAPP_NORMAL = mix(WHATSAPP, .40, .20, .08, .20, .12);
  private static final double[] WHATSAPP_OUTAGE = mix(WHATSAPP, .22, .28, .12, .05, .33);
  // messenger: messages, app, login, calls, server-connection
  private static final double[] MESSENGER_NORMAL = mix(MESSENGER, .45, .20, .15, .12, .08);
  private static final double[] MESSENGER_OUTAGE = mix(MESSENGER, .20, .30, .22, .03, .25);
  // playstation-network: login, online-gaming, store, server-connection
  private static final double[] PSN_NORMAL = mix(PLAYSTATION_NETWORK, .30, .35, .15, .20);
  private static final double[] PSN_OUTAGE = mix(PLAYSTATION_NETWORK, .45, .25, .10, .20);

  /** Where PlayStation Network has most of its users (normal traffic). */
  private static final String[] PSN_MARKETS = {
    "US", "CA", "GB", "IE", "FR", "DE", "NL", "BE", "ES", "PT", "IT", "AT", "CH", "SE", "NO", "DK",
    "FI", "PL", "JP", "AU", "NZ", "BR", "MX", "AR", "CL", "SA", "AE"
  };

  /** Where the 13 June 2019 PSN outage was reported: mostly the US, the UK and the EU. */
  private static final String[] PSN_OUTAGE_COUNTRIES = {
    "US", "CA", "GB", "IE", "FR", "DE", "NL", "BE", "ES", "PT", "IT", "AT", "CH", "SE", "NO", "DK",
    "FI", "PL"
  };

  /**
   * <b>{@value #META_2021}</b>: Facebook, Instagram, WhatsApp and Messenger, 4 October 2021.
   *
   * <p><b>Span</b>: 2021-09-20T00:00Z to 2021-10-05T00:00Z: two weeks of normal traffic so
   * baselines exist, then the outage day.
   *
   * <p><b>Normal traffic</b> (weekly averages, world-wide): facebook 300 reports/h, instagram
   * 180/h, whatsapp 180/h, messenger 40/h, split over the ~113 countries of {@link CountryTable}
   * and following each country's local daily/weekly cycle: ≈ 252,000 background reports over
   * the 15 days, so the full scenario emits ≈ 10.85 million reports (10,852,559 with the
   * default seed).
   *
   * <p><b>Outage</b> (facts): at 15:39 UTC Facebook withdrew the BGP routes to its authoritative
   * DNS servers (Cloudflare, "Understanding how Facebook disappeared from the Internet", 4 Oct
   * 2021; Facebook Engineering, "More details about the October 4 outage", 5 Oct 2021); by 15:50
   * public resolvers answered SERVFAIL; routes came back around 21:00–21:20 and apps recovered
   * progressively until about 22:45–22:50. Downdetector (Ookla) counted more than 10.6 million
   * problem reports, the largest event it had seen, including 1.7 M from the United States,
   * 1.3 M from Germany and 915 k from the Netherlands.
   *
   * <p><b>Outage</b> (our model): exactly {@code 10,600,000 × scale} outage reports, generated
   * 15:39–23:00 UTC: US 1,700,000, DE 1,300,000, NL 915,000 exactly; the remaining 6,685,000 over
   * the other ~110 countries by {@link CountryTable} weights (our approximation from internet
   * users, not Downdetector's). By service: facebook 45 % (4,770,000), instagram 25 %
   * (2,650,000), whatsapp 25 % (2,650,000), messenger 5 % (530,000), exact; inside a country the
   * split leans to WhatsApp where it is the main messenger (Brazil, India, Germany…) and to
   * Facebook/Messenger in North America and the Philippines. Intensity: the first minute (15:39)
   * already holds ~0.6 % of the peak rate (≈ 380 reports, about 25× a normal minute; facebook
   * alone 169 against ~7), rising ~1.6× per minute to the peak 15:50–16:10 (≈ 65,000
   * reports/min, ~1,100/s, all services), then a slow decay
   * to ~35 % by 19:00 and ~25 % at 21:20 as people give up, then recovery: a cosine fade from
   * 21:20 to zero at 23:00. Local time modulates each country's curve with exponent 0.5 (a storm
   * reaches people at night too, but fewer of them). About 5 % of reports are repeats by the same
   * person within the hour, so the server should count ≈ 95 % of them.
   *
   * @param scale multiplies every outage total (1.0 = the real storm; 0.01 for quick tests);
   *     normal traffic is not scaled
   */
  public static SyntheticScenario meta20211004(double scale) {
    if (!(scale > 0)) {
      throw new IllegalArgumentException("scale must be positive");
    }
    Instant onset = Instant.parse("2021-10-04T15:39:00Z");
    double[] weights = CountryTable.weights();
    long[] countries = stormCountries(scale, weights);
    long total = Math.round(META_TOTAL * scale);
    long[] services = SyntheticScenario.apportion(total, new double[] {45, 25, 25, 5});
    SyntheticScenario.OutageSpec storm = SyntheticScenario.OutageSpec
        .builder(onset, Instant.parse("2021-10-04T22:45:00Z"), Instant.parse("2021-10-04T23:00:00Z"))
        .shape(Scenarios::metaShape)
        .services(new int[] {FACEBOOK, INSTAGRAM, WHATSAPP, MESSENGER}, services,
            new double[][] {FACEBOOK_OUTAGE, INSTAGRAM_OUTAGE, WHATSAPP_OUTAGE, MESSENGER_OUTAGE})
        .countries(countries)
        .tilt(0, 1.4, "US", "CA", "PH", "VN", "TH", "BD", "MM", "KH", "AU")
        .tilt(2, 1.8, "BR", "IN", "DE", "NL", "ES", "IT", "MX", "AR", "CO", "ZA", "ID", "MY", "TR",
            "SA", "NG", "PK", "EG", "KE", "CL", "PE", "IL", "AE", "CH", "AT", "PT", "RU", "UA", "GH",
            "HK", "SG")
        .tilt(3, 1.5, "US", "CA", "PH", "PL")
        .activityExponent(0.5)
        .note("BGP withdrawal 15:39 UTC (Cloudflare, Facebook Engineering); recovery from ~21:20,"
            + " generally restored ~22:45 UTC; report totals from Downdetector")
        .build();
    return SyntheticScenario.builder(META_2021)
        .description("Facebook, Instagram, WhatsApp and Messenger vanish from the Internet at 15:39"
            + " UTC on Monday 4 October 2021 (BGP routes to their DNS withdrawn) and come back"
            + " between 21:20 and 22:45 UTC. " + String.format("%,d", total) + " outage reports"
            + (scale == 1.0 ? " (Downdetector: US 1.7 M, Germany 1.3 M, Netherlands 915 k)" : "")
            + ", after two weeks of normal traffic from 20 September.")
        .span(Instant.parse("2021-09-20T00:00:00Z"), Instant.parse("2021-10-05T00:00:00Z"))
        .seed(20211004L)
        .normal(FACEBOOK, 300, weights, FACEBOOK_NORMAL)
        .normal(INSTAGRAM, 180, weights, INSTAGRAM_NORMAL)
        .normal(WHATSAPP, 180, weights, WHATSAPP_NORMAL)
        .normal(MESSENGER, 40, weights, MESSENGER_NORMAL)
        .outage(storm)
        .build();
  }

  /** Exact storm totals per country: the three published ones, the rest by table weight. */
  private static long[] stormCountries(double scale, double[] weights) {
    long us = Math.round(1_700_000 * scale);
    long de = Math.round(1_300_000 * scale);
    long nl = Math.round(915_000 * scale);
    long rest = Math.round(META_TOTAL * scale) - us - de - nl;
    double[] others = weights.clone();
    others[CountryTable.indexOf("US")] = 0;
    others[CountryTable.indexOf("DE")] = 0;
    others[CountryTable.indexOf("NL")] = 0;
    long[] totals = SyntheticScenario.apportion(rest, others);
    totals[CountryTable.indexOf("US")] = us;
    totals[CountryTable.indexOf("DE")] = de;
    totals[CountryTable.indexOf("NL")] = nl;
    return totals;
  }

  /**
   * Storm intensity (peak = 1) by minutes since 15:39 UTC: exponential rise from 0.005 to 0.9 in
   * 11 minutes (people notice within a minute and tell each other), a plateau peaking at 16:00,
   * decay towards 35 % over the afternoon, a slow slide to 25 % by 21:20, then a cosine fade to
   * zero at 23:00 as the apps come back.
   */
  static double metaShape(double m) {
    if (m < 0) {
      return 0;
    }
    if (m < 11) {
      return 0.005 * Math.pow(180, m / 11);
    }
    if (m < 31) {
      double d = (m - 21) / 10;
      return 1.0 - 0.1 * d * d;
    }
    if (m < 221) {
      return 0.35 + 0.55 * Math.exp(-(m - 31) / 60);
    }
    double at221 = 0.35 + 0.55 * Math.exp(-190 / 60.0);
    if (m < 341) {
      return at221 + (0.25 - at221) * (m - 221) / 120;
    }
    if (m < 441) {
      double c = (1 + Math.cos(Math.PI * (m - 341) / 100)) / 2;
      return 0.25 * c * c;
    }
    return 0;
  }

  /**
   * <b>{@value #INSTAGRAM_2019}</b>: Instagram and PlayStation Network, Thursday 13 June 2019.
   *
   * <p><b>Span</b>: 2019-05-30T00:00Z to 2019-06-14T00:00Z (two weeks of normal traffic, then
   * the day). <b>Normal traffic</b>: instagram 400 reports/h world-wide (all countries of the
   * table), playstation-network 120/h over its main markets (US, Canada, Europe, Japan,
   * Australia, Latin America, Gulf).
   *
   * <p><b>PlayStation Network</b> (facts, approximate): users saw PSN errors "early in the
   * afternoon" Pacific time and service came back "shortly after 3 p.m. Pacific" (Digital Trends,
   * 13 June 2019) — i.e. about 19:15 to 22:05 UTC. Our model: onset 19:15 UTC (approximate),
   * recovered 22:05 UTC, exactly 6,500 outage reports from the US, Canada, the UK, Ireland and
   * EU countries, rising over ~10 minutes to ≈ 15–20× normal.
   *
   * <p><b>Instagram</b> (facts, approximate): the app and web showed "Sorry, something went
   * wrong" for many, not all, users on every continent; an Argentine report (El Tribuno) dates
   * the trouble from 21:00 GMT with ~57,000 reports world-wide by 22:00 and recovery by about
   * 23:00 GMT; Instagram tweeted under #instagramdown then said it was fully resolved. Our model:
   * onset 21:00 UTC (approximate: some reports say around 20:45), about an hour at full
   * intensity, recovered 22:00 UTC with a tail fading to 23:00; exactly 17,000 outage reports
   * spread over all countries of the table by weight (US, Brazil, the UK, France, Germany, India,
   * Indonesia, Japan, Australia, South Africa, Mexico…), following local activity. It is
   * <i>sporadic</i>: reports reach ≈ 20–40× normal (≈ 36× over the peak ten minutes with the
   * default seed), not the thousands-fold of the 2021 storm. In all ≈ 211,000 reports (210,944
   * with the default seed), 23,500 of them outage reports.
   */
  public static SyntheticScenario instagram20190613() {
    double[] weights = CountryTable.weights();
    double[] psnMarkets = CountryTable.weightsOnly(PSN_MARKETS);
    long instagramTotal = 17_000;
    long psnTotal = 6_500;
    SyntheticScenario.OutageSpec psn = SyntheticScenario.OutageSpec
        .builder(Instant.parse("2019-06-13T19:15:00Z"), Instant.parse("2019-06-13T22:05:00Z"),
            Instant.parse("2019-06-13T22:45:00Z"))
        .shape(m -> plateau(m, 10, 170, 12))
        .services(new int[] {PLAYSTATION_NETWORK}, new long[] {psnTotal},
            new double[][] {PSN_OUTAGE})
        .countries(SyntheticScenario.apportion(psnTotal,
            CountryTable.weightsOnly(PSN_OUTAGE_COUNTRIES)))
        .activityExponent(1.0)
        .note("approximate: 'early afternoon' to 'shortly after 3 p.m. Pacific' (Digital Trends)")
        .build();
    SyntheticScenario.OutageSpec instagram = SyntheticScenario.OutageSpec
        .builder(Instant.parse("2019-06-13T21:00:00Z"), Instant.parse("2019-06-13T22:00:00Z"),
            Instant.parse("2019-06-13T23:00:00Z"))
        .shape(m -> plateau(m, 8, 60, 15))
        .services(new int[] {INSTAGRAM}, new long[] {instagramTotal},
            // "Sorry, something went wrong": the feed and the app, a little login.
            new double[][] {mix(INSTAGRAM, .35, .10, .35, .10, .05, .05)})
        .countries(SyntheticScenario.apportion(instagramTotal, weights))
        .activityExponent(1.0)
        .note("approximate onset: trouble reported from 21:00 GMT (El Tribuno); about an hour")
        .build();
    return SyntheticScenario.builder(INSTAGRAM_2019)
        .description("Thursday 13 June 2019: PlayStation Network fails from about 19:15 to 22:05"
            + " UTC (US and Europe), then Instagram fails sporadically world-wide from about 21:00"
            + " UTC for an hour (\"Sorry, something went wrong\"), reports reaching 20–40× normal"
            + " on every continent. Two weeks of normal traffic from 30 May first.")
        .span(Instant.parse("2019-05-30T00:00:00Z"), Instant.parse("2019-06-14T00:00:00Z"))
        .seed(20190613L)
        .normal(INSTAGRAM, 400, weights, INSTAGRAM_NORMAL)
        .normal(PLAYSTATION_NETWORK, 120, psnMarkets, PSN_NORMAL)
        .outage(psn)
        .outage(instagram)
        .build();
  }

  /**
   * A plateau outage: exponential rise from 0.1 to 1 over {@code rise} minutes, flat until
   * {@code fallAt}, then exponential decay with time constant {@code decay} minutes.
   */
  static double plateau(double m, double rise, double fallAt, double decay) {
    if (m < 0) {
      return 0;
    }
    if (m < rise) {
      return 0.1 * Math.pow(10, m / rise);
    }
    if (m < fallAt) {
      return 1.0;
    }
    return Math.exp(-(m - fallAt) / decay);
  }

  /**
   * <b>{@value #QUIET}</b>: two weeks of normal traffic for facebook (300/h), instagram (180/h),
   * whatsapp (180/h) and messenger (40/h), 2021-11-01T00:00Z to 2021-11-15T00:00Z, no outage.
   * The span crosses the end of US daylight saving time (7 November), so a detector that keys
   * its baseline on UTC instead of local time of week sees the evening shift by an hour. A
   * detector should raise no alarm here. ≈ 235,000 reports (235,259 with the default seed); the
   * busiest hour is at most ~1.9× the median hour for every service.
   */
  public static SyntheticScenario quiet() {
    double[] weights = CountryTable.weights();
    return SyntheticScenario.builder(QUIET)
        .description("Two ordinary weeks (1–14 November 2021) of reports for Facebook, Instagram,"
            + " WhatsApp and Messenger; nothing happens. A detector should stay silent.")
        .span(Instant.parse("2021-11-01T00:00:00Z"), Instant.parse("2021-11-15T00:00:00Z"))
        .seed(20211101L)
        .normal(FACEBOOK, 300, weights, FACEBOOK_NORMAL)
        .normal(INSTAGRAM, 180, weights, INSTAGRAM_NORMAL)
        .normal(WHATSAPP, 180, weights, WHATSAPP_NORMAL)
        .normal(MESSENGER, 40, weights, MESSENGER_NORMAL)
        .build();
  }
}
