package org.vigie.core.storage;

import java.util.List;
import org.vigie.core.model.Service;

/** Services added or changed through the admin API, layered over the catalogue file. */
public interface CatalogStore {
  List<Service> overrides();

  void put(Service service);

  /** Removes an override; returns whether there was one. */
  boolean remove(String slug);
}
