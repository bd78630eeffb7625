package org.vigie.probe;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One thing to check, for one service: the closed set of kinds an agent knows how to run.
 * {@link #id()} is stable across check-list refreshes and names the target in results.
 */
public sealed interface Check permits Check.Http, Check.Dns, Check.Tcp, Check.Tls {
  /** The service slug this check is about. */
  String service();

  /** A short stable name of what is checked, e.g. {@code https://www.facebook.com/}. */
  String target();

  /** {@code http}, {@code dns}, {@code tcp} or {@code tls}, as in {@link org.vigie.core.signal.ProbeResult#kind()}. */
  String kind();

  Schedule schedule();

  /** Identity of the check: kind and target within a service. */
  default String id() {
    return service() + "|" + kind() + "|" + target();
  }

  /**
   * An HTTP(S) GET.
   *
   * @param expectStatus acceptable statuses as {@code [min, max]} inclusive, e.g. 200..399
   * @param expectContent a string the body must contain, or null
   */
  record Http(String service, URI url, int expectStatusMin, int expectStatusMax, String expectContent, Schedule schedule)
      implements Check {
    public Http {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(url, "url");
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new IllegalArgumentException("an HTTP check needs an http or https URL, got " + url);
      }
      if (url.getHost() == null) {
        throw new IllegalArgumentException("an HTTP check URL needs a host: " + url);
      }
      if (expectStatusMin < 100 || expectStatusMax > 599 || expectStatusMin > expectStatusMax) {
        throw new IllegalArgumentException("expected status range " + expectStatusMin + ".." + expectStatusMax + " is not within 100..599");
      }
      Objects.requireNonNull(schedule, "schedule");
    }

    public static Http of(String service, String url, Schedule schedule) {
      return new Http(service, URI.create(url), 200, 399, null, schedule);
    }

    @Override
    public String target() {
      return url.toString();
    }

    @Override
    public String kind() {
      return "http";
    }
  }

  /**
   * A DNS query of one record type against configured resolvers.
   *
   * @param type {@code A}, {@code AAAA} or {@code NS}
   * @param resolvers the resolvers to ask, each as host and port; never empty
   */
  record Dns(String service, String name, String type, List<InetSocketAddress> resolvers, Schedule schedule) implements Check {
    public Dns {
      Objects.requireNonNull(service, "service");
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("a DNS check needs a name");
      }
      type = type == null ? "A" : type.toUpperCase(Locale.ROOT);
      if (!List.of("A", "AAAA", "NS").contains(type)) {
        throw new IllegalArgumentException("DNS check type must be A, AAAA or NS, got " + type);
      }
      resolvers = List.copyOf(resolvers == null ? List.of() : resolvers);
      if (resolvers.isEmpty()) {
        throw new IllegalArgumentException("a DNS check needs at least one resolver");
      }
      Objects.requireNonNull(schedule, "schedule");
    }

    @Override
    public String target() {
      return name + "/" + type;
    }

    @Override
    public String kind() {
      return "dns";
    }
  }

  /** A TCP connect. */
  record Tcp(String service, String host, int port, Schedule schedule) implements Check {
    public Tcp {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(host, "host");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("TCP port " + port + " is not between 1 and 65535");
      }
      Objects.requireNonNull(schedule, "schedule");
    }

    @Override
    public String target() {
      return host + ":" + port;
    }

    @Override
    public String kind() {
      return "tcp";
    }
  }

  /**
   * A TLS handshake, with the certificate's trust and expiry checked.
   *
   * @param minDaysValid a certificate expiring sooner than this is reported as {@code cert_expiring}
   */
  record Tls(String service, String host, int port, int minDaysValid, Schedule schedule) implements Check {
    public Tls {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(host, "host");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("TLS port " + port + " is not between 1 and 65535");
      }
      if (minDaysValid < 0) {
        throw new IllegalArgumentException("minDaysValid must not be negative");
      }
      Objects.requireNonNull(schedule, "schedule");
    }

    @Override
    public String target() {
      return host + ":" + port;
    }

    @Override
    public String kind() {
      return "tls";
    }
  }
}
