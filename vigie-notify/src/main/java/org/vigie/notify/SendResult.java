package org.vigie.notify;

/**
 * How an attempt ended. A failure says whether trying again may help (Alertmanager's
 * {@code retry bool}); its reason never contains a secret (see {@link Secrets}).
 */
public sealed interface SendResult {
  record Sent() implements SendResult {}

  record Failed(boolean retryable, String reason) implements SendResult {}

  static SendResult sent() {
    return new Sent();
  }

  static SendResult retry(String reason) {
    return new Failed(true, reason);
  }

  static SendResult permanent(String reason) {
    return new Failed(false, reason);
  }
}
