package org.vigie.sources.social;

import java.time.Instant;
import java.util.Objects;

/**
 * A public post from a social network, as an adapter or {@code POST /api/v1/mentions} delivers it.
 *
 * @param id the network's id of the post, unique within its source (for deduplication)
 * @param lang the language the network declares (BCP 47), or null
 * @param createdAt when it was posted (event time)
 * @param author an opaque, stable identity of the author within the source (a DID, an account
 *     URI); hashed before anything is kept
 * @param source where it came from: {@code mastodon:mastodon.social}, {@code bluesky}, {@code api}
 * @param authorHome the author's home server when known ("mastodon.social"), for diversity, or null
 * @param authorSince when the author's account was created, when the network says, or null
 */
public record Post(String id, String text, String lang, Instant createdAt, String author, String source, String authorHome, Instant authorSince) {
  public Post {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(source, "source");
  }

  public Post(String id, String text, String lang, Instant createdAt, String author, String source) {
    this(id, text, lang, createdAt, author, source, null, null);
  }
}
