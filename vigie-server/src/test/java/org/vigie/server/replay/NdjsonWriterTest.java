package org.vigie.server.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.vigie.core.model.Countries;

class NdjsonWriterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void lineHasExactlyTheApiFormat() {
    long at = Instant.parse("2021-10-04T15:41:07.250Z").toEpochMilli();
    String line = NdjsonWriter.line(at, Vocabulary.FACEBOOK, Vocabulary.LOGIN,
        CountryTable.indexOf("US"), 1234567, 8899);
    assertThat(line).isEqualTo("{\"service\":\"facebook\",\"indicator\":\"login\",\"country\":\"US\","
        + "\"reporter\":\"r1234567\",\"network\":\"n8899\",\"at\":\"2021-10-04T15:41:07.250Z\"}\n");
    // edge values of the hand-written number and time encoding
    assertThat(NdjsonWriter.line(0, Vocabulary.PLAYSTATION_NETWORK, Vocabulary.SERVER_CONNECTION,
        CountryTable.indexOf("ME"), 0, Long.MAX_VALUE))
        .isEqualTo("{\"service\":\"playstation-network\",\"indicator\":\"server-connection\","
            + "\"country\":\"ME\",\"reporter\":\"r0\",\"network\":\"n9223372036854775807\","
            + "\"at\":\"1970-01-01T00:00:00.000Z\"}\n");
    long endOfYear = Instant.parse("2019-12-31T23:59:59.999Z").toEpochMilli();
    assertThat(NdjsonWriter.line(endOfYear, 0, 0, 0, 1, 2))
        .contains("\"at\":\"2019-12-31T23:59:59.999Z\"");
  }

  @Test
  void everyLineOfABatchParsesWithJacksonAndHasTheRightFields() throws Exception {
    Scenario s = Scenarios.byName(Scenarios.INSTAGRAM_2019);
    List<Batch> batches = new ArrayList<>();
    NdjsonWriter writer = new NdjsonWriter(batches::add);
    s.generate(writer);
    writer.flush();
    ReportCounter counter = new ReportCounter();
    s.generate(counter);

    assertThat(writer.reports()).isEqualTo(counter.total());
    assertThat(batches).hasSize((int) ((counter.total() + 9_999) / 10_000));
    long lines = 0;
    long previous = Long.MIN_VALUE;
    for (int b = 0; b < batches.size(); b++) {
      Batch batch = batches.get(b);
      assertThat(batch.sequence()).isEqualTo(b);
      assertThat(batch.lines()).isBetween(1, 10_000);
      String body = new String(batch.body(), StandardCharsets.US_ASCII);
      assertThat(body).endsWith("\n");
      String[] split = body.split("\n");
      assertThat(split).hasSize(batch.lines());
      for (int i = 0; i < split.length; i++) {
        JsonNode node = JSON.readTree(split[i]);
        assertThat(iterable(node.fieldNames()))
            .containsExactly("service", "indicator", "country", "reporter", "network", "at");
        String service = node.get("service").asText();
        int serviceIndex = Vocabulary.serviceIndex(service);
        assertThat(serviceIndex).isIn(Vocabulary.INSTAGRAM, Vocabulary.PLAYSTATION_NETWORK);
        assertThat(Vocabulary.indicatorsOf(serviceIndex)).contains(node.get("indicator").asText());
        assertThat(Countries.isValid(node.get("country").asText())).isTrue();
        assertThat(node.get("reporter").asText()).matches("r[0-9]+");
        assertThat(node.get("network").asText()).matches("n[0-9]+");
        long at = Instant.parse(node.get("at").asText()).toEpochMilli();
        assertThat(at).isGreaterThanOrEqualTo(previous).isGreaterThanOrEqualTo(
            s.start().toEpochMilli()).isLessThan(s.end().toEpochMilli());
        if (i == 0) {
          assertThat(at).isEqualTo(batch.firstEventMillis());
        }
        if (i == split.length - 1) {
          assertThat(at).isEqualTo(batch.lastEventMillis());
        }
        previous = at;
        lines++;
      }
    }
    assertThat(lines).isEqualTo(counter.total());
  }

  @Test
  void batchesAreCutBySizeAndByEventTimeSpan() {
    Scenario day = Scenarios.byName(Scenarios.QUIET)
        .window(Instant.parse("2021-11-03T00:00:00Z"), Instant.parse("2021-11-04T00:00:00Z"));
    List<Batch> bySize = new ArrayList<>();
    NdjsonWriter sized = new NdjsonWriter(1_000, Long.MAX_VALUE, bySize::add);
    day.generate(sized);
    sized.flush();
    assertThat(bySize).allSatisfy(b -> assertThat(b.lines()).isLessThanOrEqualTo(1_000));
    assertThat(bySize.subList(0, bySize.size() - 1))
        .allSatisfy(b -> assertThat(b.lines()).isEqualTo(1_000));

    List<Batch> bySpan = new ArrayList<>();
    NdjsonWriter spanned = new NdjsonWriter(10_000, 60_000, bySpan::add);
    day.generate(spanned);
    spanned.flush();
    assertThat(bySpan).allSatisfy(
        b -> assertThat(b.lastEventMillis() - b.firstEventMillis()).isLessThan(60_000));
    assertThat(bySpan.stream().mapToLong(Batch::lines).sum()).isEqualTo(sized.reports());
    // about one batch per minute of a sparse day
    assertThat(bySpan.size()).isBetween(1_000, 1_440);
  }

  @Test
  void encodesTheScaledStormWithCompactLines() {
    // Speed is not asserted (benchmarks measure, tests do not time); the rate is printed so a
    // regression to per-line String.format would show in the test log.
    Scenario scaled = Scenarios.meta20211004(0.1).window(Instant.parse("2021-10-04T15:00:00Z"),
        Instant.parse("2021-10-05T00:00:00Z"));
    long[] bytes = new long[1];
    NdjsonWriter writer = new NdjsonWriter(b -> bytes[0] += b.body().length);
    long t0 = System.nanoTime();
    scaled.generate(writer);
    writer.flush();
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "encoded %,d reports (%,d bytes) in %.2f s: %,.0f reports/s%n",
        writer.reports(), bytes[0], seconds, writer.reports() / seconds);
    assertThat(writer.reports()).isGreaterThan(1_060_000);
    assertThat(bytes[0] / writer.reports()).isBetween(120L, 160L);
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    List<String> list = new ArrayList<>();
    it.forEachRemaining(list::add);
    return list;
  }
}
