package org.vigie.core.detect;

/**
 * Turns a stream of per-minute observations of many series into evidence. Implementations keep
 * per-series state (baselines, windows) and must be deterministic: the same inputs in the same
 * order give the same verdicts. Not thread-safe; the pipeline calls it from one thread.
 */
public interface Detector {
  /** Name used by the lab's registry and in benchmark tables. */
  String name();

  /**
   * Assesses the next minute of a series and learns from it. Called once per series per minute,
   * minutes in increasing order (gaps mean the series was not observed).
   *
   * @param series a stable id for the series (service × country)
   * @param epochMinute minutes since the epoch, UTC
   */
  Assessment observe(int series, long epochMinute, Observation observation);

  /**
   * Re-assesses a past minute whose counts grew after it was observed (late data), against the
   * expectation it had then, without learning from it again.
   */
  Assessment reassess(int series, long epochMinute, Observation observation, Assessment previous);
}
