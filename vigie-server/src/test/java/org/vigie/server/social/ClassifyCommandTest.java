package org.vigie.server.social;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vigie.server.TestServer;
import org.vigie.server.cli.ClassifyCommand;
import picocli.CommandLine;

/** {@code vigie classify}: one line out per post, with services, verdict, score and reason. */
class ClassifyCommandTest {
  private record Run(int code, String out, String err) {}

  private static Run run(String stdin, String... args) {
    ClassifyCommand cmd = new ClassifyCommand();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cli = new CommandLine(cmd);
    // The command reads and writes through these fields so tests need no process.
    try {
      var in = ClassifyCommand.class.getDeclaredField("in");
      var o = ClassifyCommand.class.getDeclaredField("out");
      var e = ClassifyCommand.class.getDeclaredField("err");
      in.setAccessible(true);
      o.setAccessible(true);
      e.setAccessible(true);
      in.set(cmd, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      o.set(cmd, new PrintStream(out, true, StandardCharsets.UTF_8));
      e.set(cmd, new PrintStream(err, true, StandardCharsets.UTF_8));
    } catch (ReflectiveOperationException ex) {
      throw new AssertionError(ex);
    }
    int code = cli.execute(args);
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void writesOneLinePerPostWithTheReason() {
    Run r = run("""
        {"id":"a","text":"instagram marche enfin","lang":"fr"}
        {"id":"b","text":"Instagram est en panne depuis ce matin","lang":"fr"}
        {"id":"c","text":"Facebook perd 40 milliards de dollars"}
        """);
    assertThat(r.code()).isZero();
    String[] lines = r.out().strip().split("\n");
    assertThat(lines).hasSize(3);
    JsonNode a = TestServer.parse(lines[0]);
    JsonNode b = TestServer.parse(lines[1]);
    JsonNode c = TestServer.parse(lines[2]);
    assertThat(a.path("complaint").asBoolean()).isFalse();
    assertThat(a.path("services").get(0).path("reason").asText()).contains("recovered 'marche enfin'");
    assertThat(b.path("complaint").asBoolean()).isTrue();
    assertThat(b.path("services").get(0).path("service").asText()).isEqualTo("instagram");
    assertThat(b.path("services").get(0).path("score").asDouble()).isGreaterThan(0.5);
    assertThat(c.path("complaint").asBoolean()).isFalse();
    assertThat(c.path("services").get(0).path("reason").asText()).contains("news");
  }

  @Test
  void labelledInputGetsPrecisionAndRecallOnStandardError() {
    Run r = run("""
        {"text":"whatsapp est en panne","lang":"fr","service":"whatsapp","complaint":true}
        {"text":"is whatsapp down?","lang":"en","service":"whatsapp","complaint":false}
        """);
    assertThat(r.err()).contains("| fr | 1 | 1 | 1.000 | 1.000 | 1.000 |", "| en | 1 | 0 |");
  }

  @Test
  void aLineThatIsNotAPostIsReportedAndTheRestGoesOn() {
    Run r = run("not json\n{\"text\":\"ok\"}\n");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out().strip().split("\n")).hasSize(2);
    assertThat(r.out()).contains("\"error\"");
  }

  @Test
  void evalScoresTheBundledSet() {
    Run r = run("", "--eval");
    assertThat(r.out()).contains("held-out test split", "| **all** |");
  }
}
