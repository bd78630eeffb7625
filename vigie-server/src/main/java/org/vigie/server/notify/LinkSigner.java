package org.vigie.server.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.vigie.core.storage.SettingStore;

/**
 * Signs self-service links (confirm, unsubscribe) with an HMAC under an installation secret kept
 * in the settings store, so a link works only for the subscription and purpose it was made for,
 * and nobody can unsubscribe someone else by guessing.
 */
public final class LinkSigner {
  static final String SETTING = "notify-link-secret";
  private final byte[] key;

  public LinkSigner(SettingStore settings) {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    this.key = Base64.getDecoder().decode(settings.putIfAbsent(SETTING, Base64.getEncoder().encodeToString(b)));
  }

  LinkSigner(byte[] key) {
    this.key = key.clone();
  }

  public String sign(String purpose, String subscriptionId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] h = mac.doFinal((purpose + ":" + subscriptionId).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(h);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Constant-time comparison: the answer's timing says nothing about how close a forgery was. */
  public boolean verify(String purpose, String subscriptionId, String signature) {
    if (signature == null) {
      return false;
    }
    return MessageDigest.isEqual(sign(purpose, subscriptionId).getBytes(StandardCharsets.US_ASCII),
        signature.getBytes(StandardCharsets.US_ASCII));
  }
}
