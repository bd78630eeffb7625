package org.vigie.core.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * How every NDJSON batch API of Vigie (reports, social posts) walks a request body: one value a
 * line ({@code \n}, an optional {@code \r} before it), blank lines skipped, at most a given number
 * of values, and the batch all-or-nothing, with every error named by its 1-based line. Reading one
 * line is the caller's: core has no JSON library, and each API knows its own fields.
 */
public final class NdjsonBatch {
  /** Stop collecting errors after this many: enough to fix a batch, without echoing a huge one back. */
  static final int MAX_ERRORS = 100;

  private NdjsonBatch() {}

  /** Reads one non-blank line; returns null, having added to {@code errors}, when the line is refused. */
  @FunctionalInterface
  public interface LineReader<T> {
    T read(byte[] body, int off, int len, int lineNo, List<ReportError> errors);
  }

  /** What was read: the values, or the errors (never both non-empty). */
  public record Parsed<T>(List<T> values, List<ReportError> errors) {}

  /**
   * Reads every line of {@code body}.
   *
   * @param max most values one request may hold
   * @param item what one value is called in messages ({@code report}, {@code post})
   */
  public static <T> Parsed<T> read(byte[] body, int max, String item, LineReader<T> reader) {
    // Sized for a storm batch of small lines up front, so 10,000 values do not regrow the list.
    List<T> values = new ArrayList<>(Math.min(max, body.length / 40 + 1));
    List<ReportError> errors = new ArrayList<>();
    int start = 0;
    int lineNo = 0;
    while (start < body.length) {
      int end = start;
      while (end < body.length && body[end] != '\n') {
        end++;
      }
      lineNo++;
      int stop = end > start && body[end - 1] == '\r' ? end - 1 : end;
      if (!isBlank(body, start, stop)) {
        if (values.size() + errors.size() >= max) {
          errors.add(new ReportError(lineNo, null, "a request may hold at most " + max + " " + item + "s"));
          break;
        }
        T value = reader.read(body, start, stop - start, lineNo, errors);
        if (value != null) {
          values.add(value);
        }
        if (errors.size() >= MAX_ERRORS) {
          break;
        }
      }
      start = end + 1;
    }
    if (errors.isEmpty() && values.isEmpty()) {
      errors.add(new ReportError(1, null, "the request holds no " + item));
    }
    return errors.isEmpty() ? new Parsed<>(values, List.of()) : new Parsed<>(List.of(), errors);
  }

  private static boolean isBlank(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != ' ' && b[i] != '\t') {
        return false;
      }
    }
    return true;
  }
}
