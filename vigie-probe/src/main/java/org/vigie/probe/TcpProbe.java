package org.vigie.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** A TCP connect: does something accept connections on the port? */
final class TcpProbe {
  Attempt attempt(Check.Tcp c, Duration timeout) {
    long t0 = System.nanoTime();
    try (Socket s = new Socket()) {
      InetSocketAddress address = new InetSocketAddress(c.host(), c.port());
      if (address.isUnresolved()) {
        return Attempt.of(Outcomes.UNRESOLVED, t0, c.host() + " does not resolve");
      }
      s.connect(address, (int) Math.max(1, timeout.toMillis()));
      return Attempt.of(Outcomes.OK, t0, "connected to " + address);
    } catch (IOException e) {
      return Attempt.of(Failures.classify(e), t0, Failures.describe(e));
    }
  }
}
