package org.vigie.sources.statuspage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.Month;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryFeedTest {
  @Test
  void githubAtomFeedHas25EntriesWithTheirUpdates() {
    List<HistoryFeed.Entry> entries = HistoryFeed.parse(Fixtures.bytes("github-history.atom"));
    assertThat(entries).hasSize(25);
    HistoryFeed.Entry e = entries.getFirst();
    assertThat(e.incidentId()).isEqualTo("31233568");
    assertThat(e.code()).isEqualTo("bhbcjn4n3jzp");
    assertThat(e.title()).isEqualTo("Intermittent failures creating agent tasks");
    assertThat(e.updates().getLast().status()).isEqualTo(UpdateStatus.RESOLVED);
    assertThat(e.updates().getLast().at()).isEqualTo(Instant.parse("2026-08-21T00:37:00Z"));
    assertThat(e.updates()).extracting(HistoryFeed.Update::at).isSorted();
    assertThat(e.updates()).anyMatch(u -> u.status() == UpdateStatus.UPDATE && u.label().equals("Update"));
    assertThat(e.updates().getLast().body()).startsWith("This incident has been resolved.");
    long total = entries.stream().mapToLong(x -> x.updates().size()).sum();
    assertThat(total).isEqualTo(25 + 16 + 25 + 112);
    // leading-space dates (" 6") are read
    assertThat(entries.stream().flatMap(x -> x.updates().stream()).map(HistoryFeed.Update::at))
        .anyMatch(t -> t.toString().startsWith("2026-08-06T"))
        .allMatch(t -> t.getEpochSecond() % 60 == 0);
  }

  @Test
  void yearLessDatesTakeTheYearOfTheEntry_acrossNewYear() {
    Instant ref = Instant.parse("2026-01-02T01:00:00Z");
    assertThat(HistoryFeed.inferYear(Month.DECEMBER, 31, 23, 50, ref)).isEqualTo(Instant.parse("2025-12-31T23:50:00Z"));
    assertThat(HistoryFeed.inferYear(Month.JANUARY, 2, 0, 30, ref)).isEqualTo(Instant.parse("2026-01-02T00:30:00Z"));
    assertThat(HistoryFeed.inferYear(Month.FEBRUARY, 29, 0, 0, Instant.parse("2026-03-01T00:00:00Z")))
        .isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
  }

  @Test
  void rssItemsAreReadLikeAtomEntries() {
    String rss = """
        <?xml version="1.0"?><rss version="2.0"><channel><title>X</title>
        <item><title>DNS failures</title><pubDate>Mon, 04 Oct 2021 16:00:00 +0000</pubDate>
        <link>https://status.example.com/incidents/abcdefabcdef</link><guid>tag:status.example.com,2005:Incident/42</guid>
        <description>&lt;p&gt;&lt;small&gt;Oct &lt;var data-var='date'&gt;4&lt;/var&gt;, &lt;var data-var='time'&gt;15:58&lt;/var&gt; UTC&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Investigating&lt;/strong&gt; - We are aware &amp;amp; looking.&lt;/p&gt;</description>
        </item></channel></rss>
        """;
    HistoryFeed.Entry e = HistoryFeed.parse(rss.getBytes(StandardCharsets.UTF_8)).getFirst();
    assertThat(e.incidentId()).isEqualTo("42");
    assertThat(e.code()).isEqualTo("abcdefabcdef");
    assertThat(e.updates()).singleElement().satisfies(u -> {
      assertThat(u.at()).isEqualTo(Instant.parse("2021-10-04T15:58:00Z"));
      assertThat(u.status()).isEqualTo(UpdateStatus.INVESTIGATING);
      assertThat(u.body()).isEqualTo("We are aware & looking.");
    });
  }

  @Test
  void explicitYearWins() {
    String atom = """
        <feed xmlns="http://www.w3.org/2005/Atom"><entry><id>tag:x,2005:Incident/7</id><updated>2026-01-05T00:00:00Z</updated>
        <content type="html">&lt;small&gt;Dec &lt;var data-var='date'&gt;30&lt;/var&gt;, &lt;var data-var='year'&gt;2024&lt;/var&gt;, &lt;var data-var='time'&gt;10:00&lt;/var&gt; UTC&lt;/small&gt;&lt;strong&gt;Resolved&lt;/strong&gt; - done</content>
        </entry></feed>""";
    assertThat(HistoryFeed.parse(atom.getBytes()).getFirst().updates().getFirst().at()).isEqualTo(Instant.parse("2024-12-30T10:00:00Z"));
  }

  @Test
  void entitiesAndDtdsAreNotExpanded() {
    String evil = """
        <?xml version="1.0"?><!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/passwd">]>
        <feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&x;</title></entry></feed>""";
    try {
      List<HistoryFeed.Entry> entries = HistoryFeed.parse(evil.getBytes());
      assertThat(entries.getFirst().title()).doesNotContain("root:");
    } catch (StatusPageFormatException e) {
      assertThat(e).hasMessageContaining("feed");
    }
  }

  @Test
  void notAFeedIsRefused() {
    assertThatThrownBy(() -> HistoryFeed.parse("<html><body/></html>".getBytes())).isInstanceOf(StatusPageFormatException.class);
    assertThatThrownBy(() -> HistoryFeed.parse("{".getBytes())).isInstanceOf(StatusPageFormatException.class);
  }
}
