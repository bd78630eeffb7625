package org.vigie.stream;

import org.vigie.core.signal.ProblemReport;

/**
 * One record of {@code vigie.signals}: a durable report and whether the ingest node counted it (a
 * reporter's first for the service within the dedupe window, as far as that node saw). The stream
 * decides again with every node's reports ({@link ReporterDedupe}) and keeps its own decision in
 * this record in its pending store; the ingest node's flag is advisory on the wire.
 */
public record CountedReport(ProblemReport report, boolean counted) implements StreamInput {}
