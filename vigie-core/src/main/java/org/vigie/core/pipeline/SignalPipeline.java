package org.vigie.core.pipeline;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.vigie.core.detect.Assessment;
import org.vigie.core.detect.Detector;
import org.vigie.core.detect.Observation;
import org.vigie.core.fusion.ProbeSignal;
import org.vigie.core.fusion.SocialFusion;
import org.vigie.core.fusion.SocialSignal;
import org.vigie.core.incident.Incident;
import org.vigie.core.incident.IncidentEngine;
import org.vigie.core.incident.ServiceMinute;
import org.vigie.core.model.Countries;
import org.vigie.core.model.Evidence;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.signal.OfficialStatus;
import org.vigie.core.signal.ProblemReport;
import org.vigie.core.tally.MinuteTally;

/**
 * From accepted reports to incidents: keeps open minute tallies per (service, country) and for
 * the world, closes minutes in event time, runs the detector on each closed minute and feeds the
 * incident engine.
 *
 * <h2>Event time</h2>
 *
 * The watermark is the latest event time seen. A minute closes once the watermark passes its end
 * plus the grace period. Reports for a closed minute still count while the watermark is within the
 * allowed lateness: the minute's tallies are updated and re-evaluated. Older reports are stored
 * (the signal log has them) and their counts handed to listeners as deltas, but no longer
 * evaluated. When no report arrives, {@link #tick} moves the watermark on with the injected clock
 * so quiet minutes close and incidents can resolve.
 *
 * <p>All methods are synchronized: ingestion threads hand over whole batches after they are durable,
 * so the lock is taken once per batch, not per report.
 */
public final class SignalPipeline {
  private static final long MINUTE_MS = 60_000;
  private static final int COUNTRY_SLOTS = 26 * 26 + 1;
  private static final int WORLD_SLOT = 26 * 26;

  /** Beyond this gap in event time, minutes in between are skipped instead of closed one by one. */
  private static final long MAX_CATCH_UP_MINUTES = 3 * 24 * 60;

  private final PipelineConfig config;
  private final Detector detector;
  private final IncidentEngine engine;
  private final InstantSource clock;
  private final List<PipelineListener> listeners = new CopyOnWriteArrayList<>();

  private final Map<String, Integer> serviceIds = new HashMap<>();
  private final List<ServiceSeries> seriesByService = new ArrayList<>();
  private final TreeMap<Long, Map<Integer, OpenTally>> buckets = new TreeMap<>();
  private final Map<String, Assessment> lastWorld = new HashMap<>();
  /** Social complaints fused into each service's world evidence, or null for the crowd alone. */
  private SocialSignal social;
  /** Probe quorums written into each service's world tallies, or null without probes. */
  private ProbeSignal probes;

  private long watermark = Long.MIN_VALUE;
  private long lastEventWallMs;
  private long watermarkAtLastEvent;
  private long lastClosedMinute = Long.MIN_VALUE;
  private long tooLateReports;

  /**
   * Whether a closed minute got late reports since the last re-evaluation. Without it every
   * {@link #accept} walks all tallies of the lateness window: harmless for 10,000-report batches,
   * but the cluster stream accepts one report at a time and spent its time there.
   */
  private boolean lateSinceReevaluation;

  /** Earliest event time of each batch between {@link #begin} and {@link #accept}, by ticket. */
  private final TreeMap<Long, Long> inFlight = new TreeMap<>();
  private long nextTicket;

  public SignalPipeline(PipelineConfig config, Detector detector, IncidentEngine engine, InstantSource clock) {
    this.config = config;
    this.detector = detector;
    this.engine = engine;
    this.clock = clock;
  }

  public void addListener(PipelineListener listener) {
    listeners.add(listener);
  }

  /** Fuses social complaints into each service's world evidence from the next minute closed on. */
  public synchronized void fuse(SocialSignal complaints) {
    this.social = complaints;
  }

  /**
   * Writes what the probes say into each service's world tally from the next minute closed on, so
   * the incident engine can tell an access provider's own outage from collateral complaints.
   */
  public synchronized void probes(ProbeSignal quorum) {
    this.probes = quorum;
  }

  /** Which countries of a service have been seen, in series-id order. */
  private static final class ServiceSeries {
    final String slug;
    final int id;
    final boolean[] countries = new boolean[COUNTRY_SLOTS];
    final List<Integer> known = new ArrayList<>();

    ServiceSeries(String slug, int id) {
      this.slug = slug;
      this.id = id;
    }

    void see(int slot) {
      if (!countries[slot]) {
        countries[slot] = true;
        known.add(slot);
      }
    }
  }

  private static final class OpenTally {
    /** One network new to the window, in {@link #observation(OpenTally[])}'s packed sum. */
    private static final long NEW_NETWORK = 1L << 32;

    final String service;
    final String country;
    int reports;
    final LongHashSet reporters = new LongHashSet();
    /** Counted reports per network (a network seen only in reports that did not count has 0). */
    final LongCountMap networks = new LongCountMap();
    final Map<String, Integer> indicators = new HashMap<>(8);
    Assessment assessment;
    /** The social verdict fused into a world minute's assessment, kept for late re-evaluation. */
    Assessment social;
    /** Distinct complaining authors of a world minute, stored as the tally's mentions. */
    int complainers;
    /** Vantage points probing the service's worst target at the minute's close (world tallies). */
    int probes;
    int probeFailures;
    boolean dirty;

    OpenTally(String service, String country) {
      this.service = service;
      this.country = country;
    }

    MinuteTally toTally(long minute) {
      Assessment a = assessment == null ? Assessment.NORMAL : assessment;
      return new MinuteTally(
          service, country, Instant.ofEpochMilli(minute * MINUTE_MS), reports, reporters.size(),
          networks.size(), indicators, complainers, probeFailures, probes, a.expected(), a.evidence());
    }

    Observation observation() {
      return new Observation(reports, reporters.size(), networks.size());
    }

    /**
     * This minute's observation with its fresh count: each network's reports count at most
     * {@link Observation#PER_NETWORK} over the detector's window, so the same five networks every
     * minute add nothing after their first minute while five new ones each minute keep adding.
     * Also tells the networks new to the window, which the detector sums into the distinct
     * networks behind its five-minute window.
     *
     * @param earlier the same series' tallies of the window's earlier minutes (null when absent)
     */
    Observation observation(OpenTally[] earlier) {
      // One pass gives both sums: the fresh count in the low 32 bits, the networks new to the
      // window (a counted report now, none in the earlier minutes) above them.
      long packed = networks.sum((key, c) -> {
        int prior = 0;
        for (OpenTally e : earlier) {
          if (e != null) {
            prior += e.networks.get(key);
          }
        }
        return Math.min(c, Math.max(0, Observation.PER_NETWORK - prior)) | (c > 0 && prior == 0 ? NEW_NETWORK : 0);
      });
      return new Observation(reports, reporters.size(), networks.size(), packed & 0xFFFF_FFFFL, (int) (packed >>> 32));
    }
  }

  static int countrySlot(String code) {
    if (code.length() != 2) {
      return WORLD_SLOT;
    }
    return (code.charAt(0) - 'A') * 26 + (code.charAt(1) - 'A');
  }

  static String countryCode(int slot) {
    if (slot == WORLD_SLOT) {
      return Countries.WORLD;
    }
    return new String(new char[] {(char) ('A' + slot / 26), (char) ('A' + slot % 26)});
  }

  private ServiceSeries series(String slug) {
    Integer id = serviceIds.get(slug);
    if (id == null) {
      id = seriesByService.size();
      serviceIds.put(slug, id);
      ServiceSeries s = new ServiceSeries(slug, id);
      s.see(WORLD_SLOT);
      seriesByService.add(s);
      return s;
    }
    return seriesByService.get(id);
  }

  private static int seriesId(ServiceSeries s, int slot) {
    return s.id * COUNTRY_SLOTS + slot;
  }

  /**
   * Announces a batch that is being made durable, so that minutes it still has reports for are not
   * closed by a later batch that overtook it (concurrent requests finish in any order).
   *
   * @return a ticket for {@link #accept} or {@link #abandon}
   */
  public synchronized long begin(List<ProblemReport> reports) {
    long min = Long.MAX_VALUE;
    for (ProblemReport r : reports) {
      min = Math.min(min, r.at().toEpochMilli());
    }
    long ticket = nextTicket++;
    inFlight.put(ticket, min);
    return ticket;
  }

  /** The batch of this ticket was not stored after all. */
  public synchronized void abandon(long ticket) {
    inFlight.remove(ticket);
  }

  /** Counts durable reports announced with {@link #begin} and moves event time on. */
  public synchronized void accept(long ticket, List<ProblemReport> reports, boolean[] counted) {
    inFlight.remove(ticket);
    accept(reports, counted);
  }

  /**
   * Counts durable reports and moves event time on.
   *
   * @param counted whether each report counted (a reporter's first within the dedupe window)
   */
  public synchronized void accept(List<ProblemReport> reports, boolean[] counted) {
    long maxAt = Long.MIN_VALUE;
    long lateLimit = lastClosedMinute == Long.MIN_VALUE ? Long.MIN_VALUE : lateLimitMinute();
    Map<Long, Map<String, OpenTally>> tooLate = null;
    for (int i = 0; i < reports.size(); i++) {
      ProblemReport r = reports.get(i);
      long at = r.at().toEpochMilli();
      maxAt = Math.max(maxAt, at);
      long minute = Math.floorDiv(at, MINUTE_MS);
      ServiceSeries s = series(r.service());
      int slot = countrySlot(r.region().country());
      s.see(slot);
      if (minute < lateLimit && minute <= lastClosedMinute) {
        tooLateReports++;
        if (tooLate == null) {
          tooLate = new HashMap<>();
        }
        Map<String, OpenTally> m = tooLate.computeIfAbsent(minute, k -> new HashMap<>());
        add(m.computeIfAbsent(r.service() + "|" + r.region().country(), k -> new OpenTally(r.service(), r.region().country())), r, counted[i]);
        add(m.computeIfAbsent(r.service() + "|*", k -> new OpenTally(r.service(), Countries.WORLD)), r, counted[i]);
        continue;
      }
      Map<Integer, OpenTally> bucket = buckets.computeIfAbsent(minute, k -> new HashMap<>());
      boolean closed = minute <= lastClosedMinute;
      OpenTally country = bucket.computeIfAbsent(seriesId(s, slot), k -> new OpenTally(r.service(), r.region().country()));
      OpenTally world = bucket.computeIfAbsent(seriesId(s, WORLD_SLOT), k -> new OpenTally(r.service(), Countries.WORLD));
      add(country, r, counted[i]);
      add(world, r, counted[i]);
      if (closed) {
        country.dirty = true;
        world.dirty = true;
        lateSinceReevaluation = true;
      }
    }
    if (tooLate != null) {
      List<MinuteTally> deltas = new ArrayList<>();
      tooLate.forEach((minute, m) -> m.values().forEach(t -> deltas.add(t.toTally(minute))));
      listeners.forEach(l -> l.tooLate(deltas));
    }
    reevaluateDirty();
    if (maxAt != Long.MIN_VALUE) {
      if (maxAt > watermark) {
        watermark = maxAt;
      }
      lastEventWallMs = clock.millis();
      watermarkAtLastEvent = watermark;
      closeUpTo(watermark);
    }
  }

  private static void add(OpenTally t, ProblemReport r, boolean counted) {
    t.reporters.add(r.reporterKey());
    t.networks.add(r.networkKey(), counted ? 1 : 0);
    if (counted) {
      t.reports++;
      t.indicators.merge(r.indicator(), 1, Integer::sum);
    }
  }

  private long lateLimitMinute() {
    return Math.floorDiv(watermark - config.lateness().toMillis(), MINUTE_MS);
  }

  /** Moves event time on by the wall-clock time elapsed since the last report. */
  public synchronized void tick() {
    if (watermark == Long.MIN_VALUE) {
      return;
    }
    long idle = watermarkAtLastEvent + (clock.millis() - lastEventWallMs);
    if (idle > watermark) {
      watermark = idle;
      closeUpTo(watermark);
    }
  }

  private void closeUpTo(long wm) {
    long closable = Math.floorDiv(wm - config.grace().toMillis(), MINUTE_MS) - 1;
    for (long earliest : inFlight.values()) {
      // A batch still on its way to disk holds reports for this minute: keep it open.
      closable = Math.min(closable, Math.floorDiv(earliest, MINUTE_MS) - 1);
    }
    if (lastClosedMinute == Long.MIN_VALUE) {
      if (buckets.isEmpty()) {
        return;
      }
      lastClosedMinute = buckets.firstKey() - 1;
    }
    if (closable - lastClosedMinute > MAX_CATCH_UP_MINUTES) {
      // A jump of days (a replay after live data, a long stop): close minutes that have data and
      // skip the empty stretch rather than evaluating millions of silent minutes.
      for (Long m : new ArrayList<>(buckets.headMap(closable, true).keySet())) {
        if (m > lastClosedMinute) {
          close(m);
          lastClosedMinute = m;
        }
      }
      lastClosedMinute = Math.max(lastClosedMinute, closable - 1);
    }
    while (lastClosedMinute < closable) {
      lastClosedMinute++;
      close(lastClosedMinute);
    }
    // Forget minutes beyond the allowed lateness.
    long keepFrom = Math.min(lateLimitMinute(), lastClosedMinute + 1);
    buckets.headMap(keepFrom, false).clear();
  }

  private void close(long minute) {
    Map<Integer, OpenTally> bucket = buckets.getOrDefault(minute, Map.of());
    Map<String, SocialSignal.Complaints> complaints = social == null ? Map.of() : social.close(minute);
    // Probed services nobody reported get no series: their probes matter to an incident only.
    Map<String, ProbeSignal.Probes> probed = probes == null ? Map.of() : probes.atClose(minute);
    // A service people complain about but nobody reported yet still gets a world series.
    complaints.forEach((slug, c) -> {
      if (c.authors() > 0 || c.assessment().evidence().atLeast(Evidence.WEAK)) {
        series(slug);
      }
    });
    List<MinuteTally> closed = new ArrayList<>();
    List<Incident> changes = new ArrayList<>();
    for (ServiceSeries s : seriesByService) {
      ServiceMinute.Part world = null;
      List<ServiceMinute.Part> countries = new ArrayList<>();
      for (int slot : s.known) {
        int id = seriesId(s, slot);
        OpenTally t = bucket.get(id);
        Observation obs = t == null ? Observation.ZERO : t.observation(earlier(minute, id));
        Assessment a = detector.observe(id, minute, obs);
        if (t == null && (slot == WORLD_SLOT || a.evidence() != Evidence.NONE)) {
          t = new OpenTally(s.slug, countryCode(slot));
        }
        if (t == null) {
          continue;
        }
        SocialSignal.Complaints c = slot == WORLD_SLOT ? complaints.get(s.slug) : null;
        if (c != null) {
          t.social = c.assessment();
          t.complainers = c.authors();
          a = SocialFusion.fuse(a, t.social);
        }
        ProbeSignal.Probes p = slot == WORLD_SLOT ? probed.get(s.slug) : null;
        if (p != null) {
          t.probes = p.vantages();
          t.probeFailures = p.failing();
        }
        t.assessment = a;
        MinuteTally mt = t.toTally(minute);
        // The world series is stored every minute, so charts have a baseline for quiet minutes too.
        if (t.reports > 0 || t.reporters.size() > 0 || slot == WORLD_SLOT) {
          closed.add(mt);
        }
        ServiceMinute.Part part = new ServiceMinute.Part(mt, a);
        if (slot == WORLD_SLOT) {
          world = part;
          lastWorld.put(s.slug, a);
        } else {
          countries.add(part);
        }
      }
      engine.onMinute(new ServiceMinute(s.slug, minute, world, countries)).ifPresent(changes::add);
    }
    publish(minute, closed, changes);
  }

  /**
   * The series' tallies of the window's minutes before this one, from the retained buckets (the
   * allowed lateness keeps well over a window of them; a minute already forgotten counts as empty).
   */
  private OpenTally[] earlier(long minute, int id) {
    OpenTally[] out = new OpenTally[Observation.WINDOW - 1];
    for (int k = 1; k < Observation.WINDOW; k++) {
      Map<Integer, OpenTally> b = buckets.get(minute - k);
      out[k - 1] = b == null ? null : b.get(id);
    }
    return out;
  }

  private void reevaluateDirty() {
    if (!lateSinceReevaluation) {
      return;
    }
    lateSinceReevaluation = false;
    for (Map.Entry<Long, Map<Integer, OpenTally>> e : buckets.headMap(lastClosedMinute, true).entrySet()) {
      long minute = e.getKey();
      Map<String, List<OpenTally>> dirtyByService = new HashMap<>();
      for (OpenTally t : e.getValue().values()) {
        if (t.dirty) {
          dirtyByService.computeIfAbsent(t.service, k -> new ArrayList<>()).add(t);
        }
      }
      if (dirtyByService.isEmpty()) {
        continue;
      }
      List<MinuteTally> updated = new ArrayList<>();
      List<Incident> changes = new ArrayList<>();
      for (Map.Entry<String, List<OpenTally>> d : dirtyByService.entrySet()) {
        ServiceSeries s = series(d.getKey());
        ServiceMinute.Part world = null;
        List<ServiceMinute.Part> countries = new ArrayList<>();
        for (int slot : s.known) {
          int id = seriesId(s, slot);
          OpenTally t = e.getValue().get(id);
          if (t == null) {
            continue;
          }
          if (t.dirty) {
            Assessment previous = t.assessment == null ? Assessment.NORMAL : t.assessment;
            t.assessment = SocialFusion.fuse(detector.reassess(id, minute, t.observation(earlier(minute, id)), previous), t.social);
            t.dirty = false;
            updated.add(t.toTally(minute));
          }
          ServiceMinute.Part part = new ServiceMinute.Part(t.toTally(minute), t.assessment == null ? Assessment.NORMAL : t.assessment);
          if (slot == WORLD_SLOT) {
            world = part;
          } else {
            countries.add(part);
          }
        }
        if (world != null) {
          engine.onLateMinute(new ServiceMinute(s.slug, minute, world, countries), lastClosedMinute).ifPresent(changes::add);
        }
      }
      publish(minute, updated, changes);
    }
  }

  private void publish(long minute, List<MinuteTally> tallies, List<Incident> changes) {
    for (PipelineListener l : listeners) {
      if (!tallies.isEmpty()) {
        l.minuteClosed(minute, tallies);
      }
      for (Incident i : changes) {
        l.incidentChanged(i);
      }
    }
  }

  /**
   * Hands over what official status pages said (new statements only, as a poller returns them):
   * they join the open incidents' timelines, and an official major outage opens one (see
   * {@link IncidentEngine#onOfficial}). Listeners see each changed incident once.
   *
   * @return the incidents that opened or changed, latest snapshot of each
   */
  public synchronized List<Incident> official(List<OfficialStatus> statuses) {
    if (statuses.isEmpty()) {
      return List.of();
    }
    long now = Math.floorDiv(watermark == Long.MIN_VALUE ? clock.millis() : watermark, MINUTE_MS);
    List<OfficialStatus> ordered = new ArrayList<>(statuses);
    ordered.sort(Comparator.comparing(OfficialStatus::at));
    Map<Long, Incident> changes = new LinkedHashMap<>();
    for (OfficialStatus st : ordered) {
      engine.onOfficial(st, now).ifPresent(i -> {
        changes.put(i.id(), i);
        // A service nobody reported yet: its minutes must close so the incident can resolve.
        series(i.service());
      });
    }
    List<Incident> out = List.copyOf(changes.values());
    publish(now, List.of(), out);
    return out;
  }

  /** Relearns baselines from stored tallies, minute by minute, without opening incidents. */
  public synchronized void relearn(Consumer<Consumer<MinuteTally>> scan, Instant from, Instant to) {
    TreeMap<Long, List<MinuteTally>> byMinute = new TreeMap<>();
    scan.accept(t -> byMinute.computeIfAbsent(t.minute().toEpochMilli() / MINUTE_MS, k -> new ArrayList<>()).add(t));
    if (byMinute.isEmpty()) {
      return;
    }
    for (List<MinuteTally> list : byMinute.values()) {
      for (MinuteTally t : list) {
        series(t.service()).see(countrySlot(t.country()));
      }
    }
    long first = byMinute.firstKey();
    long last = byMinute.lastKey();
    for (long m = first; m <= last; m++) {
      Map<Integer, MinuteTally> present = new HashMap<>();
      for (MinuteTally t : byMinute.getOrDefault(m, List.of())) {
        present.put(seriesId(series(t.service()), countrySlot(t.country())), t);
      }
      for (ServiceSeries s : seriesByService) {
        for (int slot : s.known) {
          int id = seriesId(s, slot);
          MinuteTally t = present.get(id);
          detector.observe(id, m, t == null ? Observation.ZERO : new Observation(t.reports(), t.reporters(), t.networks()));
        }
      }
    }
    lastClosedMinute = Math.max(lastClosedMinute, last);
    watermark = Math.max(watermark, (last + 1) * MINUTE_MS + config.grace().toMillis());
    watermarkAtLastEvent = watermark;
    lastEventWallMs = clock.millis();
  }

  /**
   * Takes on a minute that another process closed (cluster mode: the stream task that owns the
   * service) instead of counting reports here: the service's status follows its world tally and
   * listeners hear the minute as if it closed here. A pipeline fed this way is not given reports
   * nor ticked.
   */
  public synchronized void adoptMinute(long epochMinute, List<MinuteTally> tallies) {
    for (MinuteTally t : tallies) {
      series(t.service());
      adoptedClosed.merge(t.service(), epochMinute, Math::max);
      if (Countries.WORLD.equals(t.country())) {
        lastWorld.put(t.service(), new Assessment(t.evidence(), t.expected(), 0));
      }
    }
    listeners.forEach(l -> l.minuteClosed(epochMinute, tallies));
  }

  /** Per service, the latest minute adopted as closed. */
  private final Map<String, Long> adoptedClosed = new HashMap<>();

  /** Per service, the open minutes' count another process reported: first open minute and reports. */
  private final Map<String, long[]> adoptedOpen = new HashMap<>();

  /**
   * Takes on the counted reports of a service's minutes that another process has not closed yet
   * (cluster mode: the stream task's progress), for {@link #openMinuteReports}. It counts until a
   * minute from {@code firstOpenMinute} on is adopted as closed, whose tally then has them.
   */
  public synchronized void adoptOpenMinutes(String service, long firstOpenMinute, int reports) {
    adoptedOpen.put(service, new long[] {firstOpenMinute, reports});
  }

  /** Takes on an incident snapshot concluded by another process; see {@link #adoptMinute}. */
  public synchronized void adoptIncident(Incident incident) {
    if (incident.isOpen()) {
      engine.restore(incident);
    } else {
      engine.forget(incident.service(), incident.id());
    }
    listeners.forEach(l -> l.incidentChanged(incident));
  }

  /** The latest event time seen (or advanced to by the clock), null before any report. */
  public synchronized Instant watermark() {
    return watermark == Long.MIN_VALUE ? null : Instant.ofEpochMilli(watermark);
  }

  /** Reports that came later than the allowed lateness: stored and counted, but not evaluated. */
  public synchronized long tooLateReports() {
    return tooLateReports;
  }

  /** What people should see for a service now. */
  public synchronized PublicStatus status(String service) {
    Optional<Incident> open = engine.current(service);
    if (open.isPresent()) {
      return open.get().current();
    }
    Assessment a = lastWorld.get(service);
    return a == null ? PublicStatus.OPERATIONAL : PublicStatus.of(a.evidence());
  }

  public synchronized Optional<Incident> openIncident(String service) {
    return engine.current(service);
  }

  /**
   * Counted reports of a service in minutes not yet closed (the live edge of the chart): those
   * counted here, and world-wide those adopted from the process that counts (cluster mode).
   */
  public synchronized int openMinuteReports(String service, String country) {
    long[] adopted = country == null ? adoptedOpen.get(service) : null;
    int remote = adopted == null || adoptedClosed.getOrDefault(service, Long.MIN_VALUE) >= adopted[0] ? 0 : (int) adopted[1];
    return remote + localOpenMinuteReports(service, country);
  }

  private int localOpenMinuteReports(String service, String country) {
    Integer id = serviceIds.get(service);
    if (id == null) {
      return 0;
    }
    int sid = seriesId(seriesByService.get(id), country == null ? WORLD_SLOT : countrySlot(country));
    int sum = 0;
    for (Map<Integer, OpenTally> b : buckets.tailMap(lastClosedMinute, false).values()) {
      OpenTally t = b.get(sid);
      if (t != null) {
        sum += t.reports;
      }
    }
    return sum;
  }

  /** Services the pipeline knows, as slugs. */
  public synchronized List<String> knownServices() {
    return seriesByService.stream().map(s -> s.slug).toList();
  }
}
