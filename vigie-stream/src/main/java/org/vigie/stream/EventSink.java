package org.vigie.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.core.incident.Incident;
import org.vigie.core.storage.Storage;
import org.vigie.core.tally.MinuteTally;

/**
 * Writes {@code vigie.events} to the store (PostgreSQL in production) through the storage SPI, so
 * web nodes read what the stream concluded.
 *
 * <p>At-least-once on purpose: offsets are committed after the store write, and a replay after a
 * crash writes the same full tallies and incident snapshots again (events are replacements, not
 * deltas). Reading {@code read_committed} means only what the stream committed is stored. A store
 * outage stops the sink, not detection: events wait in the topic.
 */
public final class EventSink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventSink.class);

  private final Storage storage;
  private final KafkaConsumer<String, Event> consumer;
  private final Thread thread;
  private volatile boolean running = true;

  public EventSink(String bootstrap, String topic, String groupId, Storage storage) {
    this.storage = storage;
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    // A dead instance's share of the events moves after this, as its stream tasks do.
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new EventSerde());
    consumer.subscribe(List.of(topic));
    this.thread = Thread.ofPlatform().name("vigie-event-sink").daemon().start(this::run);
  }

  private void run() {
    try {
      while (running) {
        ConsumerRecords<String, Event> records = consumer.poll(Duration.ofMillis(200));
        if (records.isEmpty()) {
          continue;
        }
        List<Event> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, Event> r : records) {
          events.add(r.value());
        }
        while (running) {
          try {
            apply(events, storage);
            break;
          } catch (RuntimeException e) {
            // Keep the events (and the offsets) until the store takes them.
            LOG.warn("could not write {} events to the store; retrying", events.size(), e);
            Thread.sleep(1_000);
          }
        }
        consumer.commitSync();
      }
    } catch (WakeupException e) {
      // closing
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /**
   * Applies events in order, coalesced: the last tally of each (service, country, minute) and the
   * last snapshot of each incident win.
   */
  public static void apply(List<Event> events, Storage storage) {
    Map<String, MinuteTally> tallies = new LinkedHashMap<>();
    Map<Long, Incident> incidents = new LinkedHashMap<>();
    for (Event e : events) {
      if (e == null) {
        continue;
      }
      if (Event.INCIDENT.equals(e.type())) {
        incidents.remove(e.incident().id());
        incidents.put(e.incident().id(), e.incident());
      } else if (Event.MINUTE.equals(e.type())) {
        // Only closed minutes are stored: open-minute progress is for live views.
        for (MinuteTally t : e.tallies()) {
          tallies.put(t.service() + '|' + t.country() + '|' + t.minute(), t);
        }
      }
    }
    if (!tallies.isEmpty()) {
      storage.tallies().upsert(List.copyOf(tallies.values()));
    }
    incidents.values().forEach(storage.incidents()::save);
  }

  @Override
  public void close() {
    running = false;
    stop(consumer, thread);
  }

  /** Wakes a consumer thread out of its poll and waits for it to close the consumer. */
  static void stop(KafkaConsumer<?, ?> consumer, Thread thread) {
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
