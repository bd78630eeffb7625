package org.vigie.sources.statuspage;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The status page parsers read pages Vigie does not control: whatever the bytes, they return
 * values or refuse with {@link StatusPageFormatException}, nothing else. In CI these run as
 * regression tests over the seeds in {@code StatuspageFuzzTestInputs/} (real captures included);
 * {@code JAZZER_FUZZ=1} fuzzes them for real.
 */
class StatuspageFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void statuspageJson(byte[] data) {
    for (int kind = 0; kind < 3; kind++) {
      try {
        Object parsed = switch (kind) {
          case 0 -> StatuspageJson.summary(data);
          case 1 -> StatuspageJson.incidents(data);
          default -> StatuspageJson.maintenances(data);
        };
        assertThat(parsed).isNotNull();
      } catch (StatusPageFormatException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }

  @FuzzTest(maxDuration = "60s")
  void historyFeed(byte[] data) {
    try {
      for (HistoryFeed.Entry e : HistoryFeed.parse(data)) {
        assertThat(e.updates()).allSatisfy(u -> assertThat(u.at()).isNotNull());
      }
    } catch (StatusPageFormatException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
