package org.vigie.sources.social;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a post into {@link Token}s and clauses, by hand in one pass: regular expressions would
 * cost several times the whole budget.
 *
 * <p>Rules a reader would question:
 *
 * <ul>
 *   <li>Hyphens split words: "WhatsApp-Störung" is WhatsApp plus Störung, and an alias such as
 *       "t-mobile" is tokenized the same way when the matcher is built, so both sides agree.
 *   <li>An apostrophe splits a word only when at least three letters follow it: French and Italian
 *       elisions ("l'appli", "n'arrive", "dell'app") split, English contractions ("can't", "i'm")
 *       stay one token.
 *   <li>Clauses end at . ! ? ; and line breaks, and a new clause starts at a contrast word ("but",
 *       "mais", "pero", "aber", "mas", "però"): "Instagram is back but WhatsApp is still down"
 *       holds two verdicts. Commas do not split: "Instagram, WhatsApp and Facebook are down" is
 *       one complaint about three services.
 *   <li>Mathematical letters ("𝕏") and full-width forms are folded with NFKC first; only posts
 *       that contain such characters pay for it.
 * </ul>
 */
final class Tokenizer {
  private Tokenizer() {}

  /** Words that open a new clause because they contrast it with the previous one. */
  static final Set<String> CONTRAST =
      Set.of("but", "however", "though", "although", "whereas", "mais", "cependant", "pourtant", "tandis", "pero", "aunque", "mientras", "aber", "jedoch", "wahrend", "doch", "mas", "porem", "enquanto", "tuttavia", "mentre", "invece");

  /** A tokenized post: its tokens and, per clause, whether the clause is a question. */
  record Tokens(String text, List<Token> list, boolean[] question) {
    int size() {
      return list.size();
    }

    Token get(int i) {
      return list.get(i);
    }

    boolean isQuestion(int clause) {
      return clause < question.length && question[clause];
    }
  }

  static Tokens tokenize(String raw) {
    String text = needsNfkc(raw) ? Normalizer.normalize(raw, Normalizer.Form.NFKC) : raw;
    List<Token> out = new ArrayList<>(Math.max(8, text.length() / 5));
    boolean[] question = new boolean[8];
    int clause = 0;
    boolean clauseHasTokens = false;
    int n = text.length();
    int i = 0;
    StringBuilder folded = new StringBuilder(32);
    StringBuilder lower = new StringBuilder(32);
    while (i < n) {
      char c = text.charAt(i);
      // Clause boundaries.
      if (c == '.' || c == '!' || c == '?' || c == ';' || c == '\n' || c == '…' || c == '¿' || c == '¡') {
        if (c == '?') {
          // Marks the clause the question mark ends; several in a row ("down???") mark it once.
          question = mark(question, clauseHasTokens ? clause : Math.max(0, clause - 1));
        } else if (c == '¿') {
          // Spanish opens a question: it is the clause about to start.
          question = mark(question, clauseHasTokens ? clause + 1 : clause);
        }
        if (clauseHasTokens) {
          clause++;
          clauseHasTokens = false;
        }
        i++;
        continue;
      }
      int cp = text.codePointAt(i);
      int width = Character.charCount(cp);
      if ((c == 'h' || c == 'H') && (text.startsWith("http://", i) || text.startsWith("https://", i))) {
        int s = i;
        int hostStart = text.indexOf("://", i) + 3;
        int j = hostStart;
        while (j < n && !Character.isWhitespace(text.charAt(j))) {
          j++;
        }
        int hostEnd = hostStart;
        while (hostEnd < j && isHostChar(text.charAt(hostEnd))) {
          hostEnd++;
        }
        String host = stripWww(text.substring(hostStart, hostEnd).toLowerCase(java.util.Locale.ROOT));
        out.add(new Token(Token.Kind.URL, host, host, s, j, clause, false, false));
        clauseHasTokens = true;
        i = j;
        continue;
      }
      if ((c == '#' || c == '@' || c == '$' || c == '＃') && i + 1 < n && Character.isLetterOrDigit(text.codePointAt(i + 1))
          && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))) {
        int s = i;
        int j = i + 1;
        folded.setLength(0);
        lower.setLength(0);
        while (j < n) {
          int p = text.codePointAt(j);
          boolean ok = Character.isLetterOrDigit(p) || p == '_' || Character.getType(p) == Character.NON_SPACING_MARK
              || (c == '@' && (p == '.' || p == '@' || p == '-') && j + 1 < n && Character.isLetterOrDigit(text.charAt(j + 1)));
          if (!ok) {
            break;
          }
          for (int k = 0; k < Character.charCount(p); k++) {
            char ch = text.charAt(j + k);
            Fold.append(folded, ch);
            lower.append(Character.toLowerCase(ch));
          }
          j += Character.charCount(p);
        }
        Token.Kind kind = c == '@' ? Token.Kind.HANDLE : c == '$' ? Token.Kind.CASHTAG : Token.Kind.HASHTAG;
        if (kind == Token.Kind.CASHTAG && !isTicker(text, i + 1, j)) {
          i++;
          continue;
        }
        out.add(new Token(kind, folded.toString(), lower.toString(), s, j, clause, false, false));
        clauseHasTokens = true;
        i = j;
        continue;
      }
      if (Character.isLetterOrDigit(cp)) {
        int s = i;
        int j = i;
        folded.setLength(0);
        lower.setLength(0);
        boolean dotted = false;
        boolean allDigits = true;
        while (j < n) {
          int p = text.codePointAt(j);
          if (Character.isLetterOrDigit(p) || Character.getType(p) == Character.NON_SPACING_MARK) {
            allDigits &= Character.isDigit(p);
          } else if ((p == '.' || p == ',') && j + 1 < n && Character.isLetterOrDigit(text.charAt(j + 1)) && j > s) {
            // "instagram.com", "1.1.1.1", "40,5": a dot or comma between two word characters.
            if (p == ',' && !(allDigits && Character.isDigit(text.charAt(j + 1)))) {
              break;
            }
            dotted = true;
          } else if ((p == '\'' || p == '’') && j > s && j + 1 < n && Character.isLetter(text.charAt(j + 1))) {
            int letters = 0;
            int k = j + 1;
            while (k < n && Character.isLetter(text.charAt(k))) {
              letters++;
              k++;
            }
            if (letters >= 3) {
              // Elision: "l'appli" → "l'" + "appli".
              folded.append('\'');
              lower.append('\'');
              j++;
              break;
            }
            p = '\'';
          } else {
            break;
          }
          for (int k = 0; k < Character.charCount(p); k++) {
            char ch = p == '\'' ? '\'' : text.charAt(j + k);
            Fold.append(folded, ch);
            lower.append(Character.toLowerCase(ch));
          }
          j += Character.charCount(p);
        }
        String f = folded.toString();
        Token.Kind kind = allDigits ? Token.Kind.NUMBER : Token.Kind.WORD;
        if (dotted && !allDigits) {
          int lastDot = f.lastIndexOf('.');
          String tld = lastDot < 0 ? "" : f.substring(lastDot + 1);
          if (isTld(tld)) {
            String host = stripWww(lower.toString());
            out.add(new Token(Token.Kind.URL, host, host, s, j, clause, false, false));
            clauseHasTokens = true;
            i = j;
            continue;
          }
          // Not a domain ("down.Instagram", "etc.bla"): take only up to the first dot.
          int firstDot = firstSeparator(text, s, j);
          j = firstDot;
          f = Fold.fold(text.substring(s, j));
          lower.setLength(0);
          lower.append(text.substring(s, j).toLowerCase(java.util.Locale.ROOT));
          kind = Token.Kind.WORD;
        }
        String lw = lower.toString();
        if (kind == Token.Kind.WORD && CONTRAST.contains(f) && clauseHasTokens) {
          clause++;
          clauseHasTokens = false;
        }
        boolean cap = Character.isUpperCase(text.codePointAt(s));
        boolean caps = cap && isAllCaps(text, s, j);
        out.add(new Token(kind, f, lw, s, j, clause, cap, caps));
        clauseHasTokens = true;
        i = j;
        continue;
      }
      int type = Character.getType(cp);
      if (type == Character.OTHER_SYMBOL) {
        String e = new String(Character.toChars(cp));
        out.add(new Token(Token.Kind.EMOJI, e, e, i, i + width, clause, false, false));
        clauseHasTokens = true;
      }
      i += width;
    }
    int clauses = clauseHasTokens ? clause + 1 : clause;
    boolean[] q = java.util.Arrays.copyOf(question, Math.max(clauses, 1));
    return new Tokens(text, out, q);
  }

  private static int firstSeparator(String text, int s, int j) {
    for (int k = s + 1; k < j; k++) {
      char ch = text.charAt(k);
      if (ch == '.' || ch == ',') {
        return k;
      }
    }
    return j;
  }

  private static boolean[] mark(boolean[] q, int clause) {
    if (clause >= q.length) {
      q = java.util.Arrays.copyOf(q, Math.max(q.length * 2, clause + 1));
    }
    q[clause] = true;
    return q;
  }

  private static boolean isAllCaps(String text, int s, int e) {
    int letters = 0;
    for (int k = s; k < e; k++) {
      char ch = text.charAt(k);
      if (Character.isLetter(ch)) {
        if (!Character.isUpperCase(ch)) {
          return false;
        }
        letters++;
      }
    }
    return letters >= 2;
  }

  private static boolean isTicker(String text, int s, int e) {
    // "$META", "$GOOGL": 1 to 6 capital letters; "$5" or "$avoir" are not tickers.
    if (e - s < 1 || e - s > 6) {
      return false;
    }
    for (int k = s; k < e; k++) {
      char ch = text.charAt(k);
      if (ch < 'A' || ch > 'Z') {
        return false;
      }
    }
    return true;
  }

  private static boolean isTld(String tld) {
    if (tld.length() < 2 || tld.length() > 6) {
      return false;
    }
    for (int k = 0; k < tld.length(); k++) {
      char ch = tld.charAt(k);
      if (ch < 'a' || ch > 'z') {
        return false;
      }
    }
    // Common sentence glue without a space ("down.Instagram") ends in a long word; keep real TLDs.
    return switch (tld) {
      case "com", "net", "org", "io", "fr", "de", "es", "it", "pt", "br", "uk", "us", "ai", "app", "tv", "gg", "me", "co",
          "social", "be", "ch", "at", "nl", "mx", "ar", "cl", "ca", "eu", "info", "dev", "so", "cloud", "one", "live", "us ",
          "ly", "im", "to", "xyz", "news", "online" -> true;
      default -> false;
    };
  }

  private static boolean isHostChar(char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '-';
  }

  static String stripWww(String host) {
    return host.startsWith("www.") ? host.substring(4) : host;
  }

  private static boolean needsNfkc(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      // Surrogates cover the mathematical alphanumerics ("𝕏", "𝐈𝐧𝐬𝐭𝐚"); FF00 block the full-width forms.
      if (Character.isHighSurrogate(c) && c == '\uD835' || (c >= '\uFF00' && c <= '\uFFEF')) {
        return true;
      }
    }
    return false;
  }
}
