package org.vigie.core.storage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Social posts that named a catalogue service, as classified when they arrived: the durable
 * record behind {@code POST /api/v1/mentions} and the stream adapters.
 *
 * <p>Only what the detector and an audit of its numbers need is kept: the services matched with
 * their score and complaint verdict, the language, keyed hashes of the author and of the
 * author's home server, the event time, and the (source, post id) pair that makes appends
 * idempotent. The text of the post is not stored: it is personal data the detector does not use
 * once classified, and the source network keeps it under its own deletion rules.
 */
public interface MentionLog {

  /** One service a post named, with the classifier's score (0..1) and complaint verdict. */
  record Match(String service, double score, boolean complaint) {
    public Match {
      Objects.requireNonNull(service, "service");
    }
  }

  /**
   * One post as stored.
   *
   * @param source where it came from ({@code api}, {@code bluesky}, {@code mastodon:host})
   * @param postId the network's id of the post, unique within its source
   * @param at event time (when it was posted, clamped by the ingestor to its clock)
   * @param language the detected or declared language, or null
   * @param authorKey keyed hash of the author's identity within the source
   * @param homeKey keyed hash of the author's home server, or null when unknown
   * @param matches the services it named, at least one
   */
  record StoredMention(
      String source, String postId, Instant at, String language, long authorKey, Long homeKey, List<Match> matches) {
    public StoredMention {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(postId, "postId");
      Objects.requireNonNull(at, "at");
      matches = List.copyOf(Objects.requireNonNull(matches, "matches"));
      if (matches.isEmpty()) {
        throw new IllegalArgumentException("a stored mention names at least one service");
      }
      if (matches.stream().map(Match::service).distinct().count() != matches.size()) {
        throw new IllegalArgumentException("a stored mention names each service once: " + matches);
      }
    }
  }

  /**
   * Stores the posts not stored yet, all-or-nothing, and returns once they are durable. A post
   * whose (source, post id) is already stored, or appears earlier in the same call, is skipped.
   *
   * @return how many posts were new
   * @throws StorageException if nothing could be stored
   */
  int append(List<StoredMention> mentions);

  /** How many posts are stored. */
  long count();

  /**
   * Streams the posts with {@code from <= at < to}, oldest first (ties in the order stored),
   * each with its matches ordered by service.
   */
  void scan(Instant from, Instant to, Consumer<StoredMention> sink);
}
