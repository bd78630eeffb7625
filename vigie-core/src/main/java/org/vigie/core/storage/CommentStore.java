package org.vigie.core.storage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Comments left on service pages, and their moderation: hidden comments and banned reporter keys. */
public interface CommentStore {

  /**
   * A comment on one service's page.
   *
   * @param reporter the commenter's reporter key (HMAC of address and client cookie), for bans
   * @param name the name the commenter gave, possibly empty
   * @param hidden hidden by a moderator: kept for moderation, not shown to the public
   */
  record Comment(long id, String service, Instant at, long reporter, String name, String text, boolean hidden) {
    public Comment {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(text, "text");
    }
  }

  /** Stores a visible comment and returns it with its id (ids grow with every add). */
  Comment add(String service, Instant at, long reporter, String name, String text);

  /**
   * Comments of a service, newest first. Public ({@code includeHidden} false): neither hidden
   * comments nor those of a banned reporter.
   */
  List<Comment> list(String service, int limit, boolean includeHidden);

  /** Newest comments of every service, hidden ones included, for moderation. */
  List<Comment> recent(int limit);

  /** How many comments are stored, hidden ones included (the moderation overview's count). */
  long count();

  /** Hides or shows a comment; false when there is none with this id. */
  boolean setHidden(long id, boolean hidden);

  /** Bans a reporter key: its comments disappear from public lists and it may not post. */
  void ban(long reporter);

  void unban(long reporter);

  boolean isBanned(long reporter);

  Set<Long> banned();
}
