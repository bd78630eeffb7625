package org.vigie.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TcpCheckTest {
  static final Schedule FAST = new Schedule(Duration.ofSeconds(30), Duration.ofMillis(800), 0);

  @Test
  void listeningPortIsOkAndClosedPortIsRefused() throws Exception {
    try (Prober p = new Prober("DE-BE"); ServerSocket s = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      assertThat(p.run(new Check.Tcp("x", "127.0.0.1", s.getLocalPort(), FAST)).outcome()).isEqualTo(Outcomes.OK);
      int port = s.getLocalPort();
      s.close();
      assertThat(p.run(new Check.Tcp("x", "127.0.0.1", port, FAST)).outcome()).isEqualTo(Outcomes.REFUSED);
    }
  }

  @Test
  void unknownHostIsUnresolved() {
    try (Prober p = new Prober("DE-BE")) {
      assertThat(p.run(new Check.Tcp("x", "no-such-host.invalid", 443, FAST)).outcome()).isEqualTo(Outcomes.UNRESOLVED);
    }
  }
}
