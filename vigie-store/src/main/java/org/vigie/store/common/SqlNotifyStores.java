package org.vigie.store.common;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.vigie.core.storage.NotificationLog;
import org.vigie.core.storage.SubscriptionStore;

/**
 * Subscriptions and the notification log, written once for both backends through their
 * {@link SqlRunner}, with the documents in the {@link NotifyJson} format. (The outbox, which
 * writes an incident, its groups and deliveries in one transaction, stays with each backend.)
 */
public final class SqlNotifyStores {
  private SqlNotifyStores() {}

  /** Subscriptions, one JSON document each. */
  public static final class Subscriptions implements SubscriptionStore {
    private final SqlRunner sql;
    private final NotifyJson json;
    private final String upsert;

    public Subscriptions(SqlRunner sql, NotifyJson json, Dialect dialect) {
      this.sql = sql;
      this.json = json;
      this.upsert = "INSERT INTO subscription (id, body, created_at) VALUES (?, " + dialect.jsonParam() + ", ?)"
          + " ON CONFLICT (id) DO UPDATE SET body = excluded.body";
    }

    @Override
    public void put(Subscription s) {
      Objects.requireNonNull(s, "subscription");
      String body = json.subscription(s);
      sql.write("store a subscription", 1, c -> {
        try (PreparedStatement ps = c.prepareStatement(upsert)) {
          ps.setString(1, s.id());
          ps.setString(2, body);
          ps.setLong(3, Times.store(s.createdAt()));
          return ps.executeUpdate();
        }
      });
    }

    @Override
    public Optional<Subscription> find(String id) {
      Objects.requireNonNull(id, "id");
      return sql.list("find a subscription", "SELECT body FROM subscription WHERE id = ?", List.of(id),
          rs -> json.subscription(rs.getString(1))).stream().findFirst();
    }

    @Override
    public List<Subscription> all() {
      return sql.list("list subscriptions", "SELECT body FROM subscription ORDER BY created_at, id", List.of(),
          rs -> json.subscription(rs.getString(1)));
    }

    @Override
    public boolean remove(String id) {
      Objects.requireNonNull(id, "id");
      return sql.update("remove a subscription", "DELETE FROM subscription WHERE id = ?", id) > 0;
    }
  }

  /** What was decided and sent per group; the backends' outboxes write these rows. */
  public static final class Log implements NotificationLog {
    /** The notify_group columns, in the order {@link #groups} reads them and the outboxes write them. */
    public static final String GROUP_COLUMNS =
        "group_key, incident_id, subscription_id, channel, first_seen, notified_digest, notified_at, resolved_notified";
    private static final String SENT_COLUMNS = "key, group_key, kind, sent_at";

    private final SqlRunner sql;

    public Log(SqlRunner sql) {
      this.sql = sql;
    }

    @Override
    public List<GroupState> groups(long incidentId) {
      return sql.list("read notification groups", "SELECT " + GROUP_COLUMNS
          + " FROM notify_group WHERE incident_id = ? ORDER BY group_key", List.of(incidentId), Log::group);
    }

    // getBoolean reads SQLite's 0/1 INTEGER and PostgreSQL's boolean alike.
    private static GroupState group(ResultSet rs) throws SQLException {
      return new GroupState(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getInt(4),
          Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6), Times.read(rs, 7), rs.getBoolean(8));
    }

    @Override
    public Optional<Sent> sent(String key) {
      Objects.requireNonNull(key, "key");
      return sql.list("read the notification log", "SELECT " + SENT_COLUMNS + " FROM notify_sent WHERE key = ?",
          List.of(key), Log::sentRow).stream().findFirst();
    }

    @Override
    public List<Sent> sentFor(String groupKey) {
      Objects.requireNonNull(groupKey, "groupKey");
      return sql.list("read the notification log",
          "SELECT " + SENT_COLUMNS + " FROM notify_sent WHERE group_key = ? ORDER BY sent_at, key",
          List.of(groupKey), Log::sentRow);
    }

    private static Sent sentRow(ResultSet rs) throws SQLException {
      return new Sent(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)));
    }

    @Override
    public long sentCount() {
      return sql.list("count sent notifications", "SELECT count(*) FROM notify_sent", List.of(), rs -> rs.getLong(1))
          .getFirst();
    }
  }
}
