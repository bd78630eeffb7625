package org.vigie.lab.cli;

import org.vigie.server.cli.CliExtension;

/** Contributes {@code vigie lab} at the top level. */
public final class LabExtension implements CliExtension {
  @Override
  public String parent() {
    return "";
  }

  @Override
  public Object command() {
    return new LabCommand();
  }
}
