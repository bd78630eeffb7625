package org.vigie.stream;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.vigie.core.incident.IncidentPolicy;
import org.vigie.core.incident.Relations;
import org.vigie.core.pipeline.PipelineConfig;
import org.vigie.core.storage.Storage;

/**
 * Everything one {@code vigie serve --kafka … --postgres …} process runs besides HTTP: the Kafka
 * signal log its ingestor appends to, the stream application (its share of the partitions) and
 * the sink to the store. Every instance runs all three; Kafka's group protocols spread the work.
 */
public final class ClusterNode implements AutoCloseable {
  /**
   * @param bootstrap Kafka bootstrap servers, {@code host:port[,host:port…]}
   * @param nodeId stable name of this process (host name), for transactional ids
   * @param partitions partitions of {@code vigie.signals} and {@code vigie.events} when created
   * @param replication replication factor of Vigie's topics (3 in production, 1 on one broker)
   * @param stateDir where the stream's RocksDB stores live
   * @param streamOverrides extra Kafka Streams properties (timeouts in tests, tuning)
   * @param relations the catalogue's families and access providers, for the correlation stage
   */
  public record Options(
      String bootstrap,
      String nodeId,
      int partitions,
      short replication,
      Path stateDir,
      PipelineConfig pipeline,
      IncidentPolicy incidents,
      int producers,
      Map<String, Object> streamOverrides,
      Relations relations) {
    /** Options without relations: incidents stand alone (no groups, no collateral). */
    public Options(String bootstrap, String nodeId, int partitions, short replication, Path stateDir, PipelineConfig pipeline,
        IncidentPolicy incidents, int producers, Map<String, Object> streamOverrides) {
      this(bootstrap, nodeId, partitions, replication, stateDir, pipeline, incidents, producers, streamOverrides, Relations.NONE);
    }

    public Options {
      if (bootstrap == null || bootstrap.isBlank()) {
        throw new IllegalArgumentException("--kafka needs HOST:PORT of at least one broker");
      }
      if (partitions < 1 || replication < 1 || producers < 1) {
        throw new IllegalArgumentException("partitions, replication and producers must be positive");
      }
      streamOverrides = Map.copyOf(streamOverrides);
      relations = relations == null ? Relations.NONE : relations;
    }
  }

  public static final String APPLICATION_ID = "vigie-stream";
  public static final String SINK_GROUP = "vigie-sink";
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClusterNode.class);

  private final KafkaSignalLog signals;
  private final KafkaEvidenceLog evidence;
  private final KafkaStreams streams;
  private final EventSink sink;

  private ClusterNode(Options o, Storage storage, EventSink.IncidentWriter incidents, java.util.function.Supplier<TaskProbes> probes,
      java.util.function.Supplier<TaskSocial> social) {
    createTopics(o);
    this.signals = new KafkaSignalLog(o.bootstrap(), VigieTopology.SIGNALS, o.nodeId(), o.producers(), Map.of());
    this.evidence = new KafkaEvidenceLog(o.bootstrap(), VigieTopology.EVIDENCE);
    try {
      this.streams = new KafkaStreams(VigieTopology.build(new StreamsBuilder(), o.pipeline(), o.incidents(), o.relations(), true, probes, social),
          streamsConfig(o));
      this.sink = new EventSink(o.bootstrap(), VigieTopology.EVENTS, SINK_GROUP, storage, incidents);
    } catch (RuntimeException e) {
      signals.close();
      evidence.close();
      throw e;
    }
    streams.start();
  }

  public static ClusterNode start(Options options, Storage storage) {
    return start(options, storage, EventSink.IncidentWriter.saving(storage.incidents()), () -> TaskProbes.NONE, () -> TaskSocial.NONE);
  }

  /**
   * @param incidents where the sink writes incident changes (a Vigie instance: with their notifications)
   * @param probes a fresh probe quorum for each stream task, so closed minutes carry probes
   * @param social a fresh complaint tally for each stream task, so complaints are fused
   */
  public static ClusterNode start(Options options, Storage storage, EventSink.IncidentWriter incidents,
      java.util.function.Supplier<TaskProbes> probes, java.util.function.Supplier<TaskSocial> social) {
    return new ClusterNode(fitted(options), storage, incidents, probes, social);
  }

  /**
   * The options with a replication factor the cluster can hold: a one-broker development setup
   * cannot create topics with three replicas.
   */
  static Options fitted(Options o) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrap());
    try (Admin admin = Admin.create(p)) {
      int brokers = admin.describeCluster().nodes().get().size();
      if (brokers >= o.replication()) {
        return o;
      }
      LOG.warn("Kafka has {} broker(s): Vigie's topics get {} replica(s) instead of {}", brokers, brokers, o.replication());
      return new Options(o.bootstrap(), o.nodeId(), o.partitions(), (short) brokers, o.stateDir(), o.pipeline(), o.incidents(),
          o.producers(), o.streamOverrides(), o.relations());
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot reach Kafka at " + o.bootstrap() + ": " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reaching Kafka", e);
    }
  }

  static Properties streamsConfig(Options o) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrap());
    p.put(StreamsConfig.STATE_DIR_CONFIG, o.stateDir().toString());
    // Stores, input offsets and events commit together: a crash neither loses nor doubles a count.
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) o.replication());
    // A warm copy of each task's stores elsewhere makes failover a catch-up, not a full restore.
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, o.replication() > 1 ? 1 : 0);
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L * 1024 * 1024);
    // A commit (EOS: a transaction) every second instead of every 100 ms: most pending reports
    // are then written and deleted within one interval and never reach RocksDB or the changelog.
    // Pages and the sink see a minute's conclusions up to a second later.
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1_000);
    // A dead instance's tasks move after the session timeout, and detection for their services
    // waits that long: 10 s (Kafka's default until 3.0) rather than today's 45 s.
    p.put(StreamsConfig.consumerPrefix("session.timeout.ms"), 10_000);
    p.putAll(o.streamOverrides());
    return p;
  }

  static void createTopics(Options o) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrap());
    try (Admin admin = Admin.create(p)) {
      Map<String, String> durable = new HashMap<>();
      // With acks=all, a write needs two replicas: one broker lost never loses an acknowledged report.
      durable.put("min.insync.replicas", String.valueOf(Math.min(2, o.replication())));
      durable.put("retention.ms", String.valueOf(Duration.ofDays(7).toMillis()));
      // Retention must count from arrival, not from the report's event time: a replay of 2019 or
      // 2021 carries timestamps years old, and with CreateTime the broker's retention check
      // deleted unread segments (the ~5% of counts an early benchmark lost). Nothing reads the
      // record timestamp: event time travels in the value.
      durable.put("message.timestamp.type", "LogAppendTime");
      List<NewTopic> topics = new ArrayList<>();
      topics.add(new NewTopic(VigieTopology.SIGNALS, o.partitions(), o.replication()).configs(durable));
      topics.add(new NewTopic(VigieTopology.EVENTS, o.partitions(), o.replication()).configs(durable));
      // As many partitions as signals and keyed alike: a service's evidence reaches its task.
      topics.add(new NewTopic(VigieTopology.EVIDENCE, o.partitions(), o.replication()).configs(durable));
      for (NewTopic t : topics) {
        try {
          admin.createTopics(List.of(t)).all().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + t.name() + ": " + e.getCause().getMessage(), e.getCause());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  /** Where this node puts probe results and official statements for the stream and every node. */
  public KafkaEvidenceLog evidence() {
    return evidence;
  }

  /** The signal log this node's {@code Ingestor} appends to. */
  public KafkaSignalLog signals() {
    return signals;
  }

  @Override
  public void close() {
    signals.close();
    evidence.close();
    streams.close(Duration.ofSeconds(30));
    sink.close();
  }
}
