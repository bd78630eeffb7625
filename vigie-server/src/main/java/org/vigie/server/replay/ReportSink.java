package org.vigie.server.replay;

/**
 * Receives a scenario's reports one by one, in non-decreasing event time.
 *
 * <p>Why primitives: the Meta storm has 10.6 million reports and replays must produce them in
 * seconds. Indices into {@link Vocabulary} and {@link CountryTable} and numeric identities avoid
 * one object and several strings per report; the NDJSON writer turns them into bytes directly.
 *
 * <p>A sink may throw an unchecked exception to abort generation (the replay client does that
 * when the server refuses a batch).
 */
@FunctionalInterface
public interface ReportSink {
  /**
   * One problem report.
   *
   * @param atMillis event time, epoch milliseconds UTC
   * @param service index into {@link Vocabulary#service(int)}
   * @param indicator index into {@link Vocabulary#indicator(int)}
   * @param country index into {@link CountryTable#code(int)}
   * @param reporter opaque reporter identity (written as {@code "r<reporter>"})
   * @param network opaque network (/24) identity (written as {@code "n<network>"})
   * @param outage true when the report is caused by a scripted outage, false for background
   *     (normal) traffic; not sent to the server, only used for counting and scoring
   */
  void report(
      long atMillis,
      int service,
      int indicator,
      int country,
      long reporter,
      long network,
      boolean outage);
}
