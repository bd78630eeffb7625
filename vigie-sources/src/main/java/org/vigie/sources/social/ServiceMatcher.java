package org.vigie.sources.social;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.vigie.core.model.Catalogue;
import org.vigie.core.model.Service;

/**
 * Finds the catalogue's services in a post: names, slugs and aliases as whole words (a token
 * sequence, so "meta" never matches inside "metadata"), hashtags, handles and links.
 *
 * <p>Names that are also common words ("free", "orange", "signal", "teams", "x", "steam") or
 * that are two letters long ("ig", "wa", "bt") are <em>ambiguous</em>: they count only with
 * support — written as a proper noun (capitalized inside a clause, or in capitals), or next to a
 * word about apps, networks or failures ("free en panne", "Signal app", "X down"). A one-letter
 * name needs both. Hashtags, handles and links are never ambiguous.
 *
 * <p>Matching is greedy and longest-first at each position, so "facebook messenger" is
 * Messenger, not Facebook plus Messenger, and "google cloud" is Google Cloud.
 */
public final class ServiceMatcher {
  /** Words people use for other things that are also service names or aliases. */
  static final Set<String> COMMON_WORDS = Set.of(
      "free", "orange", "signal", "teams", "zoom", "snap", "epic", "threads", "steam", "slack", "stripe", "uber", "claude", "meta", "discord", "zap", "outlook", "messenger", "twitch", "att", "nso", "live", "blue sky", "sosh", "voda", "x", "telegram", "google", "amazon", "bouygues", "epic games", "edge");

  /** Words that make an ambiguous name read as the service when they stand next to it. */
  static final Set<String> CONTEXT = Set.of(
      "app", "appli", "application", "aplicacion", "aplicativo", "applicazione", "down", "panne", "outage", "server", "servers", "serveur", "serveurs", "servidor", "servidores", "site", "website", "account", "compte", "cuenta", "konto", "conta", "login", "network", "reseau", "red", "netz", "rede", "rete", "box", "fibre", "fiber", "wifi", "internet", "4g", "5g", "store", "call", "calls", "appel", "appels", "message", "messages", "mensajes", "nachrichten", "mensagens", "messaggi", "caido", "caida", "storung", "ausfall", "fora", "status", "support", "service", "mail", "email", "feed", "stories", "dm", "dms", "connexion", "conexion", "verbindung", "conexao", "connessione", "chat", "mobile", "ligne", "forfait", "timeline", "tweets", "tweet", "post", "posts", "posting", "meeting", "meetings", "reunion", "sav", "api", "dashboard", "payments", "checkout", "games", "game", "online", "freebox", "livebox", "marche", "fonctionne", "funciona", "funziona", "funktioniert", "works", "working", "geht", "crashed", "crashing", "error", "erreur", "fehler", "erro", "errore", "bug", "bugs", "bugue", "plante", "lag", "lagging", "laggt");

  /** Endings that turn a name into an outage word: "#instagramdown", "whatsappstörung". */
  static final List<String> OUTAGE_SUFFIXES =
      List.of("down", "outage", "panne", "caido", "caida", "storung", "stoerung", "ausfall", "offline", "foradoar", "giu", "crash");

  /** Beginnings that do the same in French tags: "#pannefree", "#pannesfr". */
  static final List<String> OUTAGE_PREFIXES = List.of("pannes", "panne");

  /** Suffixes of official support accounts: "@XboxSupport", "@SpotifyCares", "@SFR_SAV". */
  static final List<String> HANDLE_SUFFIXES =
      List.of("support", "help", "status", "cares", "care", "sav", "fr", "es", "de", "it", "br", "pt", "uk", "us", "app", "official", "france", "espana", "brasil", "italia");

  private record Alias(String service, String[] tokens, String label, boolean ambiguous) {}

  private final Map<String, List<Alias>> byFirst = new HashMap<>();
  private final Map<String, String> compact = new HashMap<>();
  private final Map<String, String> hashtags = new HashMap<>();
  private final Map<String, String> hosts = new HashMap<>();
  /** First words of multi-word names, for handles only: "@AskPlayStation" is PlayStation Network. */
  private final Map<String, String> handleWords = new HashMap<>();

  public ServiceMatcher(Catalogue catalogue) {
    Map<String, String> registrable = new HashMap<>();
    Map<String, Integer> registrableOwners = new HashMap<>();
    for (Service s : catalogue.services()) {
      List<String> names = new ArrayList<>();
      names.add(s.name());
      names.add(s.slug().replace('-', ' '));
      names.addAll(s.aliases());
      for (String name : names) {
        addAlias(s.slug(), name);
      }
      for (String tag : s.hashtags()) {
        hashtags.put(Fold.fold(tag), s.slug());
      }
      for (String d : s.domains()) {
        hosts.put(Tokenizer.stripWww(d.toLowerCase(Locale.ROOT)), s.slug());
        String reg = registrable(d.toLowerCase(Locale.ROOT));
        if (registrable.putIfAbsent(reg, s.slug()) == null) {
          registrableOwners.put(reg, 1);
        } else if (!registrable.get(reg).equals(s.slug())) {
          registrableOwners.merge(reg, 1, Integer::sum);
          // The service that serves the bare domain (www.amazon.com, not aws.amazon.com) owns it.
          if (d.equalsIgnoreCase("www." + reg) || d.equalsIgnoreCase(reg)) {
            registrable.put(reg, s.slug());
            registrableOwners.put(reg, 1);
          }
        }
      }
    }
    registrable.forEach((reg, slug) -> {
      if (registrableOwners.get(reg) == 1) {
        hosts.putIfAbsent(reg, slug);
      }
    });
    for (List<Alias> l : byFirst.values()) {
      l.sort((a, b) -> b.tokens.length - a.tokens.length);
    }
  }

  private void addAlias(String slug, String name) {
    Tokenizer.Tokens t = Tokenizer.tokenize(name);
    if (t.size() == 0) {
      return;
    }
    if (t.size() == 1 && t.get(0).kind() == Token.Kind.URL) {
      hosts.putIfAbsent(t.get(0).lower(), slug);
      return;
    }
    String[] toks = new String[t.size()];
    for (int i = 0; i < toks.length; i++) {
      toks[i] = t.get(i).lower();
    }
    String joined = String.join(" ", toks);
    boolean ambiguous = COMMON_WORDS.contains(Fold.fold(joined)) || (toks.length == 1 && toks[0].length() <= 2);
    List<Alias> list = byFirst.computeIfAbsent(toks[0], k -> new ArrayList<>());
    for (Alias a : list) {
      if (a.service.equals(slug) && String.join(" ", a.tokens).equals(joined)) {
        return;
      }
    }
    list.add(new Alias(slug, toks, name.toLowerCase(Locale.ROOT), ambiguous));
    String c = compactOf(name);
    if (!c.isEmpty() && !(ambiguous && c.length() <= 2)) {
      compact.putIfAbsent(c, slug);
    }
    if (toks.length > 1 && toks[0].length() >= 6) {
      handleWords.putIfAbsent(compactOf(toks[0]), slug);
    }
  }

  /** A name without spaces, dots, dashes or underscores, "+" spelled out: "disney+" → "disneyplus". */
  static String compactOf(String name) {
    StringBuilder b = new StringBuilder();
    String f = Fold.fold(name);
    for (int i = 0; i < f.length(); i++) {
      char ch = f.charAt(i);
      if (ch == '+') {
        b.append("plus");
      } else if (Character.isLetterOrDigit(ch)) {
        b.append(ch);
      }
    }
    return b.toString();
  }

  /** The last two labels, or three under a two-letter second level ("amazon.co.uk"). */
  static String registrable(String host) {
    String h = Tokenizer.stripWww(host);
    String[] labels = h.split("\\.");
    if (labels.length <= 2) {
      return h;
    }
    int keep = labels[labels.length - 2].length() <= 3 && labels[labels.length - 1].length() == 2 ? 3 : 2;
    return String.join(".", java.util.Arrays.copyOfRange(labels, labels.length - keep, labels.length));
  }

  /** The services a tokenized post names, in order of appearance. */
  List<ServiceMention> match(Tokenizer.Tokens t) {
    List<ServiceMention> out = new ArrayList<>(2);
    int n = t.size();
    for (int i = 0; i < n; i++) {
      Token tok = t.get(i);
      switch (tok.kind()) {
        case HASHTAG -> {
          String tag = tok.folded();
          String slug = hashtags.get(tag);
          if (slug != null) {
            out.add(new ServiceMention(slug, i, i, "hashtag #" + tok.lower(), true));
          } else if ((slug = compact.get(tag)) != null) {
            out.add(new ServiceMention(slug, i, i, "hashtag #" + tok.lower(), false));
          } else {
            ServiceMention m = compound(tag, i, "hashtag #" + tok.lower());
            if (m != null) {
              out.add(m);
            }
          }
        }
        case HANDLE -> {
          String slug = handle(tok.folded());
          if (slug != null) {
            out.add(new ServiceMention(slug, i, i, "handle @" + tok.lower(), false));
          }
        }
        case URL -> {
          String slug = host(tok.lower());
          if (slug != null) {
            out.add(new ServiceMention(slug, i, i, "link " + tok.lower(), false));
          }
        }
        case WORD, NUMBER -> {
          List<Alias> candidates = byFirst.get(tok.lower());
          boolean matched = false;
          if (candidates != null) {
            for (Alias a : candidates) {
              int len = a.tokens.length;
              if (i + len > n || !sequence(t, i, a.tokens)) {
                continue;
              }
              Support support = a.ambiguous ? supported(t, i, i + len - 1, a.tokens.length == 1 && a.tokens[0].length() == 1) : Support.CLEAR;
              if (support == Support.NONE) {
                continue;
              }
              out.add(new ServiceMention(a.service, i, i + len - 1,
                  (a.ambiguous ? "ambiguous name '" : "name '") + a.label + "'" + switch (support) {
                    case CLEAR -> "";
                    case PROPER_NOUN -> " written as a proper noun";
                    case CONTEXT -> " next to a word about services";
                    default -> " next to a failure cue";
                  }, false, support == Support.TENTATIVE));
              i += len - 1;
              matched = true;
              break;
            }
          }
          if (!matched && tok.kind() == Token.Kind.WORD && tok.folded().length() > 5) {
            // One-word compounds: "WhatsAppstörung", "instagramdown".
            ServiceMention m = compound(tok.folded(), i, "word '" + tok.lower() + "'");
            if (m != null) {
              out.add(m);
            }
          }
        }
        default -> {}
      }
    }
    return out;
  }

  private ServiceMention compound(String word, int i, String how) {
    for (String suffix : OUTAGE_SUFFIXES) {
      if (word.length() > suffix.length() + 1 && word.endsWith(suffix)) {
        String slug = compact.get(word.substring(0, word.length() - suffix.length()));
        if (slug != null) {
          return new ServiceMention(slug, i, i, how, true);
        }
      }
    }
    for (String prefix : OUTAGE_PREFIXES) {
      if (word.length() > prefix.length() + 1 && word.startsWith(prefix)) {
        String slug = compact.get(word.substring(prefix.length()));
        if (slug != null) {
          return new ServiceMention(slug, i, i, how, true);
        }
      }
    }
    return null;
  }

  private String handle(String folded) {
    String slug = handleName(folded);
    if (slug == null) {
      return null;
    }
    return slug;
  }

  private String lookupHandle(String name) {
    String slug = compact.get(name);
    return slug != null ? slug : handleWords.get(name);
  }

  private String handleName(String folded) {
    int cut = folded.length();
    for (int k = 0; k < folded.length(); k++) {
      char ch = folded.charAt(k);
      if (ch == '.' || ch == '@') {
        cut = k;
        break;
      }
    }
    String name = compactOf(folded.substring(0, cut));
    String slug = lookupHandle(name);
    if (slug != null) {
      return slug;
    }
    if (name.startsWith("ask") && (slug = lookupHandle(name.substring(3))) != null) {
      return slug;
    }
    for (String suffix : HANDLE_SUFFIXES) {
      if (name.length() > suffix.length() + 1 && name.endsWith(suffix)) {
        slug = lookupHandle(name.substring(0, name.length() - suffix.length()));
        if (slug != null) {
          return slug;
        }
      }
    }
    return null;
  }

  private String host(String host) {
    String h = host;
    while (true) {
      String slug = hosts.get(h);
      if (slug != null) {
        return slug;
      }
      int dot = h.indexOf('.');
      if (dot < 0 || h.indexOf('.', dot + 1) < 0) {
        return null;
      }
      h = h.substring(dot + 1);
    }
  }

  private static boolean sequence(Tokenizer.Tokens t, int at, String[] tokens) {
    for (int k = 0; k < tokens.length; k++) {
      Token tok = t.get(at + k);
      if (!tok.lower().equals(tokens[k]) || (k > 0 && tok.clause() != t.get(at).clause())) {
        return false;
      }
    }
    return true;
  }

  /** How an ambiguous name is supported; TENTATIVE waits for a failure cue next to it. */
  enum Support { CLEAR, PROPER_NOUN, CONTEXT, TENTATIVE, NONE }

  private static Support supported(Tokenizer.Tokens t, int first, int last, boolean singleLetter) {
    Token head = t.get(first);
    boolean properNoun = head.allCaps()
        || (head.capitalized() && first > 0 && t.get(first - 1).clause() == head.clause() && t.get(first - 1).kind() == Token.Kind.WORD);
    boolean context = false;
    for (int k = Math.max(0, first - 2); k <= Math.min(t.size() - 1, last + 2); k++) {
      if (k >= first && k <= last) {
        continue;
      }
      Token o = t.get(k);
      if (o.kind() == Token.Kind.WORD && CONTEXT.contains(o.folded())) {
        context = true;
        break;
      }
    }
    if (singleLetter) {
      // "x" is a letter before it is a service: only a capital X next to a service word, or a
      // capital X that a failure cue follows, is X.
      return !head.capitalized() ? Support.NONE : context ? Support.CONTEXT : Support.TENTATIVE;
    }
    return properNoun ? Support.PROPER_NOUN : context ? Support.CONTEXT : Support.TENTATIVE;
  }
}
