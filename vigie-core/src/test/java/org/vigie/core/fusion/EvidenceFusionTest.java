package org.vigie.core.fusion;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigie.core.model.Evidence;
import org.vigie.core.model.PublicStatus;

class EvidenceFusionTest {
  static final ProbeEvidence SERVFAIL = new ProbeEvidence("facebook", "dns", "facebook.com/A", "servfail", 3, 4,
      Instant.parse("2021-10-04T15:50:00Z"), Map.of("FR-IDF", "servfail"), Evidence.STRONG);

  @Test
  void officialAllOperationalNeverHidesCrowdEvidence() {
    var v = EvidenceFusion.fuse(Evidence.STRONG, List.of(), "operational");
    assertThat(v.status()).isEqualTo(PublicStatus.OUTAGE);
  }

  @Test
  void officialMajorOutageIsAuthoritative() {
    var v = EvidenceFusion.fuse(Evidence.NONE, List.of(), "major_outage");
    assertThat(v.status()).isEqualTo(PublicStatus.OUTAGE);
    assertThat(v.reasons()).containsExactly("official status page: major_outage");
  }

  @Test
  void probeQuorumAloneRaisesTheStatusAndSaysWhy() {
    var v = EvidenceFusion.fuse(Evidence.NONE, List.of(SERVFAIL), null);
    assertThat(v.status()).isEqualTo(PublicStatus.OUTAGE);
    assertThat(v.reasons()).containsExactly("DNS SERVFAIL from 3 of 4 vantage points since 15:50");
  }

  @Test
  void maintenanceIsNotAProblem() {
    assertThat(EvidenceFusion.fuse(Evidence.NONE, List.of(), "under_maintenance").status()).isEqualTo(PublicStatus.OPERATIONAL);
  }
}
