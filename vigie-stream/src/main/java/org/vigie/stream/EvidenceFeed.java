package org.vigie.stream;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

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
    // Decoded here, not by the consumer: one bad record is skipped instead of stopping the feed.
    EventFeed.follow(consumer, () -> running, bytes -> onRecord.accept(InputSerde.evidence(bytes)),
        "evidence record {} of {} not taken");
  }

  @Override
  public void close() {
    running = false;
    EventSink.stop(consumer, thread);
  }
}
