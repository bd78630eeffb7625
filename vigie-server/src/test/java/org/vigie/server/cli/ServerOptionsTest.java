package org.vigie.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.server.VigieConfig;
import picocli.CommandLine;

/** Where each serve option comes from: command line, then environment, then config file, then default. */
class ServerOptionsTest {
  @TempDir Path dir;

  private static ServerOptions parse(String... args) {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs(args);
    return serve.options;
  }

  @Test
  void defaultsWhenNothingIsGiven() {
    VigieConfig c = parse().resolve(Map.of());
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.dataDir()).isEqualTo(Path.of("vigie-data"));
    assertThat(c.catalogue()).isNull();
    assertThat(c.adminToken()).isNull();
  }

  @Test
  void commandLineBeatsEnvironmentWhichBeatsTheConfigFile() throws Exception {
    Path file = dir.resolve("vigie.properties");
    Files.writeString(file, "port=7000\ndata=/from/file\ncatalogue=/file/catalogue.yaml\n");
    Map<String, String> env = Map.of("VIGIE_PORT", "7100", "VIGIE_ADMIN_TOKEN", "an-admin-token-of-some-length");
    VigieConfig c = parse("--config", file.toString(), "--data", "/from/cli").resolve(env);
    assertThat(c.port()).isEqualTo(7100);
    assertThat(c.dataDir()).isEqualTo(Path.of("/from/cli"));
    assertThat(c.catalogue()).isEqualTo(Path.of("/file/catalogue.yaml"));
    assertThat(c.adminToken()).isEqualTo("an-admin-token-of-some-length");
    assertThat(parse("--port", "7200", "--config", file.toString()).resolve(env).port()).isEqualTo(7200);
  }

  @Test
  void badValuesAreRefusedWithTheirName() {
    assertThatThrownBy(() -> parse().resolve(Map.of("VIGIE_PORT", "eighty"))).hasMessageContaining("port 'eighty'");
    assertThatThrownBy(() -> parse().resolve(Map.of("VIGIE_PORT", "70000"))).hasMessageContaining("70000");
    assertThatThrownBy(() -> parse().resolve(Map.of("VIGIE_ADMIN_TOKEN", "short"))).hasMessageContaining("VIGIE_ADMIN_TOKEN");
    assertThatThrownBy(() -> parse("--config", dir.resolve("missing.properties").toString()).resolve(Map.of()))
        .hasMessageContaining("missing.properties");
  }
}
