package org.vigie.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigie.core.ingest.ReportError;
import org.vigie.server.Tokens;

/** What every ingestion endpoint does with a request: read a bounded body, check a token, name bad lines. */
public final class Requests {
  private Requests() {}

  /** The body, refused with a 413 problem beyond {@code limit} bytes (declared or read). */
  public static byte[] body(ServerRequest req, int limit) {
    long declared = req.headers().contentLength().orElse(-1L);
    if (declared > limit) {
      throw tooLarge(limit);
    }
    try (InputStream in = req.content().inputStream()) {
      byte[] b = in.readNBytes(limit + 1);
      if (b.length > limit) {
        throw tooLarge(limit);
      }
      return b;
    } catch (IOException e) {
      throw Problem.badRequest("the request body could not be read: " + e.getMessage());
    }
  }

  private static Problem tooLarge(int limit) {
    return new Problem(413, "Request too large", "the body exceeds " + limit + " bytes; split it into smaller batches");
  }

  /**
   * The role of the bearer token, empty without an Authorization header; a malformed header or an
   * unknown token is a 401 (never silently anonymous).
   */
  public static Optional<String> bearerRole(ServerRequest req, Tokens tokens) {
    Optional<String> auth = req.headers().first(HeaderNames.AUTHORIZATION);
    if (auth.isEmpty()) {
      return Optional.empty();
    }
    String a = auth.get();
    if (!a.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new Problem(401, "Unauthorized", "the Authorization header must be 'Bearer <token>'");
    }
    return Optional.of(tokens.roleOf(a.substring(7).trim())
        .orElseThrow(() -> new Problem(401, "Unauthorized", "the token is not known to this Vigie")));
  }

  /** A 400 problem listing every bad line and field; {@code what} names the thing ("report", "post"). */
  public static Problem invalidLines(List<ReportError> errors, String what) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (ReportError e : errors) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("line", e.line());
      if (e.field() != null) {
        m.put("field", e.field());
      }
      m.put("message", e.message());
      list.add(m);
    }
    ReportError first = errors.getFirst();
    String detail = "line " + first.line() + (first.field() == null ? "" : ", field '" + first.field() + "'") + ": " + first.message()
        + (errors.size() > 1 ? " (" + (errors.size() - 1) + " more errors listed)" : "") + "; nothing was stored";
    return new Problem(400, "Invalid " + what, detail, list, null);
  }
}
