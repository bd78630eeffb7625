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

      assertThat(written).extracting(c -> c.incident().isOpen()).as("the resolution is not folded into the opening")
          .containsExactly(true, true, false);
      assertThat(written).extracting(EventSink.IncidentChange::eventTime).as("the end of each change's minute")
          .containsExactly(AT.plusSeconds(120), AT.plusSeconds(180), AT.plusSeconds(240));

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
}
