package org.vigie.server.cli;

/**
 * A command contributed by a module above the server (the detector lab, for instance), found with
 * {@link java.util.ServiceLoader} so the server does not depend on it. Register an implementation
 * in {@code META-INF/services/org.vigie.server.cli.CliExtension}.
 */
public interface CliExtension {
  /** The command under which this one hangs: {@code ""} for top level, or e.g. {@code "bench"}. */
  String parent();

  /** A picocli {@code @Command} object. */
  Object command();
}
