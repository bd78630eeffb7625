package org.vigie.server.notify;

import org.vigie.notify.NotifyPolicy;
import org.vigie.notify.channel.EmailChannel;

/**
 * How this instance notifies.
 *
 * @param publicUrl the address people reach Vigie at, used in links ({@code https://vigie.example})
 * @param smtp the mail relay, or null to run without e-mail
 * @param telegramApi the Telegram Bot API base ({@code https://api.telegram.org})
 */
public record NotifySettings(String publicUrl, EmailChannel.Smtp smtp, String telegramApi, NotifyPolicy policy) {
  public static NotifySettings defaults(String publicUrl) {
    return new NotifySettings(publicUrl, null, "https://api.telegram.org", NotifyPolicy.DEFAULT);
  }

  public NotifySettings withSmtp(EmailChannel.Smtp s) {
    return new NotifySettings(publicUrl, s, telegramApi, policy);
  }

  public NotifySettings withTelegramApi(String api) {
    return new NotifySettings(publicUrl, smtp, api, policy);
  }

  public NotifySettings withPolicy(NotifyPolicy p) {
    return new NotifySettings(publicUrl, smtp, telegramApi, p);
  }
}
