package org.vigie.stream;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.core.detect.SeasonalPoissonDetector;
import org.vigie.core.incident.Incident;
import org.vigie.core.incident.IncidentEngine;
import org.vigie.core.incident.IncidentPolicy;
import org.vigie.core.pipeline.PipelineConfig;
import org.vigie.core.pipeline.PipelineListener;
import org.vigie.core.pipeline.SignalPipeline;
import org.vigie.core.signal.ProblemReport;
import org.vigie.core.tally.MinuteTally;

/**
 * The core pipeline — tallies, {@link SeasonalPoissonDetector}, {@link IncidentEngine} — run for
 * the services of one partition of {@code vigie.signals}. One instance per stream task.
 *
 * <h2>Implementation notes</h2>
 *
 * The core keeps its working state (open minutes with their reporter sets, baselines, incident
 * state) in memory, as in embedded mode. What makes it survive a crash or a move to another
 * instance is the same recipe as embedded crash recovery, with state stores in place of SQLite:
 *
 * <ul>
 *   <li>{@value VigieTopology#HISTORY}: every closed minute tally of the last
 *       {@code baselineHistory}; baselines are relearned from it when the task starts.
 *   <li>{@value VigieTopology#INCIDENTS}: the latest snapshot of each open incident and the
 *       next incident number; open incidents are restored into the engine.
 *   <li>{@value VigieTopology#PENDING}: the reports of minutes not closed yet, keyed by minute
 *       and input offset; they are counted again after the relearn (Ingestor.recover's role).
 * </ul>
 *
 * Stores are changelogged and the application runs with exactly-once, so the stores, the input
 * offsets and the events written commit together: after a crash the task restarts from a state
 * where every input record before the committed offset is either in a closed tally or pending,
 * and none twice. Late reports for a minute that closed before the task (re)started are added to
 * the stored tally (the reporter sets were not kept), the same approximation embedded mode makes
 * for reports beyond the allowed lateness.
 *
 * <p>Event time is per task: the watermark is the latest event time seen on the partition, and a
 * wall-clock punctuation moves it on when the partition is quiet (the embedded ticker's role).
 */
final class DetectionProcessor implements Processor<String, StreamInput, String, Event> {
  private static final Logger LOG = LoggerFactory.getLogger(DetectionProcessor.class);
  private static final byte[] NEXT_ID = "next-id".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  /**
   * Most reports handed to the pipeline at once. The pipeline is built for batches: a late report
   * re-evaluates its whole minute, so feeding reports one by one made a storm's slightly unordered
   * arrivals cost a minute's worth of work each (the stream ran at ~1,000 reports/s).
   */
  static final int MAX_BATCH = 2_000;

  /** Incident ids are partition × this + a per-partition sequence: unique without coordination. */
  static final long IDS_PER_PARTITION = 1_000_000_000L;

  private final PipelineConfig config;
  private final IncidentPolicy policy;
  /** The task's probe quorum, fed from vigie.evidence and read at each minute's close. */
  private final TaskProbes probes;
  /** The task's complaint tally, fed from vigie.evidence and fused at each minute's close. */
  private final TaskSocial social;

  private ProcessorContext<String, Event> context;
  private KeyValueStore<Bytes, byte[]> history;
  private KeyValueStore<Bytes, byte[]> incidents;
  private KeyValueStore<Bytes, byte[]> pending;
  private ReporterDedupe reporters;
  private final OpenMinutes openMinutes = new OpenMinutes();
  private KeyValueStore<Bytes, byte[]> recentEvidence;
  private SignalPipeline pipeline;
  private long partitionBase;

  /** Highest minute closed so far; pending reports at or before it are no longer needed. */
  private long closedUpTo = Long.MIN_VALUE;

  /** Tallies of minutes closed before this task started, to which late reports are added. */
  private final Map<String, MinuteTally> restoredBase = new HashMap<>();

  private long restoredClosedUpTo = Long.MIN_VALUE;
  private final List<Event> out = new ArrayList<>();

  /**
   * Reports received but not yet handed to the pipeline. Each is already in the pending store,
   * so a commit while they wait here loses nothing: a restarted task counts them from there.
   */
  private final List<ProblemReport> batch = new ArrayList<>(MAX_BATCH);
  private final boolean[] batchCounted = new boolean[MAX_BATCH];

  DetectionProcessor(PipelineConfig config, IncidentPolicy policy) {
    this(config, policy, TaskProbes.NONE, TaskSocial.NONE);
  }

  DetectionProcessor(PipelineConfig config, IncidentPolicy policy, TaskProbes probes, TaskSocial social) {
    this.config = config;
    this.policy = policy;
    this.probes = probes;
    this.social = social;
  }

  @Override
  public void init(ProcessorContext<String, Event> context) {
    this.context = context;
    // Streams may re-initialise a processor after closing its task dirty (EOS task corruption):
    // start from the stores only, never from what this object held before.
    out.clear();
    batch.clear();
    restoredBase.clear();
    openMinutes.clear();
    restoredClosedUpTo = Long.MIN_VALUE;
    closedUpTo = Long.MIN_VALUE;
    prunedBefore = Long.MIN_VALUE;
    this.history = context.getStateStore(VigieTopology.HISTORY);
    this.incidents = context.getStateStore(VigieTopology.INCIDENTS);
    this.pending = context.getStateStore(VigieTopology.PENDING);
    this.reporters = new ReporterDedupe(context.getStateStore(VigieTopology.REPORTERS));
    this.recentEvidence = context.getStateStore(VigieTopology.RECENT_EVIDENCE);
    this.partitionBase = context.taskId().partition() * IDS_PER_PARTITION;
    IncidentEngine engine = new IncidentEngine(policy, this::nextIncidentId);
    List<Incident> open = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = incidents.all()) {
      it.forEachRemaining(kv -> {
        if (!java.util.Arrays.equals(kv.key.get(), NEXT_ID)) {
          open.add(EventSerde.incident(kv.value));
        }
      });
    }
    open.forEach(engine::restore);
    this.pipeline = new SignalPipeline(config, new SeasonalPoissonDetector(), engine, () -> Instant.ofEpochMilli(context.currentSystemTimeMs()));
    pipeline.probes(probes);
    pipeline.fuse(social);
    long t0 = System.nanoTime();
    relearn();
    // Listening before the pending reports are counted again: they may close a minute (reports
    // that waited for their batch had not moved event time on), and that minute must be stored.
    pipeline.addListener(new Emitter());
    replayEvidence();
    long recovered = recoverPending();
    if (restoredClosedUpTo != Long.MIN_VALUE || recovered > 0 || !open.isEmpty()) {
      LOG.info("task {}: relearned up to minute {}, {} open incidents, {} pending reports counted again in {} ms",
          context.taskId(), restoredClosedUpTo, open.size(), recovered, (System.nanoTime() - t0) / 1_000_000);
    }
    context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, now -> {
      // A quiet partition's last reports wait at most this long for their batch.
      drain();
      pipeline.tick();
      flush();
      // After the closed minutes' events, so a node never adds a closed minute's count twice.
      if (closedUpTo != Long.MIN_VALUE) {
        for (Event e : openMinutes.progress(pipeline, closedUpTo + 1)) {
          context.forward(new Record<>(e.service(), e, e.epochMinute() * 60_000));
        }
      }
      pruneEvidence(now);
    });
  }

  private long nextIncidentId() {
    byte[] v = incidents.get(Bytes.wrap(NEXT_ID));
    long next = (v == null ? 0 : ByteBuffer.wrap(v).getLong()) + 1;
    incidents.put(Bytes.wrap(NEXT_ID), ByteBuffer.allocate(8).putLong(next).array());
    return partitionBase + next;
  }

  private void relearn() {
    Long last = null;
    try (KeyValueIterator<Bytes, byte[]> it = history.reverseAll()) {
      if (it.hasNext()) {
        last = TallyCodec.minuteOf(it.next().key.get());
      }
    }
    if (last == null) {
      return;
    }
    long lastMinute = last;
    long lateFrom = lastMinute - config.lateness().toMinutes() - 1;
    List<MinuteTally> complained = new ArrayList<>();
    pipeline.relearn(sink -> {
      try (KeyValueIterator<Bytes, byte[]> it = history.all()) {
        while (it.hasNext()) {
          var kv = it.next();
          MinuteTally t = TallyCodec.tally(kv.key.get(), kv.value);
          sink.accept(t);
          // The social baselines relearn from the same scan, as embedded mode's restart does.
          if (t.mentions() > 0 && org.vigie.core.model.Countries.WORLD.equals(t.country())) {
            complained.add(t);
          }
          long m = TallyCodec.minuteOf(kv.key.get());
          if (m >= lateFrom) {
            restoredBase.put(key(t), t);
          }
        }
      }
    }, Instant.EPOCH, Instant.ofEpochSecond((lastMinute + 1) * 60));
    social.relearn(complained, lastMinute);
    restoredClosedUpTo = lastMinute;
    closedUpTo = lastMinute;
  }

  /** Counts again the reports of minutes that had not closed when the task last stopped. */
  private long recoverPending() {
    long n = 0;
    try (KeyValueIterator<Bytes, byte[]> it = pending.all()) {
      while (it.hasNext()) {
        add(Pending.report(it.next().value));
        n++;
        if (batch.size() == MAX_BATCH) {
          acceptBatch();
        }
      }
    }
    acceptBatch();
    return n;
  }

  @Override
  public void process(Record<String, StreamInput> record) {
    if (record.value() instanceof EvidenceRecord e) {
      evidence(e);
      return;
    }
    CountedReport in = (CountedReport) record.value();
    if (in == null) {
      return;
    }
    // The reporter rule is decided here, where every report of the service arrives, not by the
    // ingest node (which sees only its own share): the flag it sent is not used. The decision is
    // kept with the pending report, so a restarted task counts it again the same way.
    CountedReport r = new CountedReport(in.report(), reporters.counts(in.report()));
    long offset = context.recordMetadata().map(m -> m.offset()).orElse(-1L);
    pending.put(Bytes.wrap(Pending.key(Pending.minuteOf(r), offset)), Pending.value(r));
    add(r);
    if (batch.size() == MAX_BATCH) {
      drain();
    }
  }

  /**
   * Probe results join the task's quorum, complaints its complaint tally (both read when a minute
   * closes); official statements go to the incident engine as the
   * embedded pipeline takes them (an official major outage opens or holds an incident). Reports
   * waiting for their batch are counted first, so the statement meets the incidents they make.
   * The record is kept for an hour ({@value VigieTopology#RECENT_EVIDENCE}) and replayed when the
   * task starts elsewhere; complaint baselines are relearned from the history store (a minute's
   * complainers are its mentions).
   */
  private void evidence(EvidenceRecord e) {
    drain();
    long offset = context.recordMetadata().map(m -> m.offset()).orElse(-1L);
    recentEvidence.put(Bytes.wrap(ByteBuffer.allocate(16).putLong(context.currentSystemTimeMs()).putLong(offset).array()),
        InputSerde.evidenceBytes(e));
    apply(e, true);
    flush();
  }

  /** @param mayOpen whether an official major outage may open an incident (not when replayed) */
  private void apply(EvidenceRecord e, boolean mayOpen) {
    probes.record(e.probes());
    if (!e.complaints().isEmpty()) {
      social.record(e.service(), e.complaints());
    }
    if (!e.official().isEmpty() && (mayOpen || pipeline.openIncident(e.service()).isPresent())) {
      pipeline.official(e.official());
    }
  }

  /**
   * How long evidence records are kept for a task that starts (after a move or a crash): the
   * official window, since a statement that old still belongs to an incident and its level (a
   * major outage) must be heard again; probe results and complaints need far less.
   */
  static final Duration EVIDENCE_KEPT = IncidentEngine.OFFICIAL_WINDOW;

  /**
   * Hands the kept evidence to the new task's quorum, complaint tally and engine, oldest first:
   * otherwise a task that moved would judge its next minutes without probes until two probe rounds
   * came, lose the complaints of its open minutes, and forget that the official page still says
   * major outage. Replaying is harmless: the quorum ignores results it has, the engine tells each
   * official line once, and statements reach only a service with an incident restored open — one
   * they opened and that has resolved since must not open again.
   */
  private void replayEvidence() {
    try (KeyValueIterator<Bytes, byte[]> it = recentEvidence.all()) {
      it.forEachRemaining(kv -> apply(InputSerde.evidence(kv.value), false));
    }
  }

  /** Drops kept evidence older than {@link #EVIDENCE_KEPT}; keys start with the arrival time. */
  private void pruneEvidence(long nowMs) {
    List<Bytes> old = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = recentEvidence.range(Bytes.wrap(ByteBuffer.allocate(16).putLong(0).putLong(0).array()),
        Bytes.wrap(ByteBuffer.allocate(16).putLong(nowMs - EVIDENCE_KEPT.toMillis()).putLong(Long.MAX_VALUE).array()))) {
      it.forEachRemaining(kv -> old.add(kv.key));
    }
    old.forEach(recentEvidence::delete);
  }

  private void add(CountedReport r) {
    batchCounted[batch.size()] = r.counted();
    batch.add(r.report());
  }

  private void acceptBatch() {
    if (!batch.isEmpty()) {
      pipeline.accept(List.copyOf(batch), java.util.Arrays.copyOf(batchCounted, batch.size()));
      batch.clear();
    }
  }

  /** Counts the waiting reports, then forwards what that concluded. */
  private void drain() {
    acceptBatch();
    flush();
  }

  /** Forwards what the pipeline concluded and drops pending reports of closed minutes. */
  private void flush() {
    for (Event e : out) {
      long ts = e.incident() == null ? (e.epochMinute() + 1) * 60_000 : eventTime(e.incident());
      context.forward(new Record<>(e.service(), e, ts));
    }
    out.clear();
    prunePending();
  }

  private static long eventTime(Incident i) {
    Instant t = i.resolvedAt() != null ? i.resolvedAt() : i.detectedAt();
    return t == null ? i.startedAt().toEpochMilli() : t.toEpochMilli();
  }

  /**
   * Drops every pending report of a closed minute, late ones included: the history store has them
   * now, and one left behind would be counted again by a restarted task. Keys start with the
   * minute, so this reads only what it deletes.
   */
  private void prunePending() {
    // Only after the batch was counted (every caller drains first): a waiting report of a closed
    // minute must stay in the store until the pipeline has it.
    if (closedUpTo == Long.MIN_VALUE || !batch.isEmpty()) {
      return;
    }
    List<Bytes> done = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it =
        pending.range(Bytes.wrap(Pending.key(0, 0)), Bytes.wrap(Pending.key(closedUpTo, Long.MAX_VALUE)))) {
      it.forEachRemaining(kv -> done.add(kv.key));
    }
    done.forEach(pending::delete);
  }

  private static String key(MinuteTally t) {
    return t.service() + '|' + t.country() + '|' + t.minute().getEpochSecond();
  }

  /** Turns pipeline callbacks into store writes and events (forwarded after the call returns). */
  private final class Emitter implements PipelineListener {
    @Override
    public void minuteClosed(long epochMinute, List<MinuteTally> tallies) {
      closedUpTo = Math.max(closedUpTo, epochMinute);
      List<MinuteTally> written = new ArrayList<>(tallies.size());
      for (MinuteTally t : tallies) {
        if (epochMinute <= restoredClosedUpTo) {
          MinuteTally base = restoredBase.get(key(t));
          // Closed before this task started: the pipeline only holds what arrived since.
          if (base != null) {
            t = TallyCodec.merge(base, t);
          }
        }
        written.add(t);
      }
      store(epochMinute, written);
      pruneHistory(epochMinute);
    }

    @Override
    public void tooLate(List<MinuteTally> deltas) {
      Map<Long, List<MinuteTally>> byMinute = new LinkedHashMap<>();
      for (MinuteTally d : deltas) {
        long minute = d.minute().getEpochSecond() / 60;
        byte[] stored = history.get(Bytes.wrap(TallyCodec.key(minute, d.service(), d.country())));
        MinuteTally t = stored == null ? d : TallyCodec.merge(TallyCodec.tally(TallyCodec.key(minute, d.service(), d.country()), stored), d);
        byMinute.computeIfAbsent(minute, k -> new ArrayList<>()).add(t);
      }
      byMinute.forEach(DetectionProcessor.this::store);
    }

    @Override
    public void incidentChanged(Incident incident) {
      Bytes k = Bytes.wrap(("incident:" + incident.id()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      if (incident.isOpen()) {
        incidents.put(k, EventSerde.incidentBytes(incident));
      } else {
        incidents.delete(k);
      }
      out.add(Event.incident(incident));
    }
  }

  private void store(long epochMinute, List<MinuteTally> tallies) {
    Map<String, List<MinuteTally>> byService = new LinkedHashMap<>();
    for (MinuteTally t : tallies) {
      history.put(Bytes.wrap(TallyCodec.key(epochMinute, t.service(), t.country())), TallyCodec.value(t));
      byService.computeIfAbsent(t.service(), k -> new ArrayList<>()).add(t);
    }
    byService.forEach((service, list) -> out.add(Event.minute(service, epochMinute, list)));
  }

  private long prunedBefore = Long.MIN_VALUE;

  private void pruneHistory(long closedMinute) {
    long keepFrom = closedMinute - config.baselineHistory().toMinutes();
    if (prunedBefore == Long.MIN_VALUE) {
      try (KeyValueIterator<Bytes, byte[]> it = history.all()) {
        prunedBefore = it.hasNext() ? TallyCodec.minuteOf(it.next().key.get()) : keepFrom;
      }
    }
    if (keepFrom <= prunedBefore) {
      return;
    }
    List<Bytes> old = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it =
        history.range(Bytes.wrap(TallyCodec.minutePrefix(prunedBefore)), Bytes.wrap(TallyCodec.minutePrefix(keepFrom)))) {
      it.forEachRemaining(kv -> {
        if (TallyCodec.minuteOf(kv.key.get()) < keepFrom) {
          old.add(kv.key);
        }
      });
    }
    old.forEach(history::delete);
    prunedBefore = keepFrom;
  }

  /**
   * Pending store layout: key = event minute, input offset (big-endian, so a range of keys is a
   * range of minutes); value = the signal record.
   */
  static final class Pending {
    private Pending() {}

    static byte[] key(long epochMinute, long offset) {
      return ByteBuffer.allocate(16).putLong(epochMinute).putLong(offset).array();
    }

    static long minuteOf(CountedReport r) {
      return Math.floorDiv(r.report().at().toEpochMilli(), 60_000L);
    }

    static byte[] value(CountedReport r) {
      return SignalSerde.encode(r.report(), r.counted());
    }

    static CountedReport report(byte[] value) {
      return SignalSerde.decode(value);
    }
  }
}
