package org.vigie.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /openapi.json}: an OpenAPI 3.1 description of the whole HTTP API — the core API of
 * {@link Api} and the status, feed, metrics, notification and self-service routes. Written by
 * hand as data, so it says what the handlers promise rather than what reflection guesses; CI lints
 * it with an independent tool.
 */
public final class OpenApiRoutes {
  private final byte[] document = Json.bytes(document());

  public void routes(HttpRouting.Builder r) {
    r.get("/openapi.json", (req, res) -> {
      res.status(Status.OK_200);
      res.header(HeaderNames.CONTENT_TYPE, "application/json");
      res.send(document);
    });
  }

  public static Map<String, Object> document() {
    Map<String, Object> paths = new LinkedHashMap<>();
    Map<String, Object> slug = param("slug", "path", "Service slug, as listed by GET /api/v1/services", true);
    Map<String, Object> id = param("id", "path", "Identifier", true);

    // ---- Api.java ----
    paths.put("/api/v1/reports", Map.of("post", op("postReports", "Report problems", "reports", false, List.of(),
        Map.of("required", true, "content", Map.of(
            "application/json", Map.of("schema", ref("Report")),
            "application/x-ndjson", Map.of("schema", Map.of("type", "string", "description", "Up to 10,000 reports, one JSON object a line")))),
        responses("202", "Every report of the batch is durable", ref("Accepted"), "400", "413", "415", "429", "503"))));
    paths.put("/api/v1/services", Map.of("get", op("listServices", "Services with their status, most trouble first", "read", false, List.of(), null,
        responses("200", "The services", obj()))));
    paths.put("/api/v1/services/{slug}", Map.of("get", op("getService", "A service: status, current incident, most reported problems", "read", false,
        List.of(slug), null, responses("200", "The service", obj(), "404"))));
    paths.put("/api/v1/services/{slug}/series", Map.of("get", op("getSeries", "Counted reports and baseline per step; world points of probed minutes add probes and probeFailures (vantage points on the worst target, failing ones)", "read", false,
        List.of(slug, param("from", "query", "ISO-8601 start", false), param("to", "query", "ISO-8601 end", false),
            param("step", "query", "1m, 15m, 1h or PT15M", false), param("country", "query", "ISO 3166-1 alpha-2; world when absent", false)),
        null, responses("200", "The series", obj(), "400", "404"))));
    paths.put("/api/v1/incidents", Map.of("get", op("listIncidents", "Incidents overlapping a window, newest first", "read", false,
        List.of(param("service", "query", "Service slug", false), param("from", "query", "ISO-8601", false), param("to", "query", "ISO-8601", false),
            param("limit", "query", "1 to 1000", false)), null, responses("200", "The incidents", obj(), "400"))));
    paths.put("/api/v1/incidents/{id}", Map.of("get", op("getIncident", "One incident with its timeline", "read", false, List.of(id), null,
        responses("200", "The incident", obj(), "400", "404"))));
    paths.put("/health/live", Map.of("get", op("live", "Liveness", "operations", false, List.of(), null, responses("200", "Alive", obj()))));
    paths.put("/health/ready", Map.of("get", op("ready", "Readiness: the store answers", "operations", false, List.of(), null,
        responses("200", "Ready", obj(), "503"))));
    paths.put("/", Map.of("get", op("home", "Home page", "pages", false, List.of(), null, html("The home page"))));
    // Admin pages (a session cookie and the page's CSRF token, or the admin token as Bearer).
    Map<String, Object> csrfForm = Map.of("required", true, "content", Map.of("application/x-www-form-urlencoded", Map.of("schema",
        Map.of("type", "object", "properties", Map.of("csrf", Map.of("type", "string"), "name", Map.of("type", "string"),
            "category", Map.of("type", "string"), "aliases", Map.of("type", "string"), "hashtags", Map.of("type", "string"),
            "domains", Map.of("type", "string"), "statusPage", Map.of("type", "string"))))));
    paths.put("/admin/services/{slug}", Map.of(
        "get", op("adminServiceForm", "The form editing a service's catalogue entry", "pages", true, List.of(slug), null,
            pages("The form", "401", "The sign-in form", "404", "No such service")),
        "post", op("adminSaveService", "Store a service's catalogue override (comma-separated lists)", "pages", true, List.of(slug), csrfForm,
            redirectOr("Saved: back to the services page", "400", "The form again, saying which field is wrong", "401", "The sign-in form",
                "403", "The CSRF token is missing or wrong"))));
    paths.put("/admin/tokens/{hash}/delete", Map.of("post", op("adminRevokeToken", "Revoke a token", "pages", true,
        List.of(param("hash", "path", "The token's SHA-256, hex", true)), Map.of("required", true, "content", Map.of(
            "application/x-www-form-urlencoded", Map.of("schema", Map.of("type", "object", "properties", Map.of("csrf", Map.of("type", "string")))))),
        redirectOr("Revoked: back to the tokens page", "401", "The sign-in form", "403", "The CSRF token is missing or wrong",
            "404", "No such token", "409", "The last admin token cannot be revoked"))));

    // ---- probes (issue 5) ----
    paths.put("/api/v1/services/{slug}/probes", Map.of("get", op("getProbes",
        "What each vantage point sees of the service's targets, judged by the quorum (\"DNS SERVFAIL from 3 of 4 vantage points since 15:50\")",
        "probes", false, List.of(slug), null, responses("200", "Per target: kind, outcome, failing and reporting vantage points, since, evidence,"
            + " summary, each vantage point's latest outcome", obj()))));
    paths.put("/api/v1/agent/checks", Map.of("get", op("getAgentChecks", "The check list of a vantage point (agent or admin token)", "probes", true,
        List.of(param("vantage", "query", "The agent's vantage point, e.g. FR-IDF", true)), null,
        responses("200", "The checks", obj(), "400", "401"))));
    paths.put("/api/v1/probe-results", Map.of("post", op("postProbeResults", "A batch of probe results (agent or admin token)", "probes", true,
        List.of(), Map.of("required", true, "content", Map.of("application/json", Map.of("schema", Map.of("type", "object", "description",
            "{\"vantage\":\"FR-IDF\",\"results\":[{\"service\",\"target\",\"kind\",\"ok\",\"outcome\",\"latencyMs\",\"at\"}]}, up to 10,000 results")))),
        responses("202", "Every result of the batch is stored", obj(), "400", "401", "413", "415", "503"))));

    // ---- status, feeds ----
    for (String[] p : new String[][] {
        {"summary.json", "statuspageSummary", "Page, components, unresolved incidents, maintenance and status"},
        {"status.json", "statuspageStatus", "The page's status indicator"},
        {"components.json", "statuspageComponents", "The service's component"},
        {"incidents.json", "statuspageIncidents", "The 50 most recent incidents"},
        {"incidents/unresolved.json", "statuspageUnresolved", "Incidents not resolved yet"},
        {"scheduled-maintenances.json", "statuspageMaintenances", "Every maintenance window"},
        {"scheduled-maintenances/upcoming.json", "statuspageUpcoming", "Maintenance windows not started yet"},
        {"scheduled-maintenances/active.json", "statuspageActive", "Maintenance windows in progress"}}) {
      paths.put("/status/{slug}/api/v2/" + p[0], Map.of("get", op(p[1], p[2] + " (Statuspage v2 format)", "status", false, List.of(slug), null,
          responses("200", p[2], obj(), "404"))));
    }
    paths.put("/status/{slug}/history.atom", Map.of("get", op("serviceHistoryFeed", "Atom feed of a service's incidents", "status", false,
        List.of(slug), null, typed("application/atom+xml", "The feed", true))));
    paths.put("/incidents.atom", Map.of("get", op("incidentsFeed", "Atom feed of every service's incidents", "status", false, List.of(), null,
        typed("application/atom+xml", "The feed", false))));
    paths.put("/status/{slug}/maintenance.ics", Map.of("get", op("maintenanceCalendar", "Maintenance windows as iCalendar (RFC 5545)", "status",
        false, List.of(slug), null, typed("text/calendar", "The calendar", true))));
    paths.put("/metrics", Map.of("get", op("metrics", "Prometheus metrics", "operations", false, List.of(), null,
        typed("text/plain", "Prometheus text exposition format 0.0.4", false))));
    paths.put("/openapi.json", Map.of("get", op("openapi", "This document", "operations", false, List.of(), null,
        responses("200", "OpenAPI 3.1", obj()))));

    // ---- admin: subscriptions, maintenance, silences ----
    paths.put("/api/v1/admin/subscriptions", Map.of(
        "get", op("listSubscriptions", "Every subscription (secrets never shown)", "admin", true, List.of(), null, responses("200", "Subscriptions", obj(), "401", "403")),
        "post", op("createSubscription", "Add a subscription", "admin", true, List.of(), jsonBody(ref("SubscriptionInput")),
            responses("201", "Created; a generated webhook secret is shown once", obj(), "400", "401", "403"))));
    paths.put("/api/v1/admin/subscriptions/{id}", Map.of(
        "get", op("getSubscription", "One subscription", "admin", true, List.of(id), null, responses("200", "The subscription", obj(), "401", "403", "404")),
        "delete", op("deleteSubscription", "Remove a subscription", "admin", true, List.of(id), null, noContent("401", "403", "404"))));
    paths.put("/api/v1/admin/maintenance", Map.of(
        "get", op("listMaintenance", "Maintenance windows", "admin", true, List.of(), null, responses("200", "Windows", obj(), "401", "403")),
        "post", op("createMaintenance", "Announce a maintenance window (mutes notifications)", "admin", true, List.of(),
            jsonBody(ref("WindowInput")), responses("201", "Created", obj(), "400", "401", "403"))));
    paths.put("/api/v1/admin/maintenance/{id}", Map.of("delete", op("deleteMaintenance", "Remove a maintenance window", "admin", true,
        List.of(id), null, noContent("401", "403", "404"))));
    paths.put("/api/v1/admin/silences", Map.of(
        "get", op("listSilences", "Silences", "admin", true, List.of(), null, responses("200", "Silences", obj(), "401", "403")),
        "post", op("createSilence", "Mute notifications for a service and/or subscriber until a time", "admin", true, List.of(),
            jsonBody(ref("SilenceInput")), responses("201", "Created", obj(), "400", "401", "403"))));
    paths.put("/api/v1/admin/silences/{id}", Map.of("delete", op("deleteSilence", "Remove a silence", "admin", true, List.of(id), null,
        noContent("401", "403", "404"))));

    // ---- self-service ----
    Map<String, Object> sig = param("sig", "query", "The signature from the e-mailed link", true);
    // These are pages for people: errors come back as HTML pages (a form shown again with the
    // error, or an error page), not as problem documents.
    paths.put("/subscribe", Map.of(
        "get", op("subscribeForm", "The subscription form", "self-service", false, List.of(), null, html("The form")),
        "post", op("subscribe", "Subscribe by e-mail; a confirmation link is sent", "self-service", false, List.of(),
            Map.of("required", true, "content", Map.of("application/x-www-form-urlencoded", Map.of("schema", Map.of("type", "object",
                "properties", Map.of("email", Map.of("type", "string", "format", "email"), "service", Map.of("type", "array",
                    "items", Map.of("type", "string")), "countries", Map.of("type", "string", "description", "ISO 3166-1 alpha-2 codes, comma-separated"),
                    "min", Map.of("type", "string", "enum", List.of("POSSIBLE_PROBLEMS", "OUTAGE"))), "required", List.of("email", "service"))))),
            pages("Confirmation sent", "400", "The form again, saying what is wrong", "503", "No mail relay, or the mail could not be sent"))));
    paths.put("/subscriptions/{id}/confirm", Map.of("get", op("confirmSubscription", "Confirm a subscription (signed link)", "self-service", false,
        List.of(id, sig), null, pages("Confirmed", "403", "The link's signature is not valid", "404", "No such subscription"))));
    paths.put("/subscriptions/{id}/unsubscribe", Map.of(
        "get", op("unsubscribePage", "A button to unsubscribe (signed link)", "self-service", false, List.of(id, sig), null,
            pages("The page", "403", "The link's signature is not valid")),
        "post", op("unsubscribe", "One-click unsubscribe (RFC 8058)", "self-service", false, List.of(id, sig), null,
            pages("Unsubscribed", "403", "The link's signature is not valid"))));

    Map<String, Object> schemas = new LinkedHashMap<>();
    schemas.put("Problem", Map.of("type", "object", "description", "RFC 9457 problem details", "properties", Map.of(
        "type", Map.of("type", "string"), "title", Map.of("type", "string"), "status", Map.of("type", "integer"),
        "detail", Map.of("type", "string"), "instance", Map.of("type", "string"),
        "errors", Map.of("type", "array", "items", Map.of("type", "object"))), "required", List.of("title", "status", "detail")));
    schemas.put("Report", Map.of("type", "object", "required", List.of("service"), "properties", Map.of(
        "service", Map.of("type", "string"), "indicator", Map.of("type", "string"), "country", Map.of("type", "string"),
        "subdivision", Map.of("type", "string"), "city", Map.of("type", "string"), "lat", Map.of("type", "number"), "lon", Map.of("type", "number"),
        "at", Map.of("type", "string", "format", "date-time"), "reporter", Map.of("type", "string"), "network", Map.of("type", "string"))));
    schemas.put("Accepted", Map.of("type", "object", "properties", Map.of("accepted", Map.of("type", "integer"), "counted", Map.of("type", "integer"))));
    schemas.put("SubscriptionInput", Map.of("type", "object", "required", List.of("services", "channels"), "properties", Map.of(
        "email", Map.of("type", "string", "format", "email"),
        "services", Map.of("type", "array", "items", Map.of("type", "string")),
        "countries", Map.of("type", "array", "items", Map.of("type", "string")),
        "minSeverity", Map.of("type", "string", "enum", List.of("POSSIBLE_PROBLEMS", "OUTAGE")),
        "confirmed", Map.of("type", "boolean"),
        "channels", Map.of("type", "array", "items", Map.of("type", "object", "required", List.of("kind", "target"), "properties", Map.of(
            "kind", Map.of("type", "string", "enum", List.of("email", "webhook", "slack", "discord", "teams", "ntfy", "telegram")),
            "target", Map.of("type", "string"), "secret", Map.of("type", "string")))))));
    schemas.put("WindowInput", Map.of("type", "object", "required", List.of("service", "startsAt", "endsAt"), "properties", Map.of(
        "service", Map.of("type", "string"), "title", Map.of("type", "string"), "description", Map.of("type", "string"),
        "startsAt", Map.of("type", "string", "format", "date-time"), "endsAt", Map.of("type", "string", "format", "date-time"))));
    schemas.put("SilenceInput", Map.of("type", "object", "required", List.of("endsAt"), "properties", Map.of(
        "service", Map.of("type", "string"), "subscriptionId", Map.of("type", "string"), "comment", Map.of("type", "string"),
        "startsAt", Map.of("type", "string", "format", "date-time"), "endsAt", Map.of("type", "string", "format", "date-time"))));

    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.1.0");
    doc.put("info", Map.of("title", "Vigie", "version", "0.1.0",
        "description", "Open outage detector and status platform: crowd reports in; status, incidents, feeds and notifications out.",
        "license", Map.of("name", "Apache-2.0", "identifier", "Apache-2.0")));
    doc.put("servers", List.of(Map.of("url", "http://localhost:8080", "description", "A local Vigie")));
    doc.put("tags", List.of(tag("reports", "Crowd problem reports"), tag("read", "Services, series, incidents"),
        tag("status", "Statuspage-compatible JSON and feeds"), tag("admin", "Administration (admin token)"),
        tag("self-service", "Subscriptions for people"), tag("operations", "Health, metrics, this document"), tag("pages", "HTML pages"),
        tag("probes", "Probe agents and what each vantage point sees")));
    doc.put("paths", paths);
    doc.put("components", Map.of("schemas", schemas, "securitySchemes", Map.of("bearer", Map.of("type", "http", "scheme", "bearer",
        "description", "An API token; admin routes need an admin token, imports an admin or import token"))));
    return doc;
  }

  private static Map<String, Object> tag(String name, String description) {
    return Map.of("name", name, "description", description);
  }

  private static Map<String, Object> op(String operationId, String summary, String tag, boolean secured, List<Map<String, Object>> params,
      Map<String, Object> body, Map<String, Object> responses) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("operationId", operationId);
    o.put("summary", summary);
    o.put("tags", List.of(tag));
    if (!params.isEmpty()) {
      o.put("parameters", params);
    }
    if (body != null) {
      o.put("requestBody", body);
    }
    o.put("security", secured ? List.of(Map.of("bearer", List.of())) : List.of(Map.of()));
    o.put("responses", responses);
    return o;
  }

  private static Map<String, Object> param(String name, String in, String description, boolean required) {
    return Map.of("name", name, "in", in, "description", description, "required", required, "schema", Map.of("type", "string"));
  }

  private static Map<String, Object> ref(String name) {
    return Map.of("$ref", "#/components/schemas/" + name);
  }

  private static Map<String, Object> obj() {
    return Map.of("type", "object");
  }

  private static Map<String, Object> jsonBody(Map<String, Object> schema) {
    return Map.of("required", true, "content", Map.of("application/json", Map.of("schema", schema)));
  }

  private static Map<String, Object> responses(String code, String description, Map<String, Object> schema, String... problems) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put(code, Map.of("description", description, "content", Map.of("application/json", Map.of("schema", schema))));
    return withProblems(r, problems);
  }

  private static Map<String, Object> withProblems(Map<String, Object> ok, String... problems) {
    Map<String, Object> r = new LinkedHashMap<>(ok);
    for (String p : problems) {
      r.put(p, Map.of("description", "Problem (RFC 9457)", "content", Map.of("application/problem+json", Map.of("schema", ref("Problem")))));
    }
    if (r.keySet().stream().noneMatch(k -> k.startsWith("4"))) {
      r.put("404", Map.of("description", "No such resource", "content", Map.of("application/problem+json", Map.of("schema", ref("Problem")))));
    }
    return r;
  }

  private static Map<String, Object> typed(String type, String description, boolean notFound) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("200", Map.of("description", description, "content", Map.of(type, Map.of("schema", Map.of("type", "string")))));
    return withProblems(r, notFound ? new String[] {"404"} : new String[0]);
  }

  private static Map<String, Object> html(String description) {
    return Map.of("200", Map.of("description", description, "content", Map.of("text/html", Map.of("schema", Map.of("type", "string")))));
  }

  /** An HTML page for 200 and for each (status, description) pair after it. */
  private static Map<String, Object> pages(String ok, String... statusAndDescription) {
    return htmlPages(new LinkedHashMap<>(html(ok)), statusAndDescription);
  }

  /** A 303 to another page on success, an HTML page for each (status, description) pair after it. */
  private static Map<String, Object> redirectOr(String done, String... statusAndDescription) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("303", Map.of("description", done));
    return htmlPages(r, statusAndDescription);
  }

  private static Map<String, Object> htmlPages(Map<String, Object> r, String... statusAndDescription) {
    for (int i = 0; i < statusAndDescription.length; i += 2) {
      r.put(statusAndDescription[i], Map.of("description", statusAndDescription[i + 1], "content", Map.of("text/html", Map.of("schema", Map.of("type", "string")))));
    }
    return r;
  }

  private static Map<String, Object> noContent(String... problems) {
    return withProblems(Map.of("204", Map.of("description", "Done")), problems);
  }
}
