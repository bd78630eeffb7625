package org.vigie.server.cluster;

import org.vigie.core.incident.Relations;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigie.core.pipeline.SignalPipeline;
import org.vigie.core.signal.ProbeResult;
import org.vigie.core.tally.MinuteTally;
import org.vigie.core.storage.SignalLog;
import org.vigie.core.storage.Storage;
import org.vigie.notify.Notifier;
import org.vigie.probe.Quorum;
import org.vigie.probe.QuorumEvaluator;
import org.vigie.server.VigieConfig;
import org.vigie.sources.social.ComplaintTally;
import org.vigie.sources.social.MentionIngestor;
import org.vigie.stream.ClusterNode;
import org.vigie.stream.Event;
import org.vigie.stream.EventFeed;
import org.vigie.stream.EventSink;
import org.vigie.stream.EvidenceFeed;
import org.vigie.stream.EvidenceRecord;
import org.vigie.stream.KafkaEvidenceLog;
import org.vigie.stream.TaskProbes;
import org.vigie.stream.TaskSocial;
import org.vigie.stream.VigieTopology;

/**
 * What a Vigie instance runs in cluster mode besides HTTP: the Kafka signal log its ingestor
 * appends to, its share of the stream application and of the sink into PostgreSQL
 * ({@link ClusterNode}), and the feed of every event that keeps its live views current.
 *
 * <p>The instance's own {@link SignalPipeline} counts nothing then: it adopts the minutes and
 * incidents the stream concluded, so status, open incidents, the day's chart and server-sent
 * events read the cluster's conclusions, on every node alike.
 *
 * <p>Probe results, official statements and social complaints posted to (or polled by) any node
 * go to {@code vigie.evidence} once stored: the stream task of their service hands them to its
 * pipeline (statements to the incident engine, results to the task's quorum whose verdict each
 * closed minute carries, complaints to the task's tally fused into each minute's evidence), and
 * every node's {@link EvidenceFeed} hands the results to the node's read-side quorum, so every
 * node's status verdict hears every vantage point.
 */
public final class ClusterMode implements AutoCloseable {
  private final ClusterNode node;
  private final EventFeed feed;
  private final EvidenceFeed evidenceFeed;

  private ClusterMode(ClusterNode node, EventFeed feed, EvidenceFeed evidenceFeed) {
    this.node = node;
    this.feed = feed;
    this.evidenceFeed = evidenceFeed;
  }

  /**
   * Joins the cluster; the store must be the shared one (PostgreSQL), which the sink writes.
   * This instance's share of the sink (one owner per partition of {@code vigie.events}) hands the
   * incident changes it reads to {@code notifier}, which plans them and commits them with their
   * notifications, so each change the cluster concludes is planned once, not once per instance.
   * Every instance's dispatcher then sends from the shared outbox, lanes claimed one dispatcher
   * at a time.
   *
   * @param relations the catalogue's families and access providers: the stream's correlation
   *     stage groups and attributes incidents with them, as the embedded engine does
   * @param quorum the node's read-side probe quorum, which hears every node's results
   */
  public static ClusterMode start(VigieConfig config, Storage storage, SignalPipeline views, Relations relations, Notifier notifier,
      QuorumEvaluator quorum) {
    EventSink.IncidentWriter incidents = changes -> notifier.process(
        changes.stream().map(c -> new Notifier.Change(c.incident(), c.eventTime())).toList());
    ClusterSettings s = config.cluster();
    ClusterNode node = ClusterNode.start(new ClusterNode.Options(s.bootstrap(), s.nodeId(), s.partitions(), s.replication(),
        config.dataDir().resolve("stream-state"), config.pipeline(), config.incidents(), 2, s.streamOverrides(), relations), storage,
        incidents, ClusterMode::taskQuorum, () -> taskComplaints(config));
    EventFeed feed = null;
    try {
      feed = new EventFeed(s.bootstrap(), VigieTopology.EVENTS, ClusterNode.SINK_GROUP, e -> {
        if (Event.INCIDENT.equals(e.type())) {
          views.adoptIncident(e.incident());
        } else if (Event.OPEN.equals(e.type())) {
          // The live edge: reports the stream counted in minutes it has not closed yet.
          views.adoptOpenMinutes(e.service(), e.epochMinute(), e.tallies().getFirst().reports());
        } else if (Event.MINUTE.equals(e.type())) {
          views.adoptMinute(e.epochMinute(), e.tallies());
        }
      });
      EvidenceFeed evidence = new EvidenceFeed(s.bootstrap(), VigieTopology.EVIDENCE, r -> quorum.recordAll(r.probes()));
      return new ClusterMode(node, feed, evidence);
    } catch (RuntimeException e) {
      if (feed != null) {
        feed.close();
      }
      node.close();
      throw e;
    }
  }

  /**
   * A stream task's quorum, with the embedded rule. Its clock serves only the status verdict,
   * which the task never asks: closed minutes are judged in event time ({@code atClose}).
   */
  private static TaskProbes taskQuorum() {
    QuorumEvaluator q = new QuorumEvaluator(Quorum.DEFAULT, InstantSource.system());
    return new TaskProbes() {
      @Override
      public void record(List<ProbeResult> results) {
        q.recordAll(results);
      }

      @Override
      public Map<String, Probes> atClose(long epochMinute) {
        return q.atClose(epochMinute);
      }
    };
  }

  /** A stream task's complaint tally, as the embedded server's (its clock only tells too-late ones). */
  private static TaskSocial taskComplaints(VigieConfig config) {
    ComplaintTally t = new ComplaintTally(InstantSource.system(), config.pipeline().lateness());
    return new TaskSocial() {
      @Override
      public void record(String service, List<EvidenceRecord.Complaint> complaints) {
        complaints.forEach(c -> t.add(service, c.author(), c.home(), c.authorSince(), c.at()));
      }

      @Override
      public void relearn(List<MinuteTally> complained, long lastMinute) {
        t.relearn(complained, lastMinute);
      }

      @Override
      public Map<String, Complaints> close(long epochMinute) {
        return t.close(epochMinute);
      }
    };
  }

  /** Hands a stored batch's complaints to the stream tasks of their services. */
  public void complaints(List<MentionIngestor.Complaint> complaints) {
    Map<String, List<EvidenceRecord.Complaint>> byService = new LinkedHashMap<>();
    for (MentionIngestor.Complaint c : complaints) {
      byService.computeIfAbsent(c.service(), k -> new ArrayList<>())
          .add(new EvidenceRecord.Complaint(c.author(), c.home(), c.authorSince(), c.at()));
    }
    node.evidence().complaints(byService);
  }

  /** Where the node puts probe results and official statements once stored. */
  public KafkaEvidenceLog evidence() {
    return node.evidence();
  }

  /** The signal log of the instance's ingestor: a 2xx only after Kafka acknowledged. */
  public SignalLog signals() {
    return node.signals();
  }

  @Override
  public void close() {
    evidenceFeed.close();
    feed.close();
    node.close();
  }
}
