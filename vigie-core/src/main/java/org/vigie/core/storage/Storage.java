package org.vigie.core.storage;

/**
 * The root of the storage SPI: one object per backend that hands out narrow roles. Backends
 * (SQLite, PostgreSQL) live in {@code vigie-store} and pass the same contract test suite.
 */
public interface Storage extends AutoCloseable {
  SignalLog signals();

  TallyStore tallies();

  IncidentStore incidents();

  CatalogStore catalog();

  TokenStore tokens();

  SettingStore settings();

  /** Whether the backend can serve reads and writes now. */
  Health check();

  @Override
  void close();

  record Health(boolean ok, String detail) {}
}
