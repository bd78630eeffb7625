package org.vigie.sources.social;

import java.time.Duration;

/** Waits between reconnections; tests pass one that records the delay and returns at once. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration d) throws InterruptedException;

  Sleeper REAL = d -> Thread.sleep(d);
}
