package org.vigie.lab.scenario;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
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
    return run(scenarios, detectors, relations, out, verbose, 1.0, Integer.MAX_VALUE);
  }

  /**
   * The Meta outage scale a detector runs at: {@code baselineMetaScale} for a baseline on a Meta
   * scenario (their per-country series open hundreds of incidents on the full storm, which takes
   * minutes), 1.0 otherwise: Vigie's detectors always see the full-scale scenarios.
   */
  static double metaScale(String scenario, String detector, double baselineMetaScale) {
    return LabScenarios.isMeta(scenario) && DetectorRegistry.baselines().contains(detector) ? baselineMetaScale : 1.0;
  }

  /** Row marker of a run at a reduced Meta scale, explained by {@link #footnote}. */
  static final String SCALED = "*";

  /** The footnote under the table when some runs were scaled, empty otherwise. */
  static String footnote(List<String> scenarios, List<String> detectors, double baselineMetaScale) {
    boolean any = scenarios.stream().anyMatch(s -> detectors.stream().anyMatch(d -> metaScale(s, d, baselineMetaScale) != 1.0));
    return !any ? "" : String.format(Locale.ROOT, "  %s baselines on meta at scale %s (the Meta outage reports ×%s: "
        + "Scenarios.meta20211004(%s), meta-collateral's Meta surges likewise; normal traffic, ISP spikes and truth unchanged);"
        + " Vigie at full scale", SCALED, scale(baselineMetaScale), scale(baselineMetaScale), scale(baselineMetaScale));
  }

  private static String scale(double x) {
    return java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
  }

  /**
   * Runs every detector on every scenario, a baseline on a Meta scenario at {@code
   * baselineMetaScale} (see {@link #metaScale}); scaled rows are marked and footnoted.
   */
  public static List<ScenarioScore> run(List<String> scenarios, List<String> detectors, Relations relations, PrintStream out,
      boolean verbose, double baselineMetaScale, int maxFalse) {
    boolean anyStopped = false;
    List<ScenarioScore> all = new ArrayList<>();
    out.printf("  %-22s %-13s %9s %12s %14s %11s %9s%n", "scenario", "detector", "detected", "median delay",
        "false/svc-month", "false", "dur. err");
    for (String name : scenarios) {
      for (String d : detectors) {
        double scale = metaScale(name, d, baselineMetaScale);
        LabScenario sc = LabScenarios.byName(name, scale);
        ScenarioRunner.Run run = ScenarioRunner.run(sc, DetectorRegistry.create(d), relations, maxFalse);
        ScenarioScore s = ScenarioScore.of(sc.name(), d, sc.truths(), sc.services(), sc.start(), sc.end(), run.incidents());
        all.add(s);
        anyStopped |= run.stopped();
        out.println(row(name + (scale != 1.0 ? " " + SCALED : ""), d, s, run.stopped() ? run.stoppedAt() : null,
            run.stoppedOpen() ? -1 : maxFalse));
        if (verbose) {
          for (org.vigie.core.incident.Incident i : run.incidents()) {
            out.printf("      #%d %s %s..%s detected %s %s peak %d/min countries %s group %s%n", i.id(), i.service(),
                i.startedAt(), i.resolvedAt(), i.detectedAt(), i.severity(), i.peakPerMinute(),
                i.countries().stream().map(c -> c.country()).limit(5).toList(), i.group());
          }
        }
      }
    }
    String note = footnote(scenarios, detectors, baselineMetaScale);
    if (!note.isEmpty()) {
      out.println(note);
    }
    if (anyStopped) {
      out.println("  > " + maxFalse + " false: the run was stopped once it had more than " + maxFalse + " false incidents;"
          + " '≥ n': stopped when one incident had been open " + ScenarioRunner.MAX_OPEN.toHours()
          + " h (n false so far); '?' marks what it had not reached");
    }
    return all;
  }

  /**
   * One table row. A run stopped at {@code stoppedAt} (its false incidents over {@code maxFalse})
   * shows "> maxFalse" false (or "≥ n", n false so far, when {@code maxFalse} is negative: stopped
   * for an incident open too long) and "?" for the outages and rates it had not reached.
   */
  static String row(String scenario, String detector, ScenarioScore s, Instant stoppedAt, int maxFalse) {
    boolean stopped = stoppedAt != null;
    boolean partial = stopped && s.outcomes().stream()
        .anyMatch(o -> !o.truth().recovered().plus(ScenarioScore.TAIL).isBefore(stoppedAt));
    String detected = s.outages() == 0 ? "-" : partial ? "?/" + s.outages() : s.detected() + "/" + s.outages();
    return String.format(Locale.ROOT, "  %-22s %-13s %9s %12s %14s %11s %9s%s", scenario, detector, detected,
        partial ? "?" : minutes(ScenarioScore.medianDelay(s.outcomes())),
        stopped ? "?" : String.format(Locale.ROOT, "%.2f", s.falsePerServiceMonth()),
        !stopped ? Integer.toString(s.falseIncidents()) : maxFalse < 0 ? "≥ " + s.falseIncidents() : "> " + maxFalse,
        partial ? "?" : minutes(medianAbsError(s)), collateral(s));
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
