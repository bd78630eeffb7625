package org.vigie.core.storage;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** API tokens, stored only as SHA-256 hashes. */
public interface TokenStore {
  record Token(String name, String role, String sha256Hex, Instant createdAt) {}

  void add(Token token);

  Optional<Token> findByHash(String sha256Hex);

  List<Token> all();

  /** Revokes a token: it authenticates nothing any more. False when no token has this hash. */
  boolean remove(String sha256Hex);
}
