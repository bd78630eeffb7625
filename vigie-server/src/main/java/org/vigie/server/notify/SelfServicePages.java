package org.vigie.server.notify;

import java.util.List;
import org.vigie.core.model.Service;

/** The few small HTML pages of self-service subscriptions; no script needed. */
final class SelfServicePages {
  private SelfServicePages() {}

  static String form(List<Service> services) {
    StringBuilder b = head("Subscribe to Vigie alerts");
    b.append("<h1>Subscribe to Vigie alerts</h1><form method=\"post\" action=\"/subscribe\">")
        .append("<p><label>E-mail <input type=\"email\" name=\"email\" required></label></p><fieldset><legend>Services</legend>");
    for (Service s : services) {
      b.append("<label><input type=\"checkbox\" name=\"service\" value=\"").append(esc(s.slug())).append("\"> ")
          .append(esc(s.name())).append("</label><br>");
    }
    return b.append("</fieldset><p><button type=\"submit\">Subscribe</button></p></form></body></html>").toString();
  }

  static String unsubscribeButton(String id, String sig) {
    return head("Unsubscribe").append("<h1>Unsubscribe</h1><form method=\"post\" action=\"/subscriptions/").append(esc(id))
        .append("/unsubscribe?sig=").append(esc(sig)).append("\"><button type=\"submit\">Stop all messages</button></form></body></html>")
        .toString();
  }

  static String message(String title, String text) {
    return head(title).append("<h1>").append(esc(title)).append("</h1><p>").append(esc(text)).append("</p></body></html>").toString();
  }

  private static StringBuilder head(String title) {
    return new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
        .append("<title>").append(esc(title)).append("</title></head><body>");
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
