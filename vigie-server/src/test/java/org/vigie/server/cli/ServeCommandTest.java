package org.vigie.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The social stream options of {@code vigie serve}: repeatable, off by default, checked before anything starts. */
class ServeCommandTest {
  @TempDir Path dir;

  private static ServeCommand parse(String... args) {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs(args);
    return serve;
  }

  @Test
  void noStreamUnlessNamed() {
    ServeCommand serve = parse();
    assertThat(serve.mastodon).isEmpty();
    assertThat(serve.jetstream).isEmpty();
  }

  @Test
  void streamsAreRepeatable() {
    ServeCommand serve = parse("--mastodon", "https://mastodon.social#instagramdown#panne", "--mastodon", "https://piaille.fr",
        "--jetstream", "wss://jetstream2.us-east.bsky.network/subscribe");
    assertThat(serve.mastodon).containsExactly("https://mastodon.social#instagramdown#panne", "https://piaille.fr");
    assertThat(serve.jetstream).containsExactly(URI.create("wss://jetstream2.us-east.bsky.network/subscribe"));
  }

  @Test
  void aBadStreamAddressStopsServeBeforeAnythingStarts() {
    Path data = dir.resolve("data");
    ServeCommand serve = parse("--data", data.toString(), "--port", "0", "--jetstream", "https://jetstream.example/subscribe");

    assertThatThrownBy(serve::call).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--jetstream");
    assertThat(Files.exists(data)).as("no store was opened").isFalse();
  }
}
