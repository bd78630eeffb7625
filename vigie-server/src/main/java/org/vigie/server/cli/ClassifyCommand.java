package org.vigie.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vigie.core.model.Catalogue;
import org.vigie.server.catalogue.CatalogueFile;
import org.vigie.sources.social.Classification;
import org.vigie.sources.social.ComplaintClassifier;
import org.vigie.sources.social.Evaluation;
import org.vigie.sources.social.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigie classify}: reads posts as NDJSON on standard input ({@code text}, optionally
 * {@code id} and {@code lang}) and writes one JSON line per post: the services it names, whether
 * each is a complaint, the score and the reason. Lines that also carry {@code service} and
 * {@code complaint} (true/false) are labelled: precision, recall and F1 per language are printed
 * on standard error at the end, so anyone can score the classifier on their own set.
 * {@code --eval} scores the bundled set instead.
 */
@Command(name = "classify", mixinStandardHelpOptions = true,
    description = "Classify social posts (NDJSON on standard input) as complaints about catalogue services, with reasons.")
public final class ClassifyCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--catalogue", description = "service catalogue (default: the bundled one)")
  Path catalogue;

  @Option(names = "--eval", description = "score the bundled evaluation set (development and held-out splits) and exit")
  boolean eval;

  @Option(names = "--guess-language", description = "ignore the posts' declared language and guess it")
  boolean guessLanguage;

  InputStream in = System.in;
  PrintStream out = System.out;
  PrintStream err = System.err;

  @Override
  public Integer call() throws IOException {
    Catalogue cat = catalogue == null ? CatalogueFile.loadDefault() : CatalogueFile.load(catalogue);
    ComplaintClassifier classifier = new ComplaintClassifier(cat);
    if (eval) {
      List<Evaluation.Labelled> set = Evaluation.bundled();
      for (String split : new String[] {"dev", "test"}) {
        Evaluation.Report r = Evaluation.run(classifier, set, split, !guessLanguage);
        out.println((split.equals("dev") ? "development split (tuned on)" : "held-out test split") + ", language "
            + (guessLanguage ? "guessed" : "declared") + ":");
        out.println(r.table());
      }
      return 0;
    }
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    List<Evaluation.Labelled> labelled = new ArrayList<>();
    int lineNo = 0;
    int bad = 0;
    for (String line; (line = reader.readLine()) != null; ) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      Map<String, Object> o = new LinkedHashMap<>();
      JsonNode n;
      try {
        n = JSON.readTree(line);
      } catch (IOException e) {
        n = null;
      }
      if (n == null || !n.path("text").isTextual()) {
        o.put("line", lineNo);
        o.put("error", "each line must be a JSON object with a 'text' string");
        out.println(JSON.writeValueAsString(o));
        bad++;
        continue;
      }
      String id = n.path("id").isMissingNode() || n.path("id").isNull() ? String.valueOf(lineNo) : n.path("id").asText();
      String lang = guessLanguage || !n.path("lang").isTextual() ? null : n.path("lang").asText();
      Classification c = classifier.classify(n.path("text").asText(), lang);
      o.put("id", id);
      o.put("language", c.language());
      boolean any = false;
      List<Map<String, Object>> services = new ArrayList<>();
      for (Verdict v : c.verdicts()) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("service", v.service());
        s.put("matched_by", v.matchedBy());
        s.put("complaint", v.complaint());
        s.put("score", v.score());
        s.put("reason", v.reason());
        services.add(s);
        any |= v.complaint();
      }
      o.put("complaint", any);
      o.put("services", services);
      out.println(JSON.writeValueAsString(o));
      if (n.path("complaint").isBoolean() && n.path("service").isTextual()) {
        labelled.add(new Evaluation.Labelled(id, "", n.path("lang").asText("und"), n.path("service").asText(),
            n.path("complaint").asBoolean(), n.path("kind").asText(""), n.path("text").asText()));
      }
    }
    out.flush();
    if (!labelled.isEmpty()) {
      err.println("labelled posts: " + labelled.size() + " (verdict for the labelled service; not named counts as no complaint)");
      err.println(Evaluation.run(classifier, labelled, null, !guessLanguage).table());
    }
    return bad == 0 ? 0 : 1;
  }
}
