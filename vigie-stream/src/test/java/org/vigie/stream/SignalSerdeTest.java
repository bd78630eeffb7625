package org.vigie.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.vigie.core.model.Region;
import org.vigie.core.signal.ProblemReport;

class SignalSerdeTest {
  @Test
  void roundTripsEveryFieldWithTheCountedFlag() {
    ProblemReport r = new ProblemReport("instagram", "login", new Region("FR", "FR-IDF", "Paris", 48.85, 2.35),
        -42L, 7L, "web", Instant.parse("2019-06-13T17:05:01.123456789Z"));
    CountedReport back = SignalSerde.decode(SignalSerde.encode(r, true));
    assertThat(back.report()).isEqualTo(r);
    assertThat(back.counted()).isTrue();
  }

  @Test
  void roundTripsAReportWithOnlyACountry() {
    ProblemReport r = new ProblemReport("whatsapp", "messages", Region.country("ZZ"), 1L, 2L, "import", Instant.EPOCH);
    byte[] bytes = SignalSerde.encode(r, false);
    assertThat(SignalSerde.decode(bytes)).isEqualTo(new CountedReport(r, false));
    assertThat(bytes.length).as("compact: a storm is millions of these").isLessThan(64);
  }

  @Test
  void truncatedRecordIsASerializationError() {
    byte[] bytes = SignalSerde.encode(new ProblemReport("x", "y", Region.UNKNOWN, 1, 2, "api", Instant.EPOCH), true);
    assertThatThrownBy(() -> SignalSerde.decode(java.util.Arrays.copyOf(bytes, bytes.length - 5)))
        .isInstanceOf(SerializationException.class);
  }
}
