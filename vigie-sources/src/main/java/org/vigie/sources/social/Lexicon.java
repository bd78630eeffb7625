package org.vigie.sources.social;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The complaint cues of {@code lexicon.txt}, indexed by first word. The file's header says how to
 * write one; {@link #parse} refuses a bad line with its number.
 */
final class Lexicon {
  static final String RESOURCE = "lexicon.txt";
  static final String ANY = "<any>";
  static final String NUM = "<num>";

  /** One phrase: its words (folded, or {@link #ANY} / {@link #NUM}), what it means, its language. */
  record Entry(Cue.Kind kind, String language, boolean strict, String phrase, String[] words) {}

  private final Map<String, List<Entry>> byFirst;
  private final int size;

  private Lexicon(Map<String, List<Entry>> byFirst, int size) {
    this.byFirst = byFirst;
    this.size = size;
  }

  static Lexicon bundled() {
    try (InputStream in = Lexicon.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path");
      }
      return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Lexicon parse(BufferedReader reader) throws IOException {
    Map<String, List<Entry>> map = new HashMap<>();
    int count = 0;
    int lineNo = 0;
    for (String line; (line = reader.readLine()) != null; ) {
      lineNo++;
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      String[] parts = l.split("\\|");
      if (parts.length != 3) {
        throw new IllegalArgumentException("lexicon line " + lineNo + ": expected 'KIND | language | phrase', got '" + line + "'");
      }
      Cue.Kind kind;
      try {
        kind = Cue.Kind.valueOf(parts[0].strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("lexicon line " + lineNo + ": unknown kind '" + parts[0].strip() + "'", e);
      }
      String lang = parts[1].strip();
      boolean strict = lang.endsWith("!");
      if (strict) {
        lang = lang.substring(0, lang.length() - 1);
      }
      if (!Languages.SUPPORTED.contains(lang)) {
        throw new IllegalArgumentException("lexicon line " + lineNo + ": language '" + lang + "' is not one of " + Languages.SUPPORTED);
      }
      String phrase = parts[2].strip();
      List<String> words = new ArrayList<>();
      for (String piece : phrase.split("\\s+")) {
        if (piece.equals(ANY) || piece.equals(NUM)) {
          words.add(piece);
          continue;
        }
        if (piece.endsWith("'") || piece.endsWith("’")) {
          // An elided article or pronoun ("d'", "j'"): the tokenizer keeps it with its apostrophe.
          words.add(Fold.fold(piece.replace('’', '\'')));
          continue;
        }
        Tokenizer.Tokens t = Tokenizer.tokenize(piece);
        for (Token tok : t.list()) {
          words.add(tok.folded());
        }
      }
      if (words.isEmpty() || words.getFirst().equals(ANY) || words.getFirst().equals(NUM)) {
        throw new IllegalArgumentException("lexicon line " + lineNo + ": a phrase must start with a word");
      }
      Entry e = new Entry(kind, lang, strict, phrase.toLowerCase(Locale.ROOT), words.toArray(String[]::new));
      map.computeIfAbsent(e.words()[0], k -> new ArrayList<>()).add(e);
      count++;
    }
    for (List<Entry> l : map.values()) {
      // Longest first: the first entry that matches at a word is the one that wins.
      l.sort((a, b) -> b.words().length - a.words().length);
    }
    return new Lexicon(map, count);
  }

  List<Entry> startingWith(String folded) {
    return byFirst.get(folded);
  }

  int size() {
    return size;
  }
}
