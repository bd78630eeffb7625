package org.vigie.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.core.incident.Incident;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.storage.Storage;
import org.vigie.store.sqlite.SqliteStorage;

/**
 * What the sink hands to the incident writer (in a Vigie instance: the notifier): every incident
 * change of a poll, in order, none coalesced away, each with the event time of the minute whose
 * close produced it.
 */
class EventSinkTest {
  private static final long MINUTE = 25_000_000L; // 2017-07-13T…, any minute will do
  private static final Instant AT = Instant.ofEpochSecond(MINUTE * 60);

  @TempDir Path dir;

  private static Incident incident(int minutes, boolean resolved) {
    Instant end = AT.plusSeconds(60L * minutes);
    return new Incident(9, "instagram", AT, AT.plusSeconds(60), resolved ? end : null, PublicStatus.OUTAGE,
        resolved ? PublicStatus.OPERATIONAL : PublicStatus.OUTAGE, 50, AT.plusSeconds(60), 500, List.of(), List.of(), List.of(), null);
  }

  @Test
  void everyIncidentChangeOfAPollReachesTheWriterInOrderWithTheTimeOfItsMinute() {
    List<EventSink.IncidentChange> written = new ArrayList<>();
    Map<String, Long> closed = new HashMap<>();
    try (Storage store = SqliteStorage.open(dir)) {
      // As the stream emits them: a minute's tallies, then the incident change that minute made.
      EventSink.apply(List.of(
          Event.minute("instagram", MINUTE + 1, List.of()), Event.incident(incident(1, false)),
          Event.minute("whatsapp", MINUTE + 9, List.of()),
          Event.minute("instagram", MINUTE + 2, List.of()), Event.incident(incident(2, false)),
          Event.minute("instagram", MINUTE + 3, List.of()), Event.incident(incident(3, true))), store, written::addAll, closed);

      // Each open snapshot is planned again at its service's next closed minute (time moves on
      // for group wait); the resolution is not folded into the opening.
      assertThat(written).extracting(c -> c.incident().isOpen()).containsExactly(true, true, true, true, false);
      assertThat(written).extracting(EventSink.IncidentChange::eventTime).as("the end of each change's minute")
          .containsExactly(AT.plusSeconds(120), AT.plusSeconds(180), AT.plusSeconds(180), AT.plusSeconds(240), AT.plusSeconds(240));

      // The next poll starts where this one ended; a sink that starts with no minute read yet
      // (a restart) falls back to the snapshot's own latest time.
      written.clear();
      EventSink.apply(List.of(Event.incident(incident(3, true))), store, written::addAll, closed);
      assertThat(written).extracting(EventSink.IncidentChange::eventTime).containsExactly(AT.plusSeconds(240));
      written.clear();
      EventSink.apply(List.of(Event.incident(incident(5, true))), store, written::addAll, new HashMap<>());
      assertThat(written).extracting(EventSink.IncidentChange::eventTime).containsExactly(AT.plusSeconds(300));
    }
  }

  @Test
  void withoutNotificationsTheLastSnapshotOfEachIncidentIsSaved() {
    try (Storage store = SqliteStorage.open(dir)) {
      EventSink.apply(List.of(Event.incident(incident(1, false)), Event.incident(incident(4, true))), store);
      assertThat(store.incidents().find(9)).hasValueSatisfying(i -> assertThat(i.resolvedAt()).isEqualTo(AT.plusSeconds(240)));
    }
  }

  /**
   * The stream may send no other snapshot of an open incident before it resolves: the sink plans
   * the last one again at each closed minute of its service, so a subscriber is told once group
   * wait has passed, and stops {@link EventSink#REPLAN} after detection.
   */
  @Test
  void anOpenIncidentIsPlannedAgainAsItsServicesMinutesCloseForAWhile() {
    List<EventSink.IncidentChange> written = new ArrayList<>();
    Map<String, Long> closed = new HashMap<>();
    Map<String, Incident> awaiting = new HashMap<>();
    try (Storage store = SqliteStorage.open(dir)) {
      EventSink.apply(List.of(Event.incident(incident(1, false))), store, written::addAll, closed, awaiting);
      for (int m = 1; m <= 14; m++) {
        EventSink.apply(List.of(Event.minute("instagram", MINUTE + m, List.of()), Event.minute("whatsapp", MINUTE + m, List.of())),
            store, written::addAll, closed, awaiting);
      }
      // Detected at AT + 1 min: planned again at the end of each minute up to AT + 11 min.
      assertThat(written).extracting(EventSink.IncidentChange::eventTime).first().isEqualTo(AT.plusSeconds(60));
      assertThat(written.subList(1, written.size())).extracting(EventSink.IncidentChange::eventTime)
          .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(2, 11).mapToObj(m -> AT.plusSeconds(60L * m)).toList());
      assertThat(awaiting).isEmpty();
    }
  }
}
