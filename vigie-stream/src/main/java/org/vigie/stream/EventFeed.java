package org.vigie.stream;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every event of {@code vigie.events}, on every node: what a node's live views (status, open
 * incidents, the last day's chart, server-sent events) follow, while the {@link EventSink} group
 * writes each event to the store once.
 *
 * <p>No consumer group: the feed reads all partitions and commits nothing. It starts where the
 * sink group has committed, so everything before is in the store (which the node loads at start)
 * and everything after reaches the node here; events are full replacements, so one seen both
 * ways is harmless.
 */
public final class EventFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);

  private final KafkaConsumer<String, Event> consumer;
  private final Thread thread;
  private volatile boolean running = true;

  public EventFeed(String bootstrap, String topic, String sinkGroup, Consumer<Event> onEvent) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new EventSerde());
    try {
      List<TopicPartition> parts = consumer.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      sinkPositions(bootstrap, sinkGroup).forEach((tp, o) -> {
        if (parts.contains(tp) && o != null) {
          consumer.seek(tp, o.offset());
        }
      });
    } catch (KafkaException e) {
      consumer.close(Duration.ZERO);
      throw e;
    }
    this.thread = Thread.ofPlatform().name("vigie-event-feed").daemon().start(() -> run(onEvent));
  }

  private static Map<TopicPartition, OffsetAndMetadata> sinkPositions(String bootstrap, String group) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(p)) {
      return new HashMap<>(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while reading the sink's offsets", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new KafkaException("cannot read the sink's offsets: " + e.getCause().getMessage(), e.getCause());
    }
  }

  private void run(Consumer<Event> onEvent) {
    follow(consumer, () -> running, onEvent, "live view could not take event {} of {}");
  }

  /**
   * Hands every record's value to {@code each} until {@code running} turns false or the consumer
   * is woken up, then closes the consumer: the loop of the feeds every node runs.
   */
  static <V> void follow(KafkaConsumer<String, V> consumer, java.util.function.BooleanSupplier running, Consumer<V> each,
      String failure) {
    try {
      while (running.getAsBoolean()) {
        for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() == null) {
            continue;
          }
          try {
            each.accept(r.value());
          } catch (RuntimeException e) {
            // A view that fails on one record must not stop the node following the others.
            LOG.warn(failure, r.offset(), r.key(), e);
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
