package org.vigie.core.signal;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns identities (addresses, client ids, imported reporter names) into 64-bit keyed hashes:
 * the first 8 bytes of HMAC-SHA256 under a per-installation secret. The raw address is never
 * stored; without the secret a key cannot be linked back to an address, and 64 bits keep the
 * chance of two reporters colliding negligible (about 1 in 10^19 per pair).
 */
public final class ReporterKeys {
  private static final String ALGORITHM = "HmacSHA256";
  private final SecretKeySpec secret;
  private final ThreadLocal<Mac> macs;

  public ReporterKeys(byte[] secret) {
    if (secret.length < 16) {
      throw new IllegalArgumentException("the reporter-key secret needs at least 16 bytes");
    }
    this.secret = new SecretKeySpec(secret.clone(), ALGORITHM);
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(secret);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }

  /** Key of a free-form identity, domain-separated by a kind prefix ("r:" reporter, "n:" network). */
  public long of(String kind, String identity) {
    Mac mac = macs.get();
    mac.update(kind.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) 0);
    byte[] out = mac.doFinal(identity.getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.wrap(out).getLong();
  }

  public long reporter(String identity) {
    return of("r", identity);
  }

  public long network(String identity) {
    return of("n", identity);
  }

  /** Key of the client's network: its /24 for IPv4 or its /48 for IPv6. */
  public long networkOf(InetAddress address) {
    byte[] raw = address.getAddress();
    int keep = raw.length == 4 ? 3 : 6;
    StringBuilder prefix = new StringBuilder(raw.length == 4 ? "v4:" : "v6:");
    for (int i = 0; i < keep; i++) {
      prefix.append(raw[i] & 0xff).append('.');
    }
    return network(prefix.toString());
  }

  /** Key of an anonymous client: its address together with its client-id cookie, if any. */
  public long reporterOf(InetAddress address, String clientId) {
    return reporter(address.getHostAddress() + "|" + (clientId == null ? "" : clientId));
  }
}
