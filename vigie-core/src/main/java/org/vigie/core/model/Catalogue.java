package org.vigie.core.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The immutable set of monitored services. Each service also gets a dense index so hot paths
 * (tallies, dedupe) can key on an int instead of a string.
 */
public final class Catalogue {
  private final Map<String, Service> bySlug;
  private final Map<String, Integer> indexBySlug;
  private final List<Service> byIndex;

  private Catalogue(Map<String, Service> bySlug) {
    this.bySlug = bySlug;
    this.byIndex = List.copyOf(bySlug.values());
    this.indexBySlug = new LinkedHashMap<>();
    for (int i = 0; i < byIndex.size(); i++) {
      indexBySlug.put(byIndex.get(i).slug(), i);
    }
  }

  public static Catalogue of(Collection<Service> services) {
    Map<String, Service> map = new LinkedHashMap<>();
    for (Service s : services) {
      if (map.putIfAbsent(s.slug(), s) != null) {
        throw new IllegalArgumentException("service '" + s.slug() + "' is listed twice");
      }
    }
    return new Catalogue(map);
  }

  public Optional<Service> find(String slug) {
    return Optional.ofNullable(bySlug.get(slug));
  }

  /** The dense index of a service, or -1 when unknown. */
  public int indexOf(String slug) {
    Integer i = indexBySlug.get(slug);
    return i == null ? -1 : i;
  }

  public Service byIndex(int index) {
    return byIndex.get(index);
  }

  public List<Service> services() {
    return byIndex;
  }

  public int size() {
    return byIndex.size();
  }

  /** A catalogue with one service added or replaced (indices of others may move). */
  public Catalogue with(Service service) {
    Map<String, Service> map = new LinkedHashMap<>(bySlug);
    map.put(service.slug(), service);
    return new Catalogue(map);
  }

  public Catalogue without(String slug) {
    Map<String, Service> map = new LinkedHashMap<>(bySlug);
    map.remove(slug);
    return new Catalogue(map);
  }

  /** Services sharing the parent of the given one (itself excluded). */
  public List<Service> siblings(Service service) {
    List<Service> out = new ArrayList<>();
    if (service.parent() == null) {
      return out;
    }
    for (Service s : byIndex) {
      if (!s.slug().equals(service.slug()) && service.parent().equals(s.parent())) {
        out.add(s);
      }
    }
    return out;
  }
}
