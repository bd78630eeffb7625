package org.vigie.sources.social;

/**
 * The classifier's decision for one service named in a post.
 *
 * @param matchedBy how the post names the service ("name 'insta'", "hashtag #instagramdown")
 * @param complaint whether the post says the service is failing for someone now
 * @param score 0..1, 0.5 at the decision threshold; monotonic in the summed cue weights
 * @param reason the cues that decided, with their weights, in words a person can check
 */
public record Verdict(String service, String matchedBy, boolean complaint, double score, String reason) {}
