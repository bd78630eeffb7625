package org.vigie.lab.scenario;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.vigie.core.signal.ProblemReport;

/** A stream of problem reports with its ground truth, replayed in-process by {@link ScenarioRunner}. */
public interface LabScenario {
  String name();

  String description();

  Instant start();

  Instant end();

  /** Services with traffic in the scenario: the denominator of false incidents per service-month. */
  List<String> services();

  /** Outages and collateral spikes; every incident matching none of them is a false one. */
  List<Truth> truths();

  /**
   * Emits the reports, in non-decreasing event time, in batches (one minute's reports, or part of
   * one); a report's reporter and network keys are opaque identities as the server would hash them.
   */
  void generate(Consumer<List<ProblemReport>> batches);
}
