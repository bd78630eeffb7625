package org.vigie.lab.scenario;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vigie.core.incident.Relations;
import org.vigie.lab.detect.DetectorRegistry;

/** Runs scenarios × detectors and prints one line per (scenario, detector). */
public final class ScenarioBench {
  private ScenarioBench() {}

  public static List<ScenarioScore> run(List<String> scenarios, List<String> detectors, Relations relations, PrintStream out) {
    return run(scenarios, detectors, relations, out, false);
  }

  /** With {@code verbose}, every incident of every run is listed under its line. */
  public static List<ScenarioScore> run(List<String> scenarios, List<String> detectors, Relations relations, PrintStream out,
      boolean verbose) {
    List<ScenarioScore> all = new ArrayList<>();
    out.printf("  %-22s %-13s %9s %12s %14s %11s %9s%n", "scenario", "detector", "detected", "median delay",
        "false/svc-month", "false", "dur. err");
    for (String name : scenarios) {
      LabScenario sc = LabScenarios.byName(name);
      for (String d : detectors) {
        ScenarioRunner.Run run = ScenarioRunner.run(sc, DetectorRegistry.create(d), relations);
        ScenarioScore s = ScenarioScore.of(sc.name(), d, sc.truths(), sc.services(), sc.start(), sc.end(), run.incidents());
        all.add(s);
        out.printf(Locale.ROOT, "  %-22s %-13s %9s %12s %14.2f %11d %9s%s%n", name, d,
            s.outages() == 0 ? "-" : s.detected() + "/" + s.outages(),
            minutes(ScenarioScore.medianDelay(s.outcomes())), s.falsePerServiceMonth(), s.falseIncidents(),
            minutes(medianAbsError(s)), collateral(s));
        if (verbose) {
          for (org.vigie.core.incident.Incident i : run.incidents()) {
            out.printf("      #%d %s %s..%s detected %s %s peak %d/min countries %s group %s%n", i.id(), i.service(),
                i.startedAt(), i.resolvedAt(), i.detectedAt(), i.severity(), i.peakPerMinute(),
                i.countries().stream().map(c -> c.country()).limit(5).toList(), i.group());
          }
        }
      }
    }
    return all;
  }

  private static String collateral(ScenarioScore s) {
    long total = s.outcomes().stream().filter(o -> o.truth().kind() == Truth.Kind.COLLATERAL).count();
    if (total == 0) {
      return "";
    }
    long ok = s.outcomes().stream().filter(o -> o.truth().kind() == Truth.Kind.COLLATERAL && o.detected()).count();
    return "   collateral attributed or silent: " + ok + "/" + total;
  }

  static Duration medianAbsError(ScenarioScore s) {
    List<Duration> d = s.outcomes().stream().filter(o -> o.durationError() != null).map(o -> o.durationError().abs()).sorted().toList();
    return d.isEmpty() ? null : d.get((d.size() - 1) / 2);
  }

  static String minutes(Duration d) {
    return d == null ? "-" : String.format(Locale.ROOT, "%.1f min", d.toSeconds() / 60.0);
  }
}
