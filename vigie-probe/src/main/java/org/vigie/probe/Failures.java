package org.vigie.probe;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/** Turns an exception from a check into an outcome class. */
final class Failures {
  private Failures() {}

  static String classify(Throwable error) {
    // Certificate problems hide several causes deep; look for them first.
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof CertificateExpiredException || t instanceof CertificateNotYetValidException) {
        return Outcomes.CERT_EXPIRED;
      }
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (m.contains("validity check failed") || m.contains("certificate expired") || m.contains("notafter")) {
        return Outcomes.CERT_EXPIRED;
      }
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (t instanceof HttpConnectTimeoutException || t instanceof HttpTimeoutException
          || t instanceof SocketTimeoutException || t instanceof TimeoutException) {
        return Outcomes.TIMEOUT;
      }
      if (t instanceof UnknownHostException) {
        return Outcomes.UNRESOLVED;
      }
      if (t instanceof NoRouteToHostException || t instanceof PortUnreachableException) {
        return Outcomes.UNREACHABLE;
      }
      if (t instanceof ConnectException) {
        return m.contains("unreachable") ? Outcomes.UNREACHABLE : Outcomes.REFUSED;
      }
      if (t instanceof SSLHandshakeException) {
        if (m.contains("pkix") || m.contains("certification path") || m.contains("no subject alternative")
            || m.contains("no name matching") || m.contains("unable to find valid")) {
          return Outcomes.CERT_UNTRUSTED;
        }
        // a reset during the handshake is a reset, not a TLS problem
        if (t.getCause() instanceof SocketException || t.getCause() instanceof EOFException || m.contains("remote host terminated")) {
          return Outcomes.RESET;
        }
        return Outcomes.TLS_HANDSHAKE;
      }
      if (t instanceof EOFException || m.contains("reset") || m.contains("broken pipe") || m.contains("closed")
          || m.contains("eof reached") || m.contains("header parser received no bytes")) {
        return Outcomes.RESET;
      }
      if (t instanceof SSLException) {
        return Outcomes.TLS_HANDSHAKE;
      }
    }
    return Outcomes.IO_ERROR;
  }

  static String describe(Throwable t) {
    String m = t.getMessage();
    return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
