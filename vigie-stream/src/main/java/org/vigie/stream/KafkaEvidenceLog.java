package org.vigie.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.vigie.core.signal.OfficialStatus;
import org.vigie.core.signal.ProbeResult;
import org.vigie.core.storage.StorageException;

/**
 * Where a node puts the evidence other than reports, in cluster mode: {@code vigie.evidence}, one
 * record per service of a batch (probe results, official statements, social complaints), keyed
 * by service. The stream task of the service hands it to its
 * pipeline; every node's {@link EvidenceFeed} hands probe results to its read-side quorum.
 *
 * <p>Plain idempotent {@code acks=all} sends, no transactions: the caller has already stored the
 * batch in PostgreSQL (the probe log, the official statement log), and a batch appended twice is
 * harmless — the quorum ignores a result it already has (same vantage point, target and time), and
 * the incident engine tells each official line once. A send that fails throws
 * {@link StorageException}, so an agent's push answers 503 and the agent sends the batch again.
 */
public final class KafkaEvidenceLog implements AutoCloseable {
  private final String topic;
  private final KafkaProducer<String, byte[]> producer;

  public KafkaEvidenceLog(String bootstrap, String topic) {
    this.topic = topic;
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) KafkaSignalLog.APPEND_TIMEOUT.toMillis());
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) KafkaSignalLog.APPEND_TIMEOUT.toMillis());
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /** Appends probe results, one record per service; returns once Kafka acknowledged all. */
  public void probes(List<ProbeResult> results) {
    Map<String, List<ProbeResult>> byService = new LinkedHashMap<>();
    results.forEach(r -> byService.computeIfAbsent(r.service(), k -> new ArrayList<>()).add(r));
    List<EvidenceRecord> records = new ArrayList<>();
    byService.forEach((s, list) -> records.add(new EvidenceRecord(s, list, List.of())));
    send(records);
  }

  /** Appends official statements, one record per service; returns once Kafka acknowledged all. */
  public void official(List<OfficialStatus> statuses) {
    Map<String, List<OfficialStatus>> byService = new LinkedHashMap<>();
    statuses.forEach(st -> byService.computeIfAbsent(st.service(), k -> new ArrayList<>()).add(st));
    List<EvidenceRecord> records = new ArrayList<>();
    byService.forEach((s, list) -> records.add(new EvidenceRecord(s, List.of(), list)));
    send(records);
  }

  /** Appends complaints of one batch of posts, by service; returns once Kafka acknowledged all. */
  public void complaints(Map<String, List<EvidenceRecord.Complaint>> byService) {
    List<EvidenceRecord> records = new ArrayList<>();
    byService.forEach((s, list) -> records.add(new EvidenceRecord(s, List.of(), List.of(), list)));
    send(records);
  }

  private void send(List<EvidenceRecord> records) {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    try {
      for (EvidenceRecord e : records) {
        acks.add(producer.send(new ProducerRecord<>(topic, e.service(), InputSerde.evidenceBytes(e))));
      }
      for (Future<RecordMetadata> f : acks) {
        f.get(KafkaSignalLog.APPEND_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
      }
    } catch (ExecutionException e) {
      throw new StorageException("Kafka did not accept the evidence: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException | KafkaException e) {
      throw new StorageException("Kafka did not acknowledge the evidence: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while waiting for Kafka", e);
    }
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
