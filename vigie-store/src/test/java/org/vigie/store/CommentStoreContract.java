package org.vigie.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.vigie.core.storage.CommentStore;
import org.vigie.core.storage.CommentStore.Comment;
import org.vigie.core.storage.Storage;

/**
 * What every backend owes the comments of service pages (issue 4): comments kept exactly as
 * written, newest first, and moderation (hidden comments, banned reporter keys) that survives a
 * restart. A backend test nests it ({@code @Nested class Comments extends CommentStoreContract}).
 */
public abstract class CommentStoreContract {
  private static final Instant T0 = Instant.parse("2019-06-13T14:00:00Z");

  /** The open storage of the enclosing backend test. */
  protected abstract Storage storage();

  /** Closes the storage and opens it again over the same data. */
  protected abstract Storage reopen();

  private CommentStore comments() {
    return storage().comments();
  }

  @Test
  void aCommentIsKeptAsWrittenAndListedNewestFirstAfterARestart() {
    Comment first = comments().add("instagram", T0, 7L, "Zoé", "« Sorry, something went wrong » ici aussi");
    Comment second = comments().add("instagram", T0.plusSeconds(60), -3L, "", "<script>alert(1)</script> & 'quotes'");

    assertThat(second.id()).isGreaterThan(first.id());
    reopen();

    assertThat(comments().list("instagram", 10, false)).containsExactly(second, first);
    assertThat(first).isEqualTo(new Comment(first.id(), "instagram", T0, 7L, "Zoé", "« Sorry, something went wrong » ici aussi", false));
  }

  @Test
  void listsAreLimitedAndPerServiceWhileModerationSeesEveryService() {
    Comment a = comments().add("instagram", T0, 1L, "a", "one");
    Comment b = comments().add("whatsapp", T0, 2L, "b", "two");
    Comment c = comments().add("instagram", T0, 3L, "c", "three");

    assertThat(comments().list("instagram", 1, false)).containsExactly(c);
    assertThat(comments().list("instagram", 10, false)).containsExactly(c, a);
    assertThat(comments().list("discord", 10, false)).isEmpty();
    assertThat(comments().recent(10)).containsExactly(c, b, a);
    assertThat(comments().recent(2)).containsExactly(c, b);
    assertThat(comments().count()).isEqualTo(3);
  }

  @Test
  void aHiddenCommentLeavesThePublicListButNotModerationUntilShownAgain() {
    Comment kept = comments().add("instagram", T0, 1L, "", "still down in Lyon");
    Comment spam = comments().add("instagram", T0, 2L, "", "buy followers");

    assertThat(comments().setHidden(spam.id(), true)).isTrue();
    reopen();

    assertThat(comments().list("instagram", 10, false)).containsExactly(kept);
    assertThat(comments().list("instagram", 10, true)).extracting(Comment::id, Comment::hidden)
        .containsExactly(tuple(spam.id(), true), tuple(kept.id(), false));
    assertThat(comments().recent(10).getFirst().hidden()).isTrue();
    assertThat(comments().count()).as("hidden comments still count for moderation").isEqualTo(2);

    assertThat(comments().setHidden(spam.id(), false)).isTrue();
    assertThat(comments().list("instagram", 10, false)).extracting(Comment::id).containsExactly(spam.id(), kept.id());
  }

  @Test
  void hidingACommentThatDoesNotExistSaysSo() {
    assertThat(comments().setHidden(12345L, true)).isFalse();
    assertThat(comments().recent(10)).isEmpty();
  }

  @Test
  void aBannedReporterDisappearsFromPublicListsAfterARestartUntilUnbanned() {
    Comment troll = comments().add("instagram", T0, -99L, "troll", "first");
    Comment other = comments().add("instagram", T0, 5L, "", "down for me too");

    comments().ban(-99L);
    comments().ban(-99L); // banning twice is harmless
    reopen();

    assertThat(comments().isBanned(-99L)).isTrue();
    assertThat(comments().isBanned(5L)).isFalse();
    assertThat(comments().banned()).containsExactly(-99L);
    assertThat(comments().list("instagram", 10, false)).containsExactly(other);
    assertThat(comments().list("instagram", 10, true)).containsExactly(other, troll);

    comments().unban(-99L);
    assertThat(comments().banned()).isEmpty();
    assertThat(comments().list("instagram", 10, false)).containsExactly(other, troll);
  }
}
