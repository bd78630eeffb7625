package org.vigie.sources.statuspage;

/** A document that is not a status page document at all (not JSON, not XML, wrong shape). */
public final class StatusPageFormatException extends RuntimeException {
  public StatusPageFormatException(String message, Throwable cause) {
    super(message, cause);
  }

  public StatusPageFormatException(String message) {
    super(message);
  }
}
