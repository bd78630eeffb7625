package org.vigie.core.pipeline;

import java.util.List;
import org.vigie.core.incident.Incident;
import org.vigie.core.tally.MinuteTally;

/** Observes what the pipeline concludes; called on the pipeline's thread, so be quick. */
public interface PipelineListener {
  /** A minute closed (or was re-evaluated) with these non-empty tallies. */
  default void minuteClosed(long epochMinute, List<MinuteTally> tallies) {}

  /**
   * Counts of reports that arrived after their minute's allowed lateness: they are stored, and
   * these deltas should be added to the stored tallies, but the minute is not evaluated again.
   */
  default void tooLate(List<MinuteTally> deltas) {}

  /** An incident opened, changed or resolved. */
  default void incidentChanged(Incident incident) {}
}
