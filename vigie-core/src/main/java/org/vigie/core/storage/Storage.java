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

  /** Subscribers and their channels; backends without notifications refuse. */
  default SubscriptionStore subscriptions() {
    throw new UnsupportedOperationException("not supported by this backend");
  }

  /** Pending notifications, committed with the incident change that caused them. */
  default Outbox outbox() {
    throw new UnsupportedOperationException("not supported by this backend");
  }

  /** Notification group state and the record of messages sent. */
  default NotificationLog notificationLog() {
    throw new UnsupportedOperationException("not supported by this backend");
  }

  /** Maintenance windows and silences. */
  default MaintenanceStore maintenance() {
    throw new UnsupportedOperationException("not supported by this backend");
  }

  /** Social posts that named a service (issue 8); backends without it refuse. */
  default MentionLog mentions() {
    throw new UnsupportedOperationException("not supported by this backend");
  }

  /** Probe results from every vantage point (issue 5); backends without it refuse. */
  default ProbeLog probes() {
    throw new UnsupportedOperationException("not supported by this backend");
  }

  /** Statements of official status pages (issue 5); backends without it refuse. */
  default OfficialStatusLog officialStatuses() {
    throw new UnsupportedOperationException("not supported by this backend");
  }

  /** Comments on service pages and their moderation; backends without it refuse. */
  default CommentStore comments() {
    throw new UnsupportedOperationException("not supported by this backend");
  }

  /** Whether the backend can serve reads and writes now. */
  Health check();

  @Override
  void close();

  record Health(boolean ok, String detail) {}
}
