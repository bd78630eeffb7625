package org.vigie.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigie.core.signal.ProbeResult;
import org.vigie.probe.fake.FakeDnsServer;
import org.vigie.probe.fake.FakeDnsServer.Mode;

class DnsCheckTest {
  static final Schedule FAST = new Schedule(Duration.ofSeconds(30), Duration.ofMillis(600), 0);
  static FakeDnsServer dns;
  static FakeDnsServer broken;
  static Prober prober;

  @BeforeAll
  static void start() throws Exception {
    dns = new FakeDnsServer()
        .on("facebook.com", Mode.ANSWER)
        .on("gone.example", Mode.NXDOMAIN)
        .on("broken.example", Mode.SERVFAIL)
        .on("nodata.example", Mode.EMPTY)
        .on("silent.example", Mode.SILENT)
        .on("garbage.example", Mode.GARBAGE)
        .on("big.example", Mode.TRUNCATED)
        .on("refused.example", Mode.REFUSED);
    broken = new FakeDnsServer().on("facebook.com", Mode.SERVFAIL).on("mixed.example", Mode.SERVFAIL);
    prober = new Prober("US-CA");
  }

  @AfterAll
  static void stop() throws Exception {
    prober.close();
    dns.close();
    broken.close();
  }

  static ProbeResult query(String name, String type, InetSocketAddress... resolvers) {
    return prober.run(new Check.Dns("facebook", name, type, List.of(resolvers), FAST));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
      "facebook.com, A, ok",
      "facebook.com, NS, ok",
      "facebook.com, AAAA, empty",
      "gone.example, A, nxdomain",
      "broken.example, A, servfail",
      "nodata.example, A, empty",
      "silent.example, A, timeout",
      "garbage.example, A, malformed",
      "big.example, A, ok",
      "refused.example, A, dns_error",
  })
  void eachAnswerHasItsOwnOutcome(String name, String type, String outcome) {
    ProbeResult r = query(name, type, dns.address());
    assertThat(r.outcome()).isEqualTo(outcome);
    assertThat(r.ok()).isEqualTo(outcome.equals("ok"));
    assertThat(r.kind()).isEqualTo("dns");
    assertThat(r.target()).isEqualTo(name + "/" + type);
  }

  @Test
  void anyResolverWithRecordsMakesTheCheckPass() {
    assertThat(query("facebook.com", "A", broken.address(), dns.address()).outcome()).isEqualTo("ok");
  }

  @Test
  void failureSeenByMostResolversWins_4Oct2021() throws Exception {
    try (FakeDnsServer third = new FakeDnsServer().on("mixed.example", Mode.SILENT)) {
      // two resolvers SERVFAIL, one times out: the check reports servfail, as on 4 October 2021
      assertThat(query("mixed.example", "A", third.address(), broken.address(), broken.address()).outcome()).isEqualTo("servfail");
    }
  }

  @Test
  void badCheckDefinitionsAreRefusedWithAReason() {
    assertThatThrownBy(() -> new Check.Dns("x", "a.example", "MX", List.of(dns.address()), FAST)).hasMessageContaining("A, AAAA or NS");
    assertThatThrownBy(() -> new Check.Dns("x", "a.example", "A", List.of(), FAST)).hasMessageContaining("resolver");
  }
}
