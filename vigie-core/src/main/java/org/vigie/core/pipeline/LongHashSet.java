package org.vigie.core.pipeline;

import java.util.Arrays;

/**
 * A set of longs with open addressing, for distinct reporter and network keys in a minute. Keys
 * are already uniform hashes, so a cheap mix suffices. Zero is stored out of band.
 */
final class LongHashSet {
  private long[] table = new long[16];
  private int size;
  private boolean hasZero;

  /** Adds the key; returns true when it was not there. */
  boolean add(long key) {
    if (key == 0) {
      if (hasZero) {
        return false;
      }
      hasZero = true;
      return true;
    }
    if ((size + 1) * 4 > table.length * 3) {
      grow();
    }
    if (insert(table, key)) {
      size++;
      return true;
    }
    return false;
  }

  int size() {
    return size + (hasZero ? 1 : 0);
  }

  private static boolean insert(long[] t, long key) {
    int mask = t.length - 1;
    int i = mix(key) & mask;
    while (true) {
      long k = t[i];
      if (k == 0) {
        t[i] = key;
        return true;
      }
      if (k == key) {
        return false;
      }
      i = (i + 1) & mask;
    }
  }

  private void grow() {
    long[] bigger = new long[table.length * 2];
    for (long k : table) {
      if (k != 0) {
        insert(bigger, k);
      }
    }
    table = bigger;
  }

  static int mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  void clear() {
    Arrays.fill(table, 0);
    size = 0;
    hasZero = false;
  }
}
