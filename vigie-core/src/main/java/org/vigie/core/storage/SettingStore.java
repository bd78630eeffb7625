package org.vigie.core.storage;

import java.util.Optional;

/** Small installation-wide values such as the reporter-key secret. */
public interface SettingStore {
  Optional<String> get(String key);

  /** Stores the value unless the key exists; returns the value now in force. */
  String putIfAbsent(String key, String value);

  /** Stores the value, replacing any earlier one, and returns once it is durable (a stream's resume point). */
  void put(String key, String value);
}
