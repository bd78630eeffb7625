package org.vigie.server;

import java.nio.file.Path;
import java.time.InstantSource;
import org.vigie.core.incident.IncidentPolicy;
import org.vigie.core.pipeline.PipelineConfig;

/**
 * Everything a Vigie instance needs, validated once at start (HikariCP's habit: fail early with a
 * message a person can act on, then never change).
 *
 * @param port HTTP port; 0 picks a free one
 * @param dataDir where the embedded SQLite file lives
 * @param catalogue a catalogue file, or null for the bundled one
 * @param adminToken an admin token to install (from VIGIE_ADMIN_TOKEN), or null
 * @param anonymousBurst reports one address may send at once before the rate limit applies
 * @param outbound whether this instance reaches out to the Internet: the local probe agent and the
 *     official status page pollers. Off unless asked for ({@code vigie serve} asks), so tests,
 *     demos and replays never send traffic beyond loopback.
 * @param postgresUrl a PostgreSQL JDBC URL ({@code jdbc:postgresql://host:port/db}) to store in
 *     instead of the embedded SQLite file, or null. The password is not part of the configuration:
 *     it comes from the environment ({@code VIGIE_POSTGRES_PASSWORD}) when the store opens.
 * @param postgresUser the PostgreSQL user, or null for the driver's default
 * @param smtp the mail relay e-mail notifications go through, or null to run without e-mail
 * @param cluster the Kafka cluster this instance joins (cluster mode, needs PostgreSQL), or null
 * @param publicUrl the address people reach this Vigie at ({@code https://vigie.example}, e.g.
 *     behind a proxy), without a trailing slash; null when not given: links in messages then
 *     point at {@code http://localhost:PORT} and API links follow the request's Host header
 */
public record VigieConfig(
    String host,
    int port,
    Path dataDir,
    Path catalogue,
    String adminToken,
    PipelineConfig pipeline,
    IncidentPolicy incidents,
    int anonymousBurst,
    int maxInFlightReports,
    InstantSource clock,
    boolean outbound,
    String postgresUrl,
    String postgresUser,
    org.vigie.notify.channel.EmailChannel.Smtp smtp,
    org.vigie.server.cluster.ClusterSettings cluster,
    String publicUrl) {

  public VigieConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
    }
    if (dataDir == null) {
      throw new IllegalArgumentException("a data directory is required");
    }
    if (adminToken != null && adminToken.length() < 16) {
      throw new IllegalArgumentException("VIGIE_ADMIN_TOKEN must be at least 16 characters");
    }
    if (anonymousBurst < 1 || maxInFlightReports < 1) {
      throw new IllegalArgumentException("rate and in-flight limits must be positive");
    }
    if (postgresUrl != null && postgresUrl.isBlank()) {
      postgresUrl = null;
    }
    if (postgresUser != null && postgresUser.isBlank()) {
      postgresUser = null;
    }
    if (postgresUrl != null && !postgresUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("--postgres must be a JDBC URL like jdbc:postgresql://host:5432/vigie");
    }
    if (cluster != null && postgresUrl == null) {
      // Every instance writes and reads one shared store; a SQLite file is one machine's.
      throw new IllegalArgumentException("--kafka needs --postgres: in cluster mode every instance shares one PostgreSQL database");
    }
    if (publicUrl != null && publicUrl.isBlank()) {
      publicUrl = null;
    }
    if (publicUrl != null) {
      publicUrl = checkedPublicUrl(publicUrl.trim());
    }
  }

  public static VigieConfig defaults(Path dataDir) {
    return new VigieConfig(
        "0.0.0.0", 8080, dataDir, null, null, PipelineConfig.DEFAULT, IncidentPolicy.DEFAULT, 10, 200_000, InstantSource.system(), false,
        null, null, null, null, null);
  }

  public VigieConfig withPort(int p) {
    return new VigieConfig(host, p, dataDir, catalogue, adminToken, pipeline, incidents, anonymousBurst, maxInFlightReports, clock, outbound, postgresUrl, postgresUser, smtp, cluster, publicUrl);
  }

  public VigieConfig withHost(String h) {
    return new VigieConfig(h, port, dataDir, catalogue, adminToken, pipeline, incidents, anonymousBurst, maxInFlightReports, clock, outbound, postgresUrl, postgresUser, smtp, cluster, publicUrl);
  }

  public VigieConfig withCatalogue(Path c) {
    return new VigieConfig(host, port, dataDir, c, adminToken, pipeline, incidents, anonymousBurst, maxInFlightReports, clock, outbound, postgresUrl, postgresUser, smtp, cluster, publicUrl);
  }

  public VigieConfig withAdminToken(String t) {
    return new VigieConfig(host, port, dataDir, catalogue, t, pipeline, incidents, anonymousBurst, maxInFlightReports, clock, outbound, postgresUrl, postgresUser, smtp, cluster, publicUrl);
  }

  public VigieConfig withClock(InstantSource c) {
    return new VigieConfig(host, port, dataDir, catalogue, adminToken, pipeline, incidents, anonymousBurst, maxInFlightReports, c, outbound, postgresUrl, postgresUser, smtp, cluster, publicUrl);
  }

  public VigieConfig withOutbound(boolean o) {
    return new VigieConfig(host, port, dataDir, catalogue, adminToken, pipeline, incidents, anonymousBurst, maxInFlightReports, clock, o, postgresUrl, postgresUser, smtp, cluster, publicUrl);
  }

  public VigieConfig withAnonymousBurst(int b) {
    return new VigieConfig(host, port, dataDir, catalogue, adminToken, pipeline, incidents, b, maxInFlightReports, clock, outbound, postgresUrl, postgresUser, smtp, cluster, publicUrl);
  }

  /** Stores in the PostgreSQL database at {@code url} (null: the embedded SQLite file) as {@code user}. */
  public VigieConfig withPostgres(String url, String user) {
    return new VigieConfig(host, port, dataDir, catalogue, adminToken, pipeline, incidents, anonymousBurst, maxInFlightReports, clock, outbound, url, user, smtp, cluster, publicUrl);
  }

  /** Sends e-mail notifications through the relay {@code s} (null: no e-mail). */
  public VigieConfig withSmtp(org.vigie.notify.channel.EmailChannel.Smtp s) {
    return new VigieConfig(host, port, dataDir, catalogue, adminToken, pipeline, incidents, anonymousBurst, maxInFlightReports, clock, outbound, postgresUrl, postgresUser, s, cluster, publicUrl);
  }

  /** Joins the Kafka cluster of {@code c} (cluster mode; null: embedded). */
  public VigieConfig withCluster(org.vigie.server.cluster.ClusterSettings c) {
    return new VigieConfig(host, port, dataDir, catalogue, adminToken, pipeline, incidents, anonymousBurst, maxInFlightReports, clock, outbound, postgresUrl, postgresUser, smtp, c, publicUrl);
  }

  /** Links in messages and feeds start with {@code u} (null: see {@link #publicUrl}). */
  public VigieConfig withPublicUrl(String u) {
    return new VigieConfig(host, port, dataDir, catalogue, adminToken, pipeline, incidents, anonymousBurst, maxInFlightReports, clock, outbound, postgresUrl, postgresUser, smtp, cluster, u);
  }

  /** Where links in messages lead: the public address, else this host's port (a local install). */
  public String linkBase() {
    return publicUrl != null ? publicUrl : "http://localhost:" + port;
  }

  /**
   * An absolute http(s) address with a host and nothing after the path, without its trailing
   * slash: it is pasted in front of paths in every message, so a typo must fail at start rather
   * than in a subscriber's mailbox.
   */
  private static String checkedPublicUrl(String u) {
    java.net.URI uri;
    try {
      uri = new java.net.URI(u);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("--public-url '" + u + "' is not an address: " + e.getReason());
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
        || uri.getQuery() != null || uri.getFragment() != null) {
      throw new IllegalArgumentException("--public-url '" + u + "' must be an http(s) address like https://vigie.example, without ?query or #fragment");
    }
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  /** Where the data lives, for logs: the PostgreSQL URL without its query string, or the data directory. */
  public String storeDescription() {
    if (postgresUrl != null) {
      int q = postgresUrl.indexOf('?');
      return "PostgreSQL at " + (q < 0 ? postgresUrl : postgresUrl.substring(0, q))
          + (cluster == null ? "" : ", cluster mode through Kafka at " + cluster.bootstrap() + " as node " + cluster.nodeId());
    }
    return "SQLite at " + dataDir.toAbsolutePath();
  }
}
