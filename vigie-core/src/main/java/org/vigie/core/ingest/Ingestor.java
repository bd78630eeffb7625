package org.vigie.core.ingest;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.vigie.core.model.Catalogue;
import org.vigie.core.model.Countries;
import org.vigie.core.model.Indicator;
import org.vigie.core.model.Region;
import org.vigie.core.model.Service;
import org.vigie.core.pipeline.SignalPipeline;
import org.vigie.core.signal.ProblemReport;
import org.vigie.core.signal.ReporterKeys;
import org.vigie.core.storage.SignalLog;
import org.vigie.core.storage.StorageException;

/**
 * The one ingestion core every transport calls: validate → normalise → rate-limit → dedupe →
 * append to the signal log (durable) → count in the pipeline.
 *
 * <p>A submission is all-or-nothing: one bad line refuses the whole batch with every error named,
 * and a storage failure stores none of it (and undoes its dedupe marks, so a retry counts). A
 * return means the reports are committed.
 */
public final class Ingestor {
  /** Most reports one request may carry. */
  public static final int MAX_BATCH = 10_000;

  /** Event times further ahead of the clock than this are refused as wrong clocks. */
  static final Duration MAX_FUTURE = Duration.ofMinutes(5);

  private static final Pattern SUBDIVISION = Pattern.compile("[A-Z]{2}-[A-Z0-9]{1,3}");
  private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9-]{0,15}");

  private final Supplier<Catalogue> catalogue;
  private final SignalLog log;
  private final SignalPipeline pipeline;
  private final ReporterKeys keys;
  private final ReportDedupe dedupe;
  private final RateLimiter anonymousLimit;
  private final InstantSource clock;
  private final Semaphore inFlight;
  private final int maxInFlight;
  private final int anonymousBatchLimit;

  /**
   * @param pipeline where accepted reports are counted, or null when the signal log itself feeds
   *     detection elsewhere (cluster mode: the Kafka Streams application reads the log)
   * @param maxInFlightReports reports that may be between receipt and commit at once; beyond it
   *     submissions are refused with {@link RejectedException.Reason#OVERLOADED}
   */
  public Ingestor(
      Supplier<Catalogue> catalogue,
      SignalLog log,
      SignalPipeline pipeline,
      ReporterKeys keys,
      ReportDedupe dedupe,
      RateLimiter anonymousLimit,
      InstantSource clock,
      int maxInFlightReports) {
    this.catalogue = catalogue;
    this.log = log;
    this.pipeline = pipeline;
    this.keys = keys;
    this.dedupe = dedupe;
    this.anonymousLimit = anonymousLimit;
    this.clock = clock;
    this.maxInFlight = maxInFlightReports;
    this.inFlight = new Semaphore(maxInFlightReports);
    this.anonymousBatchLimit = anonymousLimit.burst();
  }

  /** What happened to an accepted submission. */
  public record Result(int accepted, int counted) {}

  public Result ingest(List<ReportInput> inputs, Submitter submitter) {
    if (inputs.isEmpty()) {
      throw new InvalidReportsException(List.of(new ReportError(1, null, "the request holds no report")));
    }
    if (inputs.size() > MAX_BATCH) {
      throw new InvalidReportsException(
          List.of(new ReportError(MAX_BATCH + 1, null, "a request may hold at most " + MAX_BATCH + " reports")));
    }
    if (!submitter.trusted() && inputs.size() > anonymousBatchLimit) {
      throw new InvalidReportsException(List.of(new ReportError(anonymousBatchLimit + 1, null,
          "without an import token a request may hold at most " + anonymousBatchLimit + " reports")));
    }
    Instant now = clock.instant();
    List<ProblemReport> reports = normalise(inputs, submitter, now);
    if (!submitter.trusted()) {
      Duration wait = anonymousLimit.tryAcquire(keys.of("a", submitter.address().getHostAddress()), reports.size());
      if (!wait.isZero()) {
        throw new RejectedException(
            RejectedException.Reason.RATE_LIMITED, wait, "too many reports from this address; try again later", null);
      }
    }
    int permits = Math.min(reports.size(), maxInFlight);
    if (!inFlight.tryAcquire(permits)) {
      throw new RejectedException(
          RejectedException.Reason.OVERLOADED, Duration.ofSeconds(1), "Vigie is taking in too many reports right now", null);
    }
    try {
      return store(reports);
    } finally {
      inFlight.release(permits);
    }
  }

  private Result store(List<ProblemReport> reports) {
    boolean[] counted = new boolean[reports.size()];
    List<ReportDedupe.Undo> undos = new ArrayList<>(reports.size());
    int countedN = 0;
    synchronized (dedupe) {
      for (int i = 0; i < reports.size(); i++) {
        ProblemReport r = reports.get(i);
        ReportDedupe.Undo u = dedupe.tryCount(r.service().hashCode(), r.reporterKey(), r.at().getEpochSecond());
        if (u != null) {
          counted[i] = true;
          countedN++;
          undos.add(u);
        }
      }
    }
    long ticket = pipeline == null ? 0 : pipeline.begin(reports);
    try {
      log.append(reports, counted);
    } catch (StorageException e) {
      if (pipeline != null) {
        pipeline.abandon(ticket);
      }
      synchronized (dedupe) {
        for (int i = undos.size() - 1; i >= 0; i--) {
          dedupe.undo(undos.get(i));
        }
      }
      throw new RejectedException(
          RejectedException.Reason.STORAGE_UNAVAILABLE, Duration.ofSeconds(5), "the report store is unavailable", e);
    }
    if (pipeline != null) {
      pipeline.accept(ticket, reports, counted);
    }
    return new Result(reports.size(), countedN);
  }

  /**
   * After a restart: rebuilds the dedupe marks from the stored reports of the last dedupe window,
   * and hands the pipeline every stored report from {@code tallyFrom} on (those whose minutes were
   * not yet closed and persisted when the process stopped), with the counted flags they were
   * stored with.
   *
   * @return how many stored reports were counted into the pipeline again
   */
  public long recover(Instant tallyFrom) {
    Instant dedupeFrom = tallyFrom.minus(dedupe.window());
    List<ProblemReport> chunk = new ArrayList<>(MAX_BATCH);
    boolean[] flags = new boolean[MAX_BATCH];
    long[] fed = {0};
    log.scanReports(dedupeFrom, Instant.now().plus(java.time.Duration.ofDays(36_500)), (r, counted) -> {
      if (counted) {
        synchronized (dedupe) {
          dedupe.tryCount(r.service().hashCode(), r.reporterKey(), r.at().getEpochSecond());
        }
      }
      if (!r.at().isBefore(tallyFrom)) {
        flags[chunk.size()] = counted;
        chunk.add(r);
        if (chunk.size() == MAX_BATCH) {
          pipeline.accept(List.copyOf(chunk), flags.clone());
          fed[0] += chunk.size();
          chunk.clear();
        }
      }
    });
    if (!chunk.isEmpty()) {
      pipeline.accept(List.copyOf(chunk), java.util.Arrays.copyOf(flags, chunk.size()));
      fed[0] += chunk.size();
    }
    return fed[0];
  }

  private List<ProblemReport> normalise(List<ReportInput> inputs, Submitter submitter, Instant now) {
    Catalogue cat = catalogue.get();
    List<ReportError> errors = new ArrayList<>();
    List<ProblemReport> out = new ArrayList<>(inputs.size());
    long anonymousReporter = 0;
    long anonymousNetwork = 0;
    if (!submitter.trusted()) {
      anonymousReporter = keys.reporterOf(submitter.address(), submitter.clientId());
      anonymousNetwork = keys.networkOf(submitter.address());
    }
    for (int i = 0; i < inputs.size(); i++) {
      int line = i + 1;
      ReportInput in = inputs.get(i);
      int before = errors.size();
      Service service = null;
      if (in.service() == null || in.service().isBlank()) {
        errors.add(new ReportError(line, "service", "is required"));
      } else {
        service = cat.find(in.service()).orElse(null);
        if (service == null) {
          errors.add(new ReportError(line, "service", "unknown service '" + in.service() + "'; GET /api/v1/services lists them"));
        }
      }
      Indicator indicator = null;
      if (service != null) {
        if (in.indicator() == null) {
          indicator = service.defaultIndicator();
        } else {
          indicator = service.indicator(in.indicator()).orElse(null);
          if (indicator == null) {
            errors.add(new ReportError(line, "indicator", "unknown indicator '" + in.indicator() + "' for " + service.slug()
                + "; expected one of " + service.indicators().stream().map(Indicator::slug).toList()));
          }
        }
      }
      String country = in.country() == null ? Countries.UNKNOWN : in.country().toUpperCase(Locale.ROOT);
      if (!Countries.isValid(country)) {
        errors.add(new ReportError(line, "country", "'" + in.country() + "' is not an ISO 3166-1 alpha-2 country code"));
      }
      String subdivision = in.subdivision() == null ? null : in.subdivision().toUpperCase(Locale.ROOT);
      if (subdivision != null && (!SUBDIVISION.matcher(subdivision).matches() || !subdivision.startsWith(country + "-"))) {
        errors.add(new ReportError(line, "subdivision", "'" + in.subdivision() + "' is not an ISO 3166-2 code of country " + country));
      }
      if (in.city() != null && (in.city().isBlank() || in.city().length() > 100)) {
        errors.add(new ReportError(line, "city", "must be 1 to 100 characters"));
      }
      if (in.lat() != null && !(in.lat() >= -90 && in.lat() <= 90)) {
        errors.add(new ReportError(line, "lat", "must be between -90 and 90"));
      }
      if (in.lon() != null && !(in.lon() >= -180 && in.lon() <= 180)) {
        errors.add(new ReportError(line, "lon", "must be between -180 and 180"));
      }
      if ((in.lat() == null) != (in.lon() == null)) {
        errors.add(new ReportError(line, in.lat() == null ? "lat" : "lon", "lat and lon go together"));
      }
      String channel = in.channel() == null ? (submitter.trusted() ? "import" : "api") : in.channel();
      if (!CHANNEL.matcher(channel).matches()) {
        errors.add(new ReportError(line, "channel", "must be a short lower-case word such as web, app or api"));
      }
      Instant at = now;
      if (!submitter.trusted()) {
        for (String[] f : new String[][] {{"at", in.at() == null ? null : "x"}, {"reporter", in.reporter()}, {"network", in.network()}}) {
          if (f[1] != null) {
            errors.add(new ReportError(line, f[0], "only an import token may set '" + f[0] + "'"));
          }
        }
      } else {
        if (in.at() != null) {
          at = in.at();
          if (at.isAfter(now.plus(MAX_FUTURE))) {
            errors.add(new ReportError(line, "at", "is " + Duration.between(now, at).toMinutes() + " minutes in the future"));
          }
        }
        if (in.reporter() == null || in.reporter().isBlank()) {
          errors.add(new ReportError(line, "reporter", "is required for imported reports (an opaque reporter identity)"));
        }
      }
      if (errors.size() > before) {
        if (errors.size() >= 100) {
          break; // enough to act on; do not build a megabyte of errors
        }
        continue;
      }
      long reporterKey = submitter.trusted() ? keys.reporter(in.reporter()) : anonymousReporter;
      long networkKey =
          submitter.trusted()
              ? keys.network(in.network() == null ? "reporter:" + in.reporter() : in.network())
              : anonymousNetwork;
      Region region = new Region(country, subdivision, in.city(), in.lat(), in.lon());
      out.add(new ProblemReport(service.slug(), indicator.slug(), region, reporterKey, networkKey, channel, at));
    }
    if (!errors.isEmpty()) {
      throw new InvalidReportsException(errors);
    }
    return out;
  }
}
