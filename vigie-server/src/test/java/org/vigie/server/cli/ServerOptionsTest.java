package org.vigie.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.notify.channel.EmailChannel;
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
    assertThat(c.postgresUrl()).isNull();
    assertThat(c.postgresUser()).isNull();
    assertThat(c.storeDescription()).startsWith("SQLite at ");
  }

  @Test
  void postgresComesFromTheCommandLineThenTheEnvironmentThenTheConfigFile() throws Exception {
    Path file = dir.resolve("vigie.properties");
    Files.writeString(file, "postgres=jdbc:postgresql://file-db:5432/vigie\npostgres-user=file_user\n");
    VigieConfig fromFile = parse("--config", file.toString()).resolve(Map.of());
    assertThat(fromFile.postgresUrl()).isEqualTo("jdbc:postgresql://file-db:5432/vigie");
    assertThat(fromFile.postgresUser()).isEqualTo("file_user");

    Map<String, String> env = Map.of("VIGIE_POSTGRES", "jdbc:postgresql://env-db:5432/vigie?ssl=true",
        "VIGIE_POSTGRES_USER", "env_user");
    VigieConfig fromEnv = parse("--config", file.toString()).resolve(env);
    assertThat(fromEnv.postgresUrl()).isEqualTo("jdbc:postgresql://env-db:5432/vigie?ssl=true");
    assertThat(fromEnv.postgresUser()).isEqualTo("env_user");
    // The log names the store without the query string, where a password could be.
    assertThat(fromEnv.storeDescription()).isEqualTo("PostgreSQL at jdbc:postgresql://env-db:5432/vigie");

    VigieConfig fromCli = parse("--config", file.toString(), "--postgres", "jdbc:postgresql://cli-db/vigie",
        "--postgres-user", "cli_user").resolve(env);
    assertThat(fromCli.postgresUrl()).isEqualTo("jdbc:postgresql://cli-db/vigie");
    assertThat(fromCli.postgresUser()).isEqualTo("cli_user");
  }

  @Test
  void kafkaMeansClusterModeAndNeedsPostgres() throws Exception {
    assertThatThrownBy(() -> parse("--kafka", "k1:9092").resolve(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--kafka needs --postgres: in cluster mode every instance shares one PostgreSQL database");

    Path file = dir.resolve("cluster.properties");
    Files.writeString(file, "kafka=file-k:9092\nnode-id=file-node\npostgres=jdbc:postgresql://db/vigie\n");
    VigieConfig fromFile = parse("--config", file.toString()).resolve(Map.of());
    assertThat(fromFile.cluster().bootstrap()).isEqualTo("file-k:9092");
    assertThat(fromFile.cluster().nodeId()).isEqualTo("file-node");
    VigieConfig fromCli = parse("--config", file.toString(), "--kafka", "k1:9092,k2:9092", "--node-id", "web-2")
        .resolve(Map.of("VIGIE_KAFKA", "env-k:9092"));
    assertThat(fromCli.cluster().bootstrap()).isEqualTo("k1:9092,k2:9092");
    assertThat(fromCli.cluster().nodeId()).isEqualTo("web-2");
    assertThat(fromCli.storeDescription()).endsWith("cluster mode through Kafka at k1:9092,k2:9092 as node web-2");
    // The node id names Kafka transactional ids: it must be a plain word.
    assertThatThrownBy(() -> parse("--config", file.toString(), "--node-id", "a b").resolve(Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--node-id 'a b'");
    assertThat(parse().resolve(Map.of()).cluster()).isNull();
  }

  @Test
  void thePostgresPasswordHasNoOptionNorConfigKey() throws Exception {
    assertThatThrownBy(() -> parse("--postgres-password", "secret")).isInstanceOf(CommandLine.UnmatchedArgumentException.class);
    Path file = dir.resolve("vigie.properties");
    Files.writeString(file, "postgres=jdbc:postgresql://db/vigie\npostgres-password=from-file\n");
    VigieConfig c = parse("--config", file.toString()).resolve(Map.of("VIGIE_POSTGRES_PASSWORD", "from-env"));
    // The configuration (and so its toString, which may be logged) never holds the password.
    assertThat(c.toString()).doesNotContain("from-file").doesNotContain("from-env");
  }

  @Test
  void smtpComesFromTheCommandLineThenTheEnvironmentThenTheConfigFileAndItsPasswordOnlyFromTheEnvironment() throws Exception {
    assertThat(parse().resolve(Map.of()).smtp()).isNull();
    Path file = dir.resolve("vigie.properties");
    Files.writeString(file, "smtp-host=file-relay\nsmtp-from=file@example.org\nsmtp-user=file_user\nsmtp-password=from-file\n");
    EmailChannel.Smtp fromFile = parse("--config", file.toString()).resolve(Map.of()).smtp();
    assertThat(fromFile).isEqualTo(new EmailChannel.Smtp("file-relay", 587, "file@example.org", "file_user", null, true));

    Map<String, String> env = Map.of("VIGIE_SMTP_HOST", "env-relay", "VIGIE_SMTP_PORT", "2525", "VIGIE_SMTP_PASSWORD", "from-env",
        "VIGIE_SMTP_PLAIN", "true");
    VigieConfig fromEnv = parse("--config", file.toString()).resolve(env);
    assertThat(fromEnv.smtp()).isEqualTo(new EmailChannel.Smtp("env-relay", 2525, "file@example.org", "file_user", "from-env", false));
    // The configuration may be logged: it never shows the password.
    assertThat(fromEnv.toString()).contains("env-relay").doesNotContain("from-env");

    EmailChannel.Smtp fromCli = parse("--config", file.toString(), "--smtp-host", "cli-relay", "--smtp-port", "465",
        "--smtp-from", "vigie@example.org", "--smtp-user", "cli_user").resolve(env).smtp();
    assertThat(fromCli).isEqualTo(new EmailChannel.Smtp("cli-relay", 465, "vigie@example.org", "cli_user", "from-env", false));
    assertThatThrownBy(() -> parse("--smtp-password", "secret")).isInstanceOf(CommandLine.UnmatchedArgumentException.class);
  }

  @Test
  void anSmtpHostWithoutASenderIsRefusedWithTheOptionToGive() {
    assertThatThrownBy(() -> parse("--smtp-host", "relay").resolve(Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--smtp-from");
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
    assertThatThrownBy(() -> parse("--postgres", "postgres://db/vigie").resolve(Map.of())).hasMessageContaining("--postgres");
  }

  @Test
  void thePublicAddressComesFromTheOptionTheEnvironmentOrTheFileWithoutItsTrailingSlash() throws Exception {
    Path file = dir.resolve("vigie.properties");
    Files.writeString(file, "public-url=https://file.example/status/\n");
    assertThat(parse("--config", file.toString()).resolve(Map.of()).publicUrl()).isEqualTo("https://file.example/status");
    assertThat(parse("--config", file.toString()).resolve(Map.of("VIGIE_PUBLIC_URL", "https://env.example")).linkBase())
        .isEqualTo("https://env.example");
    assertThat(parse("--public-url", "http://cli.example:8443/", "--config", file.toString())
        .resolve(Map.of("VIGIE_PUBLIC_URL", "https://env.example")).publicUrl()).isEqualTo("http://cli.example:8443");
    // Not given: links point at this machine's port.
    VigieConfig local = parse("--port", "7300").resolve(Map.of());
    assertThat(local.publicUrl()).isNull();
    assertThat(local.linkBase()).isEqualTo("http://localhost:7300");
  }

  @Test
  void aPublicAddressThatCannotPrefixALinkIsRefusedAtStart() {
    for (String bad : new String[] {"vigie.example", "ftp://vigie.example", "https://vigie.example/?a=1", "https://vigie.example/#top", "https://exa mple"}) {
      assertThatThrownBy(() -> parse("--public-url", bad).resolve(Map.of()))
          .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--public-url");
    }
  }
}
