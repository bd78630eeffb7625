package org.vigie.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the independent validators (npm packages under src/test/node, Debian's promtool). A
 * missing tool FAILS the test with the command that installs it: CI must run them, never skip.
 */
public final class ExternalTools {
  public static final Path NODE_DIR = Path.of("src/test/node").toAbsolutePath();

  public record Result(int exit, String output) {}

  private ExternalTools() {}

  public static Result node(String script, String... args) {
    if (!Files.isDirectory(NODE_DIR.resolve("node_modules"))) {
      throw new AssertionError("the npm validators are not installed: run `npm ci --prefix vigie-server/src/test/node` (Node.js 20.19+ needed)");
    }
    List<String> cmd = new ArrayList<>(List.of("node", NODE_DIR.resolve(script).toString()));
    cmd.addAll(List.of(args));
    return run(cmd, "node (Node.js 20.19+) is not on the PATH: install it, then `npm ci --prefix vigie-server/src/test/node`");
  }

  public static Result redocly(String... args) {
    Path bin = NODE_DIR.resolve("node_modules/.bin/redocly");
    if (!Files.exists(bin)) {
      throw new AssertionError("@redocly/cli is not installed: run `npm ci --prefix vigie-server/src/test/node`");
    }
    List<String> cmd = new ArrayList<>(List.of(bin.toString()));
    cmd.addAll(List.of(args));
    return run(cmd, "node is not on the PATH");
  }

  public static Result promtool(String... args) {
    List<String> cmd = new ArrayList<>(List.of("promtool"));
    cmd.addAll(List.of(args));
    return run(cmd, "promtool is not on the PATH: install the Debian package `prometheus` (apt-get install -y --no-install-recommends prometheus)");
  }

  public static Result run(List<String> cmd, String missing) {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("REDOCLY_TELEMETRY", "off");
    pb.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new AssertionError(missing, e);
    }
    try {
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(cmd + " did not finish");
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
