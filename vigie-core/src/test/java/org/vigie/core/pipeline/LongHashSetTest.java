package org.vigie.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Distinct reporters and networks per minute: the counts abuse resistance rests on. */
class LongHashSetTest {
  @Test
  void countsDistinctKeysThroughGrowth() {
    LongHashSet set = new LongHashSet();
    Set<Long> reference = new HashSet<>();
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 200_000; i++) {
      // Half the keys repeat earlier ones, as a reporter sending twice in a minute does.
      long key = random.nextBoolean() || reference.isEmpty() ? random.nextLong() : random.nextLong(1, 1_000);
      assertThat(set.add(key)).isEqualTo(reference.add(key));
    }
    assertThat(set.size()).isEqualTo(reference.size());
  }

  @Test
  void zeroIsAKeyLikeAnyOther() {
    LongHashSet set = new LongHashSet();
    assertThat(set.add(0)).isTrue();
    assertThat(set.add(0)).isFalse();
    assertThat(set.add(1)).isTrue();
    assertThat(set.size()).isEqualTo(2);
  }

  @Test
  void clearEmptiesTheSet() {
    LongHashSet set = new LongHashSet();
    for (long k = 0; k < 100; k++) {
      set.add(k);
    }
    set.clear();
    assertThat(set.size()).isZero();
    assertThat(set.add(0)).isTrue();
    assertThat(set.add(42)).isTrue();
    assertThat(set.size()).isEqualTo(2);
  }
}
