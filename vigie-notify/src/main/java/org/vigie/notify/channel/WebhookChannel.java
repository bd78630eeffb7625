package org.vigie.notify.channel;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.vigie.core.incident.Incident;
import org.vigie.core.storage.SubscriptionStore;
import org.vigie.notify.Notification;
import org.vigie.notify.SendResult;

/**
 * Generic webhooks signed per the Standard Webhooks specification
 * (https://www.standardwebhooks.com/): {@code webhook-id} is the message's idempotency key (the
 * same on every retry, so receivers can dedupe), {@code webhook-timestamp} the attempt's Unix
 * seconds, {@code webhook-signature} {@code v1,} + base64 HMAC-SHA256 over
 * {@code id.timestamp.body} with the key decoded from the {@code whsec_} secret.
 */
public final class WebhookChannel extends HttpChannel {
  public static final String PREFIX = "whsec_";

  public WebhookChannel(HttpClient http) {
    super(http);
  }

  @Override
  public String kind() {
    return "webhook";
  }

  /** A fresh secret in the specification's format: 24 random bytes, base64, with the prefix. */
  public static String newSecret() {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    return PREFIX + Base64.getEncoder().encodeToString(b);
  }

  @Override
  public SendResult send(Notification n, SubscriptionStore.Channel destination) {
    if (destination.secret() == null || !destination.secret().startsWith(PREFIX)) {
      return SendResult.permanent("webhook: the signing secret must start with " + PREFIX);
    }
    byte[] body = json(payload(n));
    long timestamp = n.sentAt().getEpochSecond();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("webhook-id", n.key());
    headers.put("webhook-timestamp", Long.toString(timestamp));
    try {
      headers.put("webhook-signature", sign(destination.secret(), n.key(), timestamp, body));
    } catch (IllegalArgumentException e) {
      return SendResult.permanent("webhook: the signing secret is not valid base64 after " + PREFIX);
    }
    return post(destination.target(), headers, "application/json", body, destination);
  }

  /** The {@code webhook-signature} value for a message. */
  public static String sign(String secret, String id, long timestamp, byte[] body) {
    byte[] key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      mac.update(body);
      return "v1," + Base64.getEncoder().encodeToString(mac.doFinal());
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The event: {@code type}, {@code timestamp}, {@code data} as the specification suggests. */
  static Map<String, Object> payload(Notification n) {
    Incident i = n.incident();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("id", i.id());
    data.put("service", i.service());
    data.put("serviceName", n.serviceName());
    data.put("state", i.isOpen() ? "open" : "resolved");
    data.put("severity", i.severity().name());
    data.put("status", i.current().name());
    data.put("statuspageStatus", i.current().statuspageComponent());
    data.put("startedAt", str(i.startedAt()));
    data.put("detectedAt", str(i.detectedAt()));
    data.put("resolvedAt", str(i.resolvedAt()));
    data.put("peakPerMinute", i.peakPerMinute());
    data.put("totalReports", i.totalReports());
    List<Map<String, Object>> countries = i.countries().stream()
        .map(c -> Map.<String, Object>of("country", c.country(), "reports", c.reports(), "active", c.active())).toList();
    data.put("countries", countries);
    data.put("url", n.incidentUrl());
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("type", n.eventType());
    event.put("timestamp", n.sentAt().toString());
    event.put("data", data);
    return event;
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
