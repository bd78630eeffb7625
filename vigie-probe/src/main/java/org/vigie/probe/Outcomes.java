package org.vigie.probe;

/**
 * The outcome classes a check reports in {@link org.vigie.core.signal.ProbeResult#outcome()}.
 * Each names what broke, so a quorum can say "DNS SERVFAIL from 3 of 4 vantage points".
 */
public final class Outcomes {
  private Outcomes() {}

  public static final String OK = "ok";

  // any kind
  /** No answer within the check's timeout. */
  public static final String TIMEOUT = "timeout";
  /** The target's host name does not resolve on the agent. */
  public static final String UNRESOLVED = "unresolved";
  /** Connection refused (nothing listening, or actively rejected). */
  public static final String REFUSED = "refused";
  /** Connection reset or closed mid-exchange. */
  public static final String RESET = "reset";
  /** No route to the host, network unreachable. */
  public static final String UNREACHABLE = "unreachable";
  /** Any other I/O failure. */
  public static final String IO_ERROR = "io_error";

  // http
  /** An HTTP status outside the expected range. */
  public static final String HTTP_STATUS = "http_status";
  /** A 5xx status outside the expected range: the server says it is broken. */
  public static final String HTTP_5XX = "http_5xx";
  /** The body does not contain the expected content. */
  public static final String CONTENT_MISMATCH = "content_mismatch";

  // dns
  public static final String NXDOMAIN = "nxdomain";
  public static final String SERVFAIL = "servfail";
  /** NOERROR but no record of the asked type (NODATA). */
  public static final String EMPTY = "empty";
  /** REFUSED, NOTIMP, FORMERR or another error code. */
  public static final String DNS_ERROR = "dns_error";
  /** An answer that could not be parsed or does not match the question. */
  public static final String MALFORMED = "malformed";

  // tls
  /** The certificate is past its notAfter date (or not yet valid). */
  public static final String CERT_EXPIRED = "cert_expired";
  /** The certificate chain is not trusted, or does not name the host. */
  public static final String CERT_UNTRUSTED = "cert_untrusted";
  /** The certificate is valid but expires within the check's warning period. */
  public static final String CERT_EXPIRING = "cert_expiring";
  /** The TLS handshake failed for another reason (protocol, alert). */
  public static final String TLS_HANDSHAKE = "tls_handshake";
}
