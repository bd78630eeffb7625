package org.vigie.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
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
import org.vigie.core.model.PublicStatus;
import org.vigie.core.pipeline.PipelineConfig;
import org.vigie.core.signal.ProblemReport;
import org.vigie.core.tally.MinuteTally;

/** The topology on {@link TopologyTestDriver}: event time is scripted, wall-clock time advanced. */
class VigieTopologyTest {
  static final Instant T0 = Instant.parse("2019-06-13T16:00:00Z");

  @TempDir Path state;
  TopologyTestDriver driver;
  TestInputTopic<String, CountedReport> signals;
  TestOutputTopic<String, Event> events;
  final Reports reports = new Reports(7);

  @BeforeEach
  void start() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "vigie-stream-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
    driver = new TopologyTestDriver(
        VigieTopology.build(new StreamsBuilder(), PipelineConfig.DEFAULT, IncidentPolicy.DEFAULT, true), p, T0);
    signals = driver.createInputTopic(VigieTopology.SIGNALS, Serdes.String().serializer(), new SignalSerde());
    events = driver.createOutputTopic(VigieTopology.EVENTS, Serdes.String().deserializer(), new EventSerde());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  void send(ProblemReport r) {
    signals.pipeInput(r.service(), new CountedReport(r, true), r.at());
  }

  /**
   * What the topology emitted once a second of wall-clock time passed: reports wait for their
   * batch at most until the next wall-clock punctuation.
   */
  List<Event> emitted() {
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    return events.readValuesToList();
  }

  List<MinuteTally> closed(List<Event> es, String service, String country, Instant minute) {
    List<MinuteTally> out = new ArrayList<>();
    for (Event e : es) {
      if (Event.MINUTE.equals(e.type())) {
        e.tallies().stream()
            .filter(t -> t.service().equals(service) && t.country().equals(country) && t.minute().equals(minute))
            .forEach(out::add);
      }
    }
    return out;
  }

  @Test
  void aMinuteClosesOnlyOnceEventTimePassesItsEndPlusGrace() {
    send(reports.at("instagram", "FR", T0.plusSeconds(30)));
    send(reports.at("instagram", "FR", T0.plusSeconds(65)));
    assertThat(emitted()).as("60 s + 5 s is within the 10 s grace").isEmpty();

    send(reports.at("instagram", "FR", T0.plusSeconds(71)));
    List<Event> out = emitted();
    assertThat(closed(out, "instagram", "*", T0)).singleElement().satisfies(t -> assertThat(t.reports()).isEqualTo(1));
    assertThat(closed(out, "instagram", "FR", T0)).singleElement().satisfies(t -> assertThat(t.reports()).isEqualTo(1));
    assertThat(closed(out, "instagram", "*", T0.plusSeconds(60))).as("minute 1 is still open").isEmpty();
  }

  @Test
  void aReportWithinGraceIsCountedInItsOwnMinute() {
    send(reports.at("instagram", "FR", T0.plusSeconds(20)));
    send(reports.at("instagram", "FR", T0.plusSeconds(68)));
    send(reports.at("instagram", "DE", T0.plusSeconds(50))); // 18 s late, minute 0 not closed yet
    send(reports.at("instagram", "FR", T0.plusSeconds(75)));

    List<Event> out = emitted();
    assertThat(closed(out, "instagram", "*", T0)).singleElement().satisfies(t -> assertThat(t.reports()).isEqualTo(2));
    assertThat(closed(out, "instagram", "DE", T0)).singleElement().satisfies(t -> assertThat(t.reports()).isEqualTo(1));
  }

  @Test
  void aReportWithinAllowedLatenessReEvaluatesItsClosedMinute() {
    send(reports.at("instagram", "FR", T0.plusSeconds(20)));
    send(reports.at("instagram", "FR", T0.plusSeconds(5 * 60)));
    assertThat(closed(emitted(), "instagram", "*", T0)).singleElement()
        .satisfies(t -> assertThat(t.reports()).isEqualTo(1));

    send(reports.at("instagram", "GB", T0.plusSeconds(40))); // minute 0 closed 4 minutes ago
    List<Event> out = emitted();
    assertThat(closed(out, "instagram", "*", T0)).singleElement().satisfies(t -> assertThat(t.reports()).isEqualTo(2));
    assertThat(closed(out, "instagram", "GB", T0)).singleElement().satisfies(t -> assertThat(t.reports()).isEqualTo(1));
  }

  @Test
  void aReportersRepeatAddsNoCountWhateverTheIngestNodeSaid() {
    ProblemReport first = reports.at("instagram", "FR", T0.plusSeconds(10));
    send(first);
    // The same reporter again, flagged "counted" by an ingest node that had not seen the first.
    send(reporter(first, "instagram", T0.plusSeconds(11)));
    // A new reporter flagged "not counted" by a node: the stream's rule decides, and it counts.
    signals.pipeInput("instagram", new CountedReport(reports.at("instagram", "FR", T0.plusSeconds(12)), false), T0.plusSeconds(12));
    send(reports.at("instagram", "FR", T0.plusSeconds(80)));
    assertThat(closed(emitted(), "instagram", "*", T0)).singleElement().satisfies(t -> {
      assertThat(t.reports()).isEqualTo(2);
      assertThat(t.reporters()).isEqualTo(2);
    });
  }

  /** Downdetector's rule with explicit event times: a reporter's first report per service per 60 minutes counts. */
  @Test
  void aReporterCountsOncePerServiceWithinSixtyMinutes() {
    ProblemReport first = reports.at("instagram", "FR", T0.plusSeconds(50));
    send(first);
    send(reporter(first, "facebook", T0.plusSeconds(55))); // another service: its own first
    send(reporter(first, "instagram", T0.plus(Duration.ofMinutes(30)))); // repeat
    send(reporter(first, "instagram", T0.plus(Duration.ofMinutes(60)).plusSeconds(49))); // 3,599 s after: repeat
    send(reporter(first, "instagram", T0.plus(Duration.ofMinutes(61)))); // 3,610 s after: counts again
    send(reporter(first, "instagram", T0.plus(Duration.ofMinutes(61)).plusSeconds(30))); // repeat of that one
    send(reports.at("instagram", "FR", T0.plus(Duration.ofMinutes(63)))); // closes minute 61
    List<Event> out = emitted();
    assertThat(reportsIn(out, "instagram", T0)).isEqualTo(1);
    assertThat(reportsIn(out, "facebook", T0)).isEqualTo(1);
    assertThat(reportsIn(out, "instagram", T0.plus(Duration.ofMinutes(30)))).isZero();
    assertThat(reportsIn(out, "instagram", T0.plus(Duration.ofMinutes(60)))).isZero();
    assertThat(reportsIn(out, "instagram", T0.plus(Duration.ofMinutes(61)))).isEqualTo(1);
    assertThat(closed(out, "instagram", "*", T0.plus(Duration.ofMinutes(60)))).singleElement()
        .satisfies(t -> assertThat(t.reporters()).as("kept as detail").isEqualTo(1));
  }

  @Test
  void aReportOutOfOrderWithinTheWindowOfACountedOneIsARepeat() {
    ProblemReport first = reports.at("instagram", "FR", T0.plus(Duration.ofMinutes(20)));
    send(first);
    send(reporter(first, "instagram", T0.plus(Duration.ofMinutes(5)))); // earlier in event time, 15 min away
    send(reports.at("instagram", "FR", T0.plus(Duration.ofMinutes(22))));
    List<Event> out = emitted();
    assertThat(reportsIn(out, "instagram", T0.plus(Duration.ofMinutes(20)))).isEqualTo(1);
    assertThat(closed(out, "instagram", "*", T0.plus(Duration.ofMinutes(5)))).as("re-evaluated with the late report").last()
        .satisfies(t -> {
          assertThat(t.reports()).isZero();
          assertThat(t.reporters()).isEqualTo(1);
        });
  }

  /** A report of the same reporter and network as {@code r}, for another service or time. */
  static ProblemReport reporter(ProblemReport r, String service, Instant at) {
    return new ProblemReport(service, r.indicator(), r.region(), r.reporterKey(), r.networkKey(), r.channel(), at);
  }

  /** Counted reports of the service's world tally for that minute (0 when only a repeat came). */
  int reportsIn(List<Event> es, String service, Instant minute) {
    return closed(es, service, "*", minute).stream().mapToInt(MinuteTally::reports).reduce(0, (a, b) -> b);
  }

  @Test
  void aStormOpensAnIncidentAtTheEndOfItsFirstMinuteAndQuietResolvesIt() {
    Instant storm = T0.plus(Duration.ofMinutes(60));
    for (int m = 0; m < 60; m++) {
      reports.minute("instagram", "US", T0.plus(Duration.ofMinutes(m)), 3).forEach(this::send);
    }
    for (int m = 0; m < 3; m++) {
      reports.minute("instagram", "US", storm.plus(Duration.ofMinutes(m)), 300).forEach(this::send);
    }
    // Back to normal for an hour: the quiet period (30 min) resolves the incident.
    for (int m = 3; m < 63; m++) {
      reports.minute("instagram", "US", storm.plus(Duration.ofMinutes(m)), 3).forEach(this::send);
    }
    List<Incident> snapshots = emitted().stream()
        .filter(e -> Event.INCIDENT.equals(e.type())).map(Event::incident).toList();
    assertThat(snapshots).isNotEmpty();
    assertThat(snapshots).extracting(Incident::id).as("one incident, updated").containsOnly(snapshots.getFirst().id());
    Incident first = snapshots.getFirst();
    assertThat(first.service()).isEqualTo("instagram");
    assertThat(first.isOpen()).isTrue();
    assertThat(first.detectedAt()).isEqualTo(storm.plusSeconds(60));
    Incident last = snapshots.getLast();
    assertThat(last.isOpen()).isFalse();
    assertThat(last.severity()).isEqualTo(PublicStatus.OUTAGE);
    // The end is the last elevated minute: the five-minute window stays weakly elevated a little
    // after the storm, never the 30-minute quiet period itself.
    assertThat(last.resolvedAt()).isBetween(storm.plus(Duration.ofMinutes(3)), storm.plus(Duration.ofMinutes(9)));
    assertThat(last.totalReports()).isGreaterThanOrEqualTo(900);
  }

  @Test
  void openMinutesProgressIsSentOnceASecondWhenItChangesAndIsNotAClosedMinute() {
    send(reports.at("instagram", "FR", T0.plusSeconds(10)));
    send(reports.at("instagram", "FR", T0.plusSeconds(20)));
    send(reports.at("instagram", "FR", T0.plusSeconds(125))); // closes minute 0; minutes 1 and 2 open
    List<Event> out = emitted();
    assertThat(open(out)).singleElement().satisfies(e -> {
      assertThat(e.epochMinute()).as("first open minute").isEqualTo(T0.getEpochSecond() / 60 + 1);
      assertThat(e.tallies().getFirst().reports()).isEqualTo(1);
    });
    assertThat(out.getLast().type()).as("after the closed minute's tallies").isEqualTo(Event.OPEN);
    assertThat(open(emitted())).as("nothing changed").isEmpty();

    send(reports.at("instagram", "DE", T0.plusSeconds(135)));
    assertThat(open(emitted())).singleElement().satisfies(e -> assertThat(e.tallies().getFirst().reports()).isEqualTo(2));
  }

  static List<Event> open(List<Event> es) {
    return es.stream().filter(e -> Event.OPEN.equals(e.type())).toList();
  }

  @Test
  void wallClockTimeClosesTheMinutesOfAQuietPartition() {
    driver.advanceWallClockTime(Duration.ZERO);
    send(reports.at("instagram", "FR", T0.plusSeconds(30)));
    assertThat(emitted()).isEmpty();
    driver.advanceWallClockTime(Duration.ofSeconds(45)); // event time idles on to 00:01:15
    assertThat(closed(emitted(), "instagram", "*", T0)).singleElement()
        .satisfies(t -> assertThat(t.reports()).isEqualTo(1));
  }
}
