package org.vigie.core.storage;

import java.time.Instant;
import java.util.List;
import org.vigie.core.signal.OfficialStatus;

/**
 * What official status pages said, each statement once: the durable record behind the "official
 * statements" of the service page and the official level that evidence fusion reads, kept across
 * restarts. A poller that starts again re-reads statements it already said; they are stored once.
 */
public interface OfficialStatusLog {

  /**
   * Stores the statements not stored yet, all-or-nothing, and returns once they are durable. A
   * statement equal in every field to one already stored, or earlier in the same call, is
   * skipped.
   *
   * @return the statements that were new, in the order given
   * @throws StorageException if nothing could be stored
   */
  List<OfficialStatus> append(List<OfficialStatus> statuses);

  /** The service's statements with {@code at >= from}, newest first, at most {@code limit}. */
  List<OfficialStatus> recent(String service, Instant from, int limit);
}
