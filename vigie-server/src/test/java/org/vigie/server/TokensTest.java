package org.vigie.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin token: generated once on first start, only its hash stored, honoured after restarts. */
class TokensTest {
  @TempDir Path dir;

  @Test
  void theFirstStartGeneratesATokenShownOnceAndStoresOnlyItsHash() throws Exception {
    String token;
    try (Vigie first = Vigie.start(VigieConfig.defaults(dir).withHost("127.0.0.1").withPort(0))) {
      assertThat(first.generatedAdminToken()).isPresent();
      token = first.generatedAdminToken().get();
      assertThat(first.tokens().roleOf(token)).hasValue(Tokens.ADMIN);
      assertThat(first.tokens().roleOf(token + "x")).isEmpty();
    }
    try (Vigie second = Vigie.start(VigieConfig.defaults(dir).withHost("127.0.0.1").withPort(0))) {
      assertThat(second.generatedAdminToken()).as("shown only once").isEmpty();
      assertThat(second.tokens().roleOf(token)).hasValue(Tokens.ADMIN);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1))
            .as("raw token in %s", f).doesNotContain(token);
      }
    }
  }

  @Test
  void aConfiguredTokenIsInstalledAndNoneIsGenerated() {
    try (Vigie v = Vigie.start(VigieConfig.defaults(dir).withHost("127.0.0.1").withPort(0).withAdminToken("my-own-admin-token-123"))) {
      assertThat(v.generatedAdminToken()).isEmpty();
      assertThat(v.tokens().roleOf("my-own-admin-token-123")).hasValue(Tokens.ADMIN);
    }
  }
}
