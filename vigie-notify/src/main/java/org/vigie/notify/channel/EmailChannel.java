package org.vigie.notify.channel;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;
import org.vigie.core.storage.SubscriptionStore;
import org.vigie.notify.Notification;
import org.vigie.notify.Secrets;
import org.vigie.notify.SendResult;

/**
 * E-mail over SMTP with Angus Mail. The {@code Message-ID} is derived from the idempotency key, so
 * a message sent again after a crash carries the same id and mail systems can drop the copy.
 * Unsubscribing is one click (RFC 8058 {@code List-Unsubscribe} + {@code List-Unsubscribe-Post}).
 */
public final class EmailChannel implements org.vigie.notify.Channel {

  /**
   * Where and how to submit mail.
   *
   * @param username null for an unauthenticated relay
   * @param startTls require STARTTLS before authenticating
   */
  public record Smtp(String host, int port, String from, String username, String password, boolean startTls) {
    public Smtp {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(from, "from");
    }

    @Override
    public String toString() {
      return "Smtp[" + host + ":" + port + ", from " + from + "]"; // never the password
    }
  }

  /** SMTP connect, read and write timeouts: a dead relay holds only its own message. */
  static final int TIMEOUT_MS = 15_000;

  private final Smtp smtp;
  private final Session session;

  public EmailChannel(Smtp smtp) {
    this.smtp = smtp;
    Properties p = new Properties();
    p.put("mail.smtp.host", smtp.host());
    p.put("mail.smtp.port", Integer.toString(smtp.port()));
    p.put("mail.smtp.connectiontimeout", Integer.toString(TIMEOUT_MS));
    p.put("mail.smtp.timeout", Integer.toString(TIMEOUT_MS));
    p.put("mail.smtp.writetimeout", Integer.toString(TIMEOUT_MS));
    p.put("mail.smtp.auth", Boolean.toString(smtp.username() != null));
    p.put("mail.smtp.starttls.enable", Boolean.toString(smtp.startTls()));
    p.put("mail.smtp.starttls.required", Boolean.toString(smtp.startTls()));
    this.session = Session.getInstance(p);
  }

  @Override
  public String kind() {
    return "email";
  }

  @Override
  public SendResult send(Notification n, SubscriptionStore.Channel destination) {
    try {
      MimeMessage m = message(n, destination.target());
      if (smtp.username() != null) {
        Transport.send(m, smtp.username(), smtp.password());
      } else {
        Transport.send(m);
      }
      return SendResult.sent();
    } catch (AddressException e) {
      return SendResult.permanent("email: the address is not valid");
    } catch (SendFailedException e) {
      Address[] invalid = e.getInvalidAddresses();
      if (invalid != null && invalid.length > 0) {
        return SendResult.permanent("email: the server refused the recipient");
      }
      return SendResult.retry(reason(e, destination));
    } catch (MessagingException e) {
      return SendResult.retry(reason(e, destination));
    }
  }

  private String reason(MessagingException e, SubscriptionStore.Channel destination) {
    String m = "email: " + smtp.host() + ":" + smtp.port() + " " + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + e.getMessage().strip());
    if (smtp.password() != null) {
      m = m.replace(smtp.password(), "[secret]");
    }
    return Secrets.redact(m, destination);
  }

  MimeMessage message(Notification n, String to) throws MessagingException {
    String messageId = "<" + n.key() + "@vigie>";
    MimeMessage m = new MimeMessage(session) {
      @Override
      protected void updateMessageID() throws MessagingException {
        setHeader("Message-ID", messageId); // stable across retries, not a fresh random one
      }
    };
    m.setFrom(new InternetAddress(smtp.from()));
    m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
    m.setSubject("[Vigie] " + n.title(), "UTF-8");
    m.setSentDate(Date.from(n.sentAt()));
    m.setHeader("X-Vigie-Idempotency-Key", n.key());
    m.setHeader("Auto-Submitted", "auto-generated");
    StringBuilder body = new StringBuilder(n.text()).append("\n\n");
    if (n.incidentUrl() != null) {
      body.append("Details: ").append(n.incidentUrl()).append('\n');
    }
    if (n.unsubscribeUrl() != null) {
      m.setHeader("List-Unsubscribe", "<" + n.unsubscribeUrl() + ">");
      m.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
      body.append("\nYou receive this because you subscribed to Vigie alerts. Unsubscribe: ").append(n.unsubscribeUrl()).append('\n');
    }
    m.setText(body.toString(), "UTF-8");
    return m;
  }

  /** Sends a plain message (subscription confirmation), outside the notification pipeline. */
  public SendResult sendPlain(String to, String subject, String text) {
    try {
      MimeMessage m = new MimeMessage(session);
      m.setFrom(new InternetAddress(smtp.from()));
      m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
      m.setSubject(subject, "UTF-8");
      m.setHeader("Auto-Submitted", "auto-generated");
      m.setText(text, "UTF-8");
      if (smtp.username() != null) {
        Transport.send(m, smtp.username(), smtp.password());
      } else {
        Transport.send(m);
      }
      return SendResult.sent();
    } catch (AddressException e) {
      return SendResult.permanent("email: the address is not valid");
    } catch (MessagingException e) {
      return SendResult.retry(reason(e, new SubscriptionStore.Channel("email", to, null)));
    }
  }
}
