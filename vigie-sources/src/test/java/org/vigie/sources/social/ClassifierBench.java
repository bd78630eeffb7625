package org.vigie.sources.social;

import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * Posts per second through {@link ComplaintClassifier#classify} on one thread (one core): the
 * 673 bundled evaluation texts, every one naming a service — the expensive case; a real firehose
 * is mostly posts that name none and stop after matching. Warm-up 10 s, then 5 rounds of 5 s;
 * prints each round and the median, with the machine. Run from vigie-sources:
 *
 * <pre>java -cp target/classes:target/test-classes:$(cat cp.txt) org.vigie.sources.social.ClassifierBench</pre>
 */
public final class ClassifierBench {
  private ClassifierBench() {}

  public static void main(String[] args) {
    ComplaintClassifier c = new ComplaintClassifier(TestCatalogue.shipped());
    List<Evaluation.Labelled> set = Evaluation.bundled();
    String[] texts = set.stream().map(Evaluation.Labelled::text).toArray(String[]::new);
    String[] langs = set.stream().map(Evaluation.Labelled::lang).toArray(String[]::new);
    boolean declared = args.length == 0 || !args[0].equals("--guess-language");
    long sink = run(c, texts, langs, declared, 10_000);
    double[] rates = new double[5];
    for (int r = 0; r < rates.length; r++) {
      long t0 = System.nanoTime();
      long n = run(c, texts, langs, declared, 5_000);
      rates[r] = n / ((System.nanoTime() - t0) / 1e9);
      System.out.printf(Locale.ROOT, "round %d: %,.0f posts/s%n", r + 1, rates[r]);
      sink += n;
    }
    java.util.Arrays.sort(rates);
    System.out.printf(Locale.ROOT, "median: %,.0f posts/s on one thread (language %s), %d cores %s, %s %s, %s%n", rates[2],
        declared ? "declared" : "guessed", Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"),
        System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), LocalDate.now());
    System.out.println("(checksum " + sink + ", load average " + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() + ")");
  }

  private static long run(ComplaintClassifier c, String[] texts, String[] langs, boolean declared, long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    long n = 0;
    int complaints = 0;
    while (System.nanoTime() < end) {
      for (int i = 0; i < texts.length; i++) {
        Classification r = c.classify(texts[i], declared ? langs[i] : null);
        if (!r.verdicts().isEmpty() && r.verdicts().getFirst().complaint()) {
          complaints++;
        }
      }
      n += texts.length;
    }
    return n + complaints * 0L;
  }
}
