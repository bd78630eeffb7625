package org.vigie.store.sqlite;

import org.vigie.store.common.KeysetScan;
import org.vigie.store.common.Times;

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

/** Social mentions: one row per post, one per service it named; writes go through the writer thread. */
final class SqliteMentionLog implements MentionLog {
  static final String INSERT_POST = "INSERT INTO mention_post (source, post_id, at, language, author, home)"
      + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (source, post_id) DO NOTHING";
  static final String LAST_ID = "SELECT last_insert_rowid()";
  static final String INSERT_MATCH = "INSERT INTO mention_match (post, service, score, complaint) VALUES (?, ?, ?, ?)";
  static final String PAGE_QUERY = "SELECT p.id, p.source, p.post_id, p.at, p.language, p.author, p.home,"
      + " m.service, m.score, m.complaint"
      + " FROM (SELECT * FROM mention_post WHERE at >= ? AND at < ? AND (at > ? OR (at = ? AND id > ?))"
      + " ORDER BY at, id LIMIT ?) p JOIN mention_match m ON m.post = p.id ORDER BY p.at, p.id, m.service";

  /** Posts read per query while scanning; each page is its own short read. */
  static final int PAGE = 5_000;

  private final SqliteStorage storage;

  SqliteMentionLog(SqliteStorage storage) {
    this.storage = storage;
  }

  @Override
  public int append(List<StoredMention> mentions) {
    Objects.requireNonNull(mentions, "mentions");
    int rows = 0;
    for (StoredMention m : mentions) {
      Objects.requireNonNull(m, "mentions contains null");
      rows += 1 + m.matches().size();
    }
    storage.ensureOpen("append mentions");
    if (mentions.isEmpty()) {
      return 0;
    }
    return storage.writer().submit("append " + mentions.size() + " mentions", rows, tx -> {
      PreparedStatement post = tx.statement(INSERT_POST);
      PreparedStatement last = tx.statement(LAST_ID);
      PreparedStatement match = tx.statement(INSERT_MATCH);
      int fresh = 0;
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
        if (post.executeUpdate() == 0) {
          continue; // already stored
        }
        long id;
        try (ResultSet rs = last.executeQuery()) {
          rs.next();
          id = rs.getLong(1);
        }
        for (Match x : m.matches()) {
          match.setLong(1, id);
          match.setString(2, x.service());
          match.setDouble(3, x.score());
          match.setInt(4, x.complaint() ? 1 : 0);
          match.executeUpdate();
        }
        fresh++;
      }
      return fresh;
    });
  }

  @Override
  public long count() {
    return storage.readers().read("count mentions", c -> {
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
    KeysetScan.scan(PAGE, (afterAt, afterId) -> storage.readers().read("scan mentions", c -> {
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
      long current = Long.MIN_VALUE;
      Object[] head = null;
      List<Match> matches = new ArrayList<>();
      while (rs.next()) {
        long id = rs.getLong(1);
        if (head != null && id != current) {
          out.add(row(current, head, matches));
          matches = new ArrayList<>();
        }
        if (head == null || id != current) {
          long home = rs.getLong(7);
          Long homeKey = rs.wasNull() ? null : home;
          head = new Object[] {rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5), rs.getLong(6), homeKey};
          current = id;
        }
        matches.add(new Match(rs.getString(8), rs.getDouble(9), rs.getInt(10) != 0));
      }
      if (head != null) {
        out.add(row(current, head, matches));
      }
    }
    return out;
  }

  private static Row row(long id, Object[] h, List<Match> matches) {
    long at = (Long) h[2];
    return new Row(id, at, new StoredMention((String) h[0], (String) h[1], Instant.ofEpochMilli(at), (String) h[3], (Long) h[4],
        (Long) h[5], matches));
  }
}
