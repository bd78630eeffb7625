package org.vigie.server.cluster;

import org.vigie.core.incident.Relations;
import org.vigie.core.pipeline.SignalPipeline;
import org.vigie.core.storage.SignalLog;
import org.vigie.core.storage.Storage;
import org.vigie.notify.Notifier;
import org.vigie.server.VigieConfig;
import org.vigie.stream.ClusterNode;
import org.vigie.stream.Event;
import org.vigie.stream.EventFeed;
import org.vigie.stream.EventSink;
import org.vigie.stream.VigieTopology;

/**
 * What a Vigie instance runs in cluster mode besides HTTP: the Kafka signal log its ingestor
 * appends to, its share of the stream application and of the sink into PostgreSQL
 * ({@link ClusterNode}), and the feed of every event that keeps its live views current.
 *
 * <p>The instance's own {@link SignalPipeline} counts nothing then: it adopts the minutes and
 * incidents the stream concluded, so status, open incidents, the day's chart and server-sent
 * events read the cluster's conclusions, on every node alike.
 */
public final class ClusterMode implements AutoCloseable {
  private final ClusterNode node;
  private final EventFeed feed;

  private ClusterMode(ClusterNode node, EventFeed feed) {
    this.node = node;
    this.feed = feed;
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
   */
  public static ClusterMode start(VigieConfig config, Storage storage, SignalPipeline views, Relations relations, Notifier notifier) {
    return start(config, storage, views, relations, changes -> notifier.process(
        changes.stream().map(c -> new Notifier.Change(c.incident(), c.eventTime())).toList()));
  }

  private static ClusterMode start(VigieConfig config, Storage storage, SignalPipeline views, Relations relations,
      EventSink.IncidentWriter incidents) {
    ClusterSettings s = config.cluster();
    ClusterNode node = ClusterNode.start(new ClusterNode.Options(s.bootstrap(), s.nodeId(), s.partitions(), s.replication(),
        config.dataDir().resolve("stream-state"), config.pipeline(), config.incidents(), 2, s.streamOverrides(), relations),
        storage, incidents);
    try {
      EventFeed feed = new EventFeed(s.bootstrap(), VigieTopology.EVENTS, ClusterNode.SINK_GROUP, e -> {
        if (Event.INCIDENT.equals(e.type())) {
          views.adoptIncident(e.incident());
        } else if (Event.OPEN.equals(e.type())) {
          // The live edge: reports the stream counted in minutes it has not closed yet.
          views.adoptOpenMinutes(e.service(), e.epochMinute(), e.tallies().getFirst().reports());
        } else if (Event.MINUTE.equals(e.type())) {
          views.adoptMinute(e.epochMinute(), e.tallies());
        }
      });
      return new ClusterMode(node, feed);
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  /** The signal log of the instance's ingestor: a 2xx only after Kafka acknowledged. */
  public SignalLog signals() {
    return node.signals();
  }

  @Override
  public void close() {
    feed.close();
    node.close();
  }
}
