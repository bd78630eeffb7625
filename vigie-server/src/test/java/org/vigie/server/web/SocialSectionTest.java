package org.vigie.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.server.TestServer;

/**
 * "Posts about problems" on the service page, over HTTP: complaints sent to the mentions API are
 * counted once their minute closes and quoted with their source, escaped, in both languages.
 */
class SocialSectionTest {
  @TempDir Path dir;
  TestServer server;

  static String post(String id, String author, String text, String source) {
    return "{\"id\":\"" + id + "\",\"text\":\"" + text + "\",\"lang\":\"fr\",\"created_at\":\"2026-11-24T12:00:20Z\",\"author\":\""
        + author + "\",\"source\":\"" + source + "\"}";
  }

  @BeforeEach
  void complaints() {
    server = new TestServer(dir);
    // One crowd report starts event time; minutes close as the clock moves on.
    assertThat(server.post("/api/v1/reports", "application/json", "{\"service\":\"instagram\"}", null).statusCode()).isEqualTo(202);
    String ndjson = String.join("\n", List.of(
        post("1", "did:plc:a", "instagram est en panne, rien ne charge <script>alert(1)</script>", "bluesky"),
        post("2", "bob", "Instagram ne marche plus & le fil reste vide", "mastodon:mas.to"),
        post("3", "did:plc:c", "toujours en panne instagram", "bluesky"),
        post("4", "did:plc:d", "Instagram perd 40 milliards de dollars en bourse", "bluesky")));
    assertThat(server.post("/api/v1/mentions", "application/x-ndjson", ndjson, TestServer.ADMIN).statusCode()).isEqualTo(202);
    server.clock.advanceSeconds(120);
    server.vigie.pipeline().tick();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theServicePageCountsComplainingAuthorsAndQuotesTheirPostsEscaped() {
    String html = server.get("/status/instagram?lang=en").body();

    assertThat(html).contains("Posts about problems")
        .contains("3 people posted about problems with Instagram in the last hour (usually about ");
    assertThat(html).contains("Mastodon (mas.to)").contains("Bluesky")
        .contains("le fil reste vide").contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>alert(1)").doesNotContain("milliards");
  }

  @Test
  void inFrenchToo() {
    String html = server.get("/status/instagram?lang=fr").body();

    assertThat(html).contains("Messages signalant des problèmes")
        .contains("3 personnes ont signalé des problèmes avec Instagram sur les réseaux sociaux dans la dernière heure")
        .contains("Dernières plaintes");
  }

  @Test
  void theCountSurvivesARestartFromTheStoredTallies() {
    server.vigie.flush();
    java.time.Instant now = server.clock.instant();
    server.close();
    server = new TestServer(dir, now);

    assertThat(server.get("/status/instagram?lang=en").body())
        .contains("3 people posted about problems with Instagram in the last hour");
  }

  @Test
  void aServiceNobodyComplainsAboutSaysSo() {
    assertThat(server.get("/status/whatsapp?lang=en").body())
        .contains("Nobody posted about problems with WhatsApp in the last hour")
        .doesNotContain("id=\"social-posts\"");
  }
}
