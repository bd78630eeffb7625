package org.vigie.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.probe.fake.Certificates;
import org.vigie.probe.fake.FakeHttpServer;

class TlsCheckTest {
  static final Schedule FAST = new Schedule(Duration.ofSeconds(30), Duration.ofSeconds(3), 0);
  @TempDir static Path dir;
  static KeyStore fresh;
  static KeyStore expired;
  static FakeHttpServer good;
  static FakeHttpServer old;
  static Instant freshNotAfter;

  @BeforeAll
  static void start() throws Exception {
    fresh = Certificates.selfSigned(dir, "fresh", null, 30);
    expired = Certificates.selfSigned(dir, "expired", "-30d", 2);
    freshNotAfter = ((X509Certificate) fresh.getCertificate("server")).getNotAfter().toInstant();
    good = new FakeHttpServer(Certificates.serverContext(fresh)).otherwise(new FakeHttpServer.Respond(200, "hello"));
    old = new FakeHttpServer(Certificates.serverContext(expired)).otherwise(new FakeHttpServer.Respond(200, "hello"));
  }

  @AfterAll
  static void stop() throws Exception {
    good.close();
    old.close();
  }

  static Prober prober(KeyStore trust, Instant now) {
    return new Prober("FR-IDF", InstantSource.fixed(now), trust);
  }

  static Check.Tls tls(FakeHttpServer s, int minDays) {
    return new Check.Tls("x", "127.0.0.1", s.port(), minDays, FAST);
  }

  @Test
  void trustedValidCertificateIsOk() throws Exception {
    try (Prober p = prober(Certificates.trusting(fresh), Instant.now())) {
      assertThat(p.run(tls(good, 7)).outcome()).isEqualTo(Outcomes.OK);
      assertThat(p.run(new Check.Http("x", good.uri("/"), 200, 299, "hello", FAST)).outcome()).isEqualTo(Outcomes.OK);
    }
  }

  @Test
  void selfSignedCertificateIsUntrusted() {
    try (Prober p = prober(null, Instant.now())) {
      assertThat(p.run(tls(good, 7)).outcome()).isEqualTo(Outcomes.CERT_UNTRUSTED);
      assertThat(p.run(new Check.Http("x", good.uri("/"), 200, 299, null, FAST)).outcome()).isEqualTo(Outcomes.CERT_UNTRUSTED);
    }
  }

  @Test
  void expiredCertificateIsExpiredEvenWhenTrusted() throws Exception {
    try (Prober p = prober(Certificates.trusting(expired), Instant.now())) {
      assertThat(p.run(tls(old, 7)).outcome()).isEqualTo(Outcomes.CERT_EXPIRED);
      assertThat(p.run(new Check.Http("x", old.uri("/"), 200, 299, null, FAST)).outcome()).isEqualTo(Outcomes.CERT_EXPIRED);
    }
  }

  @Test
  void certificateNearExpiryIsReportedButStillOk() throws Exception {
    // the injected clock stands three days before the fresh certificate's end
    try (Prober p = prober(Certificates.trusting(fresh), freshNotAfter.minus(Duration.ofDays(3)))) {
      var r = p.run(tls(good, 7));
      assertThat(r.outcome()).isEqualTo(Outcomes.CERT_EXPIRING);
      assertThat(r.ok()).isTrue();
    }
  }

  @Test
  void plainHttpServerOnTheTlsPortIsAHandshakeFailure() throws Exception {
    try (var plain = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
        Prober p = prober(null, Instant.now())) {
      Thread.ofVirtual().start(() -> {
        try (var s = plain.accept()) {
          s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes());
          s.getInputStream().readNBytes(1);
        } catch (java.io.IOException ignored) {
          // the probe hung up
        }
      });
      String outcome = p.run(new Check.Tls("x", "127.0.0.1", plain.getLocalPort(), 7, FAST)).outcome();
      assertThat(outcome).isEqualTo(Outcomes.TLS_HANDSHAKE);
    }
  }

  @Test
  void httpsUrlUsesSameTrust() {
    assertThat(URI.create(good.uri("/").toString()).getScheme()).isEqualTo("https");
  }
}
