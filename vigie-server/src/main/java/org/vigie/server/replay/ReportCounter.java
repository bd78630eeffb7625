package org.vigie.server.replay;

import java.time.Instant;

/**
 * A {@link ReportSink} that only counts: per service, per country, outage versus normal, and
 * checks the stream is in event-time order. Used by tests and the lab to inspect a scenario
 * without building a single line (the 10.6 M-report storm counts in a couple of seconds).
 */
public final class ReportCounter implements ReportSink {
  private final long[][] outage = new long[Vocabulary.serviceCount()][CountryTable.size()];
  private final long[][] normal = new long[Vocabulary.serviceCount()][CountryTable.size()];
  private long total;
  private long first = Long.MAX_VALUE;
  private long last = Long.MIN_VALUE;
  private long firstOutage = Long.MAX_VALUE;
  private long lastOutage = Long.MIN_VALUE;
  private long outOfOrder;

  @Override
  public void report(
      long atMillis, int service, int indicator, int country, long reporter, long network,
      boolean isOutage) {
    if (atMillis < last) {
      outOfOrder++;
    }
    if (total == 0) {
      first = atMillis;
    }
    last = atMillis;
    total++;
    if (isOutage) {
      outage[service][country]++;
      firstOutage = Math.min(firstOutage, atMillis);
      lastOutage = Math.max(lastOutage, atMillis);
    } else {
      normal[service][country]++;
    }
  }

  public long total() {
    return total;
  }

  /** Outage reports over all services and countries. */
  public long outageTotal() {
    long sum = 0;
    for (long[] row : outage) {
      for (long n : row) {
        sum += n;
      }
    }
    return sum;
  }

  public long normalTotal() {
    return total - outageTotal();
  }

  /** Outage reports of one service slug. */
  public long outageOfService(String service) {
    long sum = 0;
    for (long n : outage[index(service)]) {
      sum += n;
    }
    return sum;
  }

  /** Outage reports from one country, all services. */
  public long outageOfCountry(String code) {
    int c = country(code);
    long sum = 0;
    for (long[] row : outage) {
      sum += row[c];
    }
    return sum;
  }

  /** Outage reports for one service from one country. */
  public long outage(String service, String country) {
    return outage[index(service)][country(country)];
  }

  /** Normal (background) reports for one service from one country. */
  public long normal(String service, String country) {
    return normal[index(service)][country(country)];
  }

  /** Number of countries with at least one outage report. */
  public int outageCountries() {
    int n = 0;
    for (int c = 0; c < CountryTable.size(); c++) {
      for (long[] row : outage) {
        if (row[c] > 0) {
          n++;
          break;
        }
      }
    }
    return n;
  }

  /** Times a report was earlier than the one before it (0 for a well-formed scenario). */
  public long outOfOrder() {
    return outOfOrder;
  }

  public Instant first() {
    return total == 0 ? null : Instant.ofEpochMilli(first);
  }

  public Instant last() {
    return total == 0 ? null : Instant.ofEpochMilli(last);
  }

  public Instant firstOutage() {
    return firstOutage == Long.MAX_VALUE ? null : Instant.ofEpochMilli(firstOutage);
  }

  public Instant lastOutage() {
    return lastOutage == Long.MIN_VALUE ? null : Instant.ofEpochMilli(lastOutage);
  }

  private static int index(String service) {
    int i = Vocabulary.serviceIndex(service);
    if (i < 0) {
      throw new IllegalArgumentException("unknown service " + service);
    }
    return i;
  }

  private static int country(String code) {
    int c = CountryTable.indexOf(code);
    if (c < 0) {
      throw new IllegalArgumentException("country " + code + " is not in the table");
    }
    return c;
  }
}
