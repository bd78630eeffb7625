package org.vigie.server.status;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.vigie.core.incident.Incident;

/**
 * An Atom (RFC 4287) incident history in the manner of Statuspage's {@code history.atom}: one
 * entry per incident, id {@code tag:<host>,2005:Incident/<id>}, and an HTML content with one
 * {@code <p>} per timeline event, newest first. Written with StAX so every text is escaped.
 */
final class AtomFeed {
  static final String MEDIA_TYPE = "application/atom+xml; charset=utf-8";
  private static final String NS = "http://www.w3.org/2005/Atom";

  private AtomFeed() {}

  static byte[] write(String host, String self, String alternate, String title, String author, List<Incident> incidents,
      Function<Incident, String> serviceName, Function<Incident, String> link) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
      w.writeStartDocument("UTF-8", "1.0");
      w.writeStartElement("feed");
      w.writeDefaultNamespace(NS);
      w.writeAttribute("xml:lang", "en");
      text(w, "id", "tag:" + host + ",2005:" + self.substring(self.indexOf('/', self.indexOf("//") + 2)));
      link(w, "alternate", "text/html", alternate);
      link(w, "self", "application/atom+xml", self);
      text(w, "title", title);
      Instant updated = incidents.stream().map(StatuspageRoutes::updatedAt).max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
      text(w, "updated", stamp(updated));
      w.writeStartElement("author");
      text(w, "name", author);
      w.writeEndElement();
      for (Incident i : incidents) {
        w.writeStartElement("entry");
        text(w, "id", "tag:" + host + ",2005:Incident/" + i.id());
        text(w, "published", stamp(i.detectedAt() == null ? i.startedAt() : i.detectedAt()));
        text(w, "updated", stamp(StatuspageRoutes.updatedAt(i)));
        link(w, "alternate", "text/html", link.apply(i));
        text(w, "title", serviceName.apply(i) + ": " + i.severity().label("en") + (i.isOpen() ? "" : " (resolved)"));
        w.writeStartElement("content");
        w.writeAttribute("type", "html");
        w.writeCharacters(html(i));
        w.writeEndElement();
        w.writeEndElement();
      }
      w.writeEndElement();
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write the Atom feed", e);
    }
    return out.toByteArray();
  }

  private static String html(Incident i) {
    StringBuilder b = new StringBuilder();
    List<Incident.TimelineEvent> events = i.timeline();
    for (int k = events.size() - 1; k >= 0; k--) {
      Incident.TimelineEvent e = events.get(k);
      b.append("<p><small>").append(escape(stamp(e.at()))).append("</small><br><strong>")
          .append(escape(label(e.kind()))).append("</strong> - ").append(escape(e.text() == null ? "" : e.text())).append("</p>");
    }
    return b.toString();
  }

  private static String label(String kind) {
    return switch (kind) {
      case "opened" -> "Investigating";
      case "resolved" -> "Resolved";
      default -> "Update";
    };
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String stamp(Instant t) {
    return t == null ? "" : t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static void text(XMLStreamWriter w, String name, String value) throws XMLStreamException {
    w.writeStartElement(name);
    w.writeCharacters(value);
    w.writeEndElement();
  }

  private static void link(XMLStreamWriter w, String rel, String type, String href) throws XMLStreamException {
    w.writeEmptyElement("link");
    w.writeAttribute("rel", rel);
    w.writeAttribute("type", type);
    w.writeAttribute("href", href);
  }
}
