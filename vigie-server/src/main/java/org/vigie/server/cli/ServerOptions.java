package org.vigie.server.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.vigie.notify.channel.EmailChannel;
import org.vigie.server.VigieConfig;
import org.vigie.server.cluster.ClusterSettings;
import picocli.CommandLine.Option;

/**
 * Options shared by every command that runs a server. Each comes from the command line, else the
 * environment ({@code VIGIE_PORT}, {@code VIGIE_DATA}, {@code VIGIE_CATALOGUE}, {@code VIGIE_HOST},
 * {@code VIGIE_POSTGRES}, {@code VIGIE_POSTGRES_USER}, {@code VIGIE_KAFKA}, {@code VIGIE_NODE_ID}, {@code VIGIE_PUBLIC_URL}), else a properties file given with
 * {@code --config} (keys {@code port}, {@code data}, {@code catalogue}, {@code host},
 * {@code postgres}, {@code postgres-user}, {@code kafka}, {@code node-id}, {@code public-url}), else the default. The PostgreSQL password has no option
 * nor key, so it never sits in a shell history, a process list or a config file: it comes only
 * from {@code VIGIE_POSTGRES_PASSWORD}, read when the store opens. The SMTP relay for e-mail
 * notifications works the same way ({@code --smtp-host}, {@code VIGIE_SMTP_HOST}, key
 * {@code smtp-host}, and so on); its password comes only from {@code VIGIE_SMTP_PASSWORD}.
 */
final class ServerOptions {
  @Option(names = "--port", description = "HTTP port (default 8080; env VIGIE_PORT)")
  Integer port;

  @Option(names = "--host", description = "address to listen on (default 0.0.0.0; env VIGIE_HOST)")
  String host;

  @Option(names = "--data", description = "data directory for the embedded store (default ./vigie-data; env VIGIE_DATA)")
  Path data;

  @Option(names = "--catalogue", description = "a catalogue YAML file instead of the bundled one (env VIGIE_CATALOGUE)")
  Path catalogue;

  @Option(names = "--postgres", paramLabel = "JDBC_URL",
      description = "store in this PostgreSQL database (jdbc:postgresql://host:5432/vigie) instead of the embedded SQLite file;"
          + " password from env VIGIE_POSTGRES_PASSWORD (env VIGIE_POSTGRES)")
  String postgres;

  @Option(names = "--postgres-user", description = "PostgreSQL user (env VIGIE_POSTGRES_USER)")
  String postgresUser;

  @Option(names = "--kafka", paramLabel = "HOST:PORT[,HOST:PORT…]",
      description = "cluster mode: ingest into these Kafka brokers, detect in Kafka Streams; needs --postgres (env VIGIE_KAFKA)")
  String kafka;

  @Option(names = "--node-id", description = "this instance's stable name in the cluster (default: the host name; env VIGIE_NODE_ID)")
  String nodeId;

  @Option(names = "--smtp-host", description = "send e-mail notifications through this SMTP relay (env VIGIE_SMTP_HOST)")
  String smtpHost;

  @Option(names = "--smtp-port", description = "SMTP port (default 587; env VIGIE_SMTP_PORT)")
  Integer smtpPort;

  @Option(names = "--smtp-from", paramLabel = "ADDRESS", description = "sender of e-mail notifications (env VIGIE_SMTP_FROM)")
  String smtpFrom;

  @Option(names = "--smtp-user", description = "SMTP user; password from env VIGIE_SMTP_PASSWORD (env VIGIE_SMTP_USER)")
  String smtpUser;

  @Option(names = "--smtp-plain",
      description = "talk to the relay without STARTTLS (only for a relay on this host; env VIGIE_SMTP_PLAIN=true)")
  boolean smtpPlain;

  @Option(names = "--public-url", paramLabel = "URL",
      description = "the address people reach Vigie at (https://vigie.example), for links in e-mails and feeds (env VIGIE_PUBLIC_URL)")
  String publicUrl;

  @Option(names = "--config", description = "a properties file with port, host, data, catalogue, postgres, postgres-user,"
      + " kafka, node-id, public-url, smtp-host, smtp-port, smtp-from, smtp-user, smtp-plain")
  Path config;

  @Option(names = "--offline", description = "do not run the local probe agent nor poll official status pages")
  boolean offline;

  VigieConfig resolve(Map<String, String> env) {
    Properties file = new Properties();
    if (config != null) {
      try (Reader r = Files.newBufferedReader(config)) {
        file.load(r);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read config file " + config + ": " + e.getMessage(), e);
      }
    }
    int p = number("port", port != null ? port.toString() : pick(env.get("VIGIE_PORT"), file.getProperty("port"), "8080"));
    Path d = data != null ? data : Path.of(pick(env.get("VIGIE_DATA"), file.getProperty("data"), "vigie-data"));
    String cat = catalogue != null ? catalogue.toString() : pick(env.get("VIGIE_CATALOGUE"), file.getProperty("catalogue"), null);
    String h = host != null ? host : pick(env.get("VIGIE_HOST"), file.getProperty("host"), "0.0.0.0");
    String pg = pick(postgres, pick(env.get("VIGIE_POSTGRES"), file.getProperty("postgres"), null), null);
    String pgUser = pick(postgresUser, pick(env.get("VIGIE_POSTGRES_USER"), file.getProperty("postgres-user"), null), null);
    String k = pick(kafka, pick(env.get("VIGIE_KAFKA"), file.getProperty("kafka"), null), null);
    String node = pick(nodeId, pick(env.get("VIGIE_NODE_ID"), file.getProperty("node-id"), null), null);
    String url = pick(publicUrl, pick(env.get("VIGIE_PUBLIC_URL"), file.getProperty("public-url"), null), null);
    return VigieConfig.defaults(d)
        .withPort(p)
        .withHost(h)
        .withCatalogue(cat == null ? null : Path.of(cat))
        .withAdminToken(env.get("VIGIE_ADMIN_TOKEN"))
        .withPostgres(pg == null ? null : pg.trim(), pgUser == null ? null : pgUser.trim())
        .withCluster(k == null ? null : ClusterSettings.of(k, node == null ? hostName() : node.trim()))
        .withSmtp(smtp(env, file))
        .withPublicUrl(url);
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("cannot tell this host's name; give --node-id", e);
    }
  }

  /** The mail relay, or null when no host is given (Vigie then runs without e-mail). */
  private EmailChannel.Smtp smtp(Map<String, String> env, Properties file) {
    String h = pick(smtpHost, pick(env.get("VIGIE_SMTP_HOST"), file.getProperty("smtp-host"), null), null);
    if (h == null) {
      return null;
    }
    int p = number("SMTP port", smtpPort != null ? smtpPort.toString() : pick(env.get("VIGIE_SMTP_PORT"), file.getProperty("smtp-port"), "587"));
    String from = pick(smtpFrom, pick(env.get("VIGIE_SMTP_FROM"), file.getProperty("smtp-from"), null), null);
    if (from == null) {
      throw new IllegalArgumentException("--smtp-host " + h + " needs a sender: --smtp-from (env VIGIE_SMTP_FROM, key smtp-from)");
    }
    String user = pick(smtpUser, pick(env.get("VIGIE_SMTP_USER"), file.getProperty("smtp-user"), null), null);
    boolean plain = smtpPlain || Boolean.parseBoolean(pick(env.get("VIGIE_SMTP_PLAIN"), file.getProperty("smtp-plain"), "false").trim());
    // STARTTLS is required unless asked otherwise: a user's password must not cross a network in clear.
    return new EmailChannel.Smtp(h.trim(), p, from.trim(), user == null ? null : user.trim(), env.get("VIGIE_SMTP_PASSWORD"), !plain);
  }

  private static int number(String what, String text) {
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + text + "' is not a number");
    }
  }

  private static String pick(String a, String b, String dflt) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    if (b != null && !b.isBlank()) {
      return b;
    }
    return dflt;
  }
}
