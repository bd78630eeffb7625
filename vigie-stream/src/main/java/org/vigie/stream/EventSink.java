package org.vigie.stream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.vigie.core.storage.IncidentStore;
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
 *
 * <p>The sink group has one owner per partition, so it is where each incident change the
 * cluster concludes is seen once (not once per instance): incident changes go to an
 * {@link IncidentWriter}, which in a Vigie instance plans their notifications and commits them
 * with the snapshot (the outbox). A writer must be idempotent: a redelivered change is written
 * again.
 */
public final class EventSink implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventSink.class);

  /** One incident snapshot as the stream emitted it, with the event time of the change. */
  public record IncidentChange(Incident incident, Instant eventTime) {}

  /** Where incident changes are written. */
  @FunctionalInterface
  public interface IncidentWriter {
    /** Writes every change of one poll, in the order the stream emitted them. */
    void write(List<IncidentChange> changes);

    /** No notifications: each incident's last snapshot saved, as {@link IncidentStore#save}. */
    static IncidentWriter saving(IncidentStore store) {
      return changes -> {
        Map<Long, Incident> last = new LinkedHashMap<>();
        changes.forEach(c -> last.put(c.incident().id(), c.incident()));
        last.values().forEach(store::save);
      };
    }
  }

  private final Storage storage;
  private final IncidentWriter incidents;
  private final KafkaConsumer<String, Event> consumer;
  private final Thread thread;
  private volatile boolean running = true;
  /** Per service, the last minute closed in the events read so far: the stream's event time. */
  private final Map<String, Long> closedMinutes = new HashMap<>();
  private final Map<String, Incident> awaiting = new HashMap<>();

  public EventSink(String bootstrap, String topic, String groupId, Storage storage) {
    this(bootstrap, topic, groupId, storage, IncidentWriter.saving(storage.incidents()));
  }

  public EventSink(String bootstrap, String topic, String groupId, Storage storage, IncidentWriter incidents) {
    this.storage = storage;
    this.incidents = incidents;
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
            apply(events, storage, incidents, closedMinutes, awaiting);
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
    apply(events, storage, IncidentWriter.saving(storage.incidents()), new HashMap<>());
  }

  /**
   * Applies events: tallies coalesced (the last of each service, country and minute wins), then
   * every incident change, in order, to {@code writer}.
   *
   * @param closedMinutes per service, the last minute closed in events read before; updated
   */
  static void apply(List<Event> events, Storage storage, IncidentWriter writer, Map<String, Long> closedMinutes) {
    apply(events, storage, writer, closedMinutes, new HashMap<>());
  }

  /**
   * How long after its detection an open incident is planned again at each closed minute of its
   * service. Notification grouping waits in event time (group wait, 2 minutes by default) before
   * telling anyone of an opening; in embedded mode the notifier re-plans as the watermark moves,
   * but the sink only sees time move through minute events, and the stream sends an incident
   * snapshot only when the incident changes — which may be never again before it resolves, and
   * the correlation stage hands snapshots over apart from the minutes. So the sink plans the
   * latest open snapshot again at each minute of its service for a while: planning is idempotent
   * (the recorded group state says what was decided), and past this window the opening has been
   * told or was muted. Kept short because each plan also re-saves the snapshot.
   */
  static final java.time.Duration REPLAN = java.time.Duration.ofMinutes(10);

  /**
   * @param awaiting per service, the latest open snapshot read, planned again at the service's
   *     closed minutes until {@link #REPLAN} after its detection; updated
   */
  static void apply(List<Event> events, Storage storage, IncidentWriter writer, Map<String, Long> closedMinutes,
      Map<String, Incident> awaiting) {
    Map<String, MinuteTally> tallies = new LinkedHashMap<>();
    List<IncidentChange> changes = new ArrayList<>();
    for (Event e : events) {
      if (e == null) {
        continue;
      }
      if (Event.INCIDENT.equals(e.type())) {
        Incident i = e.incident();
        changes.add(new IncidentChange(i, eventTime(i, closedMinutes.get(e.service()))));
        if (i.isOpen()) {
          awaiting.put(e.service(), i);
        } else {
          awaiting.remove(e.service());
        }
      } else if (Event.MINUTE.equals(e.type())) {
        // Only closed minutes are stored: open-minute progress is for live views.
        closedMinutes.merge(e.service(), e.epochMinute(), Math::max);
        for (MinuteTally t : e.tallies()) {
          tallies.put(t.service() + '|' + t.country() + '|' + t.minute(), t);
        }
        Incident open = awaiting.get(e.service());
        if (open != null) {
          Instant at = eventTime(open, closedMinutes.get(e.service()));
          Instant from = open.detectedAt() != null ? open.detectedAt() : open.startedAt();
          if (at.isAfter(from.plus(REPLAN))) {
            awaiting.remove(e.service());
          } else {
            changes.add(new IncidentChange(open, at));
          }
        }
      }
    }
    if (!tallies.isEmpty()) {
      storage.tallies().upsert(List.copyOf(tallies.values()));
    }
    if (!changes.isEmpty()) {
      writer.write(changes);
    }
  }


  /**
   * The event time of an incident change, which notification grouping runs on (group wait,
   * intervals: "a replay notifies as the live event would have"). The stream emits a change when
   * a minute of the service closes, right after that minute's tallies, on the same partition: so
   * the end of the last minute closed before it is when it happened. Events carry no time of
   * their own; a snapshot's latest time stands in when the sink starts reading after the minute
   * (a restart, a partition moved), a lower bound that can only delay a message by a minute.
   */
  static Instant eventTime(Incident i, Long closedMinute) {
    Instant t = i.startedAt();
    for (Instant x : new Instant[] {i.detectedAt(), i.resolvedAt(), i.peakAt()}) {
      if (x != null && x.isAfter(t)) {
        t = x;
      }
    }
    if (closedMinute != null) {
      Instant end = Instant.ofEpochSecond((closedMinute + 1) * 60);
      if (end.isAfter(t)) {
        t = end;
      }
    }
    return t;
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
