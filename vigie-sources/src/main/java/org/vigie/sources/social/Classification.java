package org.vigie.sources.social;

import java.util.List;

/**
 * What the classifier made of one post: its language and a verdict for each service it names
 * (none when it names no catalogue service).
 */
public record Classification(String language, List<Verdict> verdicts) {
  /** The verdict for one service, or null when the post does not name it. */
  public Verdict about(String service) {
    for (Verdict v : verdicts) {
      if (v.service().equals(service)) {
        return v;
      }
    }
    return null;
  }
}
