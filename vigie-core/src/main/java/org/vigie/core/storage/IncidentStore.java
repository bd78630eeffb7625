package org.vigie.core.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.vigie.core.incident.Incident;

/** Incidents as the engine last saw them; a save replaces the previous snapshot. */
public interface IncidentStore {
  void save(Incident incident);

  Optional<Incident> find(long id);

  /**
   * Incidents of a service (all with null) overlapping [from, to) — started before {@code to}
   * and not resolved before {@code from} — newest first, at most {@code limit}.
   */
  List<Incident> list(String service, Instant from, Instant to, int limit);

  /** Incidents not resolved yet. */
  List<Incident> open();

  /** The largest id ever saved, 0 when none. */
  long maxId();
}
