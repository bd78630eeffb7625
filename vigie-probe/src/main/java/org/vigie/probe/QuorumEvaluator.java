package org.vigie.probe;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vigie.core.fusion.ProbeEvidence;
import org.vigie.core.fusion.ProbeSignal;
import org.vigie.core.model.Evidence;
import org.vigie.core.signal.ProbeResult;

/**
 * Turns probe results from many vantage points into {@link ProbeEvidence}, per target, by a
 * {@link Quorum} rule. Pure and clock-injected; synchronized so agents' batches may arrive on any
 * thread.
 *
 * <p>Evidence levels: quorum met from two or more vantage points is STRONG; from a single vantage
 * point it is MODERATE (one place cannot tell its own network from the service); some vantage
 * points failing below the quorum is WEAK.
 *
 * <p>It is also the pipeline's {@link ProbeSignal}: at each minute's close (event time) it gives
 * each service's worst target's vantage points and failing ones, which the world tally stores.
 */
public final class QuorumEvaluator implements ProbeSignal {
  private final Quorum quorum;
  private final InstantSource clock;
  /** service → target key (kind|target) → vantage → streak. */
  private final Map<String, Map<String, Map<String, Streak>>> state = new HashMap<>();

  public QuorumEvaluator(Quorum quorum, InstantSource clock) {
    this.quorum = quorum;
    this.clock = clock;
  }

  private static final class Streak {
    Instant lastAt;
    String lastOutcome;
    boolean lastOk;
    int failures;
    Instant failingSince;
  }

  public synchronized void record(ProbeResult r) {
    Streak s = state.computeIfAbsent(r.service(), k -> new HashMap<>())
        .computeIfAbsent(r.kind() + "|" + r.target(), k -> new HashMap<>())
        .computeIfAbsent(r.vantage(), k -> new Streak());
    if (s.lastAt != null && !r.at().isAfter(s.lastAt)) {
      // A late result of an older round (the streak has moved on), or one already counted: in
      // cluster mode a node may read a result both from the store and from Kafka.
      return;
    }
    s.lastAt = r.at();
    s.lastOutcome = r.outcome();
    s.lastOk = r.ok();
    if (r.ok()) {
      s.failures = 0;
      s.failingSince = null;
    } else {
      if (s.failures == 0) {
        s.failingSince = r.at();
      }
      s.failures++;
    }
  }

  public void recordAll(Iterable<ProbeResult> results) {
    for (ProbeResult r : results) {
      record(r);
    }
  }

  /** Evidence for each probed target of the service, strongest first. */
  public synchronized List<ProbeEvidence> evaluate(String service) {
    // Now is the clock's: an agent's clock a little ahead of ours must not make its results stale.
    return evaluate(service, clock.instant(), null);
  }

  /**
   * Each probed service's worst target as the minute ends: results count when their latest one
   * is within {@link Quorum#fresh()} of the minute's end, before or after it (a minute closes some
   * seconds after its end, and results of those seconds are as current). Results far from it —
   * today's probes during a replay of last year's reports — do not count.
   */
  @Override
  public synchronized Map<String, Probes> atClose(long epochMinute) {
    if (state.isEmpty()) {
      return Map.of();
    }
    Instant end = Instant.ofEpochSecond((epochMinute + 1) * 60);
    Map<String, Probes> out = new HashMap<>();
    for (String service : state.keySet()) {
      ProbeEvidence worst = null;
      for (ProbeEvidence p : evaluate(service, end, end.plus(quorum.fresh()))) {
        if (worst == null || p.failing() > worst.failing() || (p.failing() == worst.failing() && p.vantages() > worst.vantages())) {
          worst = p;
        }
      }
      if (worst != null) {
        out.put(service, new Probes(worst.vantages(), worst.failing()));
      }
    }
    return out;
  }

  /** @param notAfter results whose latest is later than this do not count; null: no bound */
  private List<ProbeEvidence> evaluate(String service, Instant now, Instant notAfter) {
    Map<String, Map<String, Streak>> targets = state.getOrDefault(service, Map.of());
    Instant cutoff = now.minus(quorum.fresh());
    List<ProbeEvidence> out = new ArrayList<>();
    for (Map.Entry<String, Map<String, Streak>> t : targets.entrySet()) {
      int n = 0;
      int failing = 0;
      Instant since = null;
      Map<String, Integer> outcomes = new HashMap<>();
      Map<String, String> byVantage = new TreeMap<>();
      for (Map.Entry<String, Streak> v : t.getValue().entrySet()) {
        Streak s = v.getValue();
        if (s.lastAt.isBefore(cutoff) || (notAfter != null && s.lastAt.isAfter(notAfter))) {
          continue;
        }
        n++;
        byVantage.put(v.getKey(), s.lastOutcome);
        if (s.failures >= quorum.rounds()) {
          failing++;
          outcomes.merge(s.lastOutcome, 1, Integer::sum);
          since = since == null || s.failingSince.isBefore(since) ? s.failingSince : since;
        }
      }
      if (n == 0) {
        continue;
      }
      int needed = Math.min(quorum.k(), n);
      Evidence e;
      if (failing >= needed && failing > 0) {
        e = n >= 2 ? Evidence.STRONG : Evidence.MODERATE;
      } else if (failing > 0) {
        e = Evidence.WEAK;
      } else {
        e = Evidence.NONE;
      }
      String outcome = outcomes.entrySet().stream()
          .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
          .map(Map.Entry::getKey).orElse(Outcomes.OK);
      String[] kt = t.getKey().split("\\|", 2);
      out.add(new ProbeEvidence(service, kt[0], kt[1], outcome, failing, n, since, byVantage, e));
    }
    out.sort(Comparator.comparing(ProbeEvidence::evidence).reversed().thenComparing(ProbeEvidence::target));
    return out;
  }

  /** The strongest probe evidence of the service, NONE without results. */
  public Evidence strongest(String service) {
    return evaluate(service).stream().map(ProbeEvidence::evidence).reduce(Evidence.NONE, Evidence::max);
  }
}
