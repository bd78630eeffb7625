package org.vigie.stream;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every record of {@code vigie.evidence}, on every node: probe results posted to any node reach
 * every node's read-side quorum, so the status verdict agrees whichever node answers.
 *
 * <p>No consumer group: all partitions, nothing committed. The node rebuilt its quorum from the
 * stored results (PostgreSQL) just before; the feed starts {@link #OVERLAP} before now (records
 * carry their arrival time, {@code LogAppendTime}) so nothing appended while the node started is
 * missed. What it reads twice is harmless: the quorum ignores a result it already has.
 */
public final class EvidenceFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EvidenceFeed.class);
  /** How far before its start the feed reads. */
  static final Duration OVERLAP = Duration.ofMinutes(2);

  private final KafkaConsumer<String, byte[]> consumer;
  private final Thread thread;
  private volatile boolean running = true;

  public EvidenceFeed(String bootstrap, String topic, Consumer<EvidenceRecord> onRecord) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    try {
      List<TopicPartition> parts = consumer.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(parts);
      consumer.seekToEnd(parts);
      Map<TopicPartition, Long> since = new HashMap<>();
      long from = System.currentTimeMillis() - OVERLAP.toMillis();
      parts.forEach(tp -> since.put(tp, from));
      consumer.offsetsForTimes(since).forEach((tp, o) -> {
        if (o != null) {
          consumer.seek(tp, o.offset());
        }
      });
    } catch (KafkaException e) {
      consumer.close(Duration.ZERO);
      throw e;
    }
    this.thread = Thread.ofPlatform().name("vigie-evidence-feed").daemon().start(() -> run(onRecord));
  }

  private void run(Consumer<EvidenceRecord> onRecord) {
    try {
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() == null) {
            continue;
          }
          try {
            onRecord.accept(InputSerde.evidence(r.value()));
          } catch (RuntimeException e) {
            // One bad record must not stop the node following the others.
            LOG.warn("evidence record {} of {} not taken", r.offset(), r.key(), e);
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  @Override
  public void close() {
    running = false;
    EventSink.stop(consumer, thread);
  }
}
