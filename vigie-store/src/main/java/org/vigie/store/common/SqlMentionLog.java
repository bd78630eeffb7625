package org.vigie.store.common;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.vigie.core.storage.MentionLog;

/**
 * Social mentions: one row per post, one per service it named, each append in one write of the
 * backend's {@link SqlRunner}; the same SQL for both ({@code INSERT … RETURNING}, which SQLite
 * has too, tells which posts were new). {@code ON CONFLICT DO NOTHING} on (source, post_id) makes
 * appends idempotent, across nodes too: on PostgreSQL a node inserting a post another node is
 * inserting waits for that transaction, then skips it.
 */
public final class SqlMentionLog implements MentionLog {
  static final String INSERT_POST = "INSERT INTO mention_post (source, post_id, at, language, author, home)"
      + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source, post_id) DO NOTHING RETURNING id";
  static final String INSERT_MATCH = "INSERT INTO mention_match (post, service, score, complaint) VALUES (?, ?, ?, ?)";
  static final String PAGE_QUERY = "SELECT p.id, p.source, p.post_id, p.at, p.language, p.author, p.home,"
      + " m.service, m.score, m.complaint"
      + " FROM (SELECT * FROM mention_post WHERE at >= ? AND at < ? AND (at > ? OR (at = ? AND id > ?))"
      + " ORDER BY at, id LIMIT ?) p JOIN mention_match m ON m.post = p.id ORDER BY p.at, p.id, m.service";

  /** Posts read per query while scanning; each page is its own short read. */
  static final int PAGE = 5_000;

  private final SqlRunner sql;

  public SqlMentionLog(SqlRunner sql) {
    this.sql = sql;
  }

  @Override
  public int append(List<StoredMention> mentions) {
    Objects.requireNonNull(mentions, "mentions");
    int rows = 0;
    for (StoredMention m : mentions) {
      Objects.requireNonNull(m, "mentions contains null");
      rows += 1 + m.matches().size();
    }
    sql.ensureOpen("append mentions");
    if (mentions.isEmpty()) {
      return 0;
    }
    return sql.write("append " + mentions.size() + " mentions", rows, c -> {
      int fresh = 0;
      try (PreparedStatement post = c.prepareStatement(INSERT_POST);
          PreparedStatement match = c.prepareStatement(INSERT_MATCH)) {
        for (StoredMention m : mentions) {
          post.setString(1, m.source());
          post.setString(2, m.postId());
          post.setLong(3, Times.store(m.at()));
          post.setString(4, m.language());
          post.setLong(5, m.authorKey());
          if (m.homeKey() == null) {
            post.setNull(6, Types.BIGINT);
          } else {
            post.setLong(6, m.homeKey());
          }
          long id;
          try (ResultSet rs = post.executeQuery()) {
            if (!rs.next()) {
              continue; // already stored
            }
            id = rs.getLong(1);
          }
          for (Match x : m.matches()) {
            match.setLong(1, id);
            match.setString(2, x.service());
            match.setDouble(3, x.score());
            match.setBoolean(4, x.complaint()); // 1/0 in SQLite's INTEGER column, as getBoolean reads it back
            match.addBatch();
          }
          fresh++;
        }
        if (fresh > 0) {
          match.executeBatch();
        }
      }
      return fresh;
    });
  }

  @Override
  public long count() {
    return sql.read("count mentions", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM mention_post");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Override
  public void scan(Instant from, Instant to, Consumer<StoredMention> sink) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(sink, "sink");
    long lo = Times.bound(from);
    long hi = Times.bound(to);
    KeysetScan.scan(PAGE, (afterAt, afterId) -> sql.read("scan mentions", c -> {
      try (PreparedStatement ps = c.prepareStatement(PAGE_QUERY)) {
        KeysetScan.bindPage(ps, lo, hi, afterAt, afterId, PAGE);
        return rows(ps).stream().map(r -> new KeysetScan.Row<>(r.id(), r.at(), r.mention())).toList();
      }
    }), sink);
  }

  private record Row(long id, long at, StoredMention mention) {}

  /** Folds joined rows (one per match) into one mention per post. */
  private static List<Row> rows(PreparedStatement ps) throws SQLException {
    List<Row> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      Row head = null;
      List<Match> matches = new ArrayList<>();
      while (rs.next()) {
        long id = rs.getLong(1);
        if (head == null || head.id() != id) {
          if (head != null) {
            out.add(withMatches(head, matches));
            matches = new ArrayList<>();
          }
          long home = rs.getLong(7);
          Long homeKey = rs.wasNull() ? null : home;
          long at = rs.getLong(4);
          Match first = new Match(rs.getString(8), rs.getDouble(9), rs.getBoolean(10));
          head = new Row(id, at, new StoredMention(rs.getString(2), rs.getString(3), Instant.ofEpochMilli(at), rs.getString(5),
              rs.getLong(6), homeKey, List.of(first)));
          matches.add(first);
        } else {
          matches.add(new Match(rs.getString(8), rs.getDouble(9), rs.getBoolean(10)));
        }
      }
      if (head != null) {
        out.add(withMatches(head, matches));
      }
    }
    return out;
  }

  private static Row withMatches(Row r, List<Match> matches) {
    StoredMention m = r.mention();
    return new Row(r.id(), r.at(), new StoredMention(m.source(), m.postId(), m.at(), m.language(), m.authorKey(), m.homeKey(), matches));
  }
}
