package org.vigie.server.probe;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.vigie.core.fusion.ProbeEvidence;
import org.vigie.core.signal.ProbeResult;
import org.vigie.core.storage.StorageException;
import org.vigie.probe.Check;
import org.vigie.probe.ProbeJson;
import org.vigie.probe.QuorumEvaluator;
import org.vigie.server.http.Json;
import org.vigie.server.http.Problem;

/**
 * The agents' side of the API: {@code GET /api/v1/agent/checks?vantage=FR-IDF} hands out the
 * check list, {@code POST /api/v1/probe-results} takes a batch of results (bearer token of an
 * agent), and {@code GET /api/v1/services/{slug}/probes} says which vantage points see what.
 * Errors leave as {@link Problem}s, turned into problem+json by the routing's error handler.
 */
public final class ProbeRoutes {
  /** Most results one push may carry. */
  public static final int MAX_RESULTS = 10_000;
  /** Largest results body. */
  static final int MAX_BYTES = 8 * 1024 * 1024;
  /** When an agent should push again after the store refused a batch. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private final Function<String, List<Check>> checksFor;
  private final Consumer<List<ProbeResult>> sink;
  private final QuorumEvaluator quorum;
  private final Predicate<String> agentToken;
  private final Predicate<String> knownService;

  /**
   * @param checksFor the checks of a vantage point
   * @param sink where accepted results go (stored, then counted by the quorum); a StorageException from it answers 503
   * @param agentToken whether a presented bearer token may act as an agent
   * @param knownService whether a slug names a catalogue service
   */
  public ProbeRoutes(Function<String, List<Check>> checksFor, Consumer<List<ProbeResult>> sink, QuorumEvaluator quorum,
      Predicate<String> agentToken, Predicate<String> knownService) {
    this.checksFor = checksFor;
    this.sink = sink;
    this.quorum = quorum;
    this.agentToken = agentToken;
    this.knownService = knownService;
  }

  public void routes(HttpRouting.Builder r) {
    r.get("/api/v1/agent/checks", this::checks)
        .post("/api/v1/probe-results", this::results)
        .get("/api/v1/services/{slug}/probes", this::probes);
  }

  private void authorize(ServerRequest req) {
    Optional<String> auth = req.headers().first(HeaderNames.AUTHORIZATION);
    if (auth.isEmpty() || !auth.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new Problem(401, "Unauthorized", "agents must send 'Authorization: Bearer <agent token>'");
    }
    if (!agentToken.test(auth.get().substring(7).trim())) {
      throw new Problem(401, "Unauthorized", "the token is not an agent or admin token of this Vigie");
    }
  }

  private void checks(ServerRequest req, ServerResponse res) {
    authorize(req);
    String vantage = req.query().first("vantage").asOptional().orElse("");
    if (!vantage.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")) {
      throw new Problem(400, "Bad request", "'vantage' must be a short name such as FR-IDF");
    }
    send(res, 200, "application/json", ProbeJson.checks(checksFor.apply(vantage)));
  }

  private void results(ServerRequest req, ServerResponse res) {
    authorize(req);
    String type = req.headers().contentType().map(t -> t.mediaType().text()).orElse("");
    if (!type.equalsIgnoreCase("application/json")) {
      throw new Problem(415, "Unsupported media type", "send results as application/json (got '" + type + "')");
    }
    byte[] body;
    try (InputStream in = req.content().inputStream()) {
      body = in.readNBytes(MAX_BYTES + 1);
    } catch (IOException e) {
      throw new Problem(400, "Bad request", "the request body could not be read: " + e.getMessage());
    }
    if (body.length > MAX_BYTES) {
      throw new Problem(413, "Request too large", "the body exceeds " + MAX_BYTES + " bytes; send smaller batches");
    }
    List<ProbeResult> results;
    try {
      results = ProbeJson.readResults(body, MAX_RESULTS);
    } catch (ProbeJson.FormatException e) {
      throw new Problem(400, "Invalid probe results", e.getMessage() + "; nothing was stored");
    }
    for (int i = 0; i < results.size(); i++) {
      if (!knownService.test(results.get(i).service())) {
        throw new Problem(400, "Invalid probe results", "result " + (i + 1) + ": no service '" + results.get(i).service()
            + "' in the catalogue (fetch the check list again); nothing was stored");
      }
    }
    try {
      sink.accept(results);
    } catch (StorageException e) {
      // Agents keep the batch in their buffer and push it again: nothing is lost.
      throw new Problem(503, "Service unavailable",
          "the results could not be stored, so none was taken; send the same batch again later (" + e.getMessage() + ")",
          List.of(), RETRY_AFTER);
    }
    send(res, 202, "application/json", Json.bytes(Map.of("accepted", results.size())));
  }

  private void probes(ServerRequest req, ServerResponse res) {
    String slug = req.path().pathParameters().get("slug");
    if (!knownService.test(slug)) {
      throw new Problem(404, "Not found", "no service '" + slug + "'; GET /api/v1/services lists them");
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (ProbeEvidence e : quorum.evaluate(slug)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", e.kind());
      m.put("target", e.target());
      m.put("evidence", e.evidence().name());
      m.put("outcome", e.outcome());
      m.put("failing", e.failing());
      m.put("vantages", e.vantages());
      m.put("since", e.since());
      m.put("summary", e.describe());
      m.put("byVantage", e.byVantage());
      out.add(m);
    }
    send(res, 200, "application/json", Json.bytes(Map.of("service", slug, "probes", out)));
  }

  private static void send(ServerResponse res, int status, String type, byte[] body) {
    res.status(Status.create(status));
    res.header(HeaderNames.CONTENT_TYPE, type);
    res.header(HeaderNames.CACHE_CONTROL, "no-cache");
    res.send(body);
  }
}
