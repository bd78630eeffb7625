package org.vigie.core.ingest;

import java.util.Arrays;

/**
 * Downdetector's rule: only a reporter's first report for a service counts within the dedupe
 * window; later ones are stored as detail but not counted.
 *
 * <p>A primitive open-addressing map from (reporter key, service) to the epoch second of the last
 * counted report. A storm brings millions of distinct reporters within one window, so boxing
 * would cost hundreds of megabytes; entries older than the window are swept out when the table
 * would otherwise grow. Not thread-safe: the {@link Ingestor} calls it under its lock.
 */
public final class ReportDedupe {
  private static final long EMPTY = 0;
  private final long windowSeconds;
  private long[] keys;
  private long[] seconds;
  private int size;

  public ReportDedupe(java.time.Duration window) {
    this.windowSeconds = window.toSeconds();
    if (windowSeconds <= 0) {
      throw new IllegalArgumentException("the dedupe window must be positive");
    }
    keys = new long[1 << 16];
    seconds = new long[1 << 16];
  }

  /** A previous state for one key, so a failed append can be undone. */
  public record Undo(long key, long previousSecond) {}

  /**
   * Decides whether this report counts, and if so records it.
   *
   * @return the previous state when the report counts (so it can be undone), or null when the
   *     reporter already counted for this service within the window
   */
  public Undo tryCount(int serviceIndex, long reporterKey, long epochSecond) {
    long key = key(serviceIndex, reporterKey);
    int slot = find(key);
    if (keys[slot] == key) {
      long last = seconds[slot];
      // Counted before and still inside the window (reports may arrive slightly out of order).
      if (Math.abs(epochSecond - last) < windowSeconds) {
        return null;
      }
      seconds[slot] = epochSecond;
      return new Undo(key, last);
    }
    if ((size + 1) * 2 > keys.length) {
      sweepOrGrow(epochSecond);
      slot = find(key);
    }
    keys[slot] = key;
    seconds[slot] = epochSecond;
    size++;
    return new Undo(key, Long.MIN_VALUE);
  }

  /** Restores the state before a {@link #tryCount} whose report was not stored after all. */
  public void undo(Undo undo) {
    int slot = find(undo.key());
    if (keys[slot] != undo.key()) {
      return;
    }
    if (undo.previousSecond() == Long.MIN_VALUE) {
      removeAt(slot);
    } else {
      seconds[slot] = undo.previousSecond();
    }
  }

  /** The dedupe window. */
  public java.time.Duration window() {
    return java.time.Duration.ofSeconds(windowSeconds);
  }

  public int size() {
    return size;
  }

  private static long key(int serviceIndex, long reporterKey) {
    // Reporter keys are uniform 64-bit hashes; folding the service in keeps pairs distinct.
    long k = reporterKey ^ ((serviceIndex + 1L) * 0xC2B2AE3D27D4EB4FL);
    return k == EMPTY ? 1 : k;
  }

  private int find(long key) {
    int mask = keys.length - 1;
    int i = mix(key) & mask;
    while (keys[i] != EMPTY && keys[i] != key) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private static int mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 29));
  }

  private void removeAt(int slot) {
    // Backward-shift deletion keeps linear probing chains intact without tombstones.
    int mask = keys.length - 1;
    int hole = slot;
    int i = (slot + 1) & mask;
    while (keys[i] != EMPTY) {
      int home = mix(keys[i]) & mask;
      boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
      if (movable) {
        keys[hole] = keys[i];
        seconds[hole] = seconds[i];
        hole = i;
      }
      i = (i + 1) & mask;
    }
    keys[hole] = EMPTY;
    seconds[hole] = 0;
    size--;
  }

  private void sweepOrGrow(long nowSecond) {
    long[] oldKeys = keys;
    long[] oldSeconds = seconds;
    int live = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY && nowSecond - oldSeconds[i] < windowSeconds) {
        live++;
      }
    }
    int capacity = oldKeys.length;
    // Grow when the live entries alone would keep the table more than a quarter full.
    while ((live + 1) * 4 > capacity) {
      capacity *= 2;
    }
    keys = new long[capacity];
    seconds = new long[capacity];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY && nowSecond - oldSeconds[i] < windowSeconds) {
        int slot = find(oldKeys[i]);
        keys[slot] = oldKeys[i];
        seconds[slot] = oldSeconds[i];
        size++;
      }
    }
    Arrays.fill(oldKeys, 0);
  }
}
