package org.vigie.server.web;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Rendered public pages kept for {@link #TTL_NANOS}: in a storm thousands of people a second open
 * the same few pages, and live data only moves once a minute (plus the live count, which the
 * event stream carries). Behind a reverse proxy the Cache-Control headers do the same job; this
 * keeps a bare Vigie standing without one. Two renders of a page may race; both are right.
 */
final class PageCache {
  /** How long a rendered page is reused: one second. */
  static final long TTL_NANOS = 1_000_000_000L;

  /** Pages kept at most; beyond, the cache starts over (keys are bounded by services × languages). */
  static final int MAX_ENTRIES = 4096;

  private record Entry(byte[] body, long expires) {}

  private final Map<String, Entry> pages = new ConcurrentHashMap<>();

  /** Forgets every page, after a change people must see at once (a comment posted or hidden). */
  void clear() {
    pages.clear();
  }

  byte[] get(String key, Supplier<Html> render) {
    long now = System.nanoTime();
    Entry e = pages.get(key);
    if (e != null && e.expires() - now > 0) {
      return e.body();
    }
    byte[] body = render.get().toString().getBytes(StandardCharsets.UTF_8);
    if (pages.size() >= MAX_ENTRIES) {
      pages.clear();
    }
    pages.put(key, new Entry(body, now + TTL_NANOS));
    return body;
  }
}
