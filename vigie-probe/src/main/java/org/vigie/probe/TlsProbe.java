package org.vigie.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A TLS handshake that always completes far enough to see the certificate, then judges it: the
 * trust manager's verdict is recorded instead of aborting, so an expired certificate is told
 * apart from an untrusted one and from a handshake that failed for other reasons. Expiry is
 * judged against the injected clock.
 */
final class TlsProbe {
  private final X509ExtendedTrustManager trust;
  private final InstantSource clock;

  TlsProbe(X509ExtendedTrustManager trust, InstantSource clock) {
    this.trust = trust;
    this.clock = clock;
  }

  Attempt attempt(Check.Tls c, Duration timeout) {
    long t0 = System.nanoTime();
    Recording recording = new Recording(trust);
    SSLContext ctx;
    try {
      ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new javax.net.ssl.TrustManager[] {recording}, null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is unavailable in this JVM", e);
    }
    try (Socket raw = new Socket()) {
      InetSocketAddress address = new InetSocketAddress(c.host(), c.port());
      if (address.isUnresolved()) {
        return Attempt.of(Outcomes.UNRESOLVED, t0, c.host() + " does not resolve");
      }
      int ms = (int) Math.max(1, timeout.toMillis());
      raw.connect(address, ms);
      raw.setSoTimeout(Math.max(1, ms - (int) ((System.nanoTime() - t0) / 1_000_000)));
      try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(raw, c.host(), c.port(), false)) {
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(p);
        s.startHandshake();
      }
    } catch (IOException e) {
      if (recording.chain == null) {
        return Attempt.of(Failures.classify(e), t0, Failures.describe(e));
      }
      // the certificate was seen; fall through to judge it, the handshake error came after
    }
    X509Certificate[] chain = recording.chain;
    if (chain == null || chain.length == 0) {
      return Attempt.of(Outcomes.TLS_HANDSHAKE, t0, "no certificate presented");
    }
    Instant notAfter = chain[0].getNotAfter().toInstant();
    Instant notBefore = chain[0].getNotBefore().toInstant();
    Instant now = clock.instant();
    if (now.isAfter(notAfter) || now.isBefore(notBefore)) {
      return Attempt.of(Outcomes.CERT_EXPIRED, t0, "certificate valid " + notBefore + " .. " + notAfter);
    }
    if (recording.failure != null) {
      String outcome = Failures.classify(recording.failure);
      return Attempt.of(outcome.equals(Outcomes.CERT_EXPIRED) ? outcome : Outcomes.CERT_UNTRUSTED, t0, Failures.describe(recording.failure));
    }
    if (now.plus(Duration.ofDays(c.minDaysValid())).isAfter(notAfter)) {
      return Attempt.of(Outcomes.CERT_EXPIRING, t0, "certificate expires " + notAfter);
    }
    return Attempt.of(Outcomes.OK, t0, "certificate valid until " + notAfter);
  }

  /** Records the chain and the real trust manager's verdict without failing the handshake. */
  private static final class Recording extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;
    volatile X509Certificate[] chain;
    volatile CertificateException failure;

    Recording(X509ExtendedTrustManager delegate) {
      this.delegate = delegate;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] c, String authType, Socket socket) {
      chain = c;
      try {
        delegate.checkServerTrusted(c, authType, socket);
      } catch (CertificateException | RuntimeException e) {
        failure = e instanceof CertificateException ce ? ce : new CertificateException(e);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] c, String authType, SSLEngine engine) {
      chain = c;
      try {
        delegate.checkServerTrusted(c, authType, engine);
      } catch (CertificateException | RuntimeException e) {
        failure = e instanceof CertificateException ce ? ce : new CertificateException(e);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] c, String authType) {
      chain = c;
      try {
        delegate.checkServerTrusted(c, authType);
      } catch (CertificateException | RuntimeException e) {
        failure = e instanceof CertificateException ce ? ce : new CertificateException(e);
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] c, String authType, Socket socket) throws CertificateException {
      throw new CertificateException("a probe does not accept clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] c, String authType, SSLEngine engine) throws CertificateException {
      throw new CertificateException("a probe does not accept clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] c, String authType) throws CertificateException {
      throw new CertificateException("a probe does not accept clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return delegate.getAcceptedIssuers();
    }
  }
}
