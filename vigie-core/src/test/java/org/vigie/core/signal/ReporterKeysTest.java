package org.vigie.core.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReporterKeysTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OTHER_SECRET = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII);

  private final ReporterKeys keys = new ReporterKeys(SECRET);

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal); // literals only: no lookup
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void sameIdentityGivesTheSameKey() {
    assertThat(keys.reporter("alice")).isEqualTo(keys.reporter("alice"));
    assertThat(new ReporterKeys(SECRET.clone()).reporter("alice")).as("another instance, same secret").isEqualTo(keys.reporter("alice"));
    assertThat(keys.reporterOf(ip("203.0.113.7"), "cookie-1")).isEqualTo(keys.reporterOf(ip("203.0.113.7"), "cookie-1"));
  }

  @Test
  void differentIdentitiesGiveDifferentKeys() {
    assertThat(keys.reporter("alice")).isNotEqualTo(keys.reporter("bob"));
    assertThat(keys.reporterOf(ip("203.0.113.7"), "cookie-1")).isNotEqualTo(keys.reporterOf(ip("203.0.113.7"), "cookie-2"));
    assertThat(keys.reporterOf(ip("203.0.113.7"), null)).isNotEqualTo(keys.reporterOf(ip("203.0.113.8"), null));
  }

  @Test
  void differentSecretGivesDifferentKeys() {
    ReporterKeys other = new ReporterKeys(OTHER_SECRET);
    assertThat(other.reporter("alice")).isNotEqualTo(keys.reporter("alice"));
    assertThat(other.networkOf(ip("203.0.113.7"))).isNotEqualTo(keys.networkOf(ip("203.0.113.7")));
  }

  @Test
  void kindsAreSeparated() {
    assertThat(keys.reporter("x")).isNotEqualTo(keys.network("x"));
    // The separator keeps ("ab", "c") and ("a", "bc") apart.
    assertThat(keys.of("ab", "c")).isNotEqualTo(keys.of("a", "bc"));
  }

  @Test
  void ipv4AddressesInTheSameSlash24ShareANetwork() {
    assertThat(keys.networkOf(ip("203.0.113.7"))).isEqualTo(keys.networkOf(ip("203.0.113.250")));
    assertThat(keys.networkOf(ip("203.0.113.7"))).isNotEqualTo(keys.networkOf(ip("203.0.114.7")));
    assertThat(keys.networkOf(ip("203.0.113.7"))).isNotEqualTo(keys.networkOf(ip("204.0.113.7")));
  }

  @Test
  void ipv6AddressesInTheSameSlash48ShareANetwork() {
    assertThat(keys.networkOf(ip("2001:db8:1234::1"))).isEqualTo(keys.networkOf(ip("2001:db8:1234:ffff:aaaa::99")));
    assertThat(keys.networkOf(ip("2001:db8:1234::1"))).isNotEqualTo(keys.networkOf(ip("2001:db8:1235::1")));
  }

  @Test
  void ipv4AndIpv6NetworksNeverCollideByConstruction() {
    // 203.0.113.x versus an IPv6 /48 whose first three bytes are 203, 0, 113.
    assertThat(keys.networkOf(ip("203.0.113.7"))).isNotEqualTo(keys.networkOf(ip("cb00:7100::1")));
  }

  @Test
  void refusesAShortSecret() {
    assertThatThrownBy(() -> new ReporterKeys(new byte[15])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keysDoNotContainTheAddress() {
    // The key is a keyed hash: the raw address bits do not show through.
    long k = keys.reporterOf(ip("10.0.0.1"), null);
    assertThat(k).isNotEqualTo(0x0A000001L).isNotZero();
  }
}
