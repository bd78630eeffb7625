package org.vigie.core.storage;

import java.util.Optional;

/** Small installation-wide values such as the reporter-key secret. */
public interface SettingStore {
  Optional<String> get(String key);

  /** Stores the value unless the key exists; returns the value now in force. */
  String putIfAbsent(String key, String value);
}
