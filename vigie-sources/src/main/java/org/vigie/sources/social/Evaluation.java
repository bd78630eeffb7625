package org.vigie.sources.social;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Precision, recall and F1 of the classifier on labelled posts, per language and overall.
 *
 * <p>A labelled post names the service it is about and whether it complains about it; the
 * prediction is the classifier's verdict for that service (no verdict — the service was not
 * recognised — counts as "not a complaint"). The bundled set ({@link #BUNDLED}) holds 653 posts
 * written and labelled by hand, about 108 per language, half development and half held-out test,
 * alternating in the order written so each split gets every kind of post.
 */
public final class Evaluation {
  /** Class-path location of the bundled evaluation set. */
  public static final String BUNDLED = "/org/vigie/sources/social/eval.ndjson";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Evaluation() {}

  /** One hand-labelled post. */
  public record Labelled(String id, String split, String lang, String service, boolean complaint, String kind, String text) {}

  /** Confusion counts. */
  public record Score(int tp, int fp, int fn, int tn) {
    Score plus(boolean predicted, boolean actual) {
      return new Score(tp + (predicted && actual ? 1 : 0), fp + (predicted && !actual ? 1 : 0),
          fn + (!predicted && actual ? 1 : 0), tn + (!predicted && !actual ? 1 : 0));
    }

    public int posts() {
      return tp + fp + fn + tn;
    }

    public double precision() {
      return tp + fp == 0 ? 1 : tp / (double) (tp + fp);
    }

    public double recall() {
      return tp + fn == 0 ? 1 : tp / (double) (tp + fn);
    }

    public double f1() {
      double p = precision();
      double r = recall();
      return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }
  }

  /** A wrong verdict, with the classifier's reason, for reading. */
  public record Miss(Labelled post, Verdict verdict) {}

  /** Scores per language (sorted) and overall, and the misses. */
  public record Report(Map<String, Score> byLanguage, Score overall, List<Miss> misses) {
    /** A Markdown table: language, posts, complaints, precision, recall, F1. */
    public String table() {
      StringBuilder b = new StringBuilder("| language | posts | complaints | precision | recall | F1 |\n|---|---|---|---|---|---|\n");
      byLanguage.forEach((lang, s) -> row(b, lang, s));
      row(b, "**all**", overall);
      return b.toString();
    }

    private static void row(StringBuilder b, String name, Score s) {
      b.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f | %.3f | %.3f |%n", name, s.posts(), s.tp() + s.fn(),
          s.precision(), s.recall(), s.f1()));
    }
  }

  public static List<Labelled> bundled() {
    try (InputStream in = Evaluation.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException(BUNDLED + " is missing from the class path");
      }
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<Labelled> read(InputStream in) throws IOException {
    List<Labelled> out = new ArrayList<>();
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    int lineNo = 0;
    for (String line; (line = r.readLine()) != null; ) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode n = JSON.readTree(line);
      if (!n.path("complaint").isBoolean() || !n.path("service").isTextual() || !n.path("text").isTextual()) {
        throw new IllegalArgumentException("line " + lineNo + ": a labelled post needs text, service and complaint (true/false)");
      }
      out.add(new Labelled(n.path("id").asText("line-" + lineNo), n.path("split").asText(""), n.path("lang").asText(Languages.UNKNOWN),
          n.path("service").asText(), n.path("complaint").asBoolean(), n.path("kind").asText(""), n.path("text").asText()));
    }
    return out;
  }

  /**
   * @param split only posts of this split ("dev", "test"), or null for all
   * @param declareLanguage whether the classifier is told each post's language, as networks do,
   *     or must guess it
   */
  public static Report run(ComplaintClassifier classifier, List<Labelled> posts, String split, boolean declareLanguage) {
    Map<String, Score> byLang = new TreeMap<>();
    Score overall = new Score(0, 0, 0, 0);
    List<Miss> misses = new ArrayList<>();
    for (Labelled p : posts) {
      if (split != null && !split.equals(p.split())) {
        continue;
      }
      Classification c = classifier.classify(p.text(), declareLanguage ? p.lang() : null);
      Verdict v = c.about(p.service());
      boolean predicted = v != null && v.complaint();
      byLang.merge(p.lang(), new Score(0, 0, 0, 0).plus(predicted, p.complaint()),
          (a, b) -> new Score(a.tp() + b.tp(), a.fp() + b.fp(), a.fn() + b.fn(), a.tn() + b.tn()));
      overall = overall.plus(predicted, p.complaint());
      if (predicted != p.complaint()) {
        misses.add(new Miss(p, v));
      }
    }
    return new Report(byLang, overall, misses);
  }
}
