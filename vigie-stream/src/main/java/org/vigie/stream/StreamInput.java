package org.vigie.stream;

/**
 * What a detection task reads: reports from {@code vigie.signals} and the other evidence (probe
 * results, official statements) from {@code vigie.evidence}. Both topics are keyed by service and
 * have as many partitions, so one service's reports and evidence reach the same task.
 */
public sealed interface StreamInput permits CountedReport, EvidenceRecord {}
