package org.vigie.notify;

import java.net.URI;
import org.vigie.core.storage.SubscriptionStore;

/**
 * Keeps secrets out of error messages and logs. Incoming-webhook URLs (Slack, Discord, Teams) are
 * secrets in themselves, a Telegram bot token sits in the URL path, a webhook has a signing key:
 * a reason may name the channel kind and the host, never the path, query or key.
 */
public final class Secrets {
  private Secrets() {}

  /** Scheme, host and port of a URL: enough to tell which server failed, nothing more. */
  public static String where(String url) {
    try {
      URI u = URI.create(url);
      return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    } catch (RuntimeException e) {
      return "(unparsable URL)";
    }
  }

  /** The text with every secret part of the destination replaced. */
  public static String redact(String text, SubscriptionStore.Channel destination) {
    if (text == null) {
      return null;
    }
    String out = text;
    if (destination.secret() != null && !destination.secret().isEmpty()) {
      out = out.replace(destination.secret(), "[secret]");
    }
    String target = destination.target();
    if (target.startsWith("http")) {
      out = out.replace(target, where(target) + "/[redacted]");
      try {
        URI u = URI.create(target);
        if (u.getRawPath() != null && u.getRawPath().length() > 1) {
          out = out.replace(u.getRawPath(), "/[redacted]");
        }
        if (u.getRawQuery() != null) {
          out = out.replace(u.getRawQuery(), "[redacted]");
        }
      } catch (RuntimeException ignored) {
        // Not a URL after all; the whole-target replacement above is what we can do.
      }
    }
    return out;
  }
}
