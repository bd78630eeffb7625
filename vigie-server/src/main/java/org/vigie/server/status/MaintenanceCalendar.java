package org.vigie.server.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.vigie.core.storage.MaintenanceStore;

/**
 * Maintenance windows as an iCalendar (RFC 5545) feed: one VEVENT per window, times in UTC,
 * texts escaped (section 3.3.11), lines folded at 75 octets (3.1), CRLF line ends.
 */
final class MaintenanceCalendar {
  private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private MaintenanceCalendar() {}

  static byte[] write(String host, String serviceName, List<MaintenanceStore.Window> windows, Instant now) {
    StringBuilder b = new StringBuilder();
    line(b, "BEGIN:VCALENDAR");
    line(b, "VERSION:2.0");
    line(b, "PRODID:-//Vigie//Maintenance windows//EN");
    line(b, "CALSCALE:GREGORIAN");
    line(b, "METHOD:PUBLISH");
    line(b, "X-WR-CALNAME:" + escape(serviceName + " maintenance"));
    for (MaintenanceStore.Window w : windows) {
      line(b, "BEGIN:VEVENT");
      line(b, "UID:" + escape(w.id()) + "@" + host);
      line(b, "DTSTAMP:" + UTC.format(w.createdAt() == null ? now : w.createdAt()));
      line(b, "DTSTART:" + UTC.format(w.startsAt()));
      line(b, "DTEND:" + UTC.format(w.endsAt()));
      line(b, "SUMMARY:" + escape(w.title() == null ? "Maintenance of " + serviceName : w.title()));
      if (w.description() != null) {
        line(b, "DESCRIPTION:" + escape(w.description()));
      }
      line(b, "STATUS:CONFIRMED");
      line(b, "TRANSP:TRANSPARENT");
      line(b, "END:VEVENT");
    }
    line(b, "END:VCALENDAR");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  static String escape(String s) {
    return s.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
  }

  /** Appends a content line folded so no physical line exceeds 75 octets, never splitting a UTF-8 character. */
  static void line(StringBuilder b, String content) {
    int octets = 0;
    for (int k = 0; k < content.length(); ) {
      int cp = content.codePointAt(k);
      int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (octets + n > 75) {
        b.append("\r\n ");
        octets = 1;
      }
      b.appendCodePoint(cp);
      octets += n;
      k += Character.charCount(cp);
    }
    b.append("\r\n");
  }
}
