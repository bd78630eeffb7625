package org.vigie.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.vigie.core.storage.TokenStore;

/** API tokens: random, shown once, stored only as SHA-256. */
public final class Tokens {
  public static final String ADMIN = "admin";
  public static final String IMPORT = "import";
  /** Probe agents: may fetch checks and push results, nothing else. */
  public static final String AGENT = "agent";
  private static final SecureRandom RANDOM = new SecureRandom();
  private final TokenStore store;

  Tokens(TokenStore store) {
    this.store = store;
  }

  /** What {@link #revoke} did. */
  public enum Revocation { REVOKED, UNKNOWN, LAST_ADMIN }

  static String newToken() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return "vigie_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** The stored form of a token: hex SHA-256 of its UTF-8 bytes. */
  public static String hash(String token) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(d.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Makes sure an admin token exists: installs the configured one, or on first start generates one.
   *
   * @return the generated token, to print once; empty when none was generated
   */
  Optional<String> ensureAdmin(String configured, Instant now) {
    if (configured != null) {
      String h = hash(configured);
      if (store.findByHash(h).isEmpty()) {
        store.add(new TokenStore.Token("env", ADMIN, h, now));
      }
      return Optional.empty();
    }
    if (store.all().stream().anyMatch(t -> ADMIN.equals(t.role()))) {
      return Optional.empty();
    }
    String token = newToken();
    store.add(new TokenStore.Token("first-start", ADMIN, hash(token), now));
    return Optional.of(token);
  }

  /** Creates a token; returns it to show once (only its hash is stored). */
  public String create(String name, String role, Instant now) {
    String token = newToken();
    store.add(new TokenStore.Token(name, role, hash(token), now));
    return token;
  }

  /**
   * Revokes the token with this hash, unless it is the last admin token: without one, nobody
   * could sign in to the admin pages again short of editing the database.
   */
  public Revocation revoke(String sha256Hex) {
    Optional<TokenStore.Token> t = store.findByHash(sha256Hex);
    if (t.isEmpty()) {
      return Revocation.UNKNOWN;
    }
    if (ADMIN.equals(t.get().role()) && store.all().stream().filter(x -> ADMIN.equals(x.role())).count() == 1) {
      return Revocation.LAST_ADMIN;
    }
    return store.remove(sha256Hex) ? Revocation.REVOKED : Revocation.UNKNOWN;
  }

  /** The role of a presented token, or empty when it is unknown. */
  public Optional<String> roleOf(String token) {
    return store.findByHash(hash(token)).map(TokenStore.Token::role);
  }
}
