package org.vigie.server.replay;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns a report stream into NDJSON request bodies of up to N lines, in the exact format of
 * {@code POST /api/v1/reports}:
 *
 * <pre>{"service":"facebook","indicator":"login","country":"US","reporter":"r1234567","network":"n8899","at":"2021-10-04T15:41:07.250Z"}</pre>
 *
 * <p>Why hand-written bytes: 10.6 million lines must be encoded in a couple of seconds on one
 * core while requests are in flight. Everything but the numbers is a pre-encoded fragment per
 * service, indicator and country; the numbers and the timestamp are written digit by digit into
 * one reusable buffer; the date-and-minute part of the timestamp is re-encoded only when the
 * minute changes. No per-line String, formatter or JSON library. All values are plain ASCII
 * slugs and digits, so no escaping is ever needed.
 *
 * <p>Not thread-safe: one producer writes, {@code out} receives finished batches (each with its
 * own byte array, so the consumer may keep it while the writer goes on).
 */
public final class NdjsonWriter implements ReportSink {
  /** The server's limit per request. */
  public static final int DEFAULT_BATCH_LINES = 10_000;

  private static final byte[][] SERVICE_PART = new byte[Vocabulary.serviceCount()][];
  private static final byte[][] INDICATOR_PART = new byte[Vocabulary.indicatorCount()][];
  private static final byte[][] COUNTRY_PART = new byte[CountryTable.size()][];
  private static final byte[] NETWORK_PART = ascii("\",\"network\":\"n");
  private static final byte[] AT_PART = ascii("\",\"at\":\"");
  private static final byte[] END_PART = ascii("Z\"}\n");
  /** Longest possible line, so one capacity check per line suffices. */
  private static final int MAX_LINE;

  static {
    int longest = 0;
    for (int s = 0; s < SERVICE_PART.length; s++) {
      SERVICE_PART[s] = ascii("{\"service\":\"" + Vocabulary.service(s) + "\",\"indicator\":\"");
      longest = Math.max(longest, SERVICE_PART[s].length);
    }
    int part = 0;
    for (int i = 0; i < INDICATOR_PART.length; i++) {
      INDICATOR_PART[i] = ascii(Vocabulary.indicator(i) + "\",\"country\":\"");
      part = Math.max(part, INDICATOR_PART[i].length);
    }
    longest += part;
    part = 0;
    for (int c = 0; c < COUNTRY_PART.length; c++) {
      COUNTRY_PART[c] = ascii(CountryTable.code(c) + "\",\"reporter\":\"r");
      part = Math.max(part, COUNTRY_PART[c].length);
    }
    // two 20-digit numbers (with sign), the timestamp (24), fixed parts
    MAX_LINE = longest + part + 2 * 20 + NETWORK_PART.length + AT_PART.length + 24
        + END_PART.length;
  }

  private final int maxLines;
  private final long maxSpanMillis;
  private final Consumer<Batch> out;
  private byte[] buffer;
  private int position;
  private int lines;
  private long firstAt;
  private long lastAt;
  private long sequence;
  private long reports;
  // Cache of "yyyy-MM-ddTHH:mm:" for the current minute.
  private long cachedMinute = Long.MIN_VALUE;
  private final byte[] minutePrefix = new byte[17];

  /** Batches of {@link #DEFAULT_BATCH_LINES}, no time limit. */
  public NdjsonWriter(Consumer<Batch> out) {
    this(DEFAULT_BATCH_LINES, Long.MAX_VALUE, out);
  }

  /**
   * @param maxLines lines per batch at most (the server accepts 10,000)
   * @param maxSpanMillis a batch is also cut when its event-time span would reach this; a paced
   *     replay uses it so sparse traffic is still sent as it happens, not hours later
   * @param out receives each finished batch
   */
  public NdjsonWriter(int maxLines, long maxSpanMillis, Consumer<Batch> out) {
    if (maxLines < 1) {
      throw new IllegalArgumentException("maxLines must be positive");
    }
    if (maxSpanMillis < 1) {
      throw new IllegalArgumentException("maxSpanMillis must be positive");
    }
    this.maxLines = maxLines;
    this.maxSpanMillis = maxSpanMillis;
    this.out = Objects.requireNonNull(out, "out");
    // ~130 bytes per line is typical; grow if longer ids need it.
    this.buffer = new byte[Math.min(maxLines, 1 << 16) * 140 + MAX_LINE];
  }

  @Override
  public void report(
      long atMillis, int service, int indicator, int country, long reporter, long network,
      boolean outage) {
    if (lines > 0 && (lines >= maxLines || atMillis - firstAt >= maxSpanMillis)) {
      flush();
    }
    if (position + MAX_LINE > buffer.length) {
      buffer = Arrays.copyOf(buffer, buffer.length * 2);
    }
    if (lines == 0) {
      firstAt = atMillis;
    }
    lastAt = atMillis;
    position = writeLine(buffer, position, atMillis, service, indicator, country, reporter,
        network);
    lines++;
    reports++;
  }

  /** Hands the pending lines, if any, to the consumer as a batch. Call once at the end. */
  public void flush() {
    if (lines == 0) {
      return;
    }
    Batch batch = new Batch(sequence++, Arrays.copyOf(buffer, position), lines, firstAt, lastAt);
    position = 0;
    lines = 0;
    out.accept(batch);
  }

  /** Reports written so far (including those still pending). */
  public long reports() {
    return reports;
  }

  /** Batches handed out so far. */
  public long batches() {
    return sequence;
  }

  /** One line as a String (with its trailing newline): for tests and documentation. */
  public static String line(
      long atMillis, int service, int indicator, int country, long reporter, long network) {
    NdjsonWriter w = new NdjsonWriter(1, Long.MAX_VALUE, b -> {});
    byte[] bytes = new byte[MAX_LINE];
    int end = w.writeLine(bytes, 0, atMillis, service, indicator, country, reporter, network);
    return new String(bytes, 0, end, StandardCharsets.US_ASCII);
  }

  private int writeLine(
      byte[] b, int p, long at, int service, int indicator, int country, long reporter,
      long network) {
    p = put(b, p, SERVICE_PART[service]);
    p = put(b, p, INDICATOR_PART[indicator]);
    p = put(b, p, COUNTRY_PART[country]);
    p = putLong(b, p, reporter);
    p = put(b, p, NETWORK_PART);
    p = putLong(b, p, network);
    p = put(b, p, AT_PART);
    long minute = Math.floorDiv(at, 60_000L);
    if (minute != cachedMinute) {
      encodeMinute(minute);
    }
    System.arraycopy(minutePrefix, 0, b, p, 17);
    p += 17;
    int inMinute = (int) Math.floorMod(at, 60_000L);
    int seconds = inMinute / 1000;
    int millis = inMinute % 1000;
    b[p++] = (byte) ('0' + seconds / 10);
    b[p++] = (byte) ('0' + seconds % 10);
    b[p++] = '.';
    b[p++] = (byte) ('0' + millis / 100);
    b[p++] = (byte) ('0' + millis / 10 % 10);
    b[p++] = (byte) ('0' + millis % 10);
    return put(b, p, END_PART);
  }

  private void encodeMinute(long minute) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(minute * 60, 0, ZoneOffset.UTC);
    int year = t.getYear();
    if (year < 0 || year > 9999) {
      throw new IllegalArgumentException("year out of range: " + year);
    }
    byte[] m = minutePrefix;
    m[0] = (byte) ('0' + year / 1000);
    m[1] = (byte) ('0' + year / 100 % 10);
    m[2] = (byte) ('0' + year / 10 % 10);
    m[3] = (byte) ('0' + year % 10);
    m[4] = '-';
    two(m, 5, t.getMonthValue());
    m[7] = '-';
    two(m, 8, t.getDayOfMonth());
    m[10] = 'T';
    two(m, 11, t.getHour());
    m[13] = ':';
    two(m, 14, t.getMinute());
    m[16] = ':';
    cachedMinute = minute;
  }

  private static void two(byte[] b, int p, int value) {
    b[p] = (byte) ('0' + value / 10);
    b[p + 1] = (byte) ('0' + value % 10);
  }

  private static int put(byte[] b, int p, byte[] part) {
    System.arraycopy(part, 0, b, p, part.length);
    return p + part.length;
  }

  /** Decimal digits of a long, without allocating. */
  private static int putLong(byte[] b, int p, long value) {
    if (value < 0) {
      if (value == Long.MIN_VALUE) {
        return put(b, p, ascii(Long.toString(value)));
      }
      b[p++] = '-';
      value = -value;
    }
    int digits = 1;
    for (long v = value; v >= 10; v /= 10) {
      digits++;
    }
    int end = p + digits;
    for (int i = end - 1; i >= p; i--) {
      b[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    return end;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
