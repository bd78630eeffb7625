package org.vigie.probe;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.vigie.core.signal.ProbeResult;

/**
 * Runs any {@link Check} from one vantage point, with its retries, and stamps the result. Blocking:
 * call it from a virtual thread. Thread-safe.
 */
public final class Prober implements AutoCloseable {
  private final String vantage;
  private final InstantSource clock;
  private final HttpProbe http;
  private final DnsProbe dns = new DnsProbe();
  private final TcpProbe tcp = new TcpProbe();
  private final TlsProbe tls;

  /**
   * @param trustStore certificates to trust, or null for the JDK's default trust anchors
   */
  public Prober(String vantage, InstantSource clock, KeyStore trustStore) {
    this.vantage = vantage;
    this.clock = clock;
    X509ExtendedTrustManager trust = trustManager(trustStore);
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new ExpiryCheckingTrust(trust, clock)}, null);
      this.http = new HttpProbe(ctx, Duration.ofSeconds(10));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is unavailable in this JVM", e);
    }
    this.tls = new TlsProbe(trust, clock);
  }

  public Prober(String vantage) {
    this(vantage, InstantSource.system(), null);
  }

  static X509ExtendedTrustManager trustManager(KeyStore trustStore) {
    try {
      TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      f.init(trustStore);
      for (TrustManager tm : f.getTrustManagers()) {
        if (tm instanceof X509ExtendedTrustManager x) {
          return x;
        }
      }
      throw new IllegalStateException("no X.509 trust manager in this JVM");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the trust store cannot be used: " + e.getMessage(), e);
    }
  }

  public String vantage() {
    return vantage;
  }

  /** Runs the check (retrying failed attempts as its schedule says) and returns what it found. */
  public ProbeResult run(Check check) {
    Attempt a = null;
    Instant at = clock.instant();
    for (int i = 0; i <= check.schedule().retries(); i++) {
      a = attempt(check);
      if (a.ok()) {
        break;
      }
    }
    return new ProbeResult(check.service(), check.target(), vantage, check.kind(), a.ok(), a.outcome(), a.latency(), at);
  }

  /** One attempt, without retries. */
  public Attempt attempt(Check check) {
    Duration timeout = check.schedule().timeout();
    return switch (check) {
      case Check.Http h -> http.attempt(h, timeout);
      case Check.Dns d -> dns.attempt(d, timeout);
      case Check.Tcp t -> tcp.attempt(t, timeout);
      case Check.Tls t -> tls.attempt(t, timeout);
    };
  }

  @Override
  public void close() {
    http.close();
  }
}
