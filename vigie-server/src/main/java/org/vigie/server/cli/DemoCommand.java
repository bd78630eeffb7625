package org.vigie.server.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.vigie.core.incident.Incident;
import org.vigie.server.Vigie;
import org.vigie.server.VigieConfig;
import org.vigie.server.replay.ReplayClient;
import org.vigie.server.replay.ReplaySummary;
import org.vigie.server.replay.Scenario;
import org.vigie.server.replay.Scenarios;
import org.vigie.server.replay.Speed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Start Vigie on a fresh embedded store and replay an outage so you can watch it being detected.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--scenario", defaultValue = "meta-2021-10-04", description = "meta-2021-10-04 (default), instagram-2019-06-13 or quiet")
  String scenario;

  @Option(names = "--speed", defaultValue = "max", description = "event time per wall time, or 'max' (default)")
  String speed;

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default 8080)")
  int port;

  @Option(names = "--data", defaultValue = "vigie-data/demo", description = "data directory, wiped first (default vigie-data/demo)")
  Path data;

  @Option(names = "--exit", description = "stop after the replay instead of serving on")
  boolean exit;

  @Override
  public Integer call() throws InterruptedException {
    Scenario sc = Scenarios.byName(scenario);
    wipe(data);
    String token = System.getenv().getOrDefault("VIGIE_ADMIN_TOKEN", "demo-" + Long.toHexString(Double.doubleToLongBits(Math.random())) + "-token");
    Vigie vigie = Vigie.start(VigieConfig.defaults(data).withPort(port).withAdminToken(token));
    System.out.println("Vigie is up: http://localhost:" + vigie.port() + "/  (admin token for this demo: " + token + ")");
    System.out.println("Replaying " + sc.name() + ": " + sc.description().lines().findFirst().orElse(""));
    ReplaySummary s = ReplayClient.run(sc, URI.create("http://127.0.0.1:" + vigie.port()), token, Speed.parse(speed), true);
    System.out.println(s);
    vigie.flush();
    summarise(vigie, sc);
    if (exit) {
      vigie.close();
      return 0;
    }
    System.out.println("\nStill serving on http://localhost:" + vigie.port() + "/ — try /api/v1/incidents. Ctrl-C to stop.");
    ServeCommand.serveUntilStopped(vigie);
    return 0;
  }

  static void summarise(Vigie vigie, Scenario sc) {
    List<Incident> incidents = vigie.storage().incidents().list(null, sc.start(), sc.end().plus(Duration.ofDays(1)), 1000);
    System.out.println("\nIncidents (event time):");
    if (incidents.isEmpty()) {
      System.out.println("  none");
    }
    for (Incident i : incidents.stream().sorted(Comparator.comparing(Incident::startedAt)).toList()) {
      Instant onset = sc.onsets().stream().filter(o -> !o.isAfter(i.detectedAt())).max(Comparator.naturalOrder()).orElse(null);
      String delay = onset == null ? "no scripted onset before it" : "detected " + Duration.between(onset, i.detectedAt()).toSeconds() + " s after onset " + onset;
      System.out.printf("  #%d %-20s %s → %s  peak %,d/min  %,d reports  %s  top: %s%n", i.id(), i.service(), i.startedAt(),
          i.resolvedAt() == null ? "ongoing" : i.resolvedAt(), i.peakPerMinute(), i.totalReports(), delay,
          i.countries().stream().limit(3).map(c -> c.country() + " " + c.reports()).toList());
    }
  }

  static void wipe(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot wipe " + dir + ": " + e.getMessage(), e);
    }
  }
}
