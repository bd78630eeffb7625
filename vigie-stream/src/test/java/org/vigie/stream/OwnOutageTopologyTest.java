package org.vigie.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.core.incident.Incident;
import org.vigie.core.incident.IncidentPolicy;
import org.vigie.core.incident.Relations;
import org.vigie.core.pipeline.PipelineConfig;
import org.vigie.core.signal.ProbeResult;

/**
 * The own-outage rule through the cluster topology ({@code CollateralProbesTest}'s story, embedded
 * mode's, in event time): during a Facebook outage Orange (an access provider) lights up and is
 * attributed to it by the correlation stage; four vantage points probe Orange through
 * {@code vigie.evidence}, and once half of them fail the stage lifts the attribution with an
 * "own-outage" line at the minute the embedded engine does. The detection task's engine has no
 * relations: only the verdicts it records on the snapshot tell the stage.
 */
class OwnOutageTopologyTest {
  static final Instant ONSET = Instant.parse("2021-10-04T15:40:00Z");
  static final Instant START = ONSET.minus(Duration.ofHours(1));
  static final List<String> VANTAGES = List.of("FR-IDF", "FR-ARA", "DE-BE", "US-CA");
  static final Relations RELATIONS = Relations.of(Map.of("facebook", Set.of("meta"), "orange", Set.of("orange")), Set.of("orange"));

  @TempDir Path state;
  TopologyTestDriver driver;
  TestInputTopic<String, CountedReport> signals;
  TestInputTopic<String, StreamInput> evidence;
  TestOutputTopic<String, Event> events;
  final Reports reports = new Reports(2021);

  /**
   * A stand-in for vigie-probe's quorum (this module does not depend on it): for each service, the
   * vantage points whose latest result by the minute's end is at most 90 s old, and those of them
   * whose latest result failed.
   */
  static final class LatestResults implements TaskProbes {
    final List<ProbeResult> results = new ArrayList<>();

    @Override
    public void record(List<ProbeResult> r) {
      results.addAll(r);
    }

    @Override
    public Map<String, Probes> atClose(long epochMinute) {
      Instant end = Instant.ofEpochSecond((epochMinute + 1) * 60);
      Map<String, Map<String, ProbeResult>> latest = new HashMap<>();
      for (ProbeResult r : results) {
        if (!r.at().isAfter(end) && r.at().isAfter(end.minusSeconds(90))) {
          latest.computeIfAbsent(r.service(), k -> new HashMap<>()).merge(r.vantage(), r, (a, b) -> b.at().isAfter(a.at()) ? b : a);
        }
      }
      Map<String, Probes> out = new HashMap<>();
      latest.forEach((service, byVantage) ->
          out.put(service, new Probes(byVantage.size(), (int) byVantage.values().stream().filter(r -> !r.ok()).count())));
      return out;
    }
  }

  @BeforeEach
  void start() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "vigie-stream-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
    // Wall clock at the story's start: the punctuation never moves event time past the data's.
    driver = new TopologyTestDriver(VigieTopology.build(new StreamsBuilder(), PipelineConfig.DEFAULT, IncidentPolicy.DEFAULT,
        RELATIONS, true, LatestResults::new, () -> TaskSocial.NONE), p, START);
    signals = driver.createInputTopic(VigieTopology.SIGNALS, Serdes.String().serializer(), new SignalSerde());
    evidence = driver.createInputTopic(VigieTopology.EVIDENCE, Serdes.String().serializer(), new InputSerde());
    events = driver.createOutputTopic(VigieTopology.EVENTS, Serdes.String().deserializer(), new EventSerde());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void anIspSpikeDuringTheMetaOutageIsCollateralUntilHalfItsOwnProbesFail() {
    // A normal hour: Facebook a few reports a minute, Orange about one.
    for (Instant m = START; m.isBefore(ONSET); m = m.plusSeconds(60)) {
      send(reports.minute("facebook", "US", m, 4));
      send(reports.minute("orange", "FR", m, 1));
    }
    for (int i = 0; i < 25; i++) {
      Instant m = ONSET.plus(Duration.ofMinutes(i));
      // Minutes 0-9 every vantage point reaches Orange; 10-14 Paris fails; from 15 Lyon too.
      Set<String> failing = i < 10 ? Set.of() : i < 15 ? Set.of("FR-IDF") : Set.of("FR-IDF", "FR-ARA");
      List<ProbeResult> round = new ArrayList<>();
      for (String v : VANTAGES) {
        boolean fails = failing.contains(v);
        round.add(new ProbeResult("orange", "https://www.orange.fr/", v, "http", !fails, fails ? "http_5xx" : "ok",
            Duration.ofMillis(40), m.plusSeconds(20)));
      }
      evidence.pipeInput("orange", new EvidenceRecord("orange", round, List.of()), m.plusSeconds(20));
      send(reports.minute("facebook", "US", m, 600));
      send(reports.minute("orange", "FR", m, 40));
      if (i == 14) {
        // Minute 13 is closed (minute 14's reports passed its grace): one of four failing is not
        // Orange's own outage, its spike is still the Meta outage's.
        Map<String, Incident> at14 = latest();
        assertThat(kinds(at14.get("orange"))).contains("collateral").doesNotContain("own-outage");
        assertThat(at14.get("orange").group()).startsWith("meta-");
      }
    }
    // Past minute 24's grace: it closes.
    send(reports.minute("facebook", "US", ONSET.plus(Duration.ofMinutes(25)), 1));
    Map<String, Incident> last = latest();
    Incident orange = last.get("orange");
    assertThat(kinds(orange)).contains("collateral", "own-outage");
    Incident.TimelineEvent own = orange.timeline().stream().filter(e -> e.kind().equals("own-outage")).findFirst().orElseThrow();
    assertThat(own.text()).isEqualTo("Own probes fail too: an outage of orange itself");
    // Lyon's failed round (15:55:20) makes two of four: the minute 15:55 closes on it, as embedded.
    assertThat(own.at()).isEqualTo(ONSET.plus(Duration.ofMinutes(16)));
    assertThat(orange.ownProbes().failed(ONSET.plus(Duration.ofMinutes(15)).getEpochSecond() / 60)).isTrue();
    assertThat(last.get("facebook").timeline()).as("the cause still names its collateral")
        .anyMatch(e -> e.kind().equals("collateral-attributed"));
  }

  private void send(List<org.vigie.core.signal.ProblemReport> rs) {
    rs.forEach(r -> signals.pipeInput(r.service(), new CountedReport(r, true), r.at()));
  }

  /** The latest published snapshot of each service's incident, once the waiting batch was counted. */
  private final Map<String, Incident> published = new HashMap<>();

  private Map<String, Incident> latest() {
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    for (Event e : events.readValuesToList()) {
      if (Event.INCIDENT.equals(e.type())) {
        published.put(e.incident().service(), e.incident());
      }
    }
    return new HashMap<>(published);
  }

  private static List<String> kinds(Incident i) {
    assertThat(i).as("an incident").isNotNull();
    return i.timeline().stream().map(Incident.TimelineEvent::kind).toList();
  }
}
