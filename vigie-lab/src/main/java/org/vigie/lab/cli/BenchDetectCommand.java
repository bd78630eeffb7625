package org.vigie.lab.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vigie.core.incident.Relations;
import org.vigie.lab.detect.DetectorRegistry;
import org.vigie.lab.nab.NabRunner;
import org.vigie.lab.nab.NabScorer;
import org.vigie.lab.scenario.LabScenarios;
import org.vigie.lab.scenario.ScenarioBench;
import org.vigie.server.catalogue.CatalogueFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie bench detect}: the whole detection-quality table, NAB then scenarios. */
@Command(name = "detect", mixinStandardHelpOptions = true,
    description = "Detection quality: NAB (per category and profile) and the outage scenarios, Vigie beside the baselines.")
final class BenchDetectCommand implements Callable<Integer> {
  /** The anomaly-score threshold Vigie ships with: both of Vigie's detectors alarm above it. */
  static final double SHIPPED_THRESHOLD = 0.5;

  @Option(names = "--nab", defaultValue = "../shared/data/nab", description = "NAB root (default: ${DEFAULT-VALUE})")
  Path nab;

  @Option(names = "--scorer", defaultValue = "../shared/tools/nab_score.py", description = "nab_score.py (default: ${DEFAULT-VALUE})")
  Path scorer;

  @Option(names = "--baseline-meta-scale", defaultValue = "0.05",
      description = "the baselines run the Meta scenarios with the outage reports scaled by this (Vigie always at 1.0;"
          + " the baselines' per-country incidents on the full 10.6-million-report storm take minutes) (default: ${DEFAULT-VALUE})")
  double baselineMetaScale;

  @Option(names = "--max-false", defaultValue = "1000",
      description = "stop a scenario run once it has more than this many false incidents, printed as '> N' (default: ${DEFAULT-VALUE})")
  int maxFalse;

  @Option(names = "--skip-nab", description = "only the scenarios")
  boolean skipNab;

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    System.out.println("vigie bench detect — commit " + commit() + ", "
        + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ", "
        + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
        + Runtime.getRuntime().availableProcessors() + " cores, Java " + Runtime.version());
    if (!skipNab) {
      if (!NabScorer.pythonAvailable()) {
        System.out.println("NAB: skipped — python3 is needed to run nab_score.py (standard library only); install it and rerun.");
      } else {
        Path results = Files.createTempDirectory("vigie-nab-results");
        NabScorer s = new NabScorer(scorer, nab.resolve("labels").resolve("combined_windows.json"));
        List<String> categories = Tables.categories(nab);
        System.out.println();
        System.out.println("NAB (nab_score.py; each category scored alone with NAB's best threshold for it;"
            + " in parentheses: at the fixed threshold " + SHIPPED_THRESHOLD + ")");
        System.out.printf("  %-14s %-22s %17s %20s %20s%n", "detector", "category", "standard", "reward_low_FP", "reward_low_FN");
        for (String d : DetectorRegistry.names()) {
          NabRunner.run(nab, results, d);
          Tables.printNab(System.out, d, s.score(results, d, categories, null), s.score(results, d, categories, SHIPPED_THRESHOLD));
        }
        System.out.println("  published, realTweets standard (same scorer): ARTime 83.2, CAD OSE 74.5, Numenta HTM 69.4,"
            + " Twitter ADVec 59.6, windowed Gaussian 51.4");
      }
    }
    System.out.println();
    System.out.println("Outage scenarios (in-process pipeline + incident engine with the catalogue's relations, event time)");
    ScenarioBench.run(LabScenarios.names(), Defaults.scenarioDetectors(), Relations.of(CatalogueFile.loadDefault()), System.out,
        false, baselineMetaScale, maxFalse);
    System.out.println();
    System.out.printf(java.util.Locale.ROOT, "took %.1f min%n", (System.nanoTime() - t0) / 60e9);
    return 0;
  }

  private static String commit() {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      String dirty = "";
      Process q = new ProcessBuilder("git", "status", "--porcelain").redirectErrorStream(true).start();
      if (!new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8).isBlank()) {
        dirty = " (with uncommitted changes)";
      }
      return p.waitFor() == 0 ? out + dirty : "unknown";
    } catch (Exception e) {
      return "unknown";
    }
  }
}
