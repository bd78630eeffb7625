package org.vigie.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The story {@link CollateralProbesTest} (embedded) and {@link ClusterCollateralProbesTest} (cluster)
 * both tell, so the two modes are compared on the same reports: a normal day, then a Facebook
 * outage during which Orange (a French ISP) lights up, and Orange's vantage points start failing.
 */
final class CollateralStory {
  static final Instant ONSET = Instant.parse("2021-10-04T15:40:00Z");
  static final Instant START = ONSET.minus(Duration.ofDays(1));
  static final String[] VANTAGES = {"FR-IDF", "FR-ARA", "DE-BE", "US-CA"};
  /** Outage minutes told. */
  static final int MINUTES = 25;

  private final SplittableRandom rnd = new SplittableRandom(2021);
  private long reporter;

  /** Minutes 0-9 every vantage point reaches Orange; 10-14 Paris fails; from 15 Lyon too. */
  static Set<String> failing(int minute) {
    return minute < 10 ? Set.of() : minute < 15 ? Set.of("FR-IDF") : Set.of("FR-IDF", "FR-ARA");
  }

  /** How a test delivers the story to Vigie. */
  interface Delivery {
    /** Posts reports (NDJSON lines) and waits for the answer. */
    void post(List<String> lines);

    /** Has every vantage point probe Orange at {@code at}, those in {@code failing} failing. */
    void round(Instant at, Set<String> failing);

    /** Called once outage minute {@code minute}'s reports and probes were delivered. */
    default void told(int minute) {}
  }

  /** The whole story: the normal day, then the outage, in the order things arrive live. */
  void tell(Delivery d) {
    // A normal day: Facebook a few reports a minute world-wide, Orange about one in France.
    List<String> lines = new ArrayList<>();
    for (Instant m = START; m.isBefore(ONSET); m = m.plusSeconds(60)) {
      reports(lines, "facebook", 3 + rnd.nextInt(5), m, 0, 60);
      reports(lines, "orange", rnd.nextInt(3), m, 0, 60);
      if (lines.size() > 5000) {
        d.post(List.copyOf(lines));
        lines.clear();
      }
    }
    d.post(List.copyOf(lines));
    lines.clear();
    // The outage, minute by minute: the minute's first quarter of reports (closing the minute
    // before, 10 s into this one), two probe rounds, the rest.
    for (int i = 0; i < MINUTES; i++) {
      Instant m = ONSET.plus(Duration.ofMinutes(i));
      reports(lines, "facebook", 600 + rnd.nextInt(100), m, 0, 15);
      reports(lines, "orange", 30 + rnd.nextInt(10), m, 0, 15);
      d.post(List.copyOf(lines));
      lines.clear();
      d.round(m.plusSeconds(20), failing(i));
      d.round(m.plusSeconds(50), failing(i));
      reports(lines, "facebook", 1900 + rnd.nextInt(400), m, 15, 60);
      reports(lines, "orange", 90 + rnd.nextInt(30), m, 15, 60);
      d.post(List.copyOf(lines));
      lines.clear();
      d.told(i);
    }
  }

  /** {@code count} reports at random times between {@code from} and {@code to} seconds into the minute. */
  private void reports(List<String> lines, String service, int count, Instant minute, int from, int to) {
    for (int k = 0; k < count; k++) {
      reporter++;
      String country = service.equals("orange") ? "FR" : List.of("US", "FR", "DE", "BR").get(rnd.nextInt(4));
      lines.add("{\"service\":\"" + service + "\",\"indicator\":\"" + (service.equals("orange") ? "internet" : "app")
          + "\",\"country\":\"" + country + "\",\"reporter\":\"r" + reporter + "\",\"network\":\"n" + (reporter % 20_000)
          + "\",\"at\":\"" + minute.plusMillis(from * 1000L + rnd.nextInt((to - from) * 1000)) + "\"}");
    }
  }

  static List<String> timelineKinds(JsonNode incident) {
    List<String> kinds = new ArrayList<>();
    incident.path("timeline").forEach(e -> kinds.add(e.path("kind").asText()));
    return kinds;
  }

  static JsonNode eventOf(JsonNode incident, String kind) {
    for (JsonNode e : incident.path("timeline")) {
      if (e.path("kind").asText().equals(kind)) {
        return e;
      }
    }
    throw new AssertionError("no " + kind + " event in " + incident.path("timeline"));
  }
}
