package org.vigie.core.fusion;

import org.vigie.core.detect.Assessment;
import org.vigie.core.model.Evidence;

/**
 * Fuses what people post about a service with what they report, for one minute of the world
 * series (DESIGN.md, "Evidence and status"; issue 8).
 *
 * <ul>
 *   <li><b>Alone, social evidence counts one level lower, and at most moderate</b>: posts are read
 *       by a classifier, from the few networks whose streams are open, so only a strong surge of
 *       complaining authors says "Possible problems" (and opens an incident) on its own, and
 *       nothing social alone says "Problems detected". A moderate surge alone is weak: the
 *       minute is elevated (an incident's onset may be backdated to it) but nobody is alerted
 *       on a few posts.
 *   <li><b>With the crowd, it corroborates</b>: when the crowd's own evidence is at least weak,
 *       the two together are one level above the crowd's, no higher than the social level. Weak
 *       crowd reports and a moderate complaint surge open an incident; moderate crowd reports and
 *       a strong surge make it "Problems detected" a few minutes sooner.
 *   <li>Social evidence never lowers the crowd's.
 * </ul>
 *
 * Author diversity is judged before this point, by whoever produced the social assessment (a
 * swarm of new accounts or one instance's authors are weak evidence there); probes and official
 * status are fused later, by {@link EvidenceFusion}. Pure: no clock, no I/O.
 */
public final class SocialFusion {
  private SocialFusion() {}

  /**
   * @param crowd the detector's verdict on the crowd's reports
   * @param social the verdict on complaining authors in the same minute, or null when none
   * @return the crowd's assessment, raised by the social one as the rules allow
   */
  public static Assessment fuse(Assessment crowd, Assessment social) {
    if (social == null || social.evidence() == Evidence.NONE) {
      return crowd;
    }
    Evidence alone = social.evidence() == Evidence.STRONG ? Evidence.MODERATE : Evidence.WEAK;
    Evidence together = crowd.evidence().atLeast(Evidence.WEAK) ? min(social.evidence(), above(crowd.evidence())) : Evidence.NONE;
    Evidence fused = Evidence.max(crowd.evidence(), Evidence.max(alone, together));
    if (fused == crowd.evidence()) {
      return crowd;
    }
    return new Assessment(fused, crowd.expected(), Math.max(crowd.score(), social.score()));
  }

  private static Evidence min(Evidence a, Evidence b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Evidence above(Evidence e) {
    return e == Evidence.STRONG ? e : Evidence.values()[e.ordinal() + 1];
  }
}
