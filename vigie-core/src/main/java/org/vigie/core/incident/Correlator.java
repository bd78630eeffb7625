package org.vigie.core.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigie.core.model.PublicStatus;

/**
 * {@link IncidentEngine}'s correlation rules (common-cause groups, collateral access-provider
 * spikes; see its class notes) applied to incident snapshots of engines that each saw only some
 * services — cluster mode, where a stream task owns the services of one partition. One correlator
 * sees every open incident, takes each engine's snapshots as they come and hands back the
 * snapshots to publish, with group labels, collateral attribution and their timeline lines added.
 *
 * <h2>Implementation notes</h2>
 *
 * Snapshots of different services arrive in no particular event-time order (one partition may be
 * minutes ahead of another), so the rules are written in event time and checked from both sides:
 *
 * <ul>
 *   <li><b>Groups.</b> When an incident is first seen it joins an open, non-collateral incident of
 *       a shared family starting within {@link IncidentEngine#GROUP_WINDOW} of it; the label is the
 *       family and the earlier start, as the engine makes it. Whichever of the two comes first, the
 *       second finds the first.
 *   <li><b>Collateral.</b> An access provider's open incident is collateral of the largest open
 *       non-access outage that was an outage by {@link IncidentEngine#ATTRIBUTION_WINDOW} after the
 *       provider's start and peaks at {@link IncidentEngine#CAUSE_FACTOR} times its peak or more.
 *       Checked when the provider's snapshot comes and again when a cause's does, since the cause
 *       may reach here after its collateral. The collateral incident is shown as possible problems
 *       at most, its own "problems detected" escalations left out, as the engine caps it.
 *   <li><b>Own outage.</b> The engine's own-outage rule ({@link IncidentEngine#collateralStep}: not
 *       attributed in a minute its own probes fail; a collateral incident whose probes start failing
 *       is its own outage, with an "own-outage" line) is walked minute by minute over the probe
 *       verdicts the provider's engine recorded on its snapshot ({@link Incident#ownProbes}), from
 *       the minute the engine would first have seen the cause as an outage. A minute the snapshot
 *       has not judged yet waits for the provider's next snapshot: the walk is redone from that
 *       minute each time, so its lines are the same whichever snapshot comes first, and a verdict
 *       once judged never changes (a late re-evaluation keeps the first close's probes).
 * </ul>
 *
 * Differences with the engine, which decides minute by minute: peaks are compared with the latest
 * snapshots rather than at the provider's minute (and a cause found is taken to last through the
 * provider's attribution window), and a lifted incident's "problems detected" is told a minute
 * after the lift whenever the provider's engine had reached it (the engine tells it then only if
 * the last five minutes' evidence still says so). Not thread-safe.
 */
public final class Correlator {
  /**
   * How long (event time, after its end) a resolved incident is kept: another partition may be
   * hours behind, and its snapshots must still find the incidents that were open at their time.
   */
  static final Duration KEEP_RESOLVED = Duration.ofHours(24);

  private final Relations relations;
  private final Duration quiet;
  /** Incidents by id, open or recently resolved, in the order first seen (the engine's "first match wins"). */
  private final Map<Long, Entry> open = new LinkedHashMap<>();
  private final List<Long> forgotten = new ArrayList<>();
  private Instant latest = Instant.EPOCH;

  /** @param policy the engine's: an incident stays open its quiet period after its last elevated minute */
  public Correlator(Relations relations, IncidentPolicy policy) {
    this.relations = relations;
    this.quiet = policy.quietPeriod();
  }

  /**
   * What the correlator keeps of one incident: the engine's latest snapshot and what correlation
   * added to it. Mutable; {@link #accept} hands back those that changed, to store and publish.
   */
  public static final class Entry {
    private Incident raw;
    private String group;
    private boolean collateral;
    /** Id of the incident a collateral one is attributed to. */
    private Long cause;
    private final List<Incident.TimelineEvent> added = new ArrayList<>();

    public Entry(Incident raw, String group, boolean collateral, Long cause, List<Incident.TimelineEvent> added) {
      this.raw = raw;
      this.group = group;
      this.collateral = collateral;
      this.cause = cause;
      this.added.addAll(added);
    }

    public Long cause() {
      return cause;
    }

    public Incident raw() {
      return raw;
    }

    public String group() {
      return group;
    }

    public boolean collateral() {
      return collateral;
    }

    public List<Incident.TimelineEvent> added() {
      return List.copyOf(added);
    }

    /** The snapshot to publish: the engine's, with the correlation's group, lines and cap. */
    public Incident published() {
      Incident i = raw;
      String outage = PublicStatus.OUTAGE.label("en");
      // Once its own probes lifted an attribution, the escalations of the collateral time are
      // left out and told after the lift, as the engine (capped until then) tells them.
      Instant lifted = null;
      for (Incident.TimelineEvent e : added) {
        if (e.kind().equals(IncidentEngine.OWN_OUTAGE)) {
          lifted = e.at();
        }
      }
      boolean toldAfter = false;
      List<Incident.TimelineEvent> timeline = new ArrayList<>();
      for (Incident.TimelineEvent e : i.timeline()) {
        boolean escalation = e.kind().equals("escalated") && e.text().startsWith(outage);
        // A collateral incident never escalates to an outage of its own in the engine either.
        if (!(escalation && (collateral || lifted != null && !e.at().isAfter(lifted)))) {
          timeline.add(e);
          toldAfter |= escalation;
        }
      }
      timeline.addAll(added);
      // The engine, capped until the lift, escalates at its next minute (the engine's opening line
      // may have said it already: the cap took it back).
      if (lifted != null && !collateral && !toldAfter && i.severity() == PublicStatus.OUTAGE) {
        timeline.add(new Incident.TimelineEvent(lifted.plusSeconds(60), "escalated", outage));
      }
      // Stable: at equal times the engine's own lines come first, as the engine appends.
      timeline.sort(Comparator.comparing(Incident.TimelineEvent::at));
      PublicStatus severity = collateral ? cap(i.severity()) : i.severity();
      PublicStatus current = collateral ? cap(i.current()) : i.current();
      return new Incident(i.id(), i.service(), i.startedAt(), i.detectedAt(), i.resolvedAt(), severity, current,
          i.peakPerMinute(), i.peakAt(), i.totalReports(), i.countries(), i.indicators(), timeline,
          group != null ? group : i.group(), i.ownProbes());
    }

    private static PublicStatus cap(PublicStatus s) {
      return s == PublicStatus.OUTAGE ? PublicStatus.POSSIBLE_PROBLEMS : s;
    }
  }

  /** Resumes an entry kept before a restart. */
  public void restore(Entry e) {
    open.put(e.raw.id(), e);
    latest = max(latest, e.raw.resolvedAt() != null ? e.raw.resolvedAt() : e.raw.detectedAt());
  }

  /** Ids of the entries forgotten since the last call (resolved longer than {@link #KEEP_RESOLVED}). */
  public List<Long> forgotten() {
    List<Long> out = List.copyOf(forgotten);
    forgotten.clear();
    return out;
  }

  /** Whether the engine still had the incident open at {@code t} (event time): until its quiet period ran out. */
  private boolean openAt(Incident i, Instant t) {
    return i.resolvedAt() == null || i.resolvedAt().plus(quiet).isAfter(t);
  }

  private static Instant max(Instant a, Instant b) {
    return b != null && b.isAfter(a) ? b : a;
  }

  public Collection<Entry> entries() {
    return List.copyOf(open.values());
  }

  /**
   * Takes the engine's latest snapshot of an incident.
   *
   * @return the entries that changed, this one first
   */
  public List<Entry> accept(Incident raw) {
    Entry e = open.get(raw.id());
    boolean fresh = e == null;
    if (fresh) {
      e = new Entry(raw, null, false, null, List.of());
      open.put(raw.id(), e);
    } else {
      e.raw = raw;
    }
    Set<Entry> changed = new LinkedHashSet<>();
    changed.add(e);
    boolean access = relations.isAccessProvider(raw.service());
    if (access) {
      attribute(e, changed);
    }
    if (fresh && !e.collateral) {
      group(e, changed);
    }
    if (!access && raw.severity() == PublicStatus.OUTAGE) {
      // A cause may come after its collateral.
      for (Entry o : List.copyOf(open.values())) {
        if (o != e && relations.isAccessProvider(o.raw.service())) {
          attribute(o, changed);
        }
      }
    }
    latest = max(latest, raw.resolvedAt() != null ? raw.resolvedAt() : raw.detectedAt());
    Instant keepAfter = latest.minus(KEEP_RESOLVED);
    open.values().removeIf(x -> {
      boolean old = x.raw.resolvedAt() != null && x.raw.resolvedAt().isBefore(keepAfter);
      if (old) {
        forgotten.add(x.raw.id());
      }
      return old;
    });
    return List.copyOf(changed);
  }

  private void group(Entry o, Set<Entry> changed) {
    for (Entry p : open.values()) {
      if (p == o || p.collateral || !openAt(p.raw, o.raw.detectedAt())) {
        continue;
      }
      String family = relations.sharedFamily(o.raw.service(), p.raw.service());
      long apart = Math.abs(p.raw.startedAt().toEpochMilli() - o.raw.startedAt().toEpochMilli());
      if (family == null || apart > IncidentEngine.GROUP_WINDOW.toMillis()) {
        continue;
      }
      Instant at = o.raw.detectedAt();
      if (p.group == null) {
        Instant first = p.raw.startedAt().isBefore(o.raw.startedAt()) ? p.raw.startedAt() : o.raw.startedAt();
        p.group = family + "-" + IncidentEngine.GROUP_TIME.format(first);
        p.added.add(new Incident.TimelineEvent(at, "grouped", "Same cause as " + o.raw.service() + " (" + p.group + ")"));
      } else {
        p.added.add(new Incident.TimelineEvent(at, "grouped", o.raw.service() + " joined " + p.group));
        // The label names the group's earliest start, whichever member came here first.
        int cut = p.group.length() - LABEL_TIME;
        Instant labelled = Instant.from(IncidentEngine.GROUP_TIME.parse(p.group.substring(cut)));
        if (o.raw.startedAt().isBefore(labelled)) {
          relabel(p.group, p.group.substring(0, cut) + IncidentEngine.GROUP_TIME.format(o.raw.startedAt()), changed);
        }
      }
      o.group = p.group;
      o.added.add(new Incident.TimelineEvent(at, "grouped", "Same cause as " + p.raw.service() + " (" + o.group + ")"));
      changed.add(p);
      return;
    }
  }

  /** Length of a label's time part, {@code 2021-10-04T15:39Z}. */
  private static final int LABEL_TIME = 17;

  private void relabel(String from, String to, Set<Entry> changed) {
    for (Entry x : open.values()) {
      if (from.equals(x.group)) {
        x.group = to;
        x.added.replaceAll(e -> new Incident.TimelineEvent(e.at(), e.kind(), e.text().replace(from, to)));
        changed.add(x);
      }
    }
  }

  private void attribute(Entry o, Set<Entry> changed) {
    Instant deadline = o.raw.startedAt().plus(IncidentEngine.ATTRIBUTION_WINDOW).plusSeconds(60);
    Entry cause = null;
    for (Entry p : open.values()) {
      if (p == o || relations.isAccessProvider(p.raw.service()) || p.raw.severity() != PublicStatus.OUTAGE) {
        continue;
      }
      // An outage by the end of the provider's attribution window, and still open at its start.
      Instant outageAt = outageAt(p.raw);
      if (outageAt.isAfter(deadline) || !openAt(p.raw, o.raw.startedAt())) {
        continue;
      }
      int peak = p.raw.peakPerMinute();
      if (peak >= IncidentEngine.CAUSE_FACTOR * Math.max(1, o.raw.peakPerMinute())
          && (cause == null || peak > cause.raw.peakPerMinute())) {
        cause = p;
      }
    }
    Entry before = o.cause == null ? null : open.get(o.cause);
    if (o.cause != null && before == null) {
      // Blamed on an outage resolved so long ago it was forgotten: only its own probes may still
      // change something, from the attribution it has.
      Instant first = o.added.stream().filter(e -> e.kind().equals(IncidentEngine.COLLATERAL)).map(Incident.TimelineEvent::at)
          .findFirst().orElse(null);
      if (first != null) {
        int cut = o.group.length() - LABEL_TIME - 1;
        walk(o, null, o.group, o.group.substring(0, cut), first, changed);
      }
      return;
    }
    if (before != null && (cause == null || before.raw.peakPerMinute() >= cause.raw.peakPerMinute())) {
      // Blamed already: the same cause, walked further (the provider's probes may fail since).
      cause = before;
    }
    if (cause == null) {
      return;
    }
    if (before != null && before != cause) {
      // A larger outage came here later than the one first blamed: the engine would have seen both.
      if (before.added.removeIf(e -> e.kind().equals("collateral-attributed") && e.text().contains(" " + o.raw.service() + " "))) {
        changed.add(before);
      }
    }
    // The cause's first family is its parent when it has one: "the Meta outage", not "Instagram's".
    String family = relations.families(cause.raw.service()).iterator().next();
    String label = cause.group != null ? cause.group : family + "-" + IncidentEngine.GROUP_TIME.format(cause.raw.startedAt());
    // The engine says it at the end of the provider's first minute that saw the cause as an outage.
    Instant outageAt = outageAt(cause.raw);
    walk(o, cause, label, family, o.raw.detectedAt().isAfter(outageAt) ? o.raw.detectedAt() : outageAt, changed);
  }

  /**
   * Applies the engine's collateral rule to an access provider's incident, minute by minute from
   * the end of minute {@code from} on, over the probe verdicts its snapshot records, and puts the
   * resulting lines in place of those of an earlier walk.
   *
   * @param cause the outage blamed, or null when it was forgotten (its lines are then left alone)
   */
  private void walk(Entry o, Entry cause, String label, String family, Instant from, Set<Entry> changed) {
    String name = Character.toUpperCase(family.charAt(0)) + family.substring(1);
    Incident.OwnProbes probes = o.raw.ownProbes();
    long start = o.raw.startedAt().toEpochMilli() / MINUTE_MS;
    long first = from.toEpochMilli() / MINUTE_MS - 1;
    // A snapshot without a record (made before probes were recorded) is judged at its first
    // minute only, probes passing: the attribution this stage made before it knew of probes.
    long last = probes == null ? first : probes.through().toEpochMilli() / MINUTE_MS - 1;
    List<Incident.TimelineEvent> mine = new ArrayList<>();
    List<Incident.TimelineEvent> theirs = new ArrayList<>();
    boolean collateral = false;
    for (long m = first; m <= last; m++) {
      Instant at = Instant.ofEpochMilli((m + 1) * MINUTE_MS);
      switch (IncidentEngine.collateralStep(collateral, probes != null && probes.failed(m), m - start)) {
        case SEEK_CAUSE -> {
          collateral = true;
          mine.add(new Incident.TimelineEvent(at, IncidentEngine.COLLATERAL, "Likely caused by the " + name + " outage (" + label + ")"));
          theirs.add(new Incident.TimelineEvent(at, "collateral-attributed", "Reports on " + o.raw.service() + " likely caused by this outage"));
        }
        case OWN_OUTAGE -> {
          collateral = false;
          mine.add(new Incident.TimelineEvent(at, IncidentEngine.OWN_OUTAGE, IncidentEngine.ownOutageText(o.raw.service())));
        }
        case NOTHING -> {
          if (!collateral && (m - start) * MINUTE_MS > IncidentEngine.ATTRIBUTION_WINDOW.toMillis()) {
            m = last; // too old to be attributed again: nothing more can happen
          }
        }
      }
    }
    List<Incident.TimelineEvent> kept = new ArrayList<>(o.added);
    kept.removeIf(e -> e.kind().equals(IncidentEngine.COLLATERAL) || e.kind().equals(IncidentEngine.OWN_OUTAGE));
    kept.addAll(mine);
    boolean attributed = !theirs.isEmpty() || o.cause != null && cause == null;
    Long causeId = cause == null ? o.cause : attributed ? Long.valueOf(cause.raw.id()) : null;
    String group = attributed ? label : o.group;
    if (!kept.equals(o.added) || collateral != o.collateral || !java.util.Objects.equals(causeId, o.cause)
        || !java.util.Objects.equals(group, o.group)) {
      o.added.clear();
      o.added.addAll(kept);
      o.collateral = collateral;
      o.cause = causeId;
      o.group = group;
      changed.add(o);
    }
    if (cause != null && attributed) {
      List<Incident.TimelineEvent> other = new ArrayList<>(cause.added);
      other.removeIf(e -> e.kind().equals("collateral-attributed") && e.text().contains(" " + o.raw.service() + " "));
      other.addAll(theirs);
      if (!other.equals(cause.added) || cause.group == null) {
        cause.added.clear();
        cause.added.addAll(other);
        cause.group = label;
        changed.add(cause);
      }
    }
  }

  private static final long MINUTE_MS = 60_000;

  /** When an incident became an outage, in event time: its opening or its first escalation to one. */
  private static Instant outageAt(Incident i) {
    String outage = PublicStatus.OUTAGE.label("en");
    for (Incident.TimelineEvent e : i.timeline()) {
      if ((e.kind().equals("opened") || e.kind().equals("escalated")) && e.text().startsWith(outage)) {
        return e.at();
      }
    }
    return i.detectedAt();
  }
}
