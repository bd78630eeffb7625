package org.vigie.server.cli;

import picocli.CommandLine.Command;

@Command(name = "bench", description = "Benchmarks; each prints what it measured, how, and on what machine.",
    mixinStandardHelpOptions = true, subcommands = {IngestBenchCommand.class, ProbeBenchCommand.class, org.vigie.server.web.PagesBenchCommand.class})
final class BenchCommand {}
