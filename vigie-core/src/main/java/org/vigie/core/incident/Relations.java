package org.vigie.core.incident;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.vigie.core.model.Catalogue;
import org.vigie.core.model.Service;

/**
 * What the incident engine knows about how services depend on each other, for correlation: the
 * families a service belongs to (its parent company, the providers it runs on) and which services
 * are access providers (ISPs and mobile carriers, whose users blame them for anyone's outage).
 */
public final class Relations {
  /** No relations: every incident stands alone. */
  public static final Relations NONE = new Relations(Map.of(), Set.of());

  /** Catalogue categories of access providers. */
  public static final Set<String> ACCESS_CATEGORIES = Set.of("isp", "mobile");

  private final Map<String, Set<String>> families;
  private final Set<String> access;

  private Relations(Map<String, Set<String>> families, Set<String> access) {
    this.families = families;
    this.access = access;
  }

  /**
   * @param families per service slug, the family keys it belongs to (a parent such as
   *     {@code meta}, an upstream such as {@code aws})
   * @param accessProviders slugs of ISPs and mobile carriers
   */
  public static Relations of(Map<String, Set<String>> families, Set<String> accessProviders) {
    Map<String, Set<String>> copy = new HashMap<>();
    families.forEach((k, v) -> copy.put(k, Collections.unmodifiableSet(new LinkedHashSet<>(v))));
    return new Relations(Map.copyOf(copy), Set.copyOf(accessProviders));
  }

  /** Families from each service's parent and upstreams; access providers from their category. */
  public static Relations of(Catalogue catalogue) {
    Map<String, Set<String>> families = new HashMap<>();
    Set<String> access = new HashSet<>();
    for (Service s : catalogue.services()) {
      Set<String> keys = new LinkedHashSet<>();
      if (s.parent() != null) {
        keys.add(s.parent());
      }
      keys.addAll(s.upstreams());
      // A provider is the head of its own family: an AWS incident groups with the services on AWS.
      keys.add(s.slug());
      families.put(s.slug(), keys);
      if (s.category() != null && ACCESS_CATEGORIES.contains(s.category())) {
        access.add(s.slug());
      }
    }
    return of(families, access);
  }

  Set<String> families(String service) {
    return families.getOrDefault(service, Set.of(service));
  }

  boolean isAccessProvider(String service) {
    return access.contains(service);
  }

  /** A family key the two services share, or null. Parents come before upstreams. */
  String sharedFamily(String a, String b) {
    Set<String> other = families(b);
    for (String key : families(a)) {
      if (other.contains(key)) {
        return key;
      }
    }
    return null;
  }
}
