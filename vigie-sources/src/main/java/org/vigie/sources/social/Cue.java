package org.vigie.sources.social;

/**
 * A phrase of the lexicon that says something about a complaint, found in a post.
 *
 * @param phrase the phrase as the lexicon writes it
 * @param language the lexicon language it comes from
 * @param first index of its first token in the post
 * @param last index of its last token
 */
record Cue(Kind kind, String phrase, String language, int first, int last) {
  /**
   * What a cue says, with its weight. A post is a complaint about a service when the weights of the
   * cues attached to that service add up to {@link ComplaintClassifier#THRESHOLD}. Weights are set
   * by hand so a person can check every verdict; see {@code RATIONALE.md} of this package.
   */
  enum Kind {
    /** The service is not working: "is down", "en panne", "se cayó", "geht nicht". */
    FAILURE(3, true),
    /** A concrete failure someone meets: "can't log in", "écran noir", "no me carga". */
    SYMPTOM(2, true),
    /** Soft trouble that alone is no outage: "slow", "lent", "problemas". */
    WEAK(1, true),
    /** The author is affected ("my", "je", "bei mir"); a question with it is a complaint. */
    SELF(0.5, false),
    /** The author presupposes a failure: "anyone else?", "c'est moi ou", "solo a mí", "why is". */
    PRESUPPOSED(1, false),
    /** It is happening now: "again", "depuis ce matin", "schon wieder". */
    NOW(0.5, false),
    /** It works again: "is back", "marche enfin", "geht wieder". */
    RECOVERED(-6, false),
    /** It is not failing: "not down", "works fine", "funciona bien". */
    NEGATED(-5, false),
    /** A report about the company rather than a user's trouble: shares, billions, lawsuits. */
    NEWS(-3.5, false),
    /** Might fail, not failing: "if", "imagine", "et si". */
    HYPOTHETICAL(-3.5, false),
    /** Failed some other time: "yesterday", "la semaine dernière", "was down". */
    PAST(-2, false),
    /** Announced downtime: "maintenance", "Wartung". */
    PLANNED(-3, false),
    /** A failure word used for something else: "panne d'inspiration", "I'm down", "sono giù". */
    METAPHOR(-4, false),
    /** Words that hide a shorter cue inside them ("shutting down", "download") and mean nothing. */
    NEUTRAL(0, false);

    final double weight;
    /** Whether the cue says the service is failing (the base of a complaint). */
    final boolean failing;

    Kind(double weight, boolean failing) {
      this.weight = weight;
      this.failing = failing;
    }

    /** Kinds that only count in posts of their own language: short words collide across languages. */
    boolean languageBound() {
      return this == SELF || this == NOW || this == PAST || this == HYPOTHETICAL;
    }

    /** Kinds that speak about the whole post rather than the service next to them. */
    boolean postWide() {
      return this == NEWS || this == PAST || this == PLANNED;
    }
  }
}
