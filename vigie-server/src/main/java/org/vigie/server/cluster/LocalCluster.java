package org.vigie.server.cluster;

import java.util.ServiceLoader;

/**
 * A throwaway Kafka broker and PostgreSQL server on this machine, for {@code vigie bench ingest
 * --mode cluster} when no cluster is given. The server does not ship a broker; {@code vigie-lab}
 * provides one (a KRaft broker in the JVM and an embedded PostgreSQL), found with
 * {@link ServiceLoader} like the lab's commands.
 */
public interface LocalCluster extends AutoCloseable {
  String bootstrap();

  String postgresUrl();

  String postgresUser();

  @Override
  void close();

  /** Registered in {@code META-INF/services/org.vigie.server.cluster.LocalCluster$Factory}. */
  interface Factory {
    LocalCluster start();
  }

  /** Starts the local cluster a module above provides. */
  static LocalCluster start() {
    Factory f = ServiceLoader.load(Factory.class).findFirst().orElseThrow(() -> new IllegalArgumentException(
        "no local Kafka broker on the class path: give --kafka and --postgres, or run through ./vigie (the lab brings one)"));
    return f.start();
  }
}
