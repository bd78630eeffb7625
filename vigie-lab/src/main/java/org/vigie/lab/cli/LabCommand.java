package org.vigie.lab.cli;

import picocli.CommandLine.Command;

/** {@code vigie lab}: the detector lab. */
@Command(name = "lab", description = "Detector lab: replay labelled data (NAB, outage scenarios) through registered detectors.",
    mixinStandardHelpOptions = true, subcommands = {NabCommand.class, ScenariosCommand.class})
public final class LabCommand {}
