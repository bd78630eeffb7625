package org.vigie.core.pipeline;

import java.time.Duration;

/**
 * Event-time settings of the pipeline.
 *
 * @param grace how long after a minute ends (in event time) it closes and is evaluated
 * @param lateness how long after closing a minute still takes late reports and is re-evaluated
 * @param baselineHistory how much stored history relearns baselines after a restart
 */
public record PipelineConfig(Duration grace, Duration lateness, Duration baselineHistory) {
  public static final PipelineConfig DEFAULT =
      new PipelineConfig(Duration.ofSeconds(10), Duration.ofMinutes(15), Duration.ofDays(28));

  public PipelineConfig {
    if (grace.isNegative() || lateness.isNegative() || baselineHistory.isNegative()) {
      throw new IllegalArgumentException("grace, lateness and history must not be negative");
    }
  }
}
