package org.vigie.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import org.vigie.core.signal.OfficialStatus;
import org.vigie.core.signal.ProbeResult;

/**
 * Evidence other than reports on {@code vigie.evidence} reaches the task that owns the service:
 * an official major outage opens the service's incident in the stream, as embedded mode's
 * pipeline does, and the same statement polled by a second node adds nothing.
 */
class EvidenceTopologyTest {
  static final Instant T0 = Instant.parse("2026-07-25T12:30:00Z");

  @TempDir Path state;
  TopologyTestDriver driver;
  TestInputTopic<String, StreamInput> evidence;
  TestOutputTopic<String, Event> events;

  @BeforeEach
  void start() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "vigie-stream-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
    driver = new TopologyTestDriver(VigieTopology.build(new StreamsBuilder(), PipelineConfig.DEFAULT, IncidentPolicy.DEFAULT, true), p, T0);
    evidence = driver.createInputTopic(VigieTopology.EVIDENCE, Serdes.String().serializer(), new InputSerde());
    events = driver.createOutputTopic(VigieTopology.EVENTS, Serdes.String().deserializer(), new EventSerde());
  }

  /** What a task's quorum was given; it answers nothing (the quorum's rules are vigie-probe's). */
  static final class Heard implements TaskProbes {
    final List<ProbeResult> results = new java.util.ArrayList<>();

    @Override
    public void record(List<ProbeResult> r) {
      results.addAll(r);
    }

    @Override
    public java.util.Map<String, Probes> atClose(long epochMinute) {
      return java.util.Map.of();
    }
  }

  /**
   * A task that starts on another instance gets the stores, not the memory of the one before: the
   * detection processor itself, on Kafka's {@code MockProcessorContext} with the topology's four
   * stores (in memory), stopped and started again as a move does.
   */
  @Test
  void aTaskStartingAfterAMoveHearsTheLastHoursEvidenceAgain() {
    org.apache.kafka.streams.processor.api.MockProcessorContext<String, Event> context =
        new org.apache.kafka.streams.processor.api.MockProcessorContext<>();
    for (String name : List.of(VigieTopology.HISTORY, VigieTopology.INCIDENTS, VigieTopology.PENDING, VigieTopology.RECENT_EVIDENCE)) {
      org.apache.kafka.streams.state.KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]> store =
          org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(org.apache.kafka.streams.state.Stores.inMemoryKeyValueStore(name),
              Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().withCachingDisabled().build();
      store.init(context.getStateStoreContext(), store);
      context.addStateStore(store);
    }
    // The reporter marks too: the processor reads them at start (ReporterDedupe).
    org.apache.kafka.streams.state.WindowStore<org.apache.kafka.common.utils.Bytes, byte[]> marks =
        org.apache.kafka.streams.state.Stores.windowStoreBuilder(org.apache.kafka.streams.state.Stores.inMemoryWindowStore(
            VigieTopology.REPORTERS, ReporterDedupe.RETENTION, ReporterDedupe.WINDOW, false), Serdes.Bytes(), Serdes.ByteArray())
            .withLoggingDisabled().withCachingDisabled().build();
    marks.init(context.getStateStoreContext(), marks);
    context.addStateStore(marks);
    context.setCurrentSystemTimeMs(T0.toEpochMilli());
    Heard first = new Heard();
    DetectionProcessor before = new DetectionProcessor(PipelineConfig.DEFAULT, IncidentPolicy.DEFAULT, first, TaskSocial.NONE);
    before.init(context);
    ProbeResult r = new ProbeResult("facebook", "facebook.com/A", "FR-IDF", "dns", false, "servfail", Duration.ofMillis(4), T0);
    context.setRecordMetadata(VigieTopology.EVIDENCE, 0, 7);
    before.process(new org.apache.kafka.streams.processor.api.Record<>("facebook",
        new EvidenceRecord("facebook", List.of(r), List.of()), T0.toEpochMilli()));
    assertThat(first.results).containsExactly(r);

    Heard second = new Heard();
    context.setCurrentSystemTimeMs(T0.plusSeconds(30).toEpochMilli());
    new DetectionProcessor(PipelineConfig.DEFAULT, IncidentPolicy.DEFAULT, second, TaskSocial.NONE).init(context);
    assertThat(second.results).as("replayed from vigie-recent-evidence").containsExactly(r);

    // Kept an hour: the punctuation then drops it, and a task starting later hears nothing of it.
    long later = T0.plus(DetectionProcessor.EVIDENCE_KEPT).plusSeconds(60).toEpochMilli();
    context.setCurrentSystemTimeMs(later);
    context.scheduledPunctuators().getLast().getPunctuator().punctuate(later);
    Heard third = new Heard();
    new DetectionProcessor(PipelineConfig.DEFAULT, IncidentPolicy.DEFAULT, third, TaskSocial.NONE).init(context);
    assertThat(third.results).isEmpty();
  }

  @Test
  void anOfficialMajorOutageOpensTheServicesIncidentOnceWhicheverNodesPollSaidIt() {
    OfficialStatus major = new OfficialStatus("github", "Actions", "major_outage", "Actions run failures and delays",
        "https://www.githubstatus.com/incidents/x", T0.minusSeconds(60));
    evidence.pipeInput("github", new EvidenceRecord("github", List.of(), List.of(major)), T0);

    List<Incident> opened = incidents(events.readValuesToList());
    assertThat(opened).singleElement().satisfies(i -> {
      assertThat(i.service()).isEqualTo("github");
      assertThat(i.isOpen()).isTrue();
      assertThat(i.current()).isEqualTo(PublicStatus.OUTAGE);
      assertThat(i.timeline().getFirst().text()).startsWith("Opened on the official status page's statement");
    });
    // Every node polls the page: the second node's copy of the same line is no news.
    evidence.pipeInput("github", new EvidenceRecord("github", List.of(), List.of(major)), T0.plusSeconds(1));
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    assertThat(incidents(events.readValuesToList())).isEmpty();
  }

  @Test
  void evidenceRecordsKeepEveryFieldThroughTheTopic() {
    ProbeResult r = new ProbeResult("orange", "https://www.orange.fr/", "FR-IDF", "http", false, "http_5xx", Duration.ofMillis(42),
        T0.plusMillis(5));
    OfficialStatus st = new OfficialStatus("orange", null, "partial_outage", "Incident en cours", null, T0);
    EvidenceRecord e = new EvidenceRecord("orange", List.of(r), List.of(st));
    InputSerde serde = new InputSerde();

    assertThat(serde.deserialize(VigieTopology.EVIDENCE, serde.serialize(VigieTopology.EVIDENCE, e))).isEqualTo(e);
  }

  private static List<Incident> incidents(List<Event> es) {
    return es.stream().filter(e -> Event.INCIDENT.equals(e.type())).map(Event::incident).toList();
  }
}
