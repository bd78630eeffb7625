package org.vigie.sources.social;

import java.util.function.BiConsumer;

/**
 * Server-sent events (the WHATWG "event stream" format) fed one line at a time: {@code event:}
 * names the event, {@code data:} lines are joined with newlines, a blank line dispatches, lines
 * starting with ':' are comments (Mastodon's ":thump" heartbeat), {@code id:} and {@code retry:}
 * are ignored (Mastodon sends neither). A stray field or a line without a colon is ignored, as the
 * specification says.
 */
final class SseParser {
  /** Largest event data kept; a longer event is dropped rather than grown without bound. */
  static final int MAX_DATA = 1 << 20;

  private final BiConsumer<String, String> onEvent;
  private String event = "message";
  private final StringBuilder data = new StringBuilder();
  private boolean hasData;
  private boolean overflow;

  SseParser(BiConsumer<String, String> onEvent) {
    this.onEvent = onEvent;
  }

  void line(String line) {
    if (line.isEmpty()) {
      if (hasData && !overflow) {
        onEvent.accept(event, data.toString());
      }
      event = "message";
      data.setLength(0);
      hasData = false;
      overflow = false;
      return;
    }
    if (line.charAt(0) == ':') {
      return;
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "event" -> event = value;
      case "data" -> {
        if (hasData) {
          data.append('\n');
        }
        if (data.length() + value.length() > MAX_DATA) {
          overflow = true;
        } else {
          data.append(value);
        }
        hasData = true;
      }
      default -> {}
    }
  }
}
