package org.vigie.probe;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.InstantSource;
import java.util.Date;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The real trust manager, plus a validity check of the server's own certificate against the
 * injected clock. PKIX does not check the dates of a trust anchor, so a server presenting a
 * trusted but expired certificate would otherwise pass an HTTPS check.
 */
final class ExpiryCheckingTrust extends X509ExtendedTrustManager {
  private final X509ExtendedTrustManager delegate;
  private final InstantSource clock;

  ExpiryCheckingTrust(X509ExtendedTrustManager delegate, InstantSource clock) {
    this.delegate = delegate;
    this.clock = clock;
  }

  private void checkLeaf(X509Certificate[] chain) throws CertificateException {
    if (chain != null && chain.length > 0) {
      chain[0].checkValidity(Date.from(clock.instant()));
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    checkLeaf(chain);
    delegate.checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    checkLeaf(chain);
    delegate.checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    checkLeaf(chain);
    delegate.checkServerTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
    delegate.checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
    delegate.checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    delegate.checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate.getAcceptedIssuers();
  }
}
