package org.vigie.store.common;

import org.vigie.core.storage.CatalogStore;
import org.vigie.core.storage.CommentStore;
import org.vigie.core.storage.IncidentStore;
import org.vigie.core.storage.MaintenanceStore;
import org.vigie.core.storage.MentionLog;
import org.vigie.core.storage.NotificationLog;
import org.vigie.core.storage.OfficialStatusLog;
import org.vigie.core.storage.ProbeLog;
import org.vigie.core.storage.SettingStore;
import org.vigie.core.storage.Storage;
import org.vigie.core.storage.SubscriptionStore;
import org.vigie.core.storage.TallyStore;
import org.vigie.core.storage.TokenStore;

/**
 * What the two SQL backends have in common: the roles written once in this package, built over
 * the backend's own way of running SQL. A backend gives that way ({@link #read}, {@link #write},
 * {@link #ensureOpen}) and the roles that really differ (the report log's append, the outbox),
 * plus its health check and lifecycle.
 */
public abstract class SqlStorage implements Storage {
  /** Runs the shared roles' statements through the backend's three primitives below. */
  private final SqlRunner sql = new SqlRunner() {
    @Override
    public void ensureOpen(String what) {
      SqlStorage.this.ensureOpen(what);
    }

    @Override
    public <T> T read(String what, Work<T> work) {
      return SqlStorage.this.read(what, work);
    }

    @Override
    public <T> T write(String what, int rows, Work<T> work) {
      return SqlStorage.this.write(what, rows, work);
    }
  };
  private final NotifyJson notifyJson;
  private final SqlTallyStore tallies;
  private final SqlIncidentStore incidents;
  private final SqlSmallStores.Catalog catalog;
  private final SqlSmallStores.Tokens tokens;
  private final SqlSmallStores.Settings settings;
  private final SqlNotifyStores.Subscriptions subscriptions;
  private final SqlNotifyStores.Log notificationLog;
  private final SqlMaintenanceStore maintenance;
  private final SqlMentionLog mentions;
  private final SqlProbeLog probes;
  private final SqlOfficialStatusLog officialStatuses;
  private final JdbcCommentStore comments;

  /** @param json the row mapping, which the backend's outbox uses too */
  protected SqlStorage(Dialect dialect, Json json) {
    this.notifyJson = new NotifyJson(json);
    this.tallies = new SqlTallyStore(sql, json, dialect);
    this.incidents = new SqlIncidentStore(sql, json, dialect);
    this.catalog = new SqlSmallStores.Catalog(sql, json, dialect);
    this.tokens = new SqlSmallStores.Tokens(sql);
    this.settings = new SqlSmallStores.Settings(sql);
    this.subscriptions = new SqlNotifyStores.Subscriptions(sql, notifyJson, dialect);
    this.notificationLog = new SqlNotifyStores.Log(sql);
    this.maintenance = new SqlMaintenanceStore(sql, notifyJson, dialect.jsonParam());
    this.mentions = new SqlMentionLog(sql);
    this.probes = new SqlProbeLog(sql);
    this.officialStatuses = new SqlOfficialStatusLog(sql);
    this.comments = new JdbcCommentStore(sql);
  }

  /** Refuses (StorageException) when the store is closed. */
  protected abstract void ensureOpen(String what);

  /** See {@link SqlRunner#read}. */
  protected abstract <T> T read(String what, SqlRunner.Work<T> work);

  /** See {@link SqlRunner#write}. */
  protected abstract <T> T write(String what, int rows, SqlRunner.Work<T> work);

  /** The runner for the backend's own roles written over common pieces (its report log). */
  protected final SqlRunner sql() {
    return sql;
  }

  /** The documents' mapping, for the backend's outbox. */
  protected final NotifyJson notifyJson() {
    return notifyJson;
  }

  @Override
  public final TallyStore tallies() {
    return tallies;
  }

  @Override
  public final IncidentStore incidents() {
    return incidents;
  }

  @Override
  public final CatalogStore catalog() {
    return catalog;
  }

  @Override
  public final TokenStore tokens() {
    return tokens;
  }

  @Override
  public final SettingStore settings() {
    return settings;
  }

  @Override
  public final SubscriptionStore subscriptions() {
    return subscriptions;
  }

  @Override
  public final NotificationLog notificationLog() {
    return notificationLog;
  }

  @Override
  public final MaintenanceStore maintenance() {
    return maintenance;
  }

  @Override
  public final MentionLog mentions() {
    return mentions;
  }

  @Override
  public final ProbeLog probes() {
    return probes;
  }

  @Override
  public final OfficialStatusLog officialStatuses() {
    return officialStatuses;
  }

  @Override
  public final CommentStore comments() {
    return comments;
  }
}
