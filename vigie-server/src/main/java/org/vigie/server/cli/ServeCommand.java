package org.vigie.server.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.vigie.server.Vigie;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "serve", description = "Run Vigie until stopped: on the embedded store, on PostgreSQL (--postgres), or as one instance of a cluster (--kafka with --postgres).", mixinStandardHelpOptions = true)
final class ServeCommand implements Callable<Integer> {
  @Mixin ServerOptions options;

  @Override
  public Integer call() throws InterruptedException {
    // serve is the one command that reaches out: a local probe agent and the status page pollers.
    Vigie vigie = Vigie.start(options.resolve(System.getenv()).withOutbound(!options.offline));
    announce(vigie);
    serveUntilStopped(vigie);
    return 0;
  }

  /** Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM), then closes Vigie cleanly. */
  static void serveUntilStopped(Vigie vigie) throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
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
