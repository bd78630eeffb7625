package org.vigie.lab.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AlarmHoldTest {
  @Test
  void theAlarmLevelScoresOneHalfAndBelowItNothingIsHeld() {
    AlarmHold a = new AlarmHold(2, 3);
    assertThat(a.score(0)).isZero();
    assertThat(a.score(-1)).isZero();
    assertThat(a.score(1)).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(a.score(1.9)).isCloseTo(1.9 / 3.9, within(1e-12)); // below the level: no hold
    assertThat(a.score(2)).isEqualTo(0.5); // an alarm
  }

  @Test
  void afterAnAlarmEveryScoreIsZeroForTheHoldThenScoringResumes() {
    AlarmHold a = new AlarmHold(1, 3);
    assertThat(a.score(4)).isEqualTo(0.8);
    assertThat(a.score(100)).isZero();
    assertThat(a.score(100)).isZero();
    assertThat(a.score(100)).isZero();
    assertThat(a.score(1)).isEqualTo(0.5); // the 4th step after the alarm: a new alarm
    assertThat(a.score(9)).isZero();
  }

  @Test
  void withoutHoldEveryStepScores() {
    AlarmHold a = new AlarmHold(1, 0);
    assertThat(a.score(1)).isEqualTo(0.5);
    assertThat(a.score(3)).isEqualTo(0.75);
  }

  @Test
  void refusesANonPositiveLevel() {
    assertThatThrownBy(() -> new AlarmHold(0, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
