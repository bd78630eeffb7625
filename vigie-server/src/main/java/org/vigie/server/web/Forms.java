package org.vigie.server.web;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigie.server.http.Problem;

/** Reading what browsers send: url-encoded forms, cookies, the peer address. */
final class Forms {
  /** Largest form body accepted. */
  static final int MAX_FORM_BYTES = 16 * 1024;

  private Forms() {}

  /** The form's fields, the first value of each. */
  static Map<String, String> parse(ServerRequest req) {
    Map<String, String> out = new HashMap<>();
    parseAll(req).forEach((k, v) -> out.put(k, v.getFirst()));
    return out;
  }

  /** The form's fields with every value, in order (checkboxes send one per box). */
  static Map<String, List<String>> parseAll(ServerRequest req) {
    long declared = req.headers().contentLength().orElse(-1L);
    if (declared > MAX_FORM_BYTES) {
      throw new Problem(413, "Request too large", "a form may carry at most " + MAX_FORM_BYTES + " bytes");
    }
    byte[] body;
    try (InputStream in = req.content().inputStream()) {
      body = in.readNBytes(MAX_FORM_BYTES + 1);
    } catch (IOException e) {
      throw new Problem(400, "Bad request", "the form could not be read");
    }
    if (body.length > MAX_FORM_BYTES) {
      throw new Problem(413, "Request too large", "a form may carry at most " + MAX_FORM_BYTES + " bytes");
    }
    Map<String, List<String>> out = new HashMap<>();
    String s = new String(body, StandardCharsets.UTF_8);
    for (String pair : s.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
      } catch (IllegalArgumentException e) {
        throw new Problem(400, "Bad request", "the form is not valid url-encoding");
      }
    }
    return out;
  }

  static Optional<String> cookie(ServerRequest req, String name) {
    Optional<String> header = req.headers().first(HeaderNames.COOKIE);
    if (header.isEmpty()) {
      return Optional.empty();
    }
    for (String part : header.get().split(";")) {
      String p = part.trim();
      if (p.startsWith(name + "=")) {
        String v = p.substring(name.length() + 1);
        return Optional.of(v.length() <= 128 ? v : v.substring(0, 128));
      }
    }
    return Optional.empty();
  }

  static InetAddress address(ServerRequest req) {
    SocketAddress a = req.remotePeer().address();
    if (a instanceof InetSocketAddress isa && isa.getAddress() != null) {
      return isa.getAddress();
    }
    return InetAddress.getLoopbackAddress();
  }

  /** Text a person typed, with control characters other than newlines removed and trimmed. */
  static String clean(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(cp -> {
      if (cp == '\n' || (!Character.isISOControl(cp) && Character.getType(cp) != Character.FORMAT)) {
        b.appendCodePoint(cp);
      }
    });
    return b.toString().replace("\r", "").strip();
  }
}
