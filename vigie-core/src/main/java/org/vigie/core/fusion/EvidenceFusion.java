package org.vigie.core.fusion;

import java.util.ArrayList;
import java.util.List;
import org.vigie.core.model.Evidence;
import org.vigie.core.model.PublicStatus;

/**
 * Fuses what the crowd, the probes and the official status page say into the status shown to
 * people. The rules (DESIGN.md, "Evidence and status"):
 *
 * <ul>
 *   <li>evidence adds up as a maximum: any source alone may raise the status;
 *   <li>an official {@code major_outage} is authoritative: the status is OUTAGE whatever else says;
 *   <li>an official {@code operational} never lowers anything — status pages lag or stay green
 *       (on 4 October 2021 the crowd and the probes knew hours before the official channels).
 * </ul>
 *
 * Pure: no clock, no I/O.
 */
public final class EvidenceFusion {
  private EvidenceFusion() {}

  /** The fused verdict and the reasons behind it, strongest first. */
  public record Verdict(Evidence evidence, PublicStatus status, List<String> reasons) {}

  /**
   * @param crowd the detector's evidence from problem reports and mentions
   * @param probes quorum evidence per probed target, possibly empty
   * @param officialLevel the worst current official component level ({@code major_outage},
   *     {@code partial_outage}, {@code degraded_performance}, {@code under_maintenance},
   *     {@code operational}), or null when the service has no status page or it is unknown
   */
  public static Verdict fuse(Evidence crowd, List<ProbeEvidence> probes, String officialLevel) {
    List<String> reasons = new ArrayList<>();
    Evidence e = crowd;
    if (crowd.atLeast(Evidence.WEAK)) {
      reasons.add("crowd reports: " + crowd.name().toLowerCase(java.util.Locale.ROOT));
    }
    for (ProbeEvidence p : probes) {
      if (p.evidence().atLeast(Evidence.WEAK)) {
        e = Evidence.max(e, p.evidence());
        reasons.add(p.describe());
      }
    }
    Evidence official = official(officialLevel);
    if (official.atLeast(Evidence.WEAK)) {
      e = Evidence.max(e, official);
      reasons.add("official status page: " + officialLevel);
    }
    PublicStatus status = "major_outage".equals(officialLevel) ? PublicStatus.OUTAGE : PublicStatus.of(e);
    return new Verdict(e, status, List.copyOf(reasons));
  }

  /** The evidence an official component level stands for; operational and maintenance are none. */
  public static Evidence official(String level) {
    if (level == null) {
      return Evidence.NONE;
    }
    return switch (level) {
      case "major_outage" -> Evidence.STRONG;
      case "partial_outage" -> Evidence.MODERATE;
      case "degraded_performance" -> Evidence.WEAK;
      default -> Evidence.NONE;
    };
  }
}
