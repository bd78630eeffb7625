package org.vigie.sources.social;

/**
 * One token of a post.
 *
 * @param folded lower case without diacritics, what cues match against
 * @param lower lower case with diacritics kept, what service names match against ("über" is not
 *     Uber)
 * @param start offset of the token's first character in the text
 * @param end offset just past its last character
 * @param clause index of the clause it belongs to (sentences, and contrasts such as "but")
 * @param capitalized its first letter is upper case in the post
 */
record Token(Kind kind, String folded, String lower, int start, int end, int clause, boolean capitalized, boolean allCaps) {
  enum Kind {
    WORD,
    NUMBER,
    /** {@code #tag}, text without the '#'. */
    HASHTAG,
    /** {@code @name}, {@code @name@instance} or {@code @name.bsky.social}, text without the '@'. */
    HANDLE,
    /** {@code $TICKER}, text without the '$'. */
    CASHTAG,
    /** A link or a bare domain; text is the lower-case host. */
    URL,
    /** A pictographic symbol (emoji), one code point. */
    EMOJI
  }
}
