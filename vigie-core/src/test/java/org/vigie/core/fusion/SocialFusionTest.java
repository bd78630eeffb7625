package org.vigie.core.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vigie.core.detect.Assessment;
import org.vigie.core.model.Evidence;

class SocialFusionTest {
  @ParameterizedTest(name = "crowd {0} + social {1} = {2}")
  @CsvSource({
    // Alone, one level lower: only a strong surge says "possible problems".
    "NONE, WEAK, WEAK",
    "NONE, MODERATE, WEAK",
    "NONE, STRONG, MODERATE",
    // With the crowd, one level above the crowd's, no higher than the social level.
    "WEAK, MODERATE, MODERATE",
    "WEAK, STRONG, MODERATE",
    "MODERATE, STRONG, STRONG",
    "MODERATE, MODERATE, MODERATE",
    // Never lower.
    "STRONG, NONE, STRONG",
    "MODERATE, WEAK, MODERATE",
  })
  void socialEvidenceRaisesTheCrowdsAsTheRulesAllow(Evidence crowd, Evidence social, Evidence fused) {
    Assessment c = new Assessment(crowd, 3.0, 0.1);
    Assessment f = SocialFusion.fuse(c, new Assessment(social, 0.2, 0.5));
    assertThat(f.evidence()).isEqualTo(fused);
    assertThat(f.expected()).as("the chart's baseline stays the crowd's").isEqualTo(3.0);
  }

  @Test
  void withoutComplaintsTheCrowdsVerdictStands() {
    Assessment c = new Assessment(Evidence.WEAK, 3.0, 0.1);
    assertThat(SocialFusion.fuse(c, null)).isSameAs(c);
  }
}
