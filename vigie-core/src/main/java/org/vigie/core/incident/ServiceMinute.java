package org.vigie.core.incident;

import java.util.List;
import org.vigie.core.detect.Assessment;
import org.vigie.core.tally.MinuteTally;

/**
 * Everything the engine needs about one service for one closed minute: the world tally and the
 * countries that had reports (or evidence) in it.
 */
public record ServiceMinute(String service, long epochMinute, Part world, List<Part> countries) {
  public ServiceMinute {
    countries = List.copyOf(countries);
  }

  /** One tally and the detector's verdict on it. */
  public record Part(MinuteTally tally, Assessment assessment) {
    public String country() {
      return tally.country();
    }
  }
}
