package org.vigie.server.social;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.webserver.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.core.signal.ReporterKeys;
import org.vigie.server.TestServer;
import org.vigie.server.http.Api;
import org.vigie.sources.social.ComplaintTally;

/**
 * {@code POST /api/v1/mentions} on a real Helidon server, routed the way the lead will wire it:
 * the mention routes first, then the instance's {@link Api} (whose error handler turns
 * {@code Problem}s into application/problem+json).
 */
class MentionRoutesTest {
  @TempDir Path dir;
  TestServer vigie;
  WebServer server;
  ComplaintTally tally;
  final java.util.concurrent.atomic.AtomicBoolean storeFails = new java.util.concurrent.atomic.AtomicBoolean();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() {
    vigie = new TestServer(dir);
    tally = MentionRoutes.tallyFor(vigie.vigie);
    ReporterKeys keys = new ReporterKeys("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    // As MentionRoutes.ingestorFor builds it, but with a sink that fails on demand, as a full disk would.
    org.vigie.sources.social.MentionIngestor ingestor = new org.vigie.sources.social.MentionIngestor(
        new org.vigie.sources.social.ComplaintClassifier(vigie.vigie.catalogue()), id -> keys.of("s", id), tally, batch -> {
          if (storeFails.get()) {
            throw new org.vigie.core.storage.StorageException("disk full (simulated)");
          }
          vigie.vigie.storage().mentions().append(batch);
        }, vigie.clock);
    MentionRoutes routes = new MentionRoutes(vigie.vigie, ingestor);
    Api api = new Api(vigie.vigie);
    server = WebServer.builder().host("127.0.0.1").port(0).routing(r -> {
      routes.routes(r);
      api.routes(r);
    }).build().start();
  }

  @AfterEach
  void stop() {
    server.stop();
    vigie.close();
  }

  private HttpResponse<String> post(String type, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/v1/mentions"))
        .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String json(String id, String author, String text) {
    return "{\"id\":\"" + id + "\",\"text\":\"" + text + "\",\"lang\":\"fr\",\"created_at\":\"2026-11-24T11:58:30Z\",\"author\":\""
        + author + "\",\"source\":\"bluesky\"}";
  }

  @Test
  void aBatchIsClassifiedAndComplaintsAreCountedPerDistinctAuthor() throws Exception {
    String ndjson = String.join("\n",
        json("1", "did:plc:a", "instagram est en panne, impossible de charger le fil"),
        json("2", "did:plc:a", "toujours en panne instagram"),
        json("3", "did:plc:b", "Instagram ne marche plus chez moi"),
        json("4", "did:plc:c", "Facebook perd 40 milliards de dollars en bourse"),
        json("5", "did:plc:d", "bonne journée à tous"));
    HttpResponse<String> r = post("application/x-ndjson", ndjson, TestServer.ADMIN);
    assertThat(r.statusCode()).isEqualTo(202);
    JsonNode j = TestServer.parse(r.body());
    assertThat(j.path("accepted").asInt()).isEqualTo(5);
    assertThat(j.path("matched").asInt()).isEqualTo(4);
    assertThat(j.path("complaints").asInt()).isEqualTo(3);
    Instant minute = Instant.parse("2026-11-24T11:58:00Z");
    tally.close(minute.getEpochSecond() / 60);
    List<ComplaintTally.SocialMinute> closed = tally.recent("instagram", minute, minute.plusSeconds(60));
    assertThat(closed).singleElement().satisfies(m -> {
      assertThat(m.service()).isEqualTo("instagram");
      assertThat(m.minute()).isEqualTo(Instant.parse("2026-11-24T11:58:00Z"));
      assertThat(m.authors()).isEqualTo(2); // did:plc:a twice counts once
    });
  }

  @Test
  void theSamePostTwiceIsADuplicate() throws Exception {
    String one = json("42", "did:plc:a", "WhatsApp en panne ce matin");
    assertThat(TestServer.parse(post("application/json", one, TestServer.ADMIN).body()).path("complaints").asInt()).isEqualTo(1);
    JsonNode again = TestServer.parse(post("application/json", one, TestServer.ADMIN).body());
    assertThat(again.path("duplicates").asInt()).isEqualTo(1);
    assertThat(again.path("complaints").asInt()).isZero();
  }

  @Test
  void whenTheStoreFailsItIs503WithRetryAfterAndNothingIsCountedOrStored() throws Exception {
    String one = json("7", "did:plc:a", "instagram est en panne");
    storeFails.set(true);

    HttpResponse<String> r = post("application/json", one, TestServer.ADMIN);

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(TestServer.parse(r.body()).path("detail").asText()).contains("none was taken");
    assertThat(vigie.vigie.storage().mentions().count()).isZero();
    assertThat(tally.close(vigie.clock.instant().getEpochSecond() / 60)).isEmpty();
    assertThat(tally.quotes("instagram")).isEmpty();

    // Sent again once the store is back, the same post is taken: it was not remembered as seen.
    storeFails.set(false);
    JsonNode again = TestServer.parse(post("application/json", one, TestServer.ADMIN).body());
    assertThat(again.path("duplicates").asInt()).isZero();
    assertThat(again.path("complaints").asInt()).isEqualTo(1);
    assertThat(vigie.vigie.storage().mentions().count()).isEqualTo(1);
  }

  @Test
  void withoutATokenItIsRefused() throws Exception {
    HttpResponse<String> r = post("application/json", json("1", "a", "instagram down"), null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  @Test
  void aBadLineRefusesTheBatchAndNamesTheLineAndField() throws Exception {
    String ndjson = json("1", "a", "instagram down") + "\n{\"id\":\"2\",\"text\":\"x\",\"created_at\":\"yesterday\",\"author\":\"b\",\"source\":\"bluesky\"}";
    HttpResponse<String> r = post("application/x-ndjson", ndjson, TestServer.ADMIN);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode p = TestServer.parse(r.body());
    assertThat(p.path("detail").asText()).contains("line 2", "created_at", "nothing was stored");
  }

  @Test
  void anotherMediaTypeIs415() throws Exception {
    assertThat(post("text/plain", "instagram down", TestServer.ADMIN).statusCode()).isEqualTo(415);
  }
}
