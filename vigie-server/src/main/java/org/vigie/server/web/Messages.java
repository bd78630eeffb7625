package org.vigie.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Every string of the interface, in English and French, from {@code messages_en.properties} and
 * {@code messages_fr.properties} (UTF-8). Placeholders are {@code {0}}, {@code {1}}… replaced
 * literally (no MessageFormat: French apostrophes stay as written).
 */
final class Messages {
  private static final Messages EN = load("en");
  private static final Messages FR = load("fr");

  private final String lang;
  private final Map<String, String> strings;

  private Messages(String lang, Map<String, String> strings) {
    this.lang = lang;
    this.strings = strings;
  }

  static Messages of(String lang) {
    return "fr".equals(lang) ? FR : EN;
  }

  static Messages of(Lang lang) {
    return of(lang.code());
  }

  String lang() {
    return lang;
  }

  Map<String, String> all() {
    return strings;
  }

  String t(String key) {
    String s = strings.get(key);
    if (s == null) {
      throw new IllegalArgumentException("no message '" + key + "' in " + lang);
    }
    return s;
  }

  String t(String key, Object... args) {
    String s = t(key);
    for (int i = 0; i < args.length; i++) {
      s = s.replace("{" + i + "}", String.valueOf(args[i]));
    }
    return s;
  }

  /** The messages whose keys start with the prefix, for a page's script (prefix kept). */
  Map<String, String> withPrefix(String prefix) {
    Map<String, String> out = new TreeMap<>();
    strings.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k, v);
      }
    });
    return out;
  }

  private static Messages load(String lang) {
    String name = "messages_" + lang + ".properties";
    try (InputStream in = Messages.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      Properties p = new Properties();
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      Map<String, String> m = new TreeMap<>();
      p.forEach((k, v) -> m.put((String) k, (String) v));
      return new Messages(lang, Map.copyOf(m));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
