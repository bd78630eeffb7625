package org.vigie.server.social;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.core.storage.MentionLog.Match;
import org.vigie.core.storage.MentionLog.StoredMention;
import org.vigie.server.TestServer;

/**
 * {@code POST /api/v1/mentions} as a running instance serves it (wired by {@code Vigie} and
 * {@code Api}): a 202 means the posts are in the storage's MentionLog and survive a restart.
 */
class MentionDurabilityTest {
  @TempDir Path dir;
  TestServer vigie;

  @AfterEach
  void stop() {
    if (vigie != null) {
      vigie.close();
    }
  }

  private static String json(String id, String author, String text) {
    return "{\"id\":\"" + id + "\",\"text\":\"" + text + "\",\"lang\":\"fr\",\"created_at\":\"2026-11-24T11:58:30Z\",\"author\":\""
        + author + "\",\"source\":\"bluesky\"}";
  }

  @Test
  void anAcceptedMentionIsStoredAndSurvivesARestart() {
    vigie = new TestServer(dir);
    String one = json("42", "did:plc:a", "WhatsApp en panne ce matin");

    HttpResponse<String> r = vigie.post("/api/v1/mentions", "application/json", one, TestServer.ADMIN);

    assertThat(r.statusCode()).isEqualTo(202);
    JsonNode j = TestServer.parse(r.body());
    assertThat(j.path("complaints").asInt()).isEqualTo(1);
    assertThat(vigie.vigie.storage().mentions().count()).isEqualTo(1);

    vigie.close();
    vigie = new TestServer(dir);

    assertThat(vigie.vigie.storage().mentions().count()).isEqualTo(1);
    List<StoredMention> stored = new ArrayList<>();
    vigie.vigie.storage().mentions().scan(java.time.Instant.MIN, java.time.Instant.MAX, stored::add);
    assertThat(stored).singleElement().satisfies(m -> {
      assertThat(m.source()).isEqualTo("bluesky");
      assertThat(m.postId()).isEqualTo("42");
      assertThat(m.matches()).extracting(Match::service).containsExactly("whatsapp");
      assertThat(m.matches().getFirst().complaint()).isTrue();
    });
    // The same post again after the restart (the in-memory dedupe table is empty) is still stored once.
    assertThat(vigie.post("/api/v1/mentions", "application/json", one, TestServer.ADMIN).statusCode()).isEqualTo(202);
    assertThat(vigie.vigie.storage().mentions().count()).isEqualTo(1);
  }

  @Test
  void aPostNamingNoServiceIsNotStored() {
    vigie = new TestServer(dir);

    HttpResponse<String> r = vigie.post("/api/v1/mentions", "application/json", json("1", "did:plc:a", "bonne journée à tous"), TestServer.ADMIN);

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(vigie.vigie.storage().mentions().count()).isZero();
  }
}
