package org.vigie.lab.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.vigie.core.incident.Relations;
import org.vigie.lab.detect.DetectorRegistry;
import org.vigie.lab.scenario.LabScenarios;
import org.vigie.lab.scenario.ScenarioBench;
import org.vigie.server.catalogue.CatalogueFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie lab scenarios}: replays the outage scenarios in-process and scores detectors. */
@Command(name = "scenarios", mixinStandardHelpOptions = true,
    description = "Replay the outage scenarios in-process (event time, fake clock) and score each detector.")
final class ScenariosCommand implements Callable<Integer> {
  @Option(names = "--detector", description = "detector (repeatable); default: vigie and the baselines")
  List<String> detectors;

  @Option(names = "--scenario", description = "scenario (repeatable); default: all")
  List<String> scenarios;

  @Option(names = "--verbose", description = "list every incident")
  boolean verbose;

  @Override
  public Integer call() {
    List<String> d = detectors == null ? Defaults.scenarioDetectors() : detectors;
    d.forEach(DetectorRegistry::create);
    List<String> s = scenarios == null ? LabScenarios.names() : scenarios;
    s.forEach(LabScenarios::byName);
    ScenarioBench.run(s, d, Relations.of(CatalogueFile.loadDefault()), System.out, verbose);
    return 0;
  }
}
