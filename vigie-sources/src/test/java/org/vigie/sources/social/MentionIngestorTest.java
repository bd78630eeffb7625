package org.vigie.sources.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.vigie.core.storage.MentionLog.Match;
import org.vigie.core.storage.MentionLog.StoredMention;
import org.vigie.core.storage.StorageException;

class MentionIngestorTest {
  static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  /** The minute of the posts, 90 s before the clock. */
  static final long MINUTE = NOW.minusSeconds(90).getEpochSecond() / 60;
  final InstantSource clock = InstantSource.fixed(NOW);
  final ComplaintTally tally = new ComplaintTally(clock, Duration.ofMinutes(15));
  final List<StoredMention> stored = new ArrayList<>();
  final AtomicBoolean failing = new AtomicBoolean();
  final MentionIngestor ingestor = new MentionIngestor(new ComplaintClassifier(TestCatalogue.shipped()), id -> id.hashCode(), tally,
      batch -> {
        if (failing.get()) {
          throw new StorageException("disk full");
        }
        stored.addAll(batch);
      }, clock);

  static Post post(String id, String text, String home) {
    return new Post(id, text, "fr", NOW.minusSeconds(90), "did:plc:" + id, "mastodon:example.org", home, null);
  }

  @Test
  void onlyPostsNamingAServiceAreStoredWithTheirMatchesAndKeysButNoText() {
    ingestor.ingest(List.of(post("1", "instagram est en panne", "example.org"), post("2", "bonne journée à tous", null)));

    assertThat(stored).singleElement().satisfies(m -> {
      assertThat(m.source()).isEqualTo("mastodon:example.org");
      assertThat(m.postId()).isEqualTo("1");
      assertThat(m.at()).isEqualTo(NOW.minusSeconds(90));
      assertThat(m.authorKey()).isEqualTo(("mastodon:example.org|did:plc:1").hashCode());
      assertThat(m.homeKey()).isEqualTo((long) (MentionIngestor.HOME_PREFIX + "example.org").hashCode());
      assertThat(m.matches()).extracting(Match::service, Match::complaint).containsExactly(org.assertj.core.groups.Tuple.tuple("instagram", true));
    });
  }

  @Test
  void whenTheSinkFailsNothingIsCountedAndTheSameBatchIsTakenAgainLater() {
    List<Post> batch = List.of(post("1", "instagram est en panne", null), post("2", "instagram ne marche plus", null));
    failing.set(true);

    assertThatThrownBy(() -> ingestor.ingest(batch)).isInstanceOf(StorageException.class);
    assertThat(stored).isEmpty();
    assertThat(tally.close(MINUTE)).isEmpty();
    assertThat(tally.quotes("instagram")).isEmpty();

    failing.set(false);
    MentionIngestor.Outcome o = ingestor.ingest(batch);

    assertThat(o.duplicates()).isZero();
    assertThat(o.complaints()).isEqualTo(2);
    assertThat(stored).hasSize(2);
    tally.close(MINUTE);
    assertThat(tally.recent("instagram", NOW.minusSeconds(120), NOW)).singleElement().satisfies(m -> assertThat(m.authors()).isEqualTo(2));
    assertThat(tally.quotes("instagram")).extracting(ComplaintTally.Quote::text).containsExactly("instagram ne marche plus", "instagram est en panne");
    assertThat(ingestor.ingest(batch).duplicates()).isEqualTo(2);
  }
}
