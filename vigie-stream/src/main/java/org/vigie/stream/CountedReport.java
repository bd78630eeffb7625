package org.vigie.stream;

import org.vigie.core.signal.ProblemReport;

/**
 * One record of {@code vigie.signals}: a durable report and whether the ingest node counted it (a
 * reporter's first for the service within the dedupe window).
 */
public record CountedReport(ProblemReport report, boolean counted) implements StreamInput {}
