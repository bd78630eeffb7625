package org.vigie.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.vigie.core.model.Evidence;
import org.vigie.core.tally.MinuteTally;

/**
 * Keys and values of the history store. Keys start with the epoch minute (big-endian) so that a
 * range of minutes is a range of keys: pruning the oldest minute is one range scan, and the
 * newest minute is the last key.
 */
final class TallyCodec {
  private TallyCodec() {}

  static byte[] key(long epochMinute, String service, String country) {
    byte[] s = service.getBytes(StandardCharsets.UTF_8);
    byte[] c = country.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(8 + s.length + 1 + c.length).putLong(epochMinute).put(s).put((byte) 0).put(c).array();
  }

  static byte[] minutePrefix(long epochMinute) {
    return ByteBuffer.allocate(8).putLong(epochMinute).array();
  }

  static long minuteOf(byte[] key) {
    return ByteBuffer.wrap(key).getLong();
  }

  static byte[] value(MinuteTally t) {
    int size = 4 * 6 + 8 + 1 + 2;
    for (String k : t.indicators().keySet()) {
      size += 2 + k.getBytes(StandardCharsets.UTF_8).length + 4;
    }
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putInt(t.reports()).putInt(t.reporters()).putInt(t.networks()).putInt(t.mentions()).putInt(t.probeFailures()).putInt(t.probes());
    b.putDouble(t.expected()).put((byte) t.evidence().ordinal());
    b.putShort((short) t.indicators().size());
    t.indicators().forEach((k, v) -> {
      byte[] kb = k.getBytes(StandardCharsets.UTF_8);
      b.putShort((short) kb.length).put(kb).putInt(v);
    });
    return b.array();
  }

  static MinuteTally tally(byte[] key, byte[] value) {
    ByteBuffer k = ByteBuffer.wrap(key);
    long minute = k.getLong();
    int sep = 8;
    while (key[sep] != 0) {
      sep++;
    }
    String service = new String(key, 8, sep - 8, StandardCharsets.UTF_8);
    String country = new String(key, sep + 1, key.length - sep - 1, StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.wrap(value);
    int reports = b.getInt();
    int reporters = b.getInt();
    int networks = b.getInt();
    int mentions = b.getInt();
    int failures = b.getInt();
    int probes = b.getInt();
    double expected = b.getDouble();
    Evidence evidence = Evidence.values()[b.get()];
    int n = b.getShort();
    Map<String, Integer> ind = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      int len = b.getShort();
      String s = new String(value, b.position(), len, StandardCharsets.UTF_8);
      b.position(b.position() + len);
      ind.put(s, b.getInt());
    }
    return new MinuteTally(service, country, Instant.ofEpochSecond(minute * 60), reports, reporters, networks, ind,
        mentions, failures, probes, expected, evidence);
  }

  /**
   * Adds counts that arrived after the minute's own reporter sets were gone (too late, or after
   * the task moved). Distinct counts cannot be merged exactly without the sets; adding is an upper
   * bound, as the embedded store does.
   */
  static MinuteTally merge(MinuteTally base, MinuteTally more) {
    Map<String, Integer> ind = new HashMap<>(base.indicators());
    more.indicators().forEach((k, v) -> ind.merge(k, v, Integer::sum));
    return new MinuteTally(base.service(), base.country(), base.minute(), base.reports() + more.reports(),
        base.reporters() + more.reporters(), base.networks() + more.networks(), ind, base.mentions() + more.mentions(),
        base.probeFailures() + more.probeFailures(), base.probes() + more.probes(), base.expected(),
        Evidence.max(base.evidence(), more.evidence()));
  }
}
