package org.vigie.sources.social;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer fuzz tests on every parser of outside input in the social package. Without
 * {@code JAZZER_FUZZ=1} they replay their seeds as regression tests; with it, they fuzz. Each
 * asserts the parser's contract, not only that it does not crash.
 */
class SocialFuzzTest {
  static final ComplaintClassifier CLASSIFIER = new ComplaintClassifier(TestCatalogue.shipped());

  @FuzzTest
  void mentionIngestion(FuzzedDataProvider data) {
    byte[] body = data.consumeRemainingAsBytes();
    PostParser.Parsed p = PostParser.ndjson(body);
    // All-or-nothing: posts or errors, never both, never neither.
    assertThat(p.posts().isEmpty()).isNotEqualTo(p.errors().isEmpty());
    assertThat(p.posts().size()).isLessThanOrEqualTo(PostParser.MAX_BATCH);
    for (Post post : p.posts()) {
      assertThat(post.text().length()).isLessThanOrEqualTo(PostParser.MAX_TEXT);
      Classification c = CLASSIFIER.classify(post.text(), post.lang());
      for (Verdict v : c.verdicts()) {
        assertThat(v.score()).isBetween(0.0, 1.0);
        assertThat(v.reason()).isNotBlank();
      }
    }
    PostParser.Parsed single = PostParser.single(body);
    assertThat(single.posts().isEmpty()).isNotEqualTo(single.errors().isEmpty());
    ingest(p.posts());
  }

  /**
   * What the endpoint does with a parsed batch: every post is taken or a duplicate, the posts
   * stored are those that named a service, and the tally counts no more authors than complaints.
   */
  private static void ingest(java.util.List<Post> posts) {
    java.time.InstantSource clock = java.time.InstantSource.fixed(java.time.Instant.parse("2026-11-24T12:00:00Z"));
    ComplaintTally tally = new ComplaintTally(clock, java.time.Duration.ofMinutes(15));
    java.util.List<org.vigie.core.storage.MentionLog.StoredMention> stored = new java.util.ArrayList<>();
    MentionIngestor ingestor = new MentionIngestor(CLASSIFIER, String::hashCode, tally, stored::addAll, clock);
    MentionIngestor.Outcome o = ingestor.ingest(posts);
    assertThat(o.accepted() + o.duplicates()).isEqualTo(posts.size());
    assertThat(stored).hasSize(o.matched()).allSatisfy(m -> assertThat(m.matches()).isNotEmpty());
    long authors = 0;
    for (Post post : posts) {
      long minute = Math.floorDiv(post.createdAt().toEpochMilli(), 60_000L);
      tally.close(Math.min(minute, clock.millis() / 60_000L));
    }
    for (String service : tally.close(clock.millis() / 60_000L).keySet()) {
      for (ComplaintTally.SocialMinute m : tally.recent(service, clock.instant().minus(java.time.Duration.ofDays(2)), clock.instant().plusSeconds(60))) {
        authors += m.authors();
      }
    }
    assertThat(authors).isLessThanOrEqualTo(o.complaints());
  }

  @FuzzTest
  void classifierOnAnyText(FuzzedDataProvider data) {
    String lang = data.consumeString(8);
    String text = data.consumeRemainingAsString();
    Classification c = CLASSIFIER.classify(text, lang);
    for (Verdict v : c.verdicts()) {
      assertThat(v.score()).isBetween(0.0, 1.0);
      assertThat(v.complaint()).isEqualTo(v.score() >= 0.5 - 1e-9 && v.reason().contains("≥"));
    }
  }

  @FuzzTest
  void mastodonSseAndStatuses(FuzzedDataProvider data) {
    String stream = data.consumeRemainingAsString();
    SseParser sse = new SseParser((event, payload) -> {
      assertThat(payload.length()).isLessThanOrEqualTo(SseParser.MAX_DATA);
      Post p = MastodonStatuses.parse(payload, "mastodon.example");
      if (p != null) {
        assertThat(p.id()).isNotEmpty();
        assertThat(p.source()).isEqualTo("mastodon:mastodon.example");
      }
    });
    for (String line : stream.split("\n", -1)) {
      sse.line(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    }
    sse.line("");
    assertThat(MastodonStatuses.htmlToText(stream)).doesNotContain("<br>");
  }

  @FuzzTest
  void jetstreamEvents(FuzzedDataProvider data) {
    String json = data.consumeRemainingAsString();
    JetstreamEvents.Event e = JetstreamEvents.parse(json);
    if (e.post() != null) {
      assertThat(e.post().id()).contains("/");
      assertThat(e.post().author()).isNotEmpty();
      assertThat(e.post().source()).isEqualTo("bluesky");
    }
    assertThat(new String(json.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isNotNull();
  }
}
