package org.vigie.sources.social;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.vigie.core.model.Catalogue;

/**
 * Does this post say that a service is failing for someone now? A transparent, hand-weighted cue
 * model: every verdict is a sum of named phrases with fixed weights, printed as its reason.
 *
 * <h2>Implementation notes</h2>
 *
 * <ol>
 *   <li><b>Tokens and services.</b> {@link Tokenizer} splits the post into words, hashtags,
 *       handles, links and emoji, and into clauses; {@link ServiceMatcher} finds the services.
 *       Posts that name no service stop here (most of a firehose), which keeps the cost low.
 *   <li><b>Cues.</b> At each word the longest phrase of the {@link Lexicon} wins and consumes its
 *       words, so "shutting down" or "panne d'inspiration" never leave a "down" or "panne" behind.
 *       Words of a service name are never cues.
 *   <li><b>Attachment.</b> Services joined only by "and", "et", "y", "und", "e", "o"… form one
 *       group ("Instagram, WhatsApp and Facebook are down"). A cue attaches to the nearest group in
 *       its clause, or to the nearest clause's group when its own clause names none ("Instagram.
 *       Down again."). Contrast words start a clause, so "Instagram is back but WhatsApp is still
 *       down" gives two verdicts. News, past and planned-maintenance cues speak for the whole
 *       post.
 *   <li><b>Questions.</b> A failure cue in a question counts a third ("is Instagram down?" asks;
 *       it does not say), unless the same clause holds a first-person or presupposing cue ("is it
 *       just me or is Instagram down?", "why won't my feed load?").
 *   <li><b>Score.</b> base = the strongest failure cue + ½ for each further one (at most two);
 *       then + first person ½, + now ½, + presupposition 1 (each once, only on a base);
 *       then each kind of counter-cue once (recovered −6, negated −5, news −3.5, hypothetical
 *       −3.5, metaphor −4, planned −3, past −2). A complaint needs a base and a total of at least
 *       {@link #THRESHOLD}: one failure phrase alone passes, a symptom alone passes, a question or
 *       a vague "slow" does not.
 * </ol>
 *
 * Weights were set by reading the development split of the evaluation set only; see
 * BENCHMARKS.md for precision and recall on the held-out split. Thread-safe and allocation-light:
 * one instance serves every stream.
 */
public final class ComplaintClassifier {
  /** Summed cue weight at which a post is a complaint (score 0.5). */
  public static final double THRESHOLD = 2.0;

  /** Factor on a failure cue asked in a question without first person or presupposition. */
  static final double QUESTION_FACTOR = 1.0 / 3.0;

  /** Words that join services into one group. */
  static final Set<String> LIST_GLUE = Set.of("and", "et", "y", "e", "und", "or", "ou", "o", "oder", "plus", "ed", "also", "too", "aussi", "tambien", "auch", "anche");

  private final ServiceMatcher matcher;
  private final Lexicon lexicon;

  public ComplaintClassifier(Catalogue catalogue) {
    this(new ServiceMatcher(catalogue), Lexicon.bundled());
  }

  ComplaintClassifier(ServiceMatcher matcher, Lexicon lexicon) {
    this.matcher = matcher;
    this.lexicon = lexicon;
  }

  /** Services a post names, without classifying it. */
  public List<ServiceMention> mentions(String text) {
    List<Verdict> v = classify(text, null).verdicts();
    Tokenizer.Tokens t = Tokenizer.tokenize(text);
    List<ServiceMention> out = new ArrayList<>();
    for (ServiceMention m : matcher.match(t)) {
      if (v.stream().anyMatch(x -> x.service().equals(m.service()))) {
        out.add(m);
      }
    }
    return out;
  }

  /**
   * @param declaredLanguage the language the network declares (BCP 47), or null
   */
  public Classification classify(String text, String declaredLanguage) {
    Tokenizer.Tokens t = Tokenizer.tokenize(text == null ? "" : text);
    List<ServiceMention> mentions = matcher.match(t);
    String declared = Languages.declared(declaredLanguage);
    if (mentions.isEmpty()) {
      return new Classification(declared == null ? Languages.UNKNOWN : declared, List.of());
    }
    String lang = declared != null ? declared : Languages.guess(t);
    List<Cue> cues = cues(t, mentions, lang);
    mentions = confirmTentative(t, mentions, cues);
    if (mentions.isEmpty()) {
      return new Classification(lang, List.of());
    }
    List<List<ServiceMention>> groups = groups(t, mentions);
    // Cues attached to each group (by index), outage tags to their own group.
    List<List<Cue>> attached = new ArrayList<>(groups.size());
    for (int g = 0; g < groups.size(); g++) {
      attached.add(new ArrayList<>(4));
      for (ServiceMention m : groups.get(g)) {
        if (m.outageTag()) {
          attached.get(g).add(new Cue(Cue.Kind.FAILURE, m.how(), "tag", m.first(), m.last()));
        }
      }
    }
    for (Cue c : cues) {
      if (c.kind().postWide()) {
        for (List<Cue> a : attached) {
          a.add(c);
        }
      } else {
        attached.get(nearest(t, groups, c)).add(c);
      }
    }
    boolean[] personalClause = new boolean[t.question().length + 1];
    boolean presupposed = false;
    for (Cue c : cues) {
      presupposed |= c.kind() == Cue.Kind.PRESUPPOSED;
    }
    if (presupposed) {
      // "Anyone else? Instagram won't load": presupposing a failure speaks for every question.
      java.util.Arrays.fill(personalClause, true);
    }
    for (Cue c : cues) {
      if (c.kind() == Cue.Kind.SELF) {
        int clause = t.get(c.first()).clause();
        if (clause < personalClause.length) {
          personalClause[clause] = true;
        }
      }
    }
    Map<String, List<Cue>> byService = new LinkedHashMap<>();
    Map<String, String> how = new LinkedHashMap<>();
    for (int g = 0; g < groups.size(); g++) {
      for (ServiceMention m : groups.get(g)) {
        how.putIfAbsent(m.service(), m.how());
        List<Cue> list = byService.computeIfAbsent(m.service(), k -> new ArrayList<>());
        for (Cue c : attached.get(g)) {
          if (!list.contains(c)) {
            list.add(c);
          }
        }
      }
    }
    List<Verdict> verdicts = new ArrayList<>(byService.size());
    for (Map.Entry<String, List<Cue>> e : byService.entrySet()) {
      verdicts.add(judge(e.getKey(), how.get(e.getKey()), e.getValue(), t, personalClause));
    }
    return new Classification(lang, verdicts);
  }

  /** Words either side of a tentative name within which a failure cue confirms it. */
  static final int TENTATIVE_REACH = 3;

  /**
   * Keeps an ambiguous name that has no support of its own only when a failure or symptom cue
   * starts or ends within {@link #TENTATIVE_REACH} words of it in the same clause: "Steam won't
   * connect" is the service, "running out of steam" is not.
   */
  private static List<ServiceMention> confirmTentative(Tokenizer.Tokens t, List<ServiceMention> mentions, List<Cue> cues) {
    List<ServiceMention> out = null;
    for (int m = 0; m < mentions.size(); m++) {
      ServiceMention sm = mentions.get(m);
      boolean keep = !sm.tentative();
      if (!keep) {
        int clause = t.get(sm.first()).clause();
        for (Cue c : cues) {
          if ((c.kind() == Cue.Kind.FAILURE || c.kind() == Cue.Kind.SYMPTOM) && t.get(c.first()).clause() == clause
              && c.first() - sm.last() <= TENTATIVE_REACH && sm.first() - c.last() <= TENTATIVE_REACH) {
            keep = true;
            sm = new ServiceMention(sm.service(), sm.first(), sm.last(), sm.how() + " '" + c.phrase() + "'", false, false);
            break;
          }
        }
      }
      if (!keep || sm != mentions.get(m)) {
        if (out == null) {
          out = new ArrayList<>(mentions.subList(0, m));
        }
        if (keep) {
          out.add(sm);
        }
      } else if (out != null) {
        out.add(sm);
      }
    }
    return out == null ? mentions : out;
  }

  private List<Cue> cues(Tokenizer.Tokens t, List<ServiceMention> mentions, String lang) {
    int n = t.size();
    boolean[] service = new boolean[n];
    for (ServiceMention m : mentions) {
      for (int k = m.first(); k <= m.last(); k++) {
        service[k] = true;
      }
    }
    List<Cue> out = new ArrayList<>(6);
    for (int i = 0; i < n; i++) {
      if (service[i]) {
        continue;
      }
      Token tok = t.get(i);
      if (tok.kind() == Token.Kind.URL || tok.kind() == Token.Kind.HANDLE || tok.kind() == Token.Kind.CASHTAG) {
        continue;
      }
      List<Lexicon.Entry> entries = lexicon.startingWith(tok.folded());
      if (entries == null) {
        continue;
      }
      for (Lexicon.Entry e : entries) {
        if ((e.kind().languageBound() || e.strict()) && !e.language().equals(lang)) {
          continue;
        }
        int len = e.words().length;
        if (tok.kind() == Token.Kind.HASHTAG && len > 1) {
          continue;
        }
        if (matches(t, service, i, e.words())) {
          out.add(new Cue(e.kind(), e.phrase(), e.language(), i, i + len - 1));
          i += len - 1;
          break;
        }
      }
    }
    return out;
  }

  private static boolean matches(Tokenizer.Tokens t, boolean[] service, int at, String[] words) {
    if (at + words.length > t.size()) {
      return false;
    }
    int clause = t.get(at).clause();
    for (int k = 1; k < words.length; k++) {
      Token tok = t.get(at + k);
      if (tok.clause() != clause) {
        return false;
      }
      String w = words[k];
      if (w.equals(Lexicon.ANY)) {
        continue;
      }
      if (w.equals(Lexicon.NUM)) {
        if (tok.kind() != Token.Kind.NUMBER) {
          return false;
        }
        continue;
      }
      if (service[at + k] || tok.kind() != Token.Kind.WORD && tok.kind() != Token.Kind.NUMBER || !tok.folded().equals(w)) {
        return false;
      }
    }
    return true;
  }

  private static List<List<ServiceMention>> groups(Tokenizer.Tokens t, List<ServiceMention> mentions) {
    List<List<ServiceMention>> groups = new ArrayList<>();
    ServiceMention prev = null;
    for (ServiceMention m : mentions) {
      if (prev != null && t.get(prev.first()).clause() == t.get(m.first()).clause() && onlyGlue(t, prev.last() + 1, m.first())) {
        groups.getLast().add(m);
      } else {
        List<ServiceMention> g = new ArrayList<>(2);
        g.add(m);
        groups.add(g);
      }
      prev = m;
    }
    return groups;
  }

  private static boolean onlyGlue(Tokenizer.Tokens t, int from, int to) {
    for (int k = from; k < to; k++) {
      Token tok = t.get(k);
      if (tok.kind() == Token.Kind.EMOJI) {
        continue;
      }
      if (tok.kind() != Token.Kind.WORD || !LIST_GLUE.contains(tok.folded())) {
        return false;
      }
    }
    return true;
  }

  private static int nearest(Tokenizer.Tokens t, List<List<ServiceMention>> groups, Cue c) {
    int clause = t.get(c.first()).clause();
    int best = -1;
    long bestKey = Long.MAX_VALUE;
    for (int g = 0; g < groups.size(); g++) {
      List<ServiceMention> group = groups.get(g);
      int first = group.getFirst().first();
      int last = group.getLast().last();
      int gClause = t.get(first).clause();
      long clauseGap = Math.abs(gClause - clause);
      boolean before = last < c.first();
      long distance = before ? c.first() - last : Math.max(0, first - c.last());
      // Same clause first, then the nearest words; on a tie the service named before the cue.
      long key = (clauseGap << 32) | (distance << 1) | (before ? 0 : 1);
      if (clauseGap > 0) {
        key = (clauseGap << 32) | (gClause < clause ? 0 : 1);
      }
      if (key < bestKey) {
        bestKey = key;
        best = g;
      }
    }
    return best;
  }

  private static Verdict judge(String service, String how, List<Cue> cues, Tokenizer.Tokens t, boolean[] personalClause) {
    int failing = 0;
    double[] modifier = new double[Cue.Kind.values().length];
    String[] modifierPhrase = new String[Cue.Kind.values().length];
    StringBuilder why = new StringBuilder();
    List<String> parts = new ArrayList<>(cues.size());
    double strongest = 0;
    for (Cue c : cues) {
      Cue.Kind k = c.kind();
      if (k.failing) {
        int clause = t.get(c.first()).clause();
        boolean asked = t.isQuestion(clause) && !(clause < personalClause.length && personalClause[clause]);
        double w = asked ? k.weight * QUESTION_FACTOR : k.weight;
        failing++;
        strongest = Math.max(strongest, w);
        parts.add(describe(c) + " " + signed(w) + (asked ? " (asked, not stated)" : ""));
      } else if (k != Cue.Kind.NEUTRAL && modifierPhrase[k.ordinal()] == null) {
        modifier[k.ordinal()] = k.weight;
        modifierPhrase[k.ordinal()] = describe(c);
      }
    }
    double total = failing == 0 ? 0 : strongest + 0.5 * Math.min(2, failing - 1);
    double baseTotal = total;
    for (Cue.Kind k : Cue.Kind.values()) {
      String p = modifierPhrase[k.ordinal()];
      if (p == null) {
        continue;
      }
      if (k.weight > 0 && failing == 0) {
        continue; // first person or "now" without a failure says nothing about the service
      }
      total += modifier[k.ordinal()];
      parts.add(p + " " + signed(modifier[k.ordinal()]));
    }
    boolean complaint = failing > 0 && total >= THRESHOLD - 1e-9;
    double score = 1.0 / (1.0 + Math.exp(-1.5 * (total - THRESHOLD)));
    if (parts.isEmpty()) {
      why.append("no complaint cue about ").append(service);
    } else {
      if (failing > 1) {
        parts.add(0, "strongest failure cue plus ½ per further one (at most 2) = " + fmt(baseTotal));
      }
      why.append(String.join("; ", parts)).append(" → ").append(fmt(total)).append(complaint ? " ≥ " : " < ").append(fmt(THRESHOLD));
      if (failing == 0) {
        why.append(", no failure cue");
      }
    }
    return new Verdict(service, how, complaint, Math.round(score * 1000) / 1000.0, why.toString());
  }

  private static String describe(Cue c) {
    return c.kind().name().toLowerCase(Locale.ROOT) + " '" + c.phrase() + "'" + (c.language().equals("tag") ? "" : " (" + c.language() + ")");
  }

  private static String signed(double w) {
    return (w >= 0 ? "+" : "") + fmt(w);
  }

  private static String fmt(double w) {
    return String.format(Locale.ROOT, "%.1f", w);
  }
}
