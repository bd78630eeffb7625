package org.vigie.core.pipeline;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.vigie.core.incident.Incident;
import org.vigie.core.model.Countries;
import org.vigie.core.tally.MinuteTally;

/** A listener that writes down everything the pipeline tells it, with the wall time it was told. */
final class Recorder implements PipelineListener {
  record Closed(long epochMinute, List<MinuteTally> tallies) {
    Optional<MinuteTally> world() {
      return tallies.stream().filter(t -> t.country().equals(Countries.WORLD)).findFirst();
    }

    Optional<MinuteTally> country(String code) {
      return tallies.stream().filter(t -> t.country().equals(code)).findFirst();
    }
  }

  record Change(Instant wall, Incident incident) {}

  private final InstantSource clock;
  final List<Closed> closed = new ArrayList<>();
  final List<List<MinuteTally>> tooLate = new ArrayList<>();
  final List<Change> changes = new ArrayList<>();

  Recorder(InstantSource clock) {
    this.clock = clock;
  }

  @Override
  public void minuteClosed(long epochMinute, List<MinuteTally> tallies) {
    closed.add(new Closed(epochMinute, List.copyOf(tallies)));
  }

  @Override
  public void tooLate(List<MinuteTally> deltas) {
    tooLate.add(List.copyOf(deltas));
  }

  @Override
  public void incidentChanged(Incident incident) {
    changes.add(new Change(clock.instant(), incident));
  }

  /** Every publication of one minute, in order (the first when it closed, then re-evaluations). */
  List<Closed> closedFor(Instant minute) {
    long m = minute.getEpochSecond() / 60;
    return closed.stream().filter(c -> c.epochMinute() == m).toList();
  }

  Optional<Change> firstOpening() {
    return changes.stream().findFirst();
  }

  Optional<Change> firstResolution() {
    return changes.stream().filter(c -> !c.incident().isOpen()).findFirst();
  }
}
