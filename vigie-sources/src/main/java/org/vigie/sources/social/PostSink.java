package org.vigie.sources.social;

import java.util.List;

/**
 * Where an adapter hands the posts it read, in the order read, with its cursor after them. The
 * server passes {@code MentionIngestor::ingest} and saves the cursor; returning normally means the
 * posts were taken, so the cursor may move past them.
 */
@FunctionalInterface
public interface PostSink {
  void accept(List<Post> posts, String cursorAfter);
}
