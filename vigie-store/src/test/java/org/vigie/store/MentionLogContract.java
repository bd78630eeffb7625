package org.vigie.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.core.storage.MentionLog;
import org.vigie.core.storage.MentionLog.Match;
import org.vigie.core.storage.MentionLog.StoredMention;
import org.vigie.core.storage.Storage;
import org.vigie.core.storage.StorageException;

/**
 * What every backend owes the social signal (issue 8): idempotent, all-or-nothing appends of
 * classified posts that survive a restart, a count, and a scan in event-time order.
 */
public abstract class MentionLogContract {
  protected static final Instant T0 = Instant.parse("2021-10-04T15:39:00Z");

  @TempDir protected Path dir;
  protected Storage storage;

  protected abstract Storage newStorage(Path dir);

  @BeforeEach
  void open() {
    storage = newStorage(dir);
  }

  @AfterEach
  void close() {
    storage.close();
  }

  protected void reopen() {
    storage.close();
    storage = newStorage(dir);
  }

  static StoredMention post(String source, String id, Instant at, Match... matches) {
    return new StoredMention(source, id, at, "fr", 0x1234_5678_9abc_def0L + id.hashCode(), id.hashCode() % 2 == 0 ? null : 42L,
        List.of(matches));
  }

  static Match complaint(String service, double score) {
    return new Match(service, score, true);
  }

  static Match other(String service, double score) {
    return new Match(service, score, false);
  }

  private List<StoredMention> all() {
    List<StoredMention> out = new ArrayList<>();
    storage.mentions().scan(Instant.MIN, Instant.MAX, out::add);
    return out;
  }

  @Test
  void anAppendedPostIsStoredWithEveryFieldAndSurvivesARestart() {
    StoredMention a = new StoredMention("mastodon:mastodon.social", "109", T0, "fr", -7L, 99L,
        List.of(complaint("instagram", 0.91), other("whatsapp", 0.25)));
    StoredMention b = new StoredMention("bluesky", "at://did:plc:x/app.bsky.feed.post/3k", T0.plusMillis(1), null, 8L, null,
        List.of(complaint("discord", 0.75)));

    assertThat(storage.mentions().append(List.of(a, b))).isEqualTo(2);
    reopen();

    assertThat(storage.mentions().count()).isEqualTo(2);
    assertThat(all()).containsExactly(a, b);
  }

  @Test
  void aRepeatedPostIsStoredOnceAndTheCallSaysHowManyWereNew() {
    MentionLog log = storage.mentions();
    assertThat(log.append(List.of(post("api", "1", T0, complaint("instagram", 0.9))))).isEqualTo(1);

    int fresh = log.append(List.of(post("api", "1", T0, complaint("instagram", 0.9)), post("api", "2", T0, other("instagram", 0.1)),
        post("bluesky", "1", T0, complaint("instagram", 0.8)), post("api", "2", T0, other("instagram", 0.1))));

    assertThat(fresh).isEqualTo(2); // api/2 and bluesky/1; api/1 was stored, api/2 appears twice
    assertThat(log.count()).isEqualTo(3);
    reopen();
    assertThat(storage.mentions().append(List.of(post("api", "1", T0, complaint("whatsapp", 0.7))))).isZero();
    assertThat(storage.mentions().count()).isEqualTo(3);
    assertThat(all()).extracting(m -> m.source() + "/" + m.postId() + " " + m.matches().getFirst().service())
        .containsExactly("api/1 instagram", "api/2 instagram", "bluesky/1 instagram");
  }

  @Test
  void theScanIsInEventTimeOrderOverAHalfOpenRangeWithMatchesByService() {
    storage.mentions().append(List.of(
        post("api", "late", T0.plusSeconds(120), complaint("whatsapp", 0.6), complaint("instagram", 0.7)),
        post("api", "early", T0, other("instagram", 0.2)),
        post("api", "middle", T0.plusSeconds(60), complaint("instagram", 0.8)),
        post("api", "end", T0.plusSeconds(180), complaint("instagram", 0.8))));

    List<StoredMention> seen = new ArrayList<>();
    storage.mentions().scan(T0, T0.plusSeconds(180), seen::add);

    assertThat(seen).extracting(StoredMention::postId).containsExactly("early", "middle", "late");
    assertThat(seen.get(2).matches()).extracting(Match::service).containsExactly("instagram", "whatsapp");
    List<StoredMention> none = new ArrayList<>();
    storage.mentions().scan(T0.plusSeconds(1), T0.plusSeconds(60), none::add);
    assertThat(none).isEmpty();
  }

  @Test
  void aScanLongerThanAPageSeesEveryPostOnce() {
    List<StoredMention> batch = new ArrayList<>();
    for (int i = 0; i < 12_000; i++) {
      batch.add(post("api", "p" + i, T0.plusMillis(i / 3), complaint("instagram", 0.5), other("whatsapp", 0.1)));
    }
    assertThat(storage.mentions().append(batch)).isEqualTo(12_000);

    List<StoredMention> seen = all();

    assertThat(seen).hasSize(12_000);
    assertThat(seen).extracting(StoredMention::postId).doesNotHaveDuplicates();
    assertThat(seen).allSatisfy(m -> assertThat(m.matches()).hasSize(2));
    assertThat(seen).isEqualTo(batch);
  }

  @Test
  void anAppendIsAllOrNothing() {
    storage.mentions().append(List.of(post("api", "kept", T0, complaint("instagram", 0.9))));
    // A score outside 0..1 is refused by the schema, after the first post of the call was inserted.
    StoredMention bad = new StoredMention("api", "bad", T0, "en", 1L, null, List.of(new Match("instagram", 1.5, true)));

    assertThatThrownBy(() -> storage.mentions().append(List.of(post("api", "new", T0, complaint("instagram", 0.9)), bad)))
        .isInstanceOf(StorageException.class);

    assertThat(storage.mentions().count()).isEqualTo(1);
    assertThat(all()).extracting(StoredMention::postId).containsExactly("kept");
  }

  @Test
  void anAppendAfterCloseFailsWithAStorageException() {
    storage.close();

    assertThatThrownBy(() -> storage.mentions().append(List.of(post("api", "1", T0, complaint("instagram", 0.9)))))
        .isInstanceOf(StorageException.class);
  }

  @Test
  void anEmptyAppendIsANoOp() {
    assertThat(storage.mentions().append(List.of())).isZero();
    assertThat(storage.mentions().count()).isZero();
  }

  @Test
  void aMentionNamesAtLeastOneServiceEachOnce() {
    assertThatThrownBy(() -> new StoredMention("api", "1", T0, null, 1L, null, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StoredMention("api", "1", T0, null, 1L, null, List.of(complaint("a", 1), other("a", 0))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
