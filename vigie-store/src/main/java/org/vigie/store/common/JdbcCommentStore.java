package org.vigie.store.common;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.vigie.core.storage.CommentStore;

/**
 * Comments and bans in plain SQL that SQLite and PostgreSQL both run as written
 * ({@code INSERT … RETURNING}, {@code ON CONFLICT DO NOTHING}, {@code NOT hidden} on an INTEGER
 * or a boolean), so the backends only say how a read and a write transaction run (their SqlRunner). Comments are
 * few next to reports: no paging, no caching.
 */
public final class JdbcCommentStore implements CommentStore {
  private static final String COLUMNS = "id, service, at, reporter, name, text, hidden";
  private static final String NOT_BANNED = "reporter NOT IN (SELECT reporter FROM banned_reporter)";

  private final SqlRunner sql;

  public JdbcCommentStore(SqlRunner sql) {
    this.sql = sql;
  }

  private <T> T read(String what, SqlRunner.Work<T> work) {
    return sql.read(what, work);
  }

  private <T> T write(String what, SqlRunner.Work<T> work) {
    return sql.write(what, 1, work);
  }

  @Override
  public Comment add(String service, Instant at, long reporter, String name, String text) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(text, "text");
    long id = write("add a comment on " + service, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO comment (service, at, reporter, name, text, hidden) VALUES (?, ?, ?, ?, ?, ?) RETURNING id")) {
        ps.setString(1, service);
        ps.setLong(2, Times.store(at));
        ps.setLong(3, reporter);
        ps.setString(4, name);
        ps.setString(5, text);
        ps.setBoolean(6, false);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
    return new Comment(id, service, at, reporter, name, text, false);
  }

  @Override
  public List<Comment> list(String service, int limit, boolean includeHidden) {
    Objects.requireNonNull(service, "service");
    String where = includeHidden ? "service = ?" : "service = ? AND NOT hidden AND " + NOT_BANNED;
    return comments("list comments of " + service,
        "SELECT " + COLUMNS + " FROM comment WHERE " + where + " ORDER BY id DESC LIMIT ?", service, limit);
  }

  @Override
  public List<Comment> recent(int limit) {
    return comments("list recent comments", "SELECT " + COLUMNS + " FROM comment ORDER BY id DESC LIMIT ?", null, limit);
  }

  @Override
  public long count() {
    return read("count comments", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM comment"); ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  private List<Comment> comments(String what, String sql, String service, int limit) {
    return read(what, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int i = 1;
        if (service != null) {
          ps.setString(i++, service);
        }
        ps.setInt(i, limit);
        List<Comment> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new Comment(rs.getLong(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), rs.getLong(4),
                rs.getString(5), rs.getString(6), rs.getBoolean(7)));
          }
        }
        return out;
      }
    });
  }

  @Override
  public boolean setHidden(long id, boolean hidden) {
    return write((hidden ? "hide" : "show") + " comment " + id, c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE comment SET hidden = ? WHERE id = ?")) {
        ps.setBoolean(1, hidden);
        ps.setLong(2, id);
        return ps.executeUpdate() > 0;
      }
    });
  }

  @Override
  public void ban(long reporter) {
    update("ban a reporter", "INSERT INTO banned_reporter (reporter) VALUES (?) ON CONFLICT (reporter) DO NOTHING", reporter);
  }

  @Override
  public void unban(long reporter) {
    update("unban a reporter", "DELETE FROM banned_reporter WHERE reporter = ?", reporter);
  }

  private void update(String what, String sql, long reporter) {
    write(what, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setLong(1, reporter);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public boolean isBanned(long reporter) {
    return read("check a ban", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM banned_reporter WHERE reporter = ?")) {
        ps.setLong(1, reporter);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  @Override
  public Set<Long> banned() {
    return read("list bans", c -> {
      Set<Long> out = new TreeSet<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT reporter FROM banned_reporter");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
      return Set.copyOf(out);
    });
  }
}
