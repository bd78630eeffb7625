package org.vigie.lab.cli;

import java.util.ArrayList;
import java.util.List;
import org.vigie.lab.detect.DetectorRegistry;

final class Defaults {
  private Defaults() {}

  /** Detectors for report-count scenarios: the production detector and the baselines. */
  static List<String> scenarioDetectors() {
    List<String> d = new ArrayList<>(List.of("vigie"));
    d.addAll(DetectorRegistry.baselines());
    return d;
  }
}
