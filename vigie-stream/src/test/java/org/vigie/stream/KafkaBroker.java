package org.vigie.stream;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft broker (combined broker + controller) inside the test JVM, from
 * Kafka's own test kit; it listens on loopback ports picked at start.
 */
public final class KafkaBroker implements AutoCloseable {
  private final KafkaClusterTestKit kit;

  public KafkaBroker() throws Exception {
    kit = new KafkaClusterTestKit.Builder(
            new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
        // One broker: internal topics cannot have more replicas than that.
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("transaction.state.log.replication.factor", "1")
        .setConfigProp("transaction.state.log.min.isr", "1")
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        // Lets the failover test use a short session timeout instead of the 45 s default.
        .setConfigProp("group.min.session.timeout.ms", "1000")
        // Retention checks every second instead of every 5 minutes, so a test sees at once if
        // data it still needs is past retention (replays carry event times years old).
        .setConfigProp("log.retention.check.interval.ms", "1000")
        .setConfigProp("log.initial.task.delay.ms", "0")
        .build();
    kit.format();
    kit.startup();
    kit.waitForReadyBrokers();
  }

  public String bootstrap() {
    return kit.bootstrapServers();
  }

  @Override
  public void close() throws Exception {
    kit.close();
  }
}
