package org.vigie.lab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vigie.lab.detect.DetectorRegistry;
import org.vigie.lab.nab.NabRunner;
import org.vigie.lab.nab.NabScorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie lab nab}: writes NAB results for every data file, optionally scores them. */
@Command(name = "nab", mixinStandardHelpOptions = true,
    description = "Run detectors over every file of DIR/data/<category>/*.csv and write NAB results"
        + " (RESULTS/<detector>/<category>/<detector>_<file>.csv).")
final class NabCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, description = "NAB root (holds data/ and labels/)")
  Path data;

  @Option(names = "--results", required = true, description = "where results are written")
  Path results;

  @Option(names = "--detector", description = "detector name (repeatable); default: every registered detector")
  List<String> detectors;

  @Option(names = "--score", description = "score the results with nab_score.py afterwards")
  boolean score;

  @Option(names = "--scorer", defaultValue = "../shared/tools/nab_score.py", description = "path of nab_score.py (default: ${DEFAULT-VALUE})")
  Path scorer;

  @Override
  public Integer call() {
    List<String> names = detectors == null || detectors.isEmpty() ? DetectorRegistry.names() : detectors;
    names.forEach(DetectorRegistry::create); // refuse an unknown name before any work
    for (String name : names) {
      long t0 = System.nanoTime();
      List<NabRunner.Written> written = NabRunner.run(data, results, name);
      int rows = written.stream().mapToInt(NabRunner.Written::rows).sum();
      System.out.printf("%-14s %3d files, %7d rows in %.1f s -> %s%n", name, written.size(), rows,
          (System.nanoTime() - t0) / 1e9, results.resolve(name));
    }
    if (score) {
      NabScorer scorer = new NabScorer(this.scorer, data.resolve("labels").resolve("combined_windows.json"));
      List<String> categories = Tables.categories(data);
      for (String name : names) {
        Tables.printNab(System.out, name, scorer.score(results, name, categories, null), null);
      }
    }
    return 0;
  }
}
