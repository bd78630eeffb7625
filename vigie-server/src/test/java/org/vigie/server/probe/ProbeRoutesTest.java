package org.vigie.server.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigie.core.signal.ProbeResult;
import org.vigie.probe.Agent;
import org.vigie.probe.Check;
import org.vigie.probe.HttpAgentClient;
import org.vigie.probe.Prober;
import org.vigie.probe.Quorum;
import org.vigie.probe.QuorumEvaluator;
import org.vigie.probe.Schedule;
import org.vigie.server.http.Json;
import org.vigie.server.http.Problem;

/** The agents' API on a test-local Helidon server on loopback, with the same problem+json handler shape as Api. */
class ProbeRoutesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2021-10-04T15:50:00Z"));
  final QuorumEvaluator quorum = new QuorumEvaluator(new Quorum(3, 2, Duration.ofSeconds(90)), () -> now.get());
  final List<Check> checks = List.of(new Check.Tcp("facebook", "127.0.0.1", 9, Schedule.DEFAULT));
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  WebServer server;

  @BeforeEach
  void start() {
    ProbeRoutes routes = new ProbeRoutes(v -> checks, quorum::recordAll, quorum, "agent-token-0123456789"::equals, "facebook"::equals);
    server = WebServer.builder().host("127.0.0.1").port(0).routing(r -> {
      routes.routes(r);
      r.error(Problem.class, (req, res, p) -> {
        res.status(Status.create(p.status()));
        res.header(HeaderNames.CONTENT_TYPE, "application/problem+json");
        res.send(Json.bytes(Map.of("title", p.title(), "status", p.status(), "detail", p.detail())));
      });
    }).build().start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  HttpResponse<String> post(String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri("/api/v1/probe-results")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void fourVantagePointsPushAndTheServiceSaysWhoSeesWhat() throws Exception {
    String[] vantages = {"FR-IDF", "US-CA", "DE-BE", "SG-01"};
    for (int round = 0; round < 2; round++) {
      for (int i = 0; i < 4; i++) {
        String outcome = i < 3 ? "servfail" : "ok";
        try (Prober p = new Prober(vantages[i])) {
          Agent agent = new Agent(new HttpAgentClient(uri("/"), "agent-token-0123456789", vantages[i]), p, 10, () -> now.get());
          assertThat(agent.refreshChecks()).isTrue();
          assertThat(agent.status().checks()).isEqualTo(1);
          agent.offer(new ProbeResult("facebook", "facebook.com/A", vantages[i], "dns", i == 3, outcome, Duration.ofMillis(12), now.get()));
          assertThat(agent.flush()).isEqualTo(1);
        }
      }
      now.set(now.get().plusSeconds(30));
    }
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/v1/services/facebook/probes")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode probe = JSON.readTree(r.body()).path("probes").get(0);
    assertThat(probe.path("summary").asText()).isEqualTo("DNS SERVFAIL from 3 of 4 vantage points since 15:50");
    assertThat(probe.path("evidence").asText()).isEqualTo("STRONG");
    assertThat(probe.path("byVantage").path("SG-01").asText()).isEqualTo("ok");
  }

  @Test
  void withoutAnAgentTokenIsA401Problem() throws Exception {
    HttpResponse<String> r = post("{\"vantage\":\"FR-IDF\",\"results\":[]}", null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(post("{\"vantage\":\"FR-IDF\",\"results\":[]}", "wrong").statusCode()).isEqualTo(401);
  }

  @Test
  void aBadResultIsA400NamingItAndNothingIsCounted() throws Exception {
    String body = """
        {"vantage":"FR-IDF","results":[
          {"service":"facebook","target":"facebook.com/A","kind":"dns","ok":false,"outcome":"servfail","latencyMs":3,"at":"2021-10-04T15:50:00Z"},
          {"service":"facebook","target":"facebook.com/A","kind":"smoke","ok":false,"outcome":"servfail","at":"2021-10-04T15:50:00Z"}]}""";
    HttpResponse<String> r = post(body, "agent-token-0123456789");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).path("detail").asText()).contains("result 2").contains("'kind'").contains("nothing was stored");
    assertThat(quorum.evaluate("facebook")).isEmpty();
  }

  @Test
  void checksNeedAVantageName() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/v1/agent/checks?vantage=../etc"))
        .header("Authorization", "Bearer agent-token-0123456789").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(400);
  }

  @Test
  void probesOfAnUnknownServiceAreA404Problem() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/v1/services/nope/probes")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(JSON.readTree(r.body()).path("detail").asText()).contains("'nope'");
  }

  @Test
  void aResultForAServiceNotInTheCatalogueIsA400NamingItAndNothingIsCounted() throws Exception {
    String body = """
        {"vantage":"FR-IDF","results":[
          {"service":"facebook","target":"facebook.com/A","kind":"dns","ok":false,"outcome":"servfail","latencyMs":3,"at":"2021-10-04T15:50:00Z"},
          {"service":"myspace","target":"myspace.com/A","kind":"dns","ok":false,"outcome":"servfail","latencyMs":3,"at":"2021-10-04T15:50:00Z"}]}""";
    HttpResponse<String> r = post(body, "agent-token-0123456789");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(JSON.readTree(r.body()).path("detail").asText()).contains("result 2").contains("'myspace'").contains("nothing was stored");
    assertThat(quorum.evaluate("facebook")).isEmpty();
  }
}
