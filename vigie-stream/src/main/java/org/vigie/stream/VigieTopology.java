package org.vigie.stream;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;
import org.vigie.core.incident.IncidentPolicy;
import org.vigie.core.incident.Relations;
import org.vigie.core.pipeline.PipelineConfig;

/**
 * The cluster-mode topology, built in one method that production ({@link ClusterNode}) and the
 * {@code TopologyTestDriver} tests both call:
 *
 * <pre>
 *   vigie.signals (key service, CountedReport; event time in the value, record time = arrival)
 *   vigie.evidence (key service, EvidenceRecord: probe results, official statements, complaints)
 *     → DetectionProcessor [stores: history, incidents, pending, reporters, recent evidence]
 *     ├─ minutes, open-minute progress → vigie.events (key service, Event JSON)
 *     └─ incidents → repartition to 1 partition → CorrelationProcessor [store: correlation]
 *                  → vigie.events
 * </pre>
 *
 * Keyed by service, so one service's minutes — its tallies, baseline and incident — live on one
 * partition and one task. No repartition topic: the ingest nodes already key by service.
 */
public final class VigieTopology {
  public static final String SIGNALS = "vigie.signals";
  public static final String EVENTS = "vigie.events";
  /** Probe results and official statements, keyed by service, as many partitions as signals. */
  public static final String EVIDENCE = "vigie.evidence";
  static final String HISTORY = "vigie-history";
  static final String INCIDENTS = "vigie-incidents";
  static final String PENDING = "vigie-pending";
  static final String REPORTERS = "vigie-reporters";
  static final String CORRELATION = "vigie-correlation";
  /** The evidence records of the last hour, replayed into a task's quorum, tally and engine on start. */
  static final String RECENT_EVIDENCE = "vigie-recent-evidence";

  private VigieTopology() {}

  /**
   * Adds Vigie's topology to the builder and returns it built.
   *
   * @param persistent RocksDB stores (production) or in-memory ones; both are changelogged
   */
  public static Topology build(StreamsBuilder builder, PipelineConfig pipeline, IncidentPolicy policy, boolean persistent) {
    return build(builder, pipeline, policy, Relations.NONE, persistent, () -> TaskProbes.NONE, () -> TaskSocial.NONE);
  }

  /**
   * Adds Vigie's topology to the builder and returns it built.
   *
   * @param relations the catalogue's families and access providers, for the correlation stage
   * @param persistent RocksDB stores (production) or in-memory ones; both are changelogged
   * @param probes a fresh probe quorum for each task (each detection processor)
   * @param social a fresh complaint tally for each task
   */
  public static Topology build(StreamsBuilder builder, PipelineConfig pipeline, IncidentPolicy policy, Relations relations,
      boolean persistent, Supplier<TaskProbes> probes, Supplier<TaskSocial> social) {
    // Changelog topics keep the latest value per key (deletes are tombstones).
    Map<String, String> compact = Map.of("cleanup.policy", "compact");
    builder.addStateStore(Stores.keyValueStoreBuilder(store(HISTORY, persistent), Serdes.Bytes(), Serdes.ByteArray())
        .withLoggingEnabled(compact).withCachingEnabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(store(INCIDENTS, persistent), Serdes.Bytes(), Serdes.ByteArray())
        .withLoggingEnabled(compact).withCachingEnabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(store(PENDING, persistent), Serdes.Bytes(), Serdes.ByteArray())
        .withLoggingEnabled(compact).withCachingEnabled());
    // Reporter marks (ReporterDedupe): the changelog keeps Streams' windowed default (compact and
    // delete after the retention), so it stays bounded like the store.
    builder.addStateStore(Stores.windowStoreBuilder(persistent
            ? Stores.persistentWindowStore(REPORTERS, ReporterDedupe.RETENTION, ReporterDedupe.WINDOW, false)
            : Stores.inMemoryWindowStore(REPORTERS, ReporterDedupe.RETENTION, ReporterDedupe.WINDOW, false),
        Serdes.Bytes(), Serdes.ByteArray()).withLoggingEnabled(Map.of()).withCachingEnabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(store(CORRELATION, persistent), Serdes.Bytes(), Serdes.ByteArray())
        .withLoggingEnabled(compact).withCachingEnabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(store(RECENT_EVIDENCE, persistent), Serdes.Bytes(), Serdes.ByteArray())
        .withLoggingEnabled(compact).withCachingEnabled());
    // One source over both topics: a service's reports and evidence reach one task, one pipeline.
    KStream<String, Event> detected = builder.stream(List.of(SIGNALS, EVIDENCE), Consumed.with(Serdes.String(), new InputSerde()))
        .process(() -> new DetectionProcessor(pipeline, policy, probes.get(), social.get()), HISTORY, INCIDENTS, PENDING, REPORTERS,
            RECENT_EVIDENCE);
    Produced<String, Event> toEvents = Produced.with(Serdes.String(), new EventSerde());
    detected.filter((k, e) -> !Event.INCIDENT.equals(e.type())).to(EVENTS, toEvents);
    // Incidents meet in one task whatever partition their service is on: the correlation stage
    // (grouping, collateral attribution) must see every open incident. A few records a minute.
    detected.filter((k, e) -> Event.INCIDENT.equals(e.type()))
        .repartition(Repartitioned.<String, Event>as(CORRELATION).withNumberOfPartitions(1)
            .withKeySerde(Serdes.String()).withValueSerde(new EventSerde()))
        .process(() -> new CorrelationProcessor(relations, policy), CORRELATION)
        .to(EVENTS, toEvents);
    return builder.build();
  }

  private static KeyValueBytesStoreSupplier store(String name, boolean persistent) {
    return persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
  }
}
