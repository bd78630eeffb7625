package org.vigie.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.server.TestServer;

/** {@code POST /api/v1/reports} against a real server and the real embedded store. */
class ReportsApiTest {
  @TempDir Path dir;
  TestServer server;

  @BeforeEach
  void start() {
    server = new TestServer(dir);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private long stored() {
    return server.vigie.storage().signals().countReports();
  }

  private static String line(String service, String reporter) {
    return "{\"service\":\"" + service + "\",\"indicator\":\"login\",\"country\":\"FR\",\"reporter\":\"" + reporter
        + "\",\"network\":\"n1\",\"at\":\"2026-11-24T11:59:00Z\"}";
  }

  private static void assertProblem(HttpResponse<String> r, int status, String... fragments) {
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode p = TestServer.parse(r.body());
    assertThat(p.path("status").asInt()).isEqualTo(status);
    assertThat(p.path("detail").asText()).contains(fragments);
  }

  @Test
  void aSingleReportIsDurableAndCounted() {
    HttpResponse<String> r = server.post("/api/v1/reports", "application/json",
        "{\"service\":\"instagram\",\"indicator\":\"login\",\"country\":\"fr\",\"lat\":48.8566,\"lon\":2.3522}", null);
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(TestServer.parse(r.body()).path("counted").asInt()).isEqualTo(1);
    assertThat(stored()).isEqualTo(1);
  }

  @Test
  void onlyTheFirstReportOfAReporterPerServiceCounts() {
    String body = "{\"service\":\"instagram\"}";
    assertThat(TestServer.parse(server.post("/api/v1/reports", "application/json", body, null).body()).path("counted").asInt()).isEqualTo(1);
    assertThat(TestServer.parse(server.post("/api/v1/reports", "application/json", body, null).body()).path("counted").asInt()).isZero();
    // Another service is counted on its own.
    assertThat(TestServer.parse(server.post("/api/v1/reports", "application/json", "{\"service\":\"whatsapp\"}", null).body())
        .path("counted").asInt()).isEqualTo(1);
    assertThat(stored()).isEqualTo(3);
  }

  @Test
  void anImportBatchCarriesEventTimeAndIdentities() {
    String ndjson = line("facebook", "a") + "\n" + line("facebook", "b") + "\n" + line("facebook", "a") + "\n";
    HttpResponse<String> r = server.post("/api/v1/reports", "application/x-ndjson", ndjson, TestServer.ADMIN);
    assertThat(r.statusCode()).isEqualTo(202);
    JsonNode j = TestServer.parse(r.body());
    assertThat(j.path("accepted").asInt()).isEqualTo(3);
    assertThat(j.path("counted").asInt()).isEqualTo(2);
    assertThat(stored()).isEqualTo(3);
  }

  @Test
  void malformedJsonNamesTheLine() {
    String ndjson = line("facebook", "a") + "\n{\"service\": \"facebook\",\n";
    assertProblem(server.post("/api/v1/reports", "application/x-ndjson", ndjson, TestServer.ADMIN), 400, "line 2", "malformed JSON");
    assertThat(stored()).isZero();
  }

  @Test
  void aBatchWithOneUnknownServiceStoresNothing() {
    String ndjson = line("facebook", "a") + "\n" + line("myspace", "b") + "\n" + line("facebook", "c");
    HttpResponse<String> r = server.post("/api/v1/reports", "application/x-ndjson", ndjson, TestServer.ADMIN);
    assertProblem(r, 400, "line 2", "field 'service'", "unknown service 'myspace'", "nothing was stored");
    JsonNode errors = TestServer.parse(r.body()).path("errors");
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).path("line").asInt()).isEqualTo(2);
    assertThat(stored()).isZero();
    // Nothing half-applied: the good lines did not mark their reporters as counted either.
    HttpResponse<String> again = server.post("/api/v1/reports", "application/x-ndjson", line("facebook", "a"), TestServer.ADMIN);
    assertThat(TestServer.parse(again.body()).path("counted").asInt()).isEqualTo(1);
  }

  @Test
  void unknownIndicatorListsTheValidOnes() {
    assertProblem(server.post("/api/v1/reports", "application/json", "{\"service\":\"instagram\",\"indicator\":\"teleport\"}", null),
        400, "field 'indicator'", "teleport", "login");
  }

  @Test
  void badCountryCodeIsRefused() {
    assertProblem(server.post("/api/v1/reports", "application/json", "{\"service\":\"instagram\",\"country\":\"XQ\"}", null),
        400, "field 'country'", "ISO 3166-1");
    assertProblem(server.post("/api/v1/reports", "application/json", "{\"service\":\"instagram\",\"country\":\"FRA\"}", null),
        400, "field 'country'");
  }

  @Test
  void wrongTypesAndUnknownFieldsAreNamed() {
    assertProblem(server.post("/api/v1/reports", "application/json", "{\"service\":\"instagram\",\"lat\":\"north\",\"lon\":2}", null),
        400, "field 'lat'", "number");
    assertProblem(server.post("/api/v1/reports", "application/json", "{\"service\":\"instagram\",\"colour\":\"red\"}", null),
        400, "field 'colour'", "unknown field");
  }

  @Test
  void anonymousReportsCannotSetEventTime() {
    assertProblem(server.post("/api/v1/reports", "application/json", "{\"service\":\"instagram\",\"at\":\"2021-10-04T15:39:00Z\"}", null),
        400, "field 'at'", "import token");
  }

  @Test
  void wrongContentTypeIs415() {
    assertProblem(server.post("/api/v1/reports", "text/plain", "service=instagram", null), 415, "application/x-ndjson");
  }

  @Test
  void oversizedBodyIs413() {
    String big = "{\"service\":\"instagram\",\"city\":\"" + "x".repeat(70_000) + "\"}";
    assertProblem(server.post("/api/v1/reports", "application/json", big, null), 413, "exceeds");
    assertThat(stored()).isZero();
  }

  @Test
  void moreThanTenThousandLinesAreRefused() {
    String ndjson = IntStream.rangeClosed(1, 10_001).mapToObj(i -> line("facebook", "r" + i)).collect(Collectors.joining("\n"));
    assertProblem(server.post("/api/v1/reports", "application/x-ndjson", ndjson, TestServer.ADMIN), 400, "line 10001", "at most 10000");
    assertThat(stored()).isZero();
  }

  @Test
  void anUnknownTokenIs401NotAnonymous() {
    assertProblem(server.post("/api/v1/reports", "application/x-ndjson", line("facebook", "a"), "not-a-token"), 401, "not known");
  }

  @Test
  void anAddressSendingTooManyReportsIsRateLimited() {
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> ok = server.post("/api/v1/reports", "application/json", "{\"service\":\"instagram\"}", null);
      assertThat(ok.statusCode()).isEqualTo(202);
    }
    HttpResponse<String> r = server.post("/api/v1/reports", "application/json", "{\"service\":\"instagram\"}", null);
    assertProblem(r, 429, "too many reports");
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
    assertThat(stored()).isEqualTo(10);
    // The bucket refills with (injected) time.
    server.clock.advanceSeconds(60);
    assertThat(server.post("/api/v1/reports", "application/json", "{\"service\":\"instagram\"}", null).statusCode()).isEqualTo(202);
  }

  @Test
  void anAnonymousBatchLargerThanTheBurstIsRefusedNotDeferredForever() {
    String ndjson = IntStream.rangeClosed(1, 11).mapToObj(i -> "{\"service\":\"instagram\"}").collect(Collectors.joining("\n"));
    assertProblem(server.post("/api/v1/reports", "application/x-ndjson", ndjson, null), 400, "at most 10 reports");
    assertThat(stored()).isZero();
  }

  @Test
  void unknownPathsAreProblemsToo() {
    assertProblem(server.get("/api/v1/nothing-here"), 404, "/api/v1/nothing-here");
    assertProblem(server.get("/api/v1/services/myspace"), 404, "myspace");
    assertProblem(server.get("/api/v1/incidents/abc"), 400, "not a number");
  }
}
