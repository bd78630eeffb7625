package org.vigie.sources.social;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The language of a post: the one the network declares when it is one we read, otherwise a guess
 * from function words (the most frequent words of each language, few of them shared). Networks
 * are often wrong or silent (Mastodon defaults to the server's language, many Bluesky clients send
 * none), so a declared language outside the six is ignored rather than trusted.
 */
final class Languages {
  private Languages() {}

  static final List<String> SUPPORTED = List.of("en", "fr", "es", "de", "pt", "it");

  /** Unknown: no cue bound to a language applies. */
  static final String UNKNOWN = "und";

  private static final Map<String, Set<String>> STOPWORDS = Map.of(
      "en", Set.of("the", "is", "and", "my", "it", "to", "of", "for", "again", "this", "with", "what", "you", "i", "i'm", "can't", "not", "just", "anyone", "down", "why", "it's", "working"),
      "fr", Set.of("le", "la", "les", "est", "et", "je", "pas", "de", "des", "du", "une", "un", "ne", "ca", "c'", "j'", "mon", "moi", "encore", "marche", "plus", "vous", "qui", "que", "sur", "avec", "depuis", "n'", "d'", "l'", "chez", "panne"),
      "es", Set.of("el", "los", "las", "es", "y", "no", "me", "mi", "que", "de", "del", "en", "una", "esta", "por", "con", "para", "otra", "vez", "funciona", "puedo", "caido", "ya", "hoy", "se", "alguien"),
      "de", Set.of("der", "die", "das", "ist", "und", "nicht", "ich", "mir", "bei", "mal", "wieder", "schon", "geht", "auch", "noch", "mit", "ein", "eine", "seit", "auf", "kann", "heute", "funktioniert", "gerade"),
      "pt", Set.of("o", "os", "as", "e", "nao", "eu", "meu", "minha", "que", "de", "do", "da", "um", "uma", "esta", "ta", "caiu", "aqui", "mais", "alguem", "voce", "voces", "com", "pra", "tambem", "hoje", "agora", "consigo"),
      "it", Set.of("il", "lo", "gli", "e", "non", "di", "che", "mi", "un", "una", "per", "con", "funziona", "ancora", "anche", "oggi", "riesco", "sono", "della", "del", "da", "ma", "voi", "qualcuno", "come"));

  /** The primary subtag of a declared language ("pt-BR" → "pt") if we read it, else null. */
  static String declared(String lang) {
    if (lang == null || lang.isBlank()) {
      return null;
    }
    String l = lang.strip().toLowerCase(Locale.ROOT);
    int dash = l.indexOf('-');
    if (dash < 0) {
      dash = l.indexOf('_');
    }
    String primary = dash < 0 ? l : l.substring(0, dash);
    return SUPPORTED.contains(primary) ? primary : null;
  }

  /** The language with the most function words in the post, or {@link #UNKNOWN} with none. */
  static String guess(Tokenizer.Tokens t) {
    int[] hits = new int[SUPPORTED.size()];
    for (Token tok : t.list()) {
      if (tok.kind() != Token.Kind.WORD) {
        continue;
      }
      for (int l = 0; l < hits.length; l++) {
        if (STOPWORDS.get(SUPPORTED.get(l)).contains(tok.folded())) {
          hits[l]++;
        }
      }
    }
    int best = -1;
    for (int l = 0; l < hits.length; l++) {
      if (hits[l] > 0 && (best < 0 || hits[l] > hits[best])) {
        best = l;
      }
    }
    return best < 0 ? UNKNOWN : SUPPORTED.get(best);
  }
}
