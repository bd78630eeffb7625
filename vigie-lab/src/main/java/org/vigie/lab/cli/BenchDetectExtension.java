package org.vigie.lab.cli;

import org.vigie.server.cli.CliExtension;

/** Contributes {@code vigie bench detect}. */
public final class BenchDetectExtension implements CliExtension {
  @Override
  public String parent() {
    return "bench";
  }

  @Override
  public Object command() {
    return new BenchDetectCommand();
  }
}
