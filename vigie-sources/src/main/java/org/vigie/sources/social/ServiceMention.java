package org.vigie.sources.social;

/**
 * Where a post names a service, and how.
 *
 * @param first index of the first token of the mention
 * @param last index of its last token
 * @param how why this counts as naming the service, for the explanation ("alias 'insta'",
 *     "hashtag #instagramdown", "link instagram.com", "handle @instagram")
 * @param outageTag the mention itself says it is down ("#instagramdown", "WhatsApp-Störung" as
 *     one word, "#panneorange")
 * @param tentative an ambiguous name ("steam", "outlook", "zap") without support of its own; it
 *     counts only if a failure cue stands next to it ("Steam won't connect")
 */
public record ServiceMention(String service, int first, int last, String how, boolean outageTag, boolean tentative) {
  ServiceMention(String service, int first, int last, String how, boolean outageTag) {
    this(service, first, last, how, outageTag, false);
  }
}
