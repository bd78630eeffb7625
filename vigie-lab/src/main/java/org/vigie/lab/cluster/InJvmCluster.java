package org.vigie.lab.cluster;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.vigie.server.cluster.LocalCluster;
import org.vigie.stream.KafkaBroker;

/**
 * The cluster of {@code vigie bench ingest --mode cluster}: a single-node KRaft broker (Kafka's
 * own test kit, as in the integration tests) and an embedded PostgreSQL 18, both on loopback in
 * this JVM and gone when it closes.
 */
public final class InJvmCluster implements LocalCluster, LocalCluster.Factory {
  private KafkaBroker broker;
  private EmbeddedPostgres postgres;

  @Override
  public LocalCluster start() {
    InJvmCluster c = new InJvmCluster();
    try {
      c.broker = new KafkaBroker();
      c.postgres = EmbeddedPostgres.builder().start();
      return c;
    } catch (Exception e) {
      c.close();
      throw new IllegalStateException("cannot start the local Kafka broker and PostgreSQL: " + e.getMessage(), e);
    }
  }

  @Override
  public String bootstrap() {
    return broker.bootstrap();
  }

  @Override
  public String postgresUrl() {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
  }

  @Override
  public String postgresUser() {
    return "postgres";
  }

  @Override
  public void close() {
    try {
      if (postgres != null) {
        postgres.close();
      }
      if (broker != null) {
        broker.close();
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the local cluster", e);
    }
  }
}
