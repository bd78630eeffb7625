package org.vigie.lab.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The NAB runner on a hand-made two-file corpus in NAB's layout. */
class NabRunnerTest {
  @TempDir Path dir;

  private void corpus() throws Exception {
    Path cat = Files.createDirectories(dir.resolve("data").resolve("myCategory"));
    StringBuilder csv = new StringBuilder("timestamp,value\n");
    java.time.LocalDateTime t = java.time.LocalDateTime.parse("2015-03-01T00:00:00");
    for (int i = 0; i < 400; i++, t = t.plusMinutes(5)) {
      csv.append(t.toString().replace('T', ' ')).append(":00".substring(t.getSecond() == 0 && t.toString().length() == 16 ? 0 : 3))
          .append(',').append(i == 300 ? 1000 : 10 + i % 3).append('\n');
    }
    Files.writeString(cat.resolve("spike.csv"), csv);
    Files.writeString(cat.resolve("notes.txt"), "not data");
    Files.createDirectories(dir.resolve("labels"));
    // Row 300 is 1,500 minutes in: 2 March, 01:00.
    Files.writeString(dir.resolve("labels").resolve("combined_windows.json"),
        "{\"myCategory/spike.csv\": [[\"2015-03-02 00:50:00.000000\", \"2015-03-02 01:10:00.000000\"]]}");
  }

  /** Vigie's production detector and the lab's NAB detector both put the spike on top. */
  @ParameterizedTest
  @ValueSource(strings = {"vigie", "vigie-nab"})
  void writesNabLayoutWithEveryRowAScoreAndTheLabelColumn(String detector) throws Exception {
    corpus();
    List<NabRunner.Written> w = NabRunner.run(dir, dir.resolve("results"), detector);
    assertThat(w).hasSize(1);
    Path out = dir.resolve("results/" + detector + "/myCategory/" + detector + "_spike.csv");
    List<String> lines = Files.readAllLines(out);
    assertThat(lines.getFirst()).isEqualTo("timestamp,value,anomaly_score,label");
    assertThat(lines).hasSize(401);
    // The spike (row 300) scores highest of all rows, and the label marks the window only.
    double best = -1;
    int bestRow = -1;
    int labelled = 0;
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      double score = Double.parseDouble(f[2]);
      if (score > best) {
        best = score;
        bestRow = i - 1;
      }
      labelled += Integer.parseInt(f[3]);
    }
    assertThat(bestRow).isEqualTo(300);
    assertThat(labelled).isEqualTo(5); // 00:50, 00:55, 01:00, 01:05, 01:10 on 2 March
  }

  @Test
  void unknownDetectorIsRefusedWithTheKnownNames() throws Exception {
    corpus();
    assertThatThrownBy(() -> NabRunner.run(dir, dir.resolve("results"), "nope"))
        .hasMessageContaining("known detectors").hasMessageContaining("vigie");
  }
}
