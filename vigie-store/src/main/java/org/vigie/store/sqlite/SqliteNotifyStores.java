package org.vigie.store.sqlite;

import org.vigie.store.common.IncidentRows;
import org.vigie.store.common.NotifyJson;
import org.vigie.store.common.SqlNotifyStores;
import org.vigie.store.common.SqlRunner;
import org.vigie.store.common.Times;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.vigie.core.incident.Incident;
import org.vigie.core.storage.NotificationLog;
import org.vigie.core.storage.Outbox;

/** The SQLite outbox (subscriptions, the notification log and maintenance are in {@code common}). */
final class SqliteNotifyStores {
  private SqliteNotifyStores() {}

  private static <T> List<T> query(SqliteStorage storage, String what, String sql, List<?> args, SqlRunner.Row<T> row) {
    return storage.readers().read(what, c -> SqlRunner.select(c, sql, args, row));
  }


  /**
   * Subscriptions and the notification log are {@code common.SqlNotifyStores}, the same for both
   * backends; the outbox below writes notify_group rows with its columns.
   */
  static final class Log {
    static final String GROUP_COLUMNS = SqlNotifyStores.Log.GROUP_COLUMNS;

    private Log() {}
  }

  static final class SqliteOutbox implements Outbox {
    private static final String COLUMNS = "key, group_key, subscription_id, channel, kind, incident, created_at,"
        + " attempts, next_attempt_at, last_error";
    // The incident row is written inside the outbox's own transaction, which the incident
    // store's save() cannot join; both use the one definition of the row.
    private static final String INCIDENT_UPSERT = IncidentRows.upsert("?");

    private final SqliteStorage storage;
    private final NotifyJson json;

    SqliteOutbox(SqliteStorage storage, NotifyJson json) {
      this.storage = storage;
      this.json = json;
    }

    @Override
    public void commit(Incident incident, List<NotificationLog.GroupState> groups, List<Delivery> deliveries) {
      Objects.requireNonNull(incident, "incident");
      IncidentRows.Row row = IncidentRows.Row.of(incident, storage.json());
      List<String> bodies = deliveries.stream().map(d -> json.incident(d.incident())).toList();
      storage.writer().submit("commit incident " + incident.id() + " with its notifications", 1 + groups.size() + deliveries.size(), tx -> {
        PreparedStatement ps = tx.statement(INCIDENT_UPSERT);
        row.bind(ps);
        ps.executeUpdate();
        PreparedStatement g = tx.statement("INSERT INTO notify_group (" + Log.GROUP_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (group_key) DO UPDATE SET first_seen = excluded.first_seen,"
            + " notified_digest = excluded.notified_digest, notified_at = excluded.notified_at,"
            + " resolved_notified = excluded.resolved_notified");
        for (NotificationLog.GroupState s : groups) {
          g.setString(1, s.groupKey());
          g.setLong(2, s.incidentId());
          g.setString(3, s.subscriptionId());
          g.setInt(4, s.channel());
          g.setLong(5, Times.store(s.firstSeen()));
          g.setString(6, s.notifiedDigest());
          Times.setNullable(g, 7, s.notifiedAt());
          g.setInt(8, s.resolvedNotified() ? 1 : 0);
          g.executeUpdate();
        }
        // A key already sent is not queued again: a change planned twice must not send twice.
        PreparedStatement d = tx.statement("INSERT INTO outbox (" + COLUMNS + ") SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
            + " WHERE NOT EXISTS (SELECT 1 FROM notify_sent WHERE key = ?) ON CONFLICT (key) DO NOTHING");
        for (int i = 0; i < deliveries.size(); i++) {
          Delivery x = deliveries.get(i);
          d.setString(1, x.key());
          d.setString(2, x.groupKey());
          d.setString(3, x.subscriptionId());
          d.setInt(4, x.channel());
          d.setString(5, x.kind());
          d.setString(6, bodies.get(i));
          d.setLong(7, Times.store(x.createdAt()));
          d.setInt(8, x.attempts());
          d.setLong(9, Times.store(x.nextAttemptAt()));
          d.setString(10, x.lastError());
          d.setString(11, x.key());
          d.executeUpdate();
        }
        return null;
      });
    }

    private Delivery row(ResultSet rs) throws SQLException {
      return new Delivery(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
          json.incident(rs.getString(6)), Instant.ofEpochMilli(rs.getLong(7)), rs.getInt(8),
          Instant.ofEpochMilli(rs.getLong(9)), rs.getString(10));
    }

    @Override
    public List<Delivery> due(Instant now, int limit) {
      return query(storage, "read due notifications", "SELECT " + COLUMNS
          + " FROM outbox WHERE dead = 0 AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at, key LIMIT ?",
          List.of(Times.bound(now), limit), this::row);
    }

    @Override
    public List<Delivery> claim(String owner, Instant now, Instant until, int lanes) {
      Objects.requireNonNull(owner, "owner");
      long at = Times.bound(now);
      // The dispatcher asks every second: an idle outbox is answered by a reader, without
      // queueing behind the writer's group commits.
      if (due(now, 1).isEmpty()) {
        return List.of();
      }
      // One write transaction on the one writer: atomic whoever else claims in this process.
      return storage.writer().submit("claim due notifications", 1 + lanes, tx -> {
        PreparedStatement find = tx.statement("SELECT o.group_key FROM outbox o WHERE o.dead = 0 AND o.next_attempt_at <= ?"
            + " AND NOT EXISTS (SELECT 1 FROM outbox_claim c WHERE c.group_key = o.group_key AND c.claimed_until > ?)"
            + " GROUP BY o.group_key ORDER BY min(o.next_attempt_at), min(o.created_at), o.group_key LIMIT ?");
        find.setLong(1, at);
        find.setLong(2, at);
        find.setInt(3, lanes);
        List<String> wanted = new ArrayList<>();
        try (ResultSet rs = find.executeQuery()) {
          while (rs.next()) {
            wanted.add(rs.getString(1));
          }
        }
        PreparedStatement take = tx.statement("INSERT INTO outbox_claim (group_key, owner, claimed_until) VALUES (?, ?, ?)"
            + " ON CONFLICT (group_key) DO UPDATE SET owner = excluded.owner, claimed_until = excluded.claimed_until");
        PreparedStatement read = tx.statement("SELECT " + COLUMNS + " FROM outbox WHERE group_key = ? AND dead = 0"
            + " AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at, key");
        List<Delivery> out = new ArrayList<>();
        for (String lane : wanted) {
          take.setString(1, lane);
          take.setString(2, owner);
          take.setLong(3, Times.store(until));
          take.executeUpdate();
          read.setString(1, lane);
          read.setLong(2, at);
          try (ResultSet rs = read.executeQuery()) {
            while (rs.next()) {
              out.add(row(rs));
            }
          }
        }
        out.sort(java.util.Comparator.comparing(Delivery::nextAttemptAt).thenComparing(Delivery::createdAt).thenComparing(Delivery::key));
        return out;
      });
    }

    @Override
    public void release(String owner, String groupKey) {
      storage.writer().submit("release a notification lane", 1, tx -> {
        PreparedStatement ps = tx.statement("DELETE FROM outbox_claim WHERE group_key = ? AND owner = ?");
        ps.setString(1, groupKey);
        ps.setString(2, owner);
        ps.executeUpdate();
        return null;
      });
    }

    @Override
    public Optional<Instant> nextDue() {
      return query(storage, "read the next due notification", "SELECT min(next_attempt_at) FROM outbox WHERE dead = 0",
          List.of(), rs -> Times.read(rs, 1)).stream().filter(Objects::nonNull).findFirst();
    }

    @Override
    public long pending() {
      return query(storage, "count pending notifications", "SELECT count(*) FROM outbox WHERE dead = 0", List.of(),
          rs -> rs.getLong(1)).getFirst();
    }

    @Override
    public void markSent(String key, Instant at) {
      storage.writer().submit("record a sent notification", 2, tx -> {
        PreparedStatement log = tx.statement("INSERT INTO notify_sent (key, group_key, kind, sent_at)"
            + " SELECT key, group_key, kind, ? FROM outbox WHERE key = ? ON CONFLICT (key) DO NOTHING");
        log.setLong(1, Times.store(at));
        log.setString(2, key);
        log.executeUpdate();
        PreparedStatement del = tx.statement("DELETE FROM outbox WHERE key = ?");
        del.setString(1, key);
        del.executeUpdate();
        return null;
      });
    }

    @Override
    public void markFailed(String key, int attempts, Instant nextAttemptAt, String error) {
      storage.writer().submit("record a failed notification attempt", 1, tx -> {
        PreparedStatement ps = tx.statement("UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE key = ?");
        ps.setInt(1, attempts);
        ps.setLong(2, Times.store(nextAttemptAt));
        ps.setString(3, error);
        ps.setString(4, key);
        ps.executeUpdate();
        return null;
      });
    }

    @Override
    public void markDead(String key, int attempts, String error) {
      storage.writer().submit("give up a notification", 1, tx -> {
        PreparedStatement ps = tx.statement("UPDATE outbox SET attempts = ?, last_error = ?, dead = 1 WHERE key = ?");
        ps.setInt(1, attempts);
        ps.setString(2, error);
        ps.setString(3, key);
        ps.executeUpdate();
        return null;
      });
    }

    @Override
    public List<Delivery> dead(int limit) {
      return query(storage, "list dead notifications", "SELECT " + COLUMNS
          + " FROM outbox WHERE dead = 1 ORDER BY created_at DESC, key LIMIT ?", List.of(limit), this::row);
    }
  }
}
