package org.vigie.server.cli;

import java.net.URI;
import java.util.concurrent.Callable;
import org.vigie.server.replay.ReplayClient;
import org.vigie.server.replay.ReplaySummary;
import org.vigie.server.replay.Scenarios;
import org.vigie.server.replay.Speed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "replay", description = "Replay a recorded outage scenario into a running Vigie through its import API.",
    mixinStandardHelpOptions = true)
final class ReplayCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "scenario: meta-2021-10-04, instagram-2019-06-13 or quiet")
  String scenario;

  @Option(names = "--speed", defaultValue = "max", description = "event time per wall time (e.g. 60) or 'max' (default)")
  String speed;

  @Option(names = "--target", defaultValue = "http://localhost:8080", description = "the Vigie to send to")
  URI target;

  @Option(names = "--token", description = "an admin or import token (default: env VIGIE_ADMIN_TOKEN)")
  String token;

  @Option(names = "--no-progress", description = "do not draw the progress bar")
  boolean noProgress;

  @Override
  public Integer call() {
    String t = token != null ? token : System.getenv("VIGIE_ADMIN_TOKEN");
    if (t == null || t.isBlank()) {
      throw new IllegalArgumentException("an import token is required: --token T or VIGIE_ADMIN_TOKEN");
    }
    ReplaySummary s = ReplayClient.run(Scenarios.byName(scenario), target, t, Speed.parse(speed), !noProgress);
    System.out.println(s);
    return 0;
  }
}
