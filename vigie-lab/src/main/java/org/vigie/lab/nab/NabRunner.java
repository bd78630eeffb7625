package org.vigie.lab.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.vigie.core.detect.Assessment;
import org.vigie.core.detect.Detector;
import org.vigie.core.detect.Observation;
import org.vigie.lab.detect.DetectorRegistry;

/**
 * Replays every data file of a NAB-layout corpus ({@code DATA/data/<category>/<file>.csv}, columns
 * {@code timestamp,value}) through a fresh detector, in order, once, and writes NAB's results
 * layout: {@code RESULTS/<detector>/<category>/<detector>_<file>.csv} with
 * {@code timestamp,value,anomaly_score,label}.
 *
 * <p>Each row is one step: the detector is called with the row's timestamp (in minutes since the
 * epoch, UTC) and {@link Observation#of(double)} of its value, and the {@link Assessment#score()}
 * is the anomaly score. Labels ({@code DATA/labels/combined_windows.json}) are read only to fill
 * the {@code label} column after detection, as NAB's own runner does; the detector never sees
 * them.
 */
public final class NabRunner {
  private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private NabRunner() {}

  /** One written result file. */
  public record Written(String category, String file, int rows, Path path) {}

  /** Runs one detector over the whole corpus under {@code dataRoot}. */
  public static List<Written> run(Path dataRoot, Path resultsRoot, String detectorName) {
    Path data = dataRoot.resolve("data");
    if (!Files.isDirectory(data)) {
      throw new IllegalArgumentException(
          "no NAB data under " + data + " (expected DIR/data/<category>/<file>.csv)");
    }
    Map<String, List<long[]>> windows = windows(dataRoot.resolve("labels").resolve("combined_windows.json"));
    List<Written> out = new ArrayList<>();
    for (Path categoryDir : list(data)) {
      if (!Files.isDirectory(categoryDir)) {
        continue;
      }
      String category = categoryDir.getFileName().toString();
      for (Path file : list(categoryDir)) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".csv")) {
          continue;
        }
        Path target = resultsRoot.resolve(detectorName).resolve(category).resolve(detectorName + "_" + name);
        int rows = runFile(file, target, DetectorRegistry.create(detectorName),
            windows.getOrDefault(category + "/" + name, List.of()));
        out.add(new Written(category, name, rows, target));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no CSV files under " + data + "/<category>/");
    }
    return out;
  }

  /** Replays one file; returns the number of rows. */
  static int runFile(Path source, Path target, Detector detector, List<long[]> windows) {
    try {
      Files.createDirectories(target.getParent());
      List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
      try (BufferedWriter w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
        w.write("timestamp,value,anomaly_score,label\n");
        int rows = 0;
        for (int i = 1; i < lines.size(); i++) {
          String line = lines.get(i).strip();
          if (line.isEmpty()) {
            continue;
          }
          int comma = line.indexOf(',');
          String ts = line.substring(0, comma);
          String value = line.substring(comma + 1);
          long epochSecond = LocalDateTime.parse(ts, NAB_TIME).toEpochSecond(ZoneOffset.UTC);
          Assessment a = detector.observe(0, Math.floorDiv(epochSecond, 60), Observation.of(Double.parseDouble(value)));
          int label = 0;
          for (long[] win : windows) {
            if (epochSecond >= win[0] && epochSecond <= win[1]) {
              label = 1;
              break;
            }
          }
          w.write(ts + "," + value + "," + format(a.score()) + "," + label + "\n");
          rows++;
        }
        return rows;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String format(double score) {
    // Fixed precision keeps files small and stable; 1e-9 still separates every distinct score the
    // threshold sweep could prefer.
    return String.format(Locale.ROOT, "%.9f", score);
  }

  /** Windows per {@code category/file.csv}, as [start, end] epoch seconds; empty without labels. */
  static Map<String, List<long[]>> windows(Path json) {
    Map<String, List<long[]>> out = new HashMap<>();
    if (!Files.isRegularFile(json)) {
      return out;
    }
    try {
      JsonNode root = new ObjectMapper().readTree(json.toFile());
      root.properties().forEach(e -> {
        List<long[]> list = new ArrayList<>();
        for (JsonNode w : e.getValue()) {
          list.add(new long[] {seconds(w.get(0).asText()), seconds(w.get(1).asText())});
        }
        out.put(e.getKey(), list);
      });
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long seconds(String nabTime) {
    // Windows are written "2015-03-01 18:42:53.000000".
    String t = nabTime.length() > 19 ? nabTime.substring(0, 19) : nabTime;
    return LocalDateTime.parse(t, NAB_TIME).toEpochSecond(ZoneOffset.UTC);
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
