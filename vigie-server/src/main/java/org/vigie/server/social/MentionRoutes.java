package org.vigie.server.social;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.vigie.core.ingest.ReportError;
import org.vigie.core.signal.ReporterKeys;
import org.vigie.core.storage.StorageException;
import org.vigie.server.Tokens;
import org.vigie.server.Vigie;
import org.vigie.server.http.Json;
import org.vigie.server.http.Problem;
import org.vigie.server.http.Requests;
import org.vigie.sources.social.ComplaintClassifier;
import org.vigie.sources.social.ComplaintTally;
import org.vigie.sources.social.MentionIngestor;
import org.vigie.sources.social.PostParser;

/**
 * {@code POST /api/v1/mentions}: social posts, one as {@code application/json} or up to
 * {@value PostParser#MAX_BATCH} as {@code application/x-ndjson}. Needs an import or admin token:
 * a post carries its own event time and author identity, as an imported report does.
 *
 * <p>The handler only translates HTTP: {@link PostParser} reads and validates (all-or-nothing,
 * every bad line named), {@link MentionIngestor} deduplicates, classifies and counts. The answer
 * is {@code 202} with {@code accepted}, {@code duplicates}, {@code matched} (posts naming a
 * catalogue service) and {@code complaints} (service verdicts that were complaints).
 *
 * <p>Durability: the ingestor of a running instance ({@link Vigie#mentions()}) writes the posts
 * that named a service to the storage's {@code MentionLog} before counting them, so a {@code 202}
 * means they are committed. When the store fails the answer is {@code 503} with
 * {@code Retry-After}, nothing is counted, and the same batch may be sent again.
 */
public final class MentionRoutes {
  /** Largest NDJSON body: 10,000 posts of up to about 1.6 kB. */
  static final int MAX_NDJSON_BYTES = 16 * 1024 * 1024;

  /** Largest single-post body. */
  static final int MAX_JSON_BYTES = 64 * 1024;

  /** What a client is told to wait when the store fails. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private final Vigie vigie;
  private final MentionIngestor ingestor;

  public MentionRoutes(Vigie vigie, MentionIngestor ingestor) {
    this.vigie = vigie;
    this.ingestor = ingestor;
  }

  /**
   * The ingestor a running instance should share between this endpoint and the stream adapters:
   * classifier over the instance's catalogue, author keys under the instance's reporter-key
   * secret (domain "s"), the instance's {@code MentionLog} as the durable sink, the given tally.
   * A running instance builds its own ({@link Vigie#mentions()}); this is for tests and tools.
   */
  public static MentionIngestor ingestorFor(Vigie vigie, ReporterKeys keys, ComplaintTally tally) {
    return new MentionIngestor(new ComplaintClassifier(vigie.catalogue()), id -> keys.of("s", id), tally,
        batch -> vigie.storage().mentions().append(batch), vigie.config().clock());
  }

  /** A tally on the instance's clock with the report pipeline's grace and lateness. */
  public static ComplaintTally tallyFor(Vigie vigie) {
    return new ComplaintTally(vigie.config().clock(), vigie.config().pipeline().lateness());
  }

  public void routes(HttpRouting.Builder r) {
    r.post("/api/v1/mentions", this::post);
  }

  private void post(ServerRequest req, ServerResponse res) {
    authorize(req);
    String type = req.headers().contentType().map(t -> t.mediaType().text().toLowerCase(Locale.ROOT)).orElse("");
    PostParser.Parsed parsed;
    if (type.equals("application/x-ndjson")) {
      parsed = PostParser.ndjson(body(req, MAX_NDJSON_BYTES));
    } else if (type.equals("application/json")) {
      parsed = PostParser.single(body(req, MAX_JSON_BYTES));
    } else {
      throw new Problem(415, "Unsupported media type",
          "send one post as application/json or up to " + PostParser.MAX_BATCH + " as application/x-ndjson (got '" + type + "')");
    }
    if (!parsed.errors().isEmpty()) {
      throw invalid(parsed.errors());
    }
    MentionIngestor.Outcome o;
    try {
      o = ingestor.ingest(parsed.posts());
    } catch (StorageException e) {
      throw new Problem(503, "Service unavailable",
          "the mentions could not be stored, so none was taken; send the same batch again later (" + e.getMessage() + ")",
          List.of(), RETRY_AFTER);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("accepted", o.accepted());
    body.put("duplicates", o.duplicates());
    body.put("matched", o.matched());
    body.put("complaints", o.complaints());
    res.status(202);
    res.headers().contentType(io.helidon.common.media.type.MediaTypes.APPLICATION_JSON);
    res.send(Json.bytes(body));
  }

  private void authorize(ServerRequest req) {
    String role = Requests.bearerRole(req, vigie.tokens()).orElseThrow(() -> new Problem(401, "Unauthorized",
        "posting mentions needs an import or admin token: 'Authorization: Bearer <token>'"));
    if (!Tokens.ADMIN.equals(role) && !Tokens.IMPORT.equals(role)) {
      throw new Problem(403, "Forbidden", "posting mentions needs an import or admin token, not a '" + role + "' token");
    }
  }

  private static Problem invalid(List<ReportError> errors) {
    return Requests.invalidLines(errors, "post");
  }

  private static byte[] body(ServerRequest req, int limit) {
    return Requests.body(req, limit);
  }
}
