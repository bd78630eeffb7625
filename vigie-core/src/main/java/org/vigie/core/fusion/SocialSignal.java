package org.vigie.core.fusion;

import java.util.Map;
import org.vigie.core.detect.Assessment;

/**
 * Social complaints as the pipeline reads them: per service, how unusual its complaining authors
 * were in a minute, against that service's own baseline. The pipeline fuses the answer with the
 * crowd's evidence ({@link SocialFusion}); implementations count authors and keep the baseline.
 */
public interface SocialSignal {
  /**
   * One service's complaints in one minute.
   *
   * @param authors distinct complaining authors
   * @param assessment how unusual they were, diversity taken into account
   */
  record Complaints(int authors, Assessment assessment) {}

  /**
   * Closes a minute of complaints and judges it. The pipeline calls this once for each minute it
   * closes, in increasing order, so complaints and crowd reports are judged on the same minutes;
   * complaints arriving for a minute after this call no longer change its evidence.
   *
   * @return the complaints per service slug; services nobody complained about may be absent
   */
  Map<String, Complaints> close(long epochMinute);
}
