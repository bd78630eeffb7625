package org.vigie.sources.social;

import java.text.Normalizer;

/**
 * Lower-cases and strips diacritics ("Störung" → "storung", "caído" → "caido", "ß" → "ss"), so
 * cues match however people type them: on a phone in a hurry many drop accents ("ca marche pas",
 * "esta caido"). A table built once for the Latin blocks instead of {@link Normalizer} per post:
 * NFD plus filtering costs about ten times more, and the classifier's budget is 20 µs a post.
 */
final class Fold {
  private Fold() {}

  private static final int LIMIT = 0x250;
  private static final String[] TABLE = new String[LIMIT];

  static {
    for (int c = 0x80; c < LIMIT; c++) {
      String d = Normalizer.normalize(String.valueOf((char) c), Normalizer.Form.NFD);
      char base = Character.toLowerCase(d.charAt(0));
      if (base < 0x80 && Character.isLetter(base)) {
        TABLE[c] = String.valueOf(base);
      }
    }
    TABLE['ß'] = "ss";
    TABLE['Æ'] = "ae";
    TABLE['æ'] = "ae";
    TABLE['Œ'] = "oe";
    TABLE['œ'] = "oe";
    TABLE['Ø'] = "o";
    TABLE['ø'] = "o";
    TABLE['Ł'] = "l";
    TABLE['ł'] = "l";
    TABLE['Đ'] = "d";
    TABLE['đ'] = "d";
    TABLE['ı'] = "i";
  }

  /** Appends the folded form of one character. */
  static void append(StringBuilder out, char c) {
    if (c < 0x80) {
      out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
    } else if (c < LIMIT && TABLE[c] != null) {
      out.append(TABLE[c]);
    } else {
      out.append(Character.toLowerCase(c));
    }
  }

  static String fold(CharSequence s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      append(b, s.charAt(i));
    }
    return b.toString();
  }
}
