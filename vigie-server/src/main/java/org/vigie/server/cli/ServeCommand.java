package org.vigie.server.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.vigie.server.Vigie;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", description = "Run Vigie until stopped: on the embedded store, on PostgreSQL (--postgres), or as one instance of a cluster (--kafka with --postgres).", mixinStandardHelpOptions = true)
final class ServeCommand implements Callable<Integer> {
  @Mixin ServerOptions options;

  @Option(names = "--mastodon", paramLabel = "URL[#hashtag...]",
      description = "read complaints from this Mastodon server's public timeline, or its hashtag timelines (repeatable;"
          + " bearer token from env VIGIE_MASTODON_TOKEN)")
  java.util.List<String> mastodon = java.util.List.of();

  @Option(names = "--jetstream", paramLabel = "URL",
      description = "read complaints from this Bluesky Jetstream endpoint, e.g. wss://jetstream2.us-east.bsky.network/subscribe (repeatable)")
  java.util.List<java.net.URI> jetstream = java.util.List.of();

  @Override
  public Integer call() throws InterruptedException {
    org.vigie.server.social.SocialStreams.check(mastodon, jetstream);
    // serve is the one command that reaches out: a local probe agent and the status page pollers.
    Vigie vigie = Vigie.start(options.resolve(System.getenv()).withOutbound(!options.offline));
    // Social streams only when asked: each is an outbound connection to a network's server.
    org.vigie.server.social.SocialStreams social = org.vigie.server.social.SocialStreams.start(vigie, mastodon,
        System.getenv("VIGIE_MASTODON_TOKEN"), jetstream, java.net.http.HttpClient.newHttpClient(), org.vigie.sources.social.Sleeper.REAL);
    announce(vigie);
    serveUntilStopped(vigie, social);
    return 0;
  }

  /**
   * Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes what feeds Vigie and Vigie
   * itself cleanly, in that order.
   */
  static void serveUntilStopped(Vigie vigie, AutoCloseable... feeders) throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (AutoCloseable f : feeders) {
        try {
          f.close();
        } catch (Exception e) {
          System.err.println("closing " + f + " failed: " + e);
        }
      }
      vigie.close();
      stop.countDown();
    }));
    stop.await();
  }

  static void announce(Vigie vigie) {
    vigie.generatedAdminToken().ifPresent(t -> System.out.println(
        "\nFirst start: the admin token is\n\n    " + t + "\n\nIt is shown only this once; only its hash is stored. "
            + "Set VIGIE_ADMIN_TOKEN to choose your own.\n"));
    System.out.println("Vigie is up: http://localhost:" + vigie.port() + "/");
  }
}
