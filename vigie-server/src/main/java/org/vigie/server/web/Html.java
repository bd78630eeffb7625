package org.vigie.server.web;

/**
 * The one place HTML is escaped. Pages are built with plain string builders (see RATIONALE in
 * the package docs of {@link WebRoutes}): {@link #text} escapes everything that comes from data
 * or people, {@link #raw} is for markup written in this package only.
 */
final class Html {
  private final StringBuilder b;

  Html(int capacity) {
    b = new StringBuilder(capacity);
  }

  /** Markup written in this package — never data. */
  Html raw(String markup) {
    b.append(markup);
    return this;
  }

  Html raw(char c) {
    b.append(c);
    return this;
  }

  Html num(long n) {
    b.append(n);
    return this;
  }

  /** A number with one decimal, without the cost of String.format. */
  Html tenths(double v) {
    long t = Math.round(v * 10);
    if (t < 0) {
      b.append('-');
      t = -t;
    }
    b.append(t / 10);
    if (t % 10 != 0) {
      b.append('.').append(t % 10);
    }
    return this;
  }

  /** Text or an attribute value from data: escaped for both contexts. */
  Html text(Object value) {
    escape(b, value == null ? "" : value.toString());
    return this;
  }

  /** {@code name="value"} with the value escaped (a leading space included). */
  Html attr(String name, Object value) {
    b.append(' ').append(name).append("=\"");
    escape(b, value == null ? "" : value.toString());
    b.append('"');
    return this;
  }

  int length() {
    return b.length();
  }

  @Override
  public String toString() {
    return b.toString();
  }

  static String esc(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    escape(out, s);
    return out.toString();
  }

  static void escape(StringBuilder out, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
  }

  /**
   * JSON for a {@code <script type="application/json">} block: the mapper's output with every
   * {@code <} escaped so no string can close the element.
   */
  static String jsonBlock(Object value) {
    String json = new String(org.vigie.server.http.Json.bytes(value), java.nio.charset.StandardCharsets.UTF_8);
    return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
  }
}
