package org.vigie.store.postgres;

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
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.vigie.core.incident.Incident;
import org.vigie.core.storage.NotificationLog;
import org.vigie.core.storage.Outbox;

/**
 * The PostgreSQL outbox (subscriptions, the notification log and maintenance are in {@code common}).
 * The same tables and JSON documents ({@link NotifyJson}) as SQLite; each write is one short
 * transaction, and {@link Outbox#commit} writes the incident, its groups and its deliveries in one.
 */
final class PgNotifyStores {
  private PgNotifyStores() {}

  private static <T> List<T> query(PostgresStorage storage, String what, String sql, List<?> args, SqlRunner.Row<T> row) {
    return storage.read(what, c -> SqlRunner.select(c, sql, args, row));
  }


  /**
   * Subscriptions and the notification log are {@code common.SqlNotifyStores}, the same for both
   * backends; the outbox below writes notify_group rows with its columns.
   */
  static final class Log {
    static final String GROUP_COLUMNS = SqlNotifyStores.Log.GROUP_COLUMNS;

    private Log() {}
  }

  static final class PgOutbox implements Outbox {
    private static final String COLUMNS = "key, group_key, subscription_id, channel, kind, incident, created_at,"
        + " attempts, next_attempt_at, last_error";
    // The incident row is written inside the outbox's own transaction, which the incident
    // store's save() cannot join; both use the one definition of the row.
    private static final String INCIDENT_UPSERT = IncidentRows.upsert("CAST(? AS jsonb)");
    private static final String GROUP_UPSERT = "INSERT INTO notify_group (" + Log.GROUP_COLUMNS + ")"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (group_key) DO UPDATE SET first_seen = excluded.first_seen,"
        + " notified_digest = excluded.notified_digest, notified_at = excluded.notified_at,"
        + " resolved_notified = excluded.resolved_notified";
    // A key already sent is not queued again: a change planned twice (the cluster's sink
    // re-reading events after a crash) must not send its message twice.
    private static final String DELIVERY_INSERT = "INSERT INTO outbox (" + COLUMNS + ")"
        + " SELECT ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM notify_sent WHERE key = ?)"
        + " ON CONFLICT (key) DO NOTHING";
    // Lanes with something due and no live claim, most overdue first.
    private static final String CLAIMABLE = "SELECT o.group_key FROM outbox o WHERE NOT o.dead AND o.next_attempt_at <= ?"
        + " AND NOT EXISTS (SELECT 1 FROM outbox_claim c WHERE c.group_key = o.group_key AND c.claimed_until > ?)"
        + " GROUP BY o.group_key ORDER BY min(o.next_attempt_at), min(o.created_at), o.group_key LIMIT ?";
    // The claim itself: a new row, or an expired one taken over. Concurrent claimers of one lane
    // serialise on its key; the second then finds it alive, updates nothing and gets no row back.
    private static final String ACQUIRE = "INSERT INTO outbox_claim (group_key, owner, claimed_until)"
        + " SELECT k, ?, ? FROM unnest(?::text[]) AS k ON CONFLICT (group_key) DO UPDATE SET owner = excluded.owner,"
        + " claimed_until = excluded.claimed_until WHERE outbox_claim.claimed_until <= ? RETURNING group_key";

    private final PostgresStorage storage;
    private final NotifyJson json;

    PgOutbox(PostgresStorage storage, NotifyJson json) {
      this.storage = storage;
      this.json = json;
    }

    @Override
    public void commit(Incident incident, List<NotificationLog.GroupState> groups, List<Delivery> deliveries) {
      Objects.requireNonNull(incident, "incident");
      IncidentRows.Row row = IncidentRows.Row.of(incident, storage.json());
      // Rows in key order, so two nodes committing overlapping groups take their locks in the
      // same order and cannot deadlock.
      List<NotificationLog.GroupState> sortedGroups =
          groups.stream().sorted(Comparator.comparing(NotificationLog.GroupState::groupKey)).toList();
      List<Delivery> sortedDeliveries = deliveries.stream().sorted(Comparator.comparing(Delivery::key)).toList();
      List<String> bodies = sortedDeliveries.stream().map(d -> json.incident(d.incident())).toList();
      storage.transaction("commit incident " + incident.id() + " with its notifications", tx -> {
        try (PreparedStatement ps = tx.prepareStatement(INCIDENT_UPSERT)) {
          row.bind(ps);
          ps.executeUpdate();
        }
        if (!sortedGroups.isEmpty()) {
          try (PreparedStatement g = tx.prepareStatement(GROUP_UPSERT)) {
            for (NotificationLog.GroupState s : sortedGroups) {
              g.setString(1, s.groupKey());
              g.setLong(2, s.incidentId());
              g.setString(3, s.subscriptionId());
              g.setInt(4, s.channel());
              g.setLong(5, Times.store(s.firstSeen()));
              g.setString(6, s.notifiedDigest());
              Times.setNullable(g, 7, s.notifiedAt());
              g.setBoolean(8, s.resolvedNotified());
              g.addBatch();
            }
            g.executeBatch();
          }
        }
        if (!sortedDeliveries.isEmpty()) {
          try (PreparedStatement d = tx.prepareStatement(DELIVERY_INSERT)) {
            for (int i = 0; i < sortedDeliveries.size(); i++) {
              Delivery x = sortedDeliveries.get(i);
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
              d.addBatch();
            }
            d.executeBatch();
          }
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
      Objects.requireNonNull(now, "now");
      return query(storage, "read due notifications", "SELECT " + COLUMNS
          + " FROM outbox WHERE NOT dead AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at, key LIMIT ?",
          List.of(Times.bound(now), limit), this::row);
    }

    @Override
    public List<Delivery> claim(String owner, Instant now, Instant until, int lanes) {
      Objects.requireNonNull(owner, "owner");
      long at = Times.bound(now);
      return storage.transaction("claim due notifications", tx -> {
        // Sorted, so that two claimers lock the lanes they both want in the same order.
        List<String> wanted = SqlRunner.select(tx, CLAIMABLE, List.of(at, at, lanes), rs -> rs.getString(1)).stream().sorted().toList();
        if (wanted.isEmpty()) {
          return List.<Delivery>of();
        }
        List<String> got = new ArrayList<>();
        try (PreparedStatement ps = tx.prepareStatement(ACQUIRE)) {
          ps.setString(1, owner);
          ps.setLong(2, Times.store(until));
          ps.setArray(3, tx.createArrayOf("text", wanted.toArray()));
          ps.setLong(4, at);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              got.add(rs.getString(1));
            }
          }
        }
        if (got.isEmpty()) {
          return List.<Delivery>of();
        }
        List<Delivery> out = new ArrayList<>();
        try (PreparedStatement ps = tx.prepareStatement("SELECT " + COLUMNS + " FROM outbox WHERE group_key = ANY(?)"
            + " AND NOT dead AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at, key")) {
          ps.setArray(1, tx.createArrayOf("text", got.toArray()));
          ps.setLong(2, at);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.add(row(rs));
            }
          }
        }
        // A lane whose delivery went (its previous holder finished after all) is let go at once,
        // or a message added to it soon would wait for the lease to run out.
        List<String> empty = got.stream().filter(k -> out.stream().noneMatch(d -> d.groupKey().equals(k))).toList();
        if (!empty.isEmpty()) {
          try (PreparedStatement ps = tx.prepareStatement("DELETE FROM outbox_claim WHERE group_key = ANY(?) AND owner = ?")) {
            ps.setArray(1, tx.createArrayOf("text", empty.toArray()));
            ps.setString(2, owner);
            ps.executeUpdate();
          }
        }
        return out;
      });
    }

    @Override
    public void release(String owner, String groupKey) {
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(groupKey, "groupKey");
      storage.transaction("release a notification lane", tx -> {
        try (PreparedStatement ps = tx.prepareStatement("DELETE FROM outbox_claim WHERE group_key = ? AND owner = ?")) {
          ps.setString(1, groupKey);
          ps.setString(2, owner);
          return ps.executeUpdate();
        }
      });
    }

    @Override
    public Optional<Instant> nextDue() {
      return query(storage, "read the next due notification", "SELECT min(next_attempt_at) FROM outbox WHERE NOT dead",
          List.of(), rs -> Times.read(rs, 1)).stream().filter(Objects::nonNull).findFirst();
    }

    @Override
    public long pending() {
      return query(storage, "count pending notifications", "SELECT count(*) FROM outbox WHERE NOT dead", List.of(),
          rs -> rs.getLong(1)).getFirst();
    }

    @Override
    public void markSent(String key, Instant at) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(at, "at");
      // One statement, so the move from the outbox to the log is atomic.
      storage.transaction("record a sent notification", tx -> {
        try (PreparedStatement ps = tx.prepareStatement("WITH gone AS (DELETE FROM outbox WHERE key = ?"
            + " RETURNING key, group_key, kind) INSERT INTO notify_sent (key, group_key, kind, sent_at)"
            + " SELECT key, group_key, kind, ? FROM gone ON CONFLICT (key) DO NOTHING")) {
          ps.setString(1, key);
          ps.setLong(2, Times.store(at));
          ps.executeUpdate();
        }
        return null;
      });
    }

    @Override
    public void markFailed(String key, int attempts, Instant nextAttemptAt, String error) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
      storage.transaction("record a failed notification attempt", tx -> {
        try (PreparedStatement ps = tx.prepareStatement(
            "UPDATE outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE key = ?")) {
          ps.setInt(1, attempts);
          ps.setLong(2, Times.store(nextAttemptAt));
          ps.setString(3, error);
          ps.setString(4, key);
          ps.executeUpdate();
        }
        return null;
      });
    }

    @Override
    public void markDead(String key, int attempts, String error) {
      Objects.requireNonNull(key, "key");
      storage.transaction("give up a notification", tx -> {
        try (PreparedStatement ps = tx.prepareStatement(
            "UPDATE outbox SET attempts = ?, last_error = ?, dead = true WHERE key = ?")) {
          ps.setInt(1, attempts);
          ps.setString(2, error);
          ps.setString(3, key);
          ps.executeUpdate();
        }
        return null;
      });
    }

    @Override
    public List<Delivery> dead(int limit) {
      return query(storage, "list dead notifications", "SELECT " + COLUMNS
          + " FROM outbox WHERE dead ORDER BY created_at DESC, key LIMIT ?", List.of(limit), this::row);
    }
  }
}
