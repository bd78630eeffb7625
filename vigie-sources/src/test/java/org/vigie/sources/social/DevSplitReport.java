package org.vigie.sources.social;

/**
 * Prints the development split's scores and every miss with its reason: what a person tuning the
 * lexicon reads. It never prints the test split. Run with
 * {@code java -cp … org.vigie.sources.social.DevSplitReport} from the module directory.
 */
public final class DevSplitReport {
  private DevSplitReport() {}

  public static void main(String[] args) {
    ComplaintClassifier c = new ComplaintClassifier(TestCatalogue.shipped());
    Evaluation.Report r = Evaluation.run(c, Evaluation.bundled(), "dev", true);
    System.out.println(r.table());
    for (Evaluation.Miss m : r.misses()) {
      System.out.println((m.post().complaint() ? "FN " : "FP ") + m.post().id() + " [" + m.post().kind() + "] " + m.post().service()
          + " :: " + m.post().text() + "\n     -> " + (m.verdict() == null ? "service not matched" : m.verdict().reason()));
    }
  }
}
