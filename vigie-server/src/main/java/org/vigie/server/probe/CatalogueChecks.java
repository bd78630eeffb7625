package org.vigie.server.probe;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.vigie.core.model.Catalogue;
import org.vigie.core.model.Service;
import org.vigie.probe.Check;
import org.vigie.probe.Schedule;

/**
 * The default check list, from the catalogue: for each service's first domain an HTTPS GET, a DNS
 * A query against public resolvers and a TLS handshake with a 14-day expiry warning. Every vantage
 * point gets the same list; a per-vantage list can replace this function.
 */
public final class CatalogueChecks {
  /** Resolvers asked by default: Cloudflare, Google, Quad9. */
  public static final List<InetSocketAddress> RESOLVERS = List.of(
      InetSocketAddress.createUnresolved("1.1.1.1", 53), InetSocketAddress.createUnresolved("8.8.8.8", 53),
      InetSocketAddress.createUnresolved("9.9.9.9", 53));

  private CatalogueChecks() {}

  public static List<Check> of(Catalogue catalogue, Schedule schedule) {
    List<InetSocketAddress> resolvers = RESOLVERS.stream().map(a -> new InetSocketAddress(a.getHostString(), a.getPort())).toList();
    List<Check> out = new ArrayList<>();
    for (Service s : catalogue.services()) {
      if (s.domains().isEmpty()) {
        continue;
      }
      String domain = s.domains().getFirst();
      out.add(new Check.Http(s.slug(), URI.create("https://" + domain + "/"), 200, 499, null, schedule));
      out.add(new Check.Dns(s.slug(), domain, "A", resolvers, schedule));
      out.add(new Check.Tls(s.slug(), domain, 443, 14, schedule));
    }
    return out;
  }
}
