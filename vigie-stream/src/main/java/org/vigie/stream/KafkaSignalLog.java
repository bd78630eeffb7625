package org.vigie.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.core.signal.ProblemReport;
import org.vigie.core.storage.SignalLog;
import org.vigie.core.storage.StorageException;

/**
 * The signal log of cluster mode: {@code vigie.signals}, keyed by service.
 *
 * <h2>All or nothing</h2>
 *
 * The SPI promises that an append stores every report or none. Plain {@code acks=all} sends give
 * at-least-once per record: a batch cut by a broker failure would leave part of it in the topic,
 * and the client's retry would count that part twice. So appends are <b>Kafka transactions</b>:
 * the reports of an append are sent inside one transaction and {@link #append} returns once the
 * commit is acknowledged (which implies every send was acknowledged by all in-sync replicas,
 * {@code acks=all}, idempotent producer). On any failure the transaction is aborted and a
 * {@link StorageException} thrown; the stream application reads {@code read_committed}, so an
 * aborted append is never counted.
 *
 * <p>One remaining window: a commit that times out has an unknown outcome. The producer is then
 * replaced (its successor, with the same transactional id, fences it and aborts what was open),
 * and the caller gets an exception — if the commit had in fact completed, a retry stores those
 * reports twice. They carry the same reporter keys, so the reporter rule — applied in the stream
 * task that owns the service ({@link ReporterDedupe}) — counts them once whichever node took the
 * retry, but the raw report count is one batch high.
 *
 * <h2>Group commit</h2>
 *
 * A transaction costs a few broker round trips, too many per single-report request. Appends are
 * queued; each of {@code producers} committer threads takes every append waiting, sends them in
 * one transaction and completes them together. A failed transaction fails all the appends in it,
 * and none of them is stored.
 *
 * <p>The read methods scan the topic with a {@code read_committed} consumer: they exist for tests,
 * benchmarks and tools, not for request paths (web nodes read PostgreSQL).
 */
public final class KafkaSignalLog implements SignalLog, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSignalLog.class);

  /** Longest an append waits for its transaction before it fails (and the client retries). */
  static final Duration APPEND_TIMEOUT = Duration.ofSeconds(30);

  /** Most reports one transaction carries; larger groups are split across transactions. */
  static final int MAX_GROUP_REPORTS = 50_000;

  private record Pending(List<ProblemReport> reports, boolean[] counted, CompletableFuture<Void> done) {}

  private final String bootstrap;
  private final String topic;
  private final Map<String, Object> producerOverrides;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final List<Thread> committers = new ArrayList<>();
  private volatile boolean running = true;

  /**
   * @param nodeId stable per ingest node (host name): the transactional ids derive from it, so a
   *     restarted node fences its previous incarnation's open transactions at once
   * @param producers committer threads, each with its own transactional producer
   */
  public KafkaSignalLog(String bootstrap, String topic, String nodeId, int producers, Map<String, Object> producerOverrides) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.producerOverrides = Map.copyOf(producerOverrides);
    for (int i = 0; i < producers; i++) {
      String txId = "vigie-ingest-" + nodeId + "-" + i;
      KafkaProducer<String, byte[]> first = newProducer(txId);
      committers.add(Thread.ofPlatform().name("vigie-kafka-commit-" + i).daemon().start(() -> commitLoop(txId, first)));
    }
  }

  private KafkaProducer<String, byte[]> newProducer(String txId) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, txId);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) APPEND_TIMEOUT.toMillis());
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) APPEND_TIMEOUT.toMillis());
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
    p.putAll(producerOverrides);
    KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    producer.initTransactions();
    return producer;
  }

  @Override
  public void append(List<ProblemReport> reports, boolean[] counted) {
    if (reports.isEmpty()) {
      return;
    }
    if (!running) {
      throw new StorageException("the Kafka signal log is closed");
    }
    Pending p = new Pending(reports, counted, new CompletableFuture<>());
    queue.add(p);
    try {
      p.done().get(APPEND_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new StorageException("Kafka did not accept the reports: " + e.getCause().getMessage(), e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      // The committer may still commit it later; see the class comment on unknown outcomes.
      throw new StorageException("Kafka did not acknowledge the reports in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while waiting for Kafka", e);
    }
  }

  private void commitLoop(String txId, KafkaProducer<String, byte[]> initial) {
    KafkaProducer<String, byte[]> producer = initial;
    List<Pending> group = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        int n = first.reports().size();
        Pending next;
        while (n < MAX_GROUP_REPORTS && (next = queue.poll()) != null) {
          group.add(next);
          n += next.reports().size();
        }
        if (producer == null) {
          producer = newProducer(txId);
        }
        producer.beginTransaction();
        for (Pending p : group) {
          for (int i = 0; i < p.reports().size(); i++) {
            ProblemReport r = p.reports().get(i);
            // No record timestamp (the broker's clock): retention must count from arrival, and a
            // replayed report's event time may be years old. Event time travels in the value.
            producer.send(new ProducerRecord<>(topic, r.service(), SignalSerde.encode(r, p.counted()[i])));
          }
        }
        // commitTransaction flushes and returns once every record is acknowledged (acks=all).
        producer.commitTransaction();
        group.forEach(p -> p.done().complete(null));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail(group, e);
        break;
      } catch (RuntimeException e) {
        LOG.warn("append transaction failed; {} appends refused", group.size(), e);
        fail(group, e);
        // Whatever the error, start from a fresh producer: its initTransactions aborts anything
        // the old one left open, and fatal errors (fenced, out of order) leave no other way.
        if (producer != null) {
          try {
            producer.close(Duration.ZERO);
          } catch (RuntimeException ignored) {
            // already broken
          }
          producer = null;
        }
      } finally {
        group.clear();
      }
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }

  private static void fail(List<Pending> group, Exception e) {
    group.forEach(p -> p.done().completeExceptionally(e instanceof KafkaException ? e : new KafkaException(e)));
  }

  @Override
  public long countReports() {
    long[] n = {0};
    scan(null, Instant.MIN, Instant.MAX, (r, c) -> n[0]++);
    return n[0];
  }

  @Override
  public long countReports(String service, Instant from, Instant to) {
    long[] n = {0};
    scan(service, from, to, (r, c) -> {
      if (c) {
        n[0]++;
      }
    });
    return n[0];
  }

  @Override
  public void scanReports(Instant from, Instant to, ReportSink sink) {
    // The SPI wants event-time order; the topic is in arrival order per partition.
    List<CountedReport> all = new ArrayList<>();
    scan(null, from, to, (r, c) -> all.add(new CountedReport(r, c)));
    all.sort(java.util.Comparator.comparing(c -> c.report().at()));
    all.forEach(c -> sink.accept(c.report(), c.counted()));
  }

  /** Reads every committed record up to the end offsets as of the call. */
  private void scan(String service, Instant from, Instant to, ReportSink sink) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(parts));
      end.entrySet().removeIf(e -> e.getValue() == 0);
      while (!end.isEmpty()) {
        for (ConsumerRecord<byte[], byte[]> rec : c.poll(Duration.ofMillis(500))) {
          CountedReport cr = SignalSerde.decode(rec.value());
          ProblemReport r = cr.report();
          if ((service == null || service.equals(r.service())) && !r.at().isBefore(from) && r.at().isBefore(to)) {
            sink.accept(r, cr.counted());
          }
        }
        // Under read_committed the position passes transaction markers too: compare positions.
        end.entrySet().removeIf(e -> c.position(e.getKey()) >= e.getValue());
      }
    } catch (KafkaException e) {
      throw new StorageException("cannot read " + topic, e);
    }
  }

  /** Raw reports expire with the topic's {@code retention.ms}; nothing to do per call. */
  @Override
  public long purgeBefore(Instant cutoff) {
    return 0;
  }

  @Override
  public void close() {
    running = false;
    for (Thread t : committers) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
