package org.vigie.core.detect;

import org.vigie.core.model.Evidence;

/**
 * A detector's verdict on one minute of one series.
 *
 * @param expected what was normal for this minute (per minute)
 * @param score how anomalous, from 0 (normal) to 1 (certainly anomalous); for ranking and NAB
 */
public record Assessment(Evidence evidence, double expected, double score) {
  public static final Assessment NORMAL = new Assessment(Evidence.NONE, 0, 0);
}
