package org.vigie.server.web;

import java.util.List;
import java.util.Set;

/**
 * Where comments and bans live. For now {@link FileCommentStore} (an append-only file beside the
 * SQLite database); it belongs behind the storage SPI once a migration adds its tables.
 */
interface CommentStore extends AutoCloseable {
  Comment add(String service, java.time.Instant at, long reporter, String name, String text);

  /** Visible comments of a service, newest first; hidden ones too when asked (moderation). */
  List<Comment> list(String service, int limit, boolean includeHidden);

  /** Newest comments of every service, hidden ones included, for moderation. */
  List<Comment> recent(int limit);

  /** Hides or shows a comment; false when there is none with this id. */
  boolean setHidden(long id, boolean hidden);

  void ban(long reporter);

  void unban(long reporter);

  boolean isBanned(long reporter);

  Set<Long> banned();

  @Override
  void close();
}
