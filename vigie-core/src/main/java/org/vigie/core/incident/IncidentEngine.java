package org.vigie.core.incident;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.vigie.core.model.Evidence;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.signal.OfficialStatus;
import org.vigie.core.tally.MinuteTally;

/**
 * The incident state machine, per service, driven by closed minutes in event time.
 *
 * <h2>Implementation notes</h2>
 *
 * <ul>
 *   <li><b>Opening.</b> An incident opens on the first minute with moderate evidence, world-wide or
 *       in one country (a national ISP outage never shows world-wide). One noisy minute of weak
 *       evidence does not open anything.
 *   <li><b>Onset.</b> Detection needs the spike to be significant; the outage began earlier, when
 *       reports first rose. The start is backdated to the first minute of the unbroken run of
 *       elevated minutes (weak or more) before detection, at most {@code maxBackdate} back.
 *   <li><b>Countries.</b> A country joins on moderate evidence of its own and leaves after
 *       {@code countryQuietPeriod} without weak evidence; its reports keep counting toward the
 *       incident's share table.
 *   <li><b>Resolution.</b> After {@code quietPeriod} without elevated evidence the incident resolves;
 *       its end is the end of the last elevated minute, not the moment the quiet period ran out.
 *   <li><b>Late data.</b> A minute re-evaluated after late reports replaces its earlier
 *       contribution to totals, and may open an incident it would have opened on time.
 *   <li><b>Correlation.</b> With {@link Relations}, incidents of services sharing a parent or an
 *       upstream provider (Facebook, Instagram, WhatsApp, Messenger: {@code meta}) that start within
 *       {@link #GROUP_WINDOW} of each other share one group label ({@code meta-2021-10-04T15:39Z}).
 *       An ISP or mobile carrier whose incident starts while a large platform is down (an open
 *       outage of a non-access service peaking at {@link #CAUSE_FACTOR} times the ISP's peak or
 *       more) is <i>collateral</i>: people blame their connection when Instagram does not load
 *       (Downdetector's own ISP pages light up during every Meta outage). Its incident joins the
 *       cause's group, says "likely caused by the … outage" and stays at "possible problems" —
 *       unless the ISP's own probes fail too, which makes it an outage of its own. Attribution
 *       is re-checked for {@link #ATTRIBUTION_WINDOW} after opening, since the cause may be
 *       detected a minute later than its collateral.
 *   <li><b>Own probes.</b> Each minute fed to an open incident has its own-probe verdict judged
 *       once ({@link #ownProbesFail}) and kept on the snapshot ({@link Incident#ownProbes}): the
 *       collateral rule reads it here, and the cluster's {@link Correlator}, whose engines have no
 *       relations, reads it from the snapshot — both through {@link #collateralStep}.
 *   <li><b>Official statements.</b> {@link #onOfficial} puts what the service's own status page
 *       says on the open incident's timeline (kind {@code official}, each identical line once) and,
 *       the first time the page admits a problem, how long after (or before) Vigie's detection it
 *       did ({@code official-admitted}). An official {@code major_outage} is authoritative: it
 *       makes the incident an outage, opens one when none is open, and keeps it open while the
 *       page says so. An official {@code operational} never resolves nor lowers anything: the
 *       crowd decides when it is over. Statements older than {@link #OFFICIAL_WINDOW} before the
 *       incident (or before now, to open one) are history, not news: a first poll returns every
 *       update of the page's last 50 incidents.
 * </ul>
 *
 * Not thread-safe: the pipeline drives it from one thread.
 */
public final class IncidentEngine {
  private static final int MINUTE_MS = 60_000;

  /** Incidents of one family starting this close together form one group. */
  static final Duration GROUP_WINDOW = Duration.ofMinutes(15);

  /** How long after opening an access provider's incident may still be found collateral. */
  static final Duration ATTRIBUTION_WINDOW = Duration.ofMinutes(20);

  /** A cause's peak must be at least this many times the access provider's. */
  static final int CAUSE_FACTOR = 5;

  /** Official statements this long before an incident's start (or before now) still belong to it. */
  public static final Duration OFFICIAL_WINDOW = Duration.ofMinutes(60);

  /** Official statements stamped later than the current minute by more than this are ignored. */
  static final Duration OFFICIAL_SKEW = Duration.ofMinutes(10);

  static final DateTimeFormatter GROUP_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final IncidentPolicy policy;
  private final LongSupplier ids;
  private final Relations relations;
  private final Map<String, ServiceState> services = new HashMap<>();

  public IncidentEngine(IncidentPolicy policy, LongSupplier ids) {
    this(policy, ids, Relations.NONE);
  }

  /** An engine that groups related incidents and attributes collateral spikes (see the notes). */
  public IncidentEngine(IncidentPolicy policy, LongSupplier ids, Relations relations) {
    this.policy = policy;
    this.ids = ids;
    this.relations = relations;
  }

  /** Resumes an incident that was open when the process last stopped. */
  public void restore(Incident open) {
    if (!open.isOpen()) {
      return;
    }
    OpenIncident o = OpenIncident.restore(open);
    o.group = open.group();
    o.ownProbes = open.ownProbes();
    // Collateral unless its own probes lifted that since: the latest of the two lines decides (a
    // lifted incident restored as collateral would be capped again and told "own outage" twice).
    for (Incident.TimelineEvent e : open.timeline()) {
      if (e.kind().equals(COLLATERAL) || e.kind().equals(OWN_OUTAGE)) {
        o.collateral = e.kind().equals(COLLATERAL);
      }
    }
    for (Incident.TimelineEvent e : open.timeline()) {
      if (e.kind().equals("official")) {
        o.officialSeen.add(e.at() + "|" + e.text());
      }
      // An incident opened on the page's word, or whose lag was already told, tells no lag again.
      o.admitted |= e.kind().equals("official-admitted") || e.text().startsWith("Opened on the official");
    }
    state(open.service()).open = o;
  }

  /** Forgets incident {@code id} of a service if it is the open one: it resolved elsewhere. */
  public void forget(String service, long id) {
    ServiceState s = services.get(service);
    if (s != null && s.open != null && s.open.id == id) {
      s.open = null;
    }
  }

  public Optional<Incident> current(String service) {
    ServiceState s = services.get(service);
    return s == null || s.open == null ? Optional.empty() : Optional.of(s.open.snapshot());
  }

  /**
   * Feeds one closed minute of one service; minutes must come in increasing order per service.
   *
   * @return the incident snapshot when one opened, changed or resolved in this minute
   */
  public Optional<Incident> onMinute(ServiceMinute minute) {
    ServiceState s = state(minute.service());
    Contribution c = Contribution.of(minute);
    boolean elevated = isElevated(minute);
    s.remember(minute.epochMinute(), elevated, c, policy);
    if (s.open == null) {
      if (!opens(minute)) {
        return Optional.empty();
      }
      s.open = open(minute, s);
      correlate(s.open, minute);
      return Optional.of(s.open.snapshot());
    }
    OpenIncident o = s.open;
    if (o.restored) {
      o.resumeAt(minute.epochMinute());
    }
    o.add(minute.epochMinute(), c);
    o.judgeProbes(minute);
    // While the official page says major outage, the incident stays open whatever the crowd says.
    o.observe(minute, elevated || o.officialMajor(), policy);
    if (relations.isAccessProvider(o.service)) {
      attribute(o, minute);
    }
    if ((minute.epochMinute() - o.lastElevatedMinute) * MINUTE_MS >= policy.quietPeriod().toMillis()) {
      o.resolve(minute);
      s.open = null;
      return Optional.of(o.snapshot());
    }
    return Optional.of(o.snapshot());
  }

  /**
   * Feeds one statement of a service's official status page (see the notes).
   *
   * @param currentEpochMinute the current minute in event time
   * @return the incident snapshot when a statement opened or changed one
   */
  public Optional<Incident> onOfficial(OfficialStatus st, long currentEpochMinute) {
    long at = st.at().toEpochMilli();
    if (at > (currentEpochMinute + 1) * MINUTE_MS + OFFICIAL_SKEW.toMillis()) {
      return Optional.empty();
    }
    ServiceState s = state(st.service());
    boolean major = MAJOR_OUTAGE.equals(st.level());
    OpenIncident o = s.open;
    if (o == null) {
      if (!major || at < currentEpochMinute * MINUTE_MS - OFFICIAL_WINDOW.toMillis()) {
        return Optional.empty();
      }
      o = new OpenIncident(ids.getAsLong(), st.service(), Math.floorDiv(at, MINUTE_MS));
      o.detectedAt = st.at();
      o.lastElevatedMinute = Math.max(o.startMinute, currentEpochMinute);
      o.severity = PublicStatus.OUTAGE;
      o.current = PublicStatus.OUTAGE;
      // Vigie learned it from the page itself: no lag to tell.
      o.admitted = true;
      o.timeline.addLast(new MutableEvent(st.at(), "opened",
          "Opened on the official status page's statement (" + label(st.level()) + "): " + st.text()));
      s.open = o;
    } else if (at < o.startMinute * MINUTE_MS - OFFICIAL_WINDOW.toMillis()) {
      return Optional.empty();
    }
    // The level counts even for a line already told: after a restart the page's statements come
    // again, and a major outage it still shows must keep the restored incident open.
    o.officialLevels.put(st.component() == null ? "" : st.component(), st.level() == null ? "" : st.level());
    String text = officialText(st);
    if (!o.officialSeen.add(st.at() + "|" + text)) {
      return Optional.empty();
    }
    o.insert(new MutableEvent(st.at(), "official", text));
    if (isProblem(st.level()) && !o.admitted) {
      o.admitted = true;
      o.insert(new MutableEvent(st.at(), "official-admitted", admission(Duration.between(o.detectedAt, st.at()))));
    }
    if (major) {
      o.collateral = false;
      if (o.severity != PublicStatus.OUTAGE) {
        o.insert(new MutableEvent(st.at(), "escalated", PublicStatus.OUTAGE.label("en") + " (official major outage)"));
        o.severity = PublicStatus.OUTAGE;
      }
      o.current = PublicStatus.OUTAGE;
      o.lastElevatedMinute = Math.max(o.lastElevatedMinute, currentEpochMinute);
    }
    return Optional.of(o.snapshot());
  }

  private static final String MAJOR_OUTAGE = "major_outage";

  /** Whether an official level admits a problem: anything but operational, none or maintenance. */
  static boolean isProblem(String level) {
    return level != null && !level.isBlank() && !level.equals("operational") && !level.equals("none")
        && !level.equals("under_maintenance");
  }

  private static String label(String level) {
    return level == null ? "unknown" : level.replace('_', ' ');
  }

  private static String officialText(OfficialStatus st) {
    return "Official status page (" + label(st.level()) + "): " + st.text()
        + (st.link() == null || st.link().isBlank() ? "" : " — " + st.link());
  }

  static String admission(Duration lag) {
    long minutes = Math.abs(lag.toMinutes());
    String amount = minutes + (minutes == 1 ? " minute" : " minutes");
    if (minutes == 0) {
      return "The official status page admitted the problem within a minute of Vigie's detection";
    }
    return "The official status page admitted the problem " + amount + (lag.isNegative() ? " before" : " after")
        + " Vigie detected it";
  }

  /**
   * Feeds a minute that was already fed, whose counts grew with late reports. Replaces that
   * minute's contribution; opens an incident only when none is open and the minute now warrants
   * one.
   */
  public Optional<Incident> onLateMinute(ServiceMinute minute, long currentEpochMinute) {
    ServiceState s = state(minute.service());
    Contribution c = Contribution.of(minute);
    boolean elevated = isElevated(minute);
    s.replace(minute.epochMinute(), elevated, c);
    if (s.open != null) {
      if (minute.epochMinute() >= s.open.startMinute) {
        s.open.add(minute.epochMinute(), c);
        s.open.observe(minute, elevated, policy);
        return Optional.of(s.open.snapshot());
      }
      return Optional.empty();
    }
    if (!opens(minute)) {
      return Optional.empty();
    }
    s.open = open(minute, s);
    s.open.detectedAt = Instant.ofEpochMilli((currentEpochMinute + 1) * MINUTE_MS);
    s.open.timeline.getFirst().set(s.open.detectedAt);
    correlate(s.open, minute);
    return Optional.of(s.open.snapshot());
  }

  private static boolean opens(ServiceMinute m) {
    if (m.world().assessment().evidence().atLeast(Evidence.MODERATE)) {
      return true;
    }
    for (ServiceMinute.Part p : m.countries()) {
      if (p.assessment().evidence().atLeast(Evidence.MODERATE)) {
        return true;
      }
    }
    return false;
  }

  /** Elevated: weak evidence world-wide, or moderate in some country. */
  private static boolean isElevated(ServiceMinute m) {
    if (m.world().assessment().evidence().atLeast(Evidence.WEAK)) {
      return true;
    }
    for (ServiceMinute.Part p : m.countries()) {
      if (p.assessment().evidence().atLeast(Evidence.MODERATE)) {
        return true;
      }
    }
    return false;
  }

  private OpenIncident open(ServiceMinute minute, ServiceState s) {
    long start = minute.epochMinute();
    long limit = minute.epochMinute() - policy.maxBackdate().toMinutes();
    // Walk back through the unbroken run of elevated minutes just before this one. A minute
    // re-evaluated with late data has later minutes after it: they belong to the incident too.
    Iterator<Recent> back = s.recent.descendingIterator();
    List<Recent> run = new ArrayList<>();
    List<Recent> after = new ArrayList<>();
    long expect = minute.epochMinute();
    while (back.hasNext()) {
      Recent r = back.next();
      if (r.minute >= minute.epochMinute()) {
        if (r.minute > minute.epochMinute()) {
          after.add(r);
        }
        continue;
      }
      if (r.minute != expect - 1 || !r.elevated || r.minute < limit) {
        break;
      }
      run.add(r);
      start = r.minute;
      expect = r.minute;
    }
    OpenIncident o = new OpenIncident(ids.getAsLong(), minute.service(), start);
    o.detectedAt = Instant.ofEpochMilli((minute.epochMinute() + 1) * MINUTE_MS);
    for (Recent r : run) {
      o.add(r.minute, r.contribution);
    }
    o.add(minute.epochMinute(), Contribution.of(minute));
    o.lastElevatedMinute = minute.epochMinute();
    for (Recent r : after) {
      o.add(r.minute, r.contribution);
      if (r.elevated) {
        o.lastElevatedMinute = Math.max(o.lastElevatedMinute, r.minute);
      }
    }
    o.observe(minute, true, policy);
    // Probes are judged from the opening minute on: the collateral rule starts there.
    o.ownProbes = Incident.OwnProbes.before(minute.epochMinute());
    o.judgeProbes(minute);
    List<String> where = o.activeCountries();
    o.timeline.addFirst(
        new MutableEvent(
            o.detectedAt,
            "opened",
            o.current.label("en")
                + (where.isEmpty() ? " world-wide" : " in " + String.join(", ", where.subList(0, Math.min(5, where.size()))))
                + String.format(
                    " — %d reports in the minute against %.1f expected",
                    (long) minute.world().tally().reports(),
                    minute.world().assessment().expected())
                // Social complaints may have tipped it (SocialFusion): say so, the reports alone may look normal.
                + (minute.world().tally().mentions() == 0 ? "" : String.format(
                    ", %d people posting about problems", minute.world().tally().mentions()))));
    return o;
  }

  /** Groups a new incident with its family's, or attributes it to a large outage. */
  private void correlate(OpenIncident o, ServiceMinute minute) {
    if (relations.isAccessProvider(o.service)) {
      attribute(o, minute);
      if (o.collateral) {
        return;
      }
    }
    for (ServiceState other : services.values()) {
      OpenIncident p = other.open;
      if (p == null || p == o || p.collateral) {
        continue;
      }
      String family = relations.sharedFamily(o.service, p.service);
      if (family == null || Math.abs(p.startMinute - o.startMinute) * MINUTE_MS > GROUP_WINDOW.toMillis()) {
        continue;
      }
      if (p.group == null) {
        p.group = family + "-" + GROUP_TIME.format(Instant.ofEpochMilli(Math.min(p.startMinute, o.startMinute) * MINUTE_MS));
        p.timeline.addLast(new MutableEvent(o.detectedAt, "grouped", "Same cause as " + o.service + " (" + p.group + ")"));
      } else {
        p.timeline.addLast(new MutableEvent(o.detectedAt, "grouped", o.service + " joined " + p.group));
      }
      o.group = p.group;
      o.timeline.addLast(new MutableEvent(o.detectedAt, "grouped", "Same cause as " + p.service + " (" + o.group + ")"));
      return;
    }
  }

  static final String COLLATERAL = "collateral";
  static final String OWN_OUTAGE = "own-outage";

  /**
   * Whether a service's own probes fail in a minute: half or more of the vantage points that see
   * its worst target fail it (the world tally's {@code probes}, {@code probeFailures}). Judged
   * once, as each minute is fed to an open incident, and kept on the snapshot
   * ({@link Incident#ownProbes}) for the cluster's correlation stage.
   */
  public static boolean ownProbesFail(MinuteTally world) {
    return world.probes() > 0 && 2 * world.probeFailures() >= world.probes();
  }

  /** What the collateral rule does at one minute of an access provider's open incident. */
  enum CollateralStep {
    NOTHING,
    /** Young and its probes pass: attributed if a large outage is going on. */
    SEEK_CAUSE,
    /** Collateral, but its own probes fail: an outage of its own. */
    OWN_OUTAGE
  }

  /**
   * The own-outage rule, one minute of an access provider's open incident. The engine applies it
   * minute by minute; the {@link Correlator} (cluster mode) walks a snapshot's recorded probe
   * verdicts with it — one rule for both modes.
   *
   * @param collateral whether the incident is attributed to another service's outage now
   * @param probesFail the minute's verdict ({@link #ownProbesFail})
   * @param minutesSinceStart minutes from the incident's start to this minute's start
   */
  static CollateralStep collateralStep(boolean collateral, boolean probesFail, long minutesSinceStart) {
    if (collateral) {
      return probesFail ? CollateralStep.OWN_OUTAGE : CollateralStep.NOTHING;
    }
    if (probesFail || minutesSinceStart * MINUTE_MS > ATTRIBUTION_WINDOW.toMillis()) {
      return CollateralStep.NOTHING;
    }
    return CollateralStep.SEEK_CAUSE;
  }

  /** The own-probes line, one text for both modes. */
  static String ownOutageText(String service) {
    return "Own probes fail too: an outage of " + service + " itself";
  }

  /**
   * Decides whether an access provider's young incident is collateral of a large outage, and
   * whether a collateral one turned out to be its own (its probes fail).
   */
  private void attribute(OpenIncident o, ServiceMinute minute) {
    CollateralStep step = collateralStep(o.collateral, o.ownProbes.failed(minute.epochMinute()),
        minute.epochMinute() - o.startMinute);
    if (step == CollateralStep.OWN_OUTAGE) {
      o.collateral = false;
      o.timeline.addLast(new MutableEvent(Instant.ofEpochMilli((minute.epochMinute() + 1) * MINUTE_MS),
          OWN_OUTAGE, ownOutageText(o.service)));
    }
    if (step != CollateralStep.SEEK_CAUSE) {
      return;
    }
    OpenIncident cause = null;
    for (ServiceState other : services.values()) {
      OpenIncident p = other.open;
      if (p == null || p == o || relations.isAccessProvider(p.service) || p.severity != PublicStatus.OUTAGE) {
        continue;
      }
      if (p.peak() >= CAUSE_FACTOR * Math.max(1, o.peak()) && (cause == null || p.peak() > cause.peak())) {
        cause = p;
      }
    }
    if (cause == null) {
      return;
    }
    // The cause's first family is its parent when it has one: "the Meta outage", not "Instagram's".
    String family = relations.families(cause.service).iterator().next();
    if (cause.group == null) {
      cause.group = family + "-" + GROUP_TIME.format(Instant.ofEpochMilli(cause.startMinute * MINUTE_MS));
    }
    Instant at = Instant.ofEpochMilli((minute.epochMinute() + 1) * MINUTE_MS);
    o.collateral = true;
    o.group = cause.group;
    String name = Character.toUpperCase(family.charAt(0)) + family.substring(1);
    o.timeline.addLast(new MutableEvent(at, COLLATERAL, "Likely caused by the " + name + " outage (" + cause.group + ")"));
    cause.timeline.addLast(new MutableEvent(at, "collateral-attributed", "Reports on " + o.service + " likely caused by this outage"));
    o.capSeverity();
  }

  private ServiceState state(String service) {
    return services.computeIfAbsent(service, k -> new ServiceState());
  }

  /** A minute's counts, as they add to an incident's totals. */
  private record Contribution(long world, Map<String, Long> countries, Map<String, Long> indicators) {
    static Contribution of(ServiceMinute m) {
      Map<String, Long> countries = new HashMap<>();
      for (ServiceMinute.Part p : m.countries()) {
        if (p.tally().reports() > 0) {
          countries.put(p.country(), (long) p.tally().reports());
        }
      }
      Map<String, Long> indicators = new HashMap<>();
      m.world().tally().indicators().forEach((k, v) -> indicators.put(k, (long) v));
      return new Contribution(m.world().tally().reports(), countries, indicators);
    }
  }

  /** Adds, and forgets a key whose sum fell back to zero (a replaced minute took it away). */
  private static Long sumOrNothing(Long a, Long b) {
    long sum = a + b;
    return sum == 0 ? null : sum;
  }

  private record Recent(long minute, boolean elevated, Contribution contribution) {}

  private static final class ServiceState {
    final ArrayDeque<Recent> recent = new ArrayDeque<>();
    OpenIncident open;

    void remember(long minute, boolean elevated, Contribution c, IncidentPolicy policy) {
      recent.addLast(new Recent(minute, elevated, c));
      while (recent.size() > policy.maxBackdate().toMinutes() + 2) {
        recent.removeFirst();
      }
    }

    void replace(long minute, boolean elevated, Contribution c) {
      List<Recent> copy = new ArrayList<>(recent);
      recent.clear();
      for (Recent r : copy) {
        recent.addLast(r.minute == minute ? new Recent(minute, r.elevated || elevated, c) : r);
      }
    }
  }

  private static final class MutableEvent {
    Instant at;
    final String kind;
    final String text;

    MutableEvent(Instant at, String kind, String text) {
      this.at = at;
      this.kind = kind;
      this.text = text;
    }

    void set(Instant at) {
      this.at = at;
    }
  }

  private static final class CountryState {
    Instant since;
    Instant until;
    boolean active;
    long lastElevatedMinute;
  }

  private static final class OpenIncident {
    final long id;
    final String service;
    final long startMinute;
    Instant detectedAt;
    Instant resolvedAt;
    PublicStatus severity = PublicStatus.POSSIBLE_PROBLEMS;
    PublicStatus current = PublicStatus.POSSIBLE_PROBLEMS;
    long lastElevatedMinute;
    /** Restored without per-minute history and not yet fed a minute since. */
    boolean restored;
    /** Correlation group label, or null. */
    String group;
    /** Attributed to another service's outage: shown as possible problems at most. */
    boolean collateral;
    /** The own probes' verdict of each minute fed since opening (null: restored without one yet). */
    Incident.OwnProbes ownProbes;
    /** Official timeline lines already told (time and text). */
    final Set<String> officialSeen = new HashSet<>();
    /** The official page admitted a problem (or opened the incident): its lag was told. */
    boolean admitted;
    /** The latest official level per component. */
    final Map<String, String> officialLevels = new HashMap<>();
    final TreeMap<Long, Contribution> contributions = new TreeMap<>();
    int basePeak;
    Instant basePeakAt;
    // Running sums over the restored base and every contribution, kept as minutes are added,
    // replaced (late data) or dropped: a snapshot a minute of an hours-long incident must not
    // re-add hundreds of minutes of per-country counts (it did, and it showed in the storm bench).
    long total;
    final Map<String, Long> countryTotals = new HashMap<>();
    final Map<String, Long> indicatorTotals = new HashMap<>();
    final Map<String, CountryState> countries = new LinkedHashMap<>();
    final ArrayDeque<MutableEvent> timeline = new ArrayDeque<>();
    final ArrayDeque<Evidence> lastEvidence = new ArrayDeque<>();

    OpenIncident(long id, String service, long startMinute) {
      this.id = id;
      this.service = service;
      this.startMinute = startMinute;
    }

    static OpenIncident restore(Incident i) {
      OpenIncident o = new OpenIncident(i.id(), i.service(), i.startedAt().toEpochMilli() / MINUTE_MS);
      o.detectedAt = i.detectedAt();
      o.severity = i.severity();
      o.current = i.current();
      o.total = i.totalReports();
      o.basePeak = i.peakPerMinute();
      o.basePeakAt = i.peakAt();
      // Without the per-minute history, the restore time counts as the last elevated minute: it
      // is fixed by the first minute fed after the restore (see resumeAt).
      o.lastElevatedMinute = Math.max(o.startMinute, i.detectedAt().toEpochMilli() / MINUTE_MS);
      o.restored = true;
      for (Incident.CountryShare c : i.countries()) {
        o.countryTotals.put(c.country(), c.reports());
        CountryState cs = new CountryState();
        cs.since = c.since();
        cs.until = c.until();
        cs.active = c.active();
        cs.lastElevatedMinute = o.lastElevatedMinute;
        o.countries.put(c.country(), cs);
      }
      for (Incident.IndicatorShare s : i.indicators()) {
        o.indicatorTotals.put(s.indicator(), s.reports());
      }
      for (Incident.TimelineEvent e : i.timeline()) {
        o.timeline.addLast(new MutableEvent(e.at(), e.kind(), e.text()));
      }
      return o;
    }

    void add(long minute, Contribution c) {
      Contribution replaced = contributions.put(minute, c);
      if (replaced != null) {
        count(replaced, -1);
      }
      count(c, 1);
    }

    private void count(Contribution c, long sign) {
      total += sign * c.world();
      c.countries().forEach((k, v) -> countryTotals.merge(k, sign * v, IncidentEngine::sumOrNothing));
      c.indicators().forEach((k, v) -> indicatorTotals.merge(k, sign * v, IncidentEngine::sumOrNothing));
    }

    /** Judges the minute's own probes once, into the record the snapshot carries. */
    void judgeProbes(ServiceMinute m) {
      Incident.OwnProbes before = ownProbes != null ? ownProbes : Incident.OwnProbes.before(m.epochMinute());
      ownProbes = before.plus(m.epochMinute(), ownProbesFail(m.world().tally()));
    }

    boolean officialMajor() {
      return officialLevels.containsValue(MAJOR_OUTAGE);
    }

    /** Adds an event in time order, after any event at the same time. */
    void insert(MutableEvent e) {
      List<MutableEvent> all = new ArrayList<>(timeline);
      int i = all.size();
      while (i > 0 && all.get(i - 1).at.isAfter(e.at)) {
        i--;
      }
      all.add(i, e);
      timeline.clear();
      timeline.addAll(all);
    }

    /**
     * The first minute after a restore: the incident (and each active country) was still
     * affected just before it, so its quiet period starts here rather than at detection, which
     * would resolve a long incident at once, ending it before its own peak.
     */
    void resumeAt(long minute) {
      restored = false;
      lastElevatedMinute = Math.max(lastElevatedMinute, minute - 1);
      for (CountryState cs : countries.values()) {
        if (cs.active) {
          cs.lastElevatedMinute = Math.max(cs.lastElevatedMinute, minute - 1);
        }
      }
    }

    List<String> activeCountries() {
      return countries.entrySet().stream()
          .filter(e -> e.getValue().active)
          .sorted(Comparator.comparingLong((Map.Entry<String, CountryState> e) -> -countryTotal(e.getKey())))
          .map(Map.Entry::getKey)
          .toList();
    }

    long countryTotal(String country) {
      return countryTotals.getOrDefault(country, 0L);
    }

    void observe(ServiceMinute m, boolean elevated, IncidentPolicy policy) {
      Instant minuteStart = Instant.ofEpochMilli(m.epochMinute() * MINUTE_MS);
      Instant minuteEnd = minuteStart.plusSeconds(60);
      if (elevated) {
        lastElevatedMinute = Math.max(lastElevatedMinute, m.epochMinute());
      }
      Evidence worst = m.world().assessment().evidence();
      List<String> joined = new ArrayList<>();
      for (ServiceMinute.Part p : m.countries()) {
        Evidence e = p.assessment().evidence();
        CountryState cs = countries.get(p.country());
        if (e.atLeast(Evidence.MODERATE)) {
          worst = Evidence.max(worst, e);
          if (cs == null) {
            cs = new CountryState();
            countries.put(p.country(), cs);
          }
          if (!cs.active) {
            cs.active = true;
            cs.since = cs.since == null ? minuteStart : cs.since;
            cs.until = null;
            joined.add(p.country());
          }
        }
        if (cs != null && e.atLeast(Evidence.WEAK)) {
          cs.lastElevatedMinute = Math.max(cs.lastElevatedMinute, m.epochMinute());
        }
      }
      List<String> left = new ArrayList<>();
      for (Map.Entry<String, CountryState> e : countries.entrySet()) {
        CountryState cs = e.getValue();
        if (cs.active
            && (m.epochMinute() - cs.lastElevatedMinute) * MINUTE_MS >= policy.countryQuietPeriod().toMillis()) {
          cs.active = false;
          cs.until = Instant.ofEpochMilli((cs.lastElevatedMinute + 1) * MINUTE_MS);
          left.add(e.getKey());
        }
      }
      lastEvidence.addLast(worst);
      while (lastEvidence.size() > 5) {
        lastEvidence.removeFirst();
      }
      Evidence recent = lastEvidence.stream().reduce(Evidence.NONE, Evidence::max);
      PublicStatus now = PublicStatus.of(recent);
      if (now == PublicStatus.OPERATIONAL || collateral) {
        // Still open: recovering, not yet quiet long enough; or someone else's outage.
        now = PublicStatus.POSSIBLE_PROBLEMS;
      }
      if (officialMajor()) {
        // The page's own word is authoritative.
        now = PublicStatus.OUTAGE;
      }
      if (now.compareTo(severity) > 0 && !timeline.isEmpty()) {
        timeline.addLast(new MutableEvent(minuteEnd, "escalated", now.label("en")));
      }
      if (now.compareTo(severity) > 0) {
        severity = now;
      }
      current = now;
      if (!joined.isEmpty() && !timeline.isEmpty()) {
        timeline.addLast(new MutableEvent(minuteEnd, "countries-joined", "Affected: " + String.join(", ", joined)));
      }
      if (!left.isEmpty()) {
        timeline.addLast(new MutableEvent(minuteEnd, "countries-left", "No longer affected: " + String.join(", ", left)));
      }
    }

    /** Collateral: never shown as an outage of its own. */
    void capSeverity() {
      if (severity == PublicStatus.OUTAGE) {
        severity = PublicStatus.POSSIBLE_PROBLEMS;
      }
      if (current == PublicStatus.OUTAGE) {
        current = PublicStatus.POSSIBLE_PROBLEMS;
      }
    }

    /** The most reports world-wide in one minute so far. */
    long peak() {
      long peak = basePeak;
      for (Contribution c : contributions.values()) {
        peak = Math.max(peak, c.world());
      }
      return peak;
    }

    void resolve(ServiceMinute m) {
      resolvedAt = Instant.ofEpochMilli((lastElevatedMinute + 1) * MINUTE_MS);
      current = PublicStatus.OPERATIONAL;
      // Minutes after the last elevated one belong to the quiet period, not to the incident.
      SortedMap<Long, Contribution> quiet = contributions.tailMap(lastElevatedMinute, false);
      quiet.values().forEach(c -> count(c, -1));
      quiet.clear();
      for (CountryState cs : countries.values()) {
        if (cs.active) {
          cs.active = false;
          cs.until = Instant.ofEpochMilli((Math.min(cs.lastElevatedMinute, lastElevatedMinute) + 1) * MINUTE_MS);
        }
      }
      timeline.addLast(
          new MutableEvent(
              resolvedAt,
              "resolved",
              "Back to normal after " + (lastElevatedMinute + 1 - startMinute) + " minutes"));
    }

    Incident snapshot() {
      int peak = basePeak;
      Instant peakAt = basePeakAt;
      for (Map.Entry<Long, Contribution> e : contributions.entrySet()) {
        Contribution c = e.getValue();
        if (c.world() > peak) {
          peak = (int) c.world();
          peakAt = Instant.ofEpochMilli(e.getKey() * MINUTE_MS);
        }
      }
      List<Incident.CountryShare> shares =
          countries.entrySet().stream()
              .map(
                  e ->
                      new Incident.CountryShare(
                          e.getKey(),
                          countryTotals.getOrDefault(e.getKey(), 0L),
                          e.getValue().active,
                          e.getValue().since,
                          e.getValue().until))
              .sorted(Comparator.comparingLong(Incident.CountryShare::reports).reversed())
              .toList();
      List<Incident.IndicatorShare> indicators =
          indicatorTotals.entrySet().stream()
              .map(e -> new Incident.IndicatorShare(e.getKey(), e.getValue()))
              .sorted(Comparator.comparingLong(Incident.IndicatorShare::reports).reversed())
              .collect(Collectors.toList());
      List<Incident.TimelineEvent> events =
          timeline.stream().map(e -> new Incident.TimelineEvent(e.at, e.kind, e.text)).toList();
      return new Incident(
          id,
          service,
          Instant.ofEpochMilli(startMinute * MINUTE_MS),
          detectedAt,
          resolvedAt,
          severity,
          resolvedAt == null ? current : PublicStatus.OPERATIONAL,
          peak,
          peakAt,
          total,
          shares,
          indicators,
          events,
          group,
          ownProbes);
    }
  }
}
