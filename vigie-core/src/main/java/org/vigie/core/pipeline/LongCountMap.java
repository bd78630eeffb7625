package org.vigie.core.pipeline;

import java.util.function.LongBinaryOperator;

/**
 * Counts per long key with open addressing (distinct networks of a minute and the counted reports
 * of each). Keys are already uniform hashes, so a cheap mix suffices. Zero is stored out of band.
 */
final class LongCountMap {
  private long[] keys = new long[16];
  private int[] counts = new int[16];
  private int size;
  private boolean hasZero;
  private int zeroCount;

  /** Adds {@code by} to the key's count, creating the key (with count 0 + by) if absent. */
  void add(long key, int by) {
    if (key == 0) {
      hasZero = true;
      zeroCount += by;
      return;
    }
    if ((size + 1) * 4 > keys.length * 3) {
      grow();
    }
    int mask = keys.length - 1;
    int i = LongHashSet.mix(key) & mask;
    while (true) {
      long k = keys[i];
      if (k == 0) {
        keys[i] = key;
        counts[i] = by;
        size++;
        return;
      }
      if (k == key) {
        counts[i] += by;
        return;
      }
      i = (i + 1) & mask;
    }
  }

  /** The key's count, 0 when absent. */
  int get(long key) {
    if (key == 0) {
      return zeroCount;
    }
    int mask = keys.length - 1;
    int i = LongHashSet.mix(key) & mask;
    while (true) {
      long k = keys[i];
      if (k == 0) {
        return 0;
      }
      if (k == key) {
        return counts[i];
      }
      i = (i + 1) & mask;
    }
  }

  int size() {
    return size + (hasZero ? 1 : 0);
  }

  /** Sums {@code f(key, count)} over the keys. */
  long sum(LongBinaryOperator f) {
    long total = hasZero ? f.applyAsLong(0, zeroCount) : 0;
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != 0) {
        total += f.applyAsLong(keys[i], counts[i]);
      }
    }
    return total;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldCounts = counts;
    keys = new long[oldKeys.length * 2];
    counts = new int[oldKeys.length * 2];
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        add(oldKeys[i], oldCounts[i]);
      }
    }
  }
}
