package org.vigie.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vigie} command line. */
@Command(
    name = "vigie",
    description = "Vigie, an open outage detector and status platform.",
    mixinStandardHelpOptions = true,
    version = "vigie 0.1.0",
    subcommands = {ServeCommand.class, DemoCommand.class, ReplayCommand.class, AgentCommand.class, ClassifyCommand.class, BenchCommand.class})
public final class VigieCommand {
  public static void main(String[] args) {
    org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
    org.slf4j.bridge.SLF4JBridgeHandler.install();
    CommandLine cli = new CommandLine(new VigieCommand());
    for (CliExtension e : java.util.ServiceLoader.load(CliExtension.class)) {
      CommandLine parent = e.parent().isEmpty() ? cli : cli.getSubcommands().get(e.parent());
      if (parent == null) {
        throw new IllegalStateException("extension command under unknown command '" + e.parent() + "'");
      }
      parent.addSubcommand(e.command());
    }
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof IllegalArgumentException || e instanceof org.vigie.server.catalogue.CatalogueFile.CatalogueException) {
        cmd.getErr().println("vigie: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    int code = cli.execute(args);
    if (code != 0 || !isServing(args)) {
      System.exit(code);
    }
  }

  private static boolean isServing(String[] args) {
    return args.length > 0 && (args[0].equals("serve") || args[0].equals("demo"));
  }
}
