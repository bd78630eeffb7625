package org.vigie.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PublicStatusTest {
  @ParameterizedTest
  @CsvSource({"NONE, OPERATIONAL", "WEAK, OPERATIONAL", "MODERATE, POSSIBLE_PROBLEMS", "STRONG, OUTAGE"})
  void evidenceMapsToWhatPeopleSee(Evidence evidence, PublicStatus status) {
    assertThat(PublicStatus.of(evidence)).isEqualTo(status);
  }

  @ParameterizedTest
  @CsvSource({
    "OPERATIONAL, operational, none, No problems, Aucun problème",
    "POSSIBLE_PROBLEMS, partial_outage, minor, Possible problems, Problèmes possibles",
    "OUTAGE, major_outage, major, Problems detected, Problèmes détectés"
  })
  void statuspageEquivalentsAndLabels(PublicStatus status, String component, String indicator, String en, String fr) {
    assertThat(status.statuspageComponent()).isEqualTo(component);
    assertThat(status.statuspageIndicator()).isEqualTo(indicator);
    assertThat(status.label("en")).isEqualTo(en);
    assertThat(status.label("fr")).isEqualTo(fr);
  }

  @Test
  void severityOrderIsTheDeclarationOrder() {
    assertThat(PublicStatus.OUTAGE).isGreaterThan(PublicStatus.POSSIBLE_PROBLEMS);
    assertThat(PublicStatus.POSSIBLE_PROBLEMS).isGreaterThan(PublicStatus.OPERATIONAL);
  }

  @Test
  void evidenceComparisons() {
    assertThat(Evidence.STRONG.atLeast(Evidence.MODERATE)).isTrue();
    assertThat(Evidence.MODERATE.atLeast(Evidence.MODERATE)).isTrue();
    assertThat(Evidence.WEAK.atLeast(Evidence.MODERATE)).isFalse();
    assertThat(Evidence.max(Evidence.WEAK, Evidence.STRONG)).isEqualTo(Evidence.STRONG);
    assertThat(Evidence.max(Evidence.MODERATE, Evidence.NONE)).isEqualTo(Evidence.MODERATE);
  }
}
