package org.vigie.lab.scenario;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.vigie.server.replay.Scenarios;

/**
 * The outage scenarios the lab scores detectors on: the foundation's replays plus stories that
 * test one difficulty each. Traffic levels are per hour, world-wide weekly means; every outage
 * starts on a whole minute so delays read plainly.
 */
public final class LabScenarios {
  private static final Map<String, Supplier<LabScenario>> REGISTRY = new LinkedHashMap<>();

  static {
    REGISTRY.put(Scenarios.META_2021, () -> new Replayed(Scenarios.meta20211004(1.0), List.of("facebook", "instagram", "whatsapp", "messenger")));
    REGISTRY.put(Scenarios.INSTAGRAM_2019, () -> new Replayed(Scenarios.instagram20190613(), List.of("instagram", "playstation-network")));
    REGISTRY.put(Scenarios.QUIET, () -> new Replayed(Scenarios.quiet(), List.of("facebook", "instagram", "whatsapp", "messenger")));
    REGISTRY.put("isp-national", LabScenarios::ispNational);
    REGISTRY.put("small-service", LabScenarios::smallService);
    REGISTRY.put("slow-degradation", LabScenarios::slowDegradation);
    REGISTRY.put("brigading", LabScenarios::brigading);
    REGISTRY.put("sporadic", LabScenarios::sporadic);
    REGISTRY.put("weekends-holidays", LabScenarios::weekendsHolidays);
    REGISTRY.put("meta-collateral", LabScenarios::metaCollateral);
  }

  private LabScenarios() {}

  public static List<String> names() {
    return List.copyOf(REGISTRY.keySet());
  }

  public static LabScenario byName(String name) {
    Supplier<LabScenario> s = REGISTRY.get(name);
    if (s == null) {
      throw new IllegalArgumentException("unknown scenario '" + name + "'; known: " + String.join(", ", names()));
    }
    return s.get();
  }

  /** The scenarios whose outage can be scaled down: the Meta storm and its collateral story. */
  public static boolean isMeta(String name) {
    return name.equals(Scenarios.META_2021) || name.equals("meta-collateral");
  }

  /**
   * The scenario with its Meta outage reports multiplied by {@code metaScale} (normal traffic and
   * the ISPs' collateral spikes unchanged; truths unchanged); other scenarios ignore the scale.
   */
  public static LabScenario byName(String name, double metaScale) {
    if (metaScale == 1.0 || !isMeta(name)) {
      return byName(name);
    }
    if (!(metaScale > 0)) {
      throw new IllegalArgumentException("scale must be positive");
    }
    return name.equals(Scenarios.META_2021)
        ? new Replayed(Scenarios.meta20211004(metaScale), List.of("facebook", "instagram", "whatsapp", "messenger"))
        : metaCollateral(metaScale);
  }

  private static final Map<String, Double> EUROPE_US = Map.of("US", 0.35, "GB", 0.15, "FR", 0.15, "DE", 0.15, "BR", 0.1, "IN", 0.1);

  private static Generated.Builder twoWeeks(String name) {
    return Generated.builder(name).span("2021-03-01T00:00:00Z", "2021-03-15T00:00:00Z");
  }

  /** Ramp to {@code peak} reports a minute over {@code rampMinutes}, then flat. */
  private static java.util.function.DoubleUnaryOperator ramp(double peak, double rampMinutes) {
    return m -> peak * Math.min(1.0, m / rampMinutes);
  }

  static LabScenario ispNational() {
    return twoWeeks("isp-national")
        .description("Vodafone fails in Germany only (18:05–19:35 UTC, ~40 reports a minute); its other markets and"
            + " YouTube stay normal. Tests detection in one country of a multi-country service.")
        .seed(11)
        .normal("vodafone", 60, Map.of("DE", 0.4, "GB", 0.3, "IT", 0.2, "ES", 0.1))
        .normal("youtube", 200, EUROPE_US)
        .surge("vodafone", "2021-03-12T18:05:00Z", "2021-03-12T19:35:00Z", Map.of("DE", 1.0), ramp(40, 3),
            Truth.Kind.OUTAGE, "2021-03-12T19:35:00Z")
        .build();
  }

  static LabScenario smallService() {
    return smallService(12);
  }

  /** The small-service story drawn from another seed (tests check it holds beyond one draw). */
  static LabScenario smallService(long seed) {
    return twoWeeks("small-service")
        .description("A regional bank with about 3 reports a day (France) is down 09:12–11:00 UTC on a Thursday:"
            + " about one report a minute. Orange's normal traffic keeps event time moving.")
        .seed(seed)
        .normal("credit-local", 3.0 / 24, Map.of("FR", 1.0), 0.5, 0.5)
        .normal("orange", 40, Map.of("FR", 1.0))
        .surge("credit-local", "2021-03-11T09:12:00Z", "2021-03-11T11:00:00Z", Map.of("FR", 1.0), ramp(1.0, 2),
            Truth.Kind.OUTAGE, "2021-03-11T11:00:00Z")
        .build();
  }

  static LabScenario slowDegradation() {
    return twoWeeks("slow-degradation")
        .description("Netflix degrades slowly from 19:00 UTC: outage reports grow linearly to 60 a minute over an"
            + " hour, hold an hour, and stop at 21:00.")
        .seed(13)
        .normal("netflix", 150, EUROPE_US)
        .surge("netflix", "2021-03-12T19:00:00Z", "2021-03-12T21:00:00Z", EUROPE_US, ramp(60, 60),
            Truth.Kind.OUTAGE, "2021-03-12T21:00:00Z")
        .build();
  }

  static LabScenario brigading() {
    return brigading(14);
  }

  /** The brigading story drawn from another seed. */
  static LabScenario brigading(long seed) {
    return twoWeeks("brigading")
        .description("3,000 reports in 30 minutes against Reddit from 5 networks (bots rotating identities);"
            + " Reddit is fine. No incident should open.")
        .seed(seed)
        .normal("reddit", 100, EUROPE_US)
        .attack("reddit", "2021-03-12T14:00:00Z", "2021-03-12T14:30:00Z", Map.of("US", 1.0), 100, 5)
        .build();
  }

  static LabScenario sporadic() {
    return twoWeeks("sporadic")
        .description("Snapchat fails for about 10 % of its users, 16:00–17:00 UTC: 25 reports a minute where a"
            + " full outage would give 250, against a normal 150 an hour.")
        .seed(15)
        .normal("snapchat", 150, EUROPE_US)
        .surge("snapchat", "2021-03-12T16:00:00Z", "2021-03-12T17:00:00Z", EUROPE_US, ramp(25, 2),
            Truth.Kind.OUTAGE, "2021-03-12T17:00:00Z")
        .build();
  }

  static LabScenario weekendsHolidays() {
    return Generated.builder("weekends-holidays")
        .span("2021-12-01T00:00:00Z", "2021-12-29T00:00:00Z")
        .description("Four weeks of December with no outage: Steam busier at weekends (×1.4) and at Christmas"
            + " (×2), Teams nearly idle at weekends (×0.3) and Christmas (×0.2), Netflix up at Christmas (×1.6)."
            + " No incident should open.")
        .seed(16)
        .holiday("2021-12-24")
        .holiday("2021-12-25")
        .normal("steam", 120, EUROPE_US, 1.4, 2.0)
        .normal("microsoft-teams", 150, EUROPE_US, 0.3, 0.2)
        .normal("netflix", 150, EUROPE_US, 1.2, 1.6)
        .build();
  }

  static LabScenario metaCollateral() {
    return metaCollateral(1.0);
  }

  static LabScenario metaCollateral(double scale) {
    Map<String, Double> meta = Map.of("US", 0.35, "FR", 0.2, "DE", 0.2, "GB", 0.15, "BR", 0.1);
    return Generated.builder("meta-collateral")
        .span("2021-09-20T00:00:00Z", "2021-10-05T00:00:00Z")
        .description("Meta's four apps down 15:39–21:30 UTC; from 15:45 to 17:30 people also report their ISP and"
            + " carrier (Orange, Deutsche Telekom, Verizon, T-Mobile, Vodafone: ~10× normal). Meta is detected and"
            + " grouped; the ISPs are attributed to it, not reported as outages of their own.")
        .seed(17)
        .normal("facebook", 300, meta)
        .normal("instagram", 180, meta)
        .normal("whatsapp", 180, meta)
        .normal("messenger", 40, meta)
        .normal("orange", 30, Map.of("FR", 1.0))
        .normal("deutsche-telekom", 30, Map.of("DE", 1.0))
        .normal("verizon", 40, Map.of("US", 1.0))
        .normal("t-mobile", 40, Map.of("US", 1.0))
        .normal("vodafone", 40, Map.of("DE", 0.4, "GB", 0.4, "ES", 0.2))
        .surge("facebook", "2021-10-04T15:39:00Z", "2021-10-04T21:30:00Z", meta, ramp(3000 * scale, 3), Truth.Kind.OUTAGE, "2021-10-04T21:30:00Z")
        .surge("instagram", "2021-10-04T15:39:00Z", "2021-10-04T21:30:00Z", meta, ramp(2000 * scale, 3), Truth.Kind.OUTAGE, "2021-10-04T21:30:00Z")
        .surge("whatsapp", "2021-10-04T15:39:00Z", "2021-10-04T21:30:00Z", meta, ramp(2500 * scale, 3), Truth.Kind.OUTAGE, "2021-10-04T21:30:00Z")
        .surge("messenger", "2021-10-04T15:39:00Z", "2021-10-04T21:30:00Z", meta, ramp(500 * scale, 3), Truth.Kind.OUTAGE, "2021-10-04T21:30:00Z")
        .surge("orange", "2021-10-04T15:45:00Z", "2021-10-04T17:30:00Z", Map.of("FR", 1.0), ramp(6, 5), Truth.Kind.COLLATERAL, "2021-10-04T17:30:00Z")
        .surge("deutsche-telekom", "2021-10-04T15:45:00Z", "2021-10-04T17:30:00Z", Map.of("DE", 1.0), ramp(6, 5), Truth.Kind.COLLATERAL, "2021-10-04T17:30:00Z")
        .surge("verizon", "2021-10-04T15:45:00Z", "2021-10-04T17:30:00Z", Map.of("US", 1.0), ramp(8, 5), Truth.Kind.COLLATERAL, "2021-10-04T17:30:00Z")
        .surge("t-mobile", "2021-10-04T15:45:00Z", "2021-10-04T17:30:00Z", Map.of("US", 1.0), ramp(8, 5), Truth.Kind.COLLATERAL, "2021-10-04T17:30:00Z")
        .surge("vodafone", "2021-10-04T15:45:00Z", "2021-10-04T17:30:00Z", Map.of("DE", 0.4, "GB", 0.4, "ES", 0.2), ramp(8, 5), Truth.Kind.COLLATERAL, "2021-10-04T17:30:00Z")
        .build();
  }
}
