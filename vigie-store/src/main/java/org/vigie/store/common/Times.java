package org.vigie.store.common;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** Time columns are epoch milliseconds, in both backends. */
public final class Times {
  private Times() {}

  /** A time to store; out-of-range instants fail the call rather than being clamped. */
  public static long store(Instant at) {
    return at.toEpochMilli();
  }

  /**
   * A query bound for half-open ranges over millisecond values: {@code t >= from} and
   * {@code t < to} hold for a whole-millisecond {@code t} exactly when they hold against the
   * bound rounded up to the next millisecond. Instants beyond the long range saturate, so
   * {@code Instant.MIN}/{@code Instant.MAX} work as "no bound".
   */
  public static long bound(Instant at) {
    try {
      long ms = at.toEpochMilli();
      return at.getNano() % 1_000_000 == 0 ? ms : Math.addExact(ms, 1);
    } catch (ArithmeticException e) {
      return at.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  public static void setNullable(PreparedStatement ps, int i, Instant at) throws SQLException {
    if (at == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, store(at));
    }
  }

  public static Instant read(ResultSet rs, int column) throws SQLException {
    long ms = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
  }
}
