package org.vigie.server.cluster;

import java.util.Map;

/**
 * How a Vigie instance joins a cluster ({@code vigie serve --kafka …}); null in the configuration
 * means embedded mode.
 *
 * @param bootstrap Kafka bootstrap servers, {@code host:port[,host:port…]}
 * @param nodeId this instance's stable name (default: the host name); its transactional ids
 *     derive from it, so two instances must not share one, and a restarted instance keeping its
 *     name aborts at once what its previous run left open
 * @param partitions partitions of {@code vigie.signals} and {@code vigie.events} when created
 * @param replication replicas of Vigie's topics (fewer if the cluster has fewer brokers)
 * @param streamOverrides extra Kafka Streams properties (tuning; short timeouts in tests)
 */
public record ClusterSettings(String bootstrap, String nodeId, int partitions, short replication, Map<String, Object> streamOverrides) {
  public ClusterSettings {
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException("--kafka needs HOST:PORT of at least one broker");
    }
    if (nodeId == null || !nodeId.matches("[A-Za-z0-9._-]{1,100}")) {
      throw new IllegalArgumentException("--node-id '" + nodeId + "' must be 1 to 100 letters, digits, '.', '_' or '-'");
    }
    if (partitions < 1 || replication < 1) {
      throw new IllegalArgumentException("partitions and replication must be positive");
    }
    streamOverrides = Map.copyOf(streamOverrides);
  }

  /** 12 partitions, 3 replicas: production defaults (see docs/cluster.md). */
  public static ClusterSettings of(String bootstrap, String nodeId) {
    return new ClusterSettings(bootstrap.trim(), nodeId, 12, (short) 3, Map.of());
  }
}
