package org.vigie.notify.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.vigie.core.storage.SubscriptionStore;
import org.vigie.notify.Channel;
import org.vigie.notify.Secrets;
import org.vigie.notify.SendResult;

/**
 * What every HTTP channel shares: one POST with timeouts, and one rule for which answers are
 * worth retrying (Alertmanager's {@code notify/util.go}): 2xx is sent; 408, 425, 429 and 5xx and
 * network errors may pass later; any other 4xx will not (a wrong URL or a revoked token).
 */
public abstract class HttpChannel implements Channel {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Longest wait for a receiver to accept a message; a hung receiver holds only its own message. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

  private final HttpClient http;

  protected HttpChannel(HttpClient http) {
    this.http = http;
  }

  /** A client with the connect timeout every channel uses. */
  public static HttpClient defaultClient() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  static byte[] json(Object body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a payload", e);
    }
  }

  /** Posts and classifies the answer; never throws, never puts the URL's secret parts in a reason. */
  protected SendResult post(String url, Map<String, String> headers, String contentType, byte[] body,
      SubscriptionStore.Channel destination) {
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
          .header("Content-Type", contentType).header("User-Agent", "Vigie")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    } catch (IllegalArgumentException e) {
      return SendResult.permanent(kind() + ": the destination URL is not valid");
    }
    headers.forEach(b::header);
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return classify(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), destination);
    } catch (IOException e) {
      return SendResult.retry(Secrets.redact(kind() + ": " + Secrets.where(url) + " unreachable ("
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", destination));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SendResult.retry(kind() + ": interrupted");
    }
  }

  /** Classifies an answer; a channel whose API says more (Telegram's {@code ok}) refines it. */
  protected SendResult classify(int status, String body, SubscriptionStore.Channel destination) {
    if (status >= 200 && status < 300) {
      return SendResult.sent();
    }
    // The answer's body may echo the request (and so the secret): only its start, redacted.
    String detail = body == null || body.isBlank() ? "" : ": " + Secrets.redact(body.strip(), destination);
    if (detail.length() > 200) {
      detail = detail.substring(0, 200) + "…";
    }
    String reason = kind() + ": HTTP " + status + detail;
    return retryable(status) ? SendResult.retry(reason) : SendResult.permanent(reason);
  }

  public static boolean retryable(int status) {
    return status == 408 || status == 425 || status == 429 || status >= 500;
  }
}
