package org.vigie.core.ingest;

/**
 * Why one input line was refused.
 *
 * @param line 1-based line in the request (1 for a single report)
 * @param field the JSON field at fault, or null when the whole line is
 */
public record ReportError(int line, String field, String message) {}
