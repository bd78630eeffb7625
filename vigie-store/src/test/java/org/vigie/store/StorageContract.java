package org.vigie.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.core.incident.Incident;
import org.vigie.core.incident.Incident.CountryShare;
import org.vigie.core.incident.Incident.IndicatorShare;
import org.vigie.core.incident.Incident.TimelineEvent;
import org.vigie.core.model.Evidence;
import org.vigie.core.model.Indicator;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.model.Region;
import org.vigie.core.model.Service;
import org.vigie.core.signal.ProblemReport;
import org.vigie.core.storage.Storage;
import org.vigie.core.storage.StorageException;
import org.vigie.core.storage.TokenStore.Token;
import org.vigie.core.tally.MinuteTally;

/**
 * The behaviour every storage backend owes the rest of Vigie, one nested class per role (the
 * Zipkin {@code ITStorage} pattern). A backend test extends this class and implements the hooks;
 * a backend that cannot meet a test overrides it with {@code @Disabled("why")}.
 *
 * <p>Times in these tests are whole milliseconds: that is the precision backends promise.
 */
public abstract class StorageContract {
  protected static final Instant T0 = Instant.parse("2021-10-04T15:39:00Z");
  protected static final Region PARIS = new Region("FR", "FR-IDF", "Paris", 48.8566, 2.3522);
  protected static final Region SAO_PAULO = new Region("BR", "BR-SP", "São Paulo", -23.55, -46.63);
  private static final Duration WAIT = Duration.ofMinutes(2);

  @TempDir protected Path dir;

  /** The storage under test, opened before each test and closed after it. */
  protected Storage storage;

  /**
   * Opens the backend over the data identified by {@code dir}: the same directory must give the
   * same data after a close (reopen tests rely on it), a new one an empty store.
   */
  protected abstract Storage newStorage(Path dir);

  /**
   * Makes the open backend under {@code dir} refuse to store any report with this reporter key
   * (for example with a trigger raising an error), so that tests can watch a write fail inside
   * the storage engine, part way through a batch.
   */
  protected abstract void rejectReportsOf(Path dir, long reporterKey) throws Exception;

  @BeforeEach
  void openStorage() {
    storage = newStorage(dir);
  }

  @AfterEach
  void closeStorage() {
    if (storage != null) {
      storage.close();
    }
  }

  /** Closes the storage and opens it again over the same data. */
  protected Storage reopen() {
    storage.close();
    storage = newStorage(dir);
    return storage;
  }

  // ---------------------------------------------------------------------------------- fixtures

  protected static ProblemReport report(String service, long reporter, Instant at) {
    return new ProblemReport(service, "login", Region.country("US"), reporter, reporter * 31, "web", at);
  }

  /** {@code n} reports of instagram with reporter keys {@code firstKey..firstKey+n-1}. */
  protected static List<ProblemReport> batch(long firstKey, int n, Instant at) {
    List<ProblemReport> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(report("instagram", firstKey + i, at.plusMillis(i % 1000)));
    }
    return out;
  }

  protected static boolean[] all(int n, boolean value) {
    boolean[] flags = new boolean[n];
    java.util.Arrays.fill(flags, value);
    return flags;
  }

  protected List<ProblemReport> scanAll() {
    List<ProblemReport> out = new ArrayList<>();
    storage.signals().scanReports(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"), (r, counted) -> out.add(r));
    return out;
  }

  protected Set<Long> storedReporters() {
    Set<Long> keys = new HashSet<>();
    for (ProblemReport r : scanAll()) {
      assertThat(keys.add(r.reporterKey())).as("reporter %s stored once", r.reporterKey()).isTrue();
    }
    return keys;
  }

  protected static <T> T await(Future<T> f) throws Exception {
    return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  // ----------------------------------------------------------------------------------- lifecycle

  @Nested
  class LifecycleContract {
    @Test
    void anOpenStoreIsHealthy() {
      Storage.Health health = storage.check();
      assertThat(health.ok()).as(health.detail()).isTrue();
    }

    @Test
    void afterCloseEveryCallFailsClearlyAndClosingAgainIsHarmless() {
      storage.close();

      assertThat(storage.check().ok()).isFalse();
      assertThatThrownBy(() -> storage.signals().append(batch(1, 3, T0), all(3, true)))
          .isInstanceOf(StorageException.class).hasMessageContaining("closed");
      assertThatThrownBy(() -> storage.signals().append(List.of(), new boolean[0]))
          .isInstanceOf(StorageException.class);
      assertThatThrownBy(() -> storage.signals().countReports()).isInstanceOf(StorageException.class);
      assertThatThrownBy(() -> storage.tallies().latestMinute()).isInstanceOf(StorageException.class);
      assertThatThrownBy(() -> storage.incidents().maxId()).isInstanceOf(StorageException.class);
      assertThatThrownBy(() -> storage.settings().putIfAbsent("k", "v")).isInstanceOf(StorageException.class);
      storage.close();
    }

    /**
     * Closing while HTTP threads are appending: every append either returned, and its reports are
     * there after a restart, or failed, and none of its reports are.
     */
    @Test
    void closingKeepsEveryAcknowledgedAppendAndNoPartOfARefusedOne() throws Exception {
      int threads = 4;
      int size = 500;
      CountDownLatch firstCommitted = new CountDownLatch(1);
      List<Set<Long>> acknowledged = Collections.synchronizedList(new ArrayList<>());
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> running = new ArrayList<>();
      Storage open = storage;
      for (int t = 0; t < threads; t++) {
        long base = t * 1_000_000L;
        running.add(pool.submit(() -> {
          for (int b = 0; ; b++) {
            List<ProblemReport> reports = batch(base + b * size, size, T0);
            try {
              open.signals().append(reports, all(size, true));
            } catch (StorageException closed) {
              return null;
            }
            Set<Long> keys = new HashSet<>();
            reports.forEach(r -> keys.add(r.reporterKey()));
            acknowledged.add(keys);
            firstCommitted.countDown();
          }
        }));
      }
      assertThat(firstCommitted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      storage.close();
      for (Future<?> f : running) {
        await(f);
      }
      pool.shutdown();

      storage = newStorage(dir);
      Set<Long> expected = new HashSet<>();
      acknowledged.forEach(expected::addAll);
      assertThat(storage.signals().countReports()).isEqualTo(expected.size());
      assertThat(storedReporters()).isEqualTo(expected);
    }
  }

  // ---------------------------------------------------------------------------------- signal log

  @Nested
  class SignalLogContract {
    @Test
    void appendedReportsComeBackWithEveryField() {
      List<ProblemReport> reports = List.of(
          new ProblemReport("instagram", "feed", PARIS, Long.MIN_VALUE, Long.MAX_VALUE, "app", T0.plusMillis(1)),
          new ProblemReport("whatsapp", "messages", Region.UNKNOWN, -1L, 0L, "web", T0),
          new ProblemReport("facebook", "login", new Region("US", "US-CA", null, null, null), 42L, 43L, "api",
              T0.plusSeconds(2)),
          new ProblemReport("playstation-network", "server-connection", SAO_PAULO, 7L, 8L, "import",
              T0.plusSeconds(3)),
          new ProblemReport("instagram", "app", new Region("JP", null, null, 35.68, null), 9L, 10L, "web",
              T0.plusSeconds(4)));
      List<ProblemReport> shuffled = new ArrayList<>(reports);
      Collections.shuffle(shuffled, new Random(7));

      storage.signals().append(shuffled, all(shuffled.size(), true));

      List<ProblemReport> expected = new ArrayList<>(reports);
      expected.sort(Comparator.comparing(ProblemReport::at));
      assertThat(scanAll()).containsExactlyElementsOf(expected);
    }

    @Test
    void scanIsHalfOpenAndOrderedByEventTime() {
      Instant from = T0;
      Instant to = T0.plusSeconds(60);
      ProblemReport before = report("instagram", 1, from.minusMillis(1));
      ProblemReport atFrom = report("instagram", 2, from);
      ProblemReport inside = report("instagram", 3, from.plusSeconds(30));
      ProblemReport atTo = report("instagram", 4, to);
      storage.signals().append(List.of(atTo, inside, atFrom, before), all(4, true));

      List<ProblemReport> seen = new ArrayList<>();
      storage.signals().scanReports(from, to, (r, counted) -> seen.add(r));

      assertThat(seen).containsExactly(atFrom, inside);
    }

    @Test
    void countsOnlyCountedReportsOfTheServiceInTheRange() {
      Instant from = T0;
      Instant to = T0.plusSeconds(60);
      List<ProblemReport> reports = List.of(
          report("instagram", 1, from),
          report("instagram", 2, from.plusSeconds(59)),
          report("instagram", 3, to),
          report("instagram", 4, from.minusMillis(1)),
          report("instagram", 5, from.plusSeconds(1)),
          report("instagram", 6, from.plusSeconds(2)),
          report("whatsapp", 7, from.plusSeconds(3)));
      boolean[] counted = {true, true, true, true, false, false, true};

      storage.signals().append(reports, counted);

      assertThat(storage.signals().countReports("instagram", from, to)).isEqualTo(2);
      assertThat(storage.signals().countReports("whatsapp", from, to)).isEqualTo(1);
      assertThat(storage.signals().countReports(null, from, to)).isEqualTo(3);
      assertThat(storage.signals().countReports("no-such-service", from, to)).isZero();
      assertThat(storage.signals().countReports()).isEqualTo(7);
    }

    @Test
    void theCountedFlagComesBackFromAScan() {
      boolean[] counted = {true, false, true, false, false};
      storage.signals().append(batch(1, 5, T0), counted);
      List<Boolean> seen = new ArrayList<>();
      storage.signals().scanReports(T0.minusSeconds(60), T0.plusSeconds(3600), (r, c) -> seen.add(c));
      assertThat(seen).containsExactly(true, false, true, false, false);
    }

    @Test
    void uncountedReportsAreKeptAsDetail() {
      storage.signals().append(batch(1, 10, T0), all(10, false));

      assertThat(storage.signals().countReports()).isEqualTo(10);
      assertThat(storage.signals().countReports(null, T0, T0.plusSeconds(60))).isZero();
      assertThat(scanAll()).hasSize(10);
    }

    @Test
    void anEmptyAppendStoresNothingAndMismatchedFlagsAreRefused() {
      storage.signals().append(List.of(), new boolean[0]);

      assertThatThrownBy(() -> storage.signals().append(batch(1, 3, T0), new boolean[2]))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(storage.signals().countReports()).isZero();
    }

    @Test
    void aStormSizedBatchIsStoredWhole() {
      storage.signals().append(batch(0, 10_000, T0), all(10_000, true));

      assertThat(storage.signals().countReports()).isEqualTo(10_000);
      assertThat(storage.signals().countReports("instagram", T0, T0.plusSeconds(1))).isEqualTo(10_000);
    }

    /** More rows than a backend would read at once, many of them sharing a millisecond. */
    @Test
    void aLongScanSeesEveryReportOnceInOrder() {
      int n = 25_001;
      List<ProblemReport> reports = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        reports.add(report("instagram", i, T0.plusMillis(i % 3)));
      }
      Collections.shuffle(reports, new Random(3));
      for (int i = 0; i < n; i += 10_000) {
        List<ProblemReport> part = reports.subList(i, Math.min(n, i + 10_000));
        storage.signals().append(part, all(part.size(), true));
      }

      List<ProblemReport> seen = scanAll();

      assertThat(seen).hasSize(n);
      assertThat(seen).isSortedAccordingTo(Comparator.comparing(ProblemReport::at));
      assertThat(storedReporters()).hasSize(n);
    }

    @Test
    void aScanSinkMayCallBackIntoTheStore() {
      storage.signals().append(batch(0, 20, T0), all(20, true));
      List<Long> countsSeenFromSink = new ArrayList<>();

      storage.signals().scanReports(T0, T0.plusSeconds(60),
          (r, counted) -> countsSeenFromSink.add(storage.signals().countReports()));

      assertThat(countsSeenFromSink).hasSize(20).containsOnly(20L);
    }

    @Test
    void concurrentAppendsAreEachStoredExactlyOnce() throws Exception {
      int threads = 8;
      int batches = 25;
      int size = 400;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      AtomicLong countedSent = new AtomicLong();
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long base = t * 1_000_000L;
        running.add(pool.submit(() -> {
          start.await();
          for (int b = 0; b < batches; b++) {
            List<ProblemReport> reports = batch(base + b * size, size, T0.plusSeconds(b));
            boolean[] counted = new boolean[size];
            for (int i = 0; i < size; i++) {
              counted[i] = (i + b) % 3 == 0;
              if (counted[i]) {
                countedSent.incrementAndGet();
              }
            }
            storage.signals().append(reports, counted);
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : running) {
        await(f);
      }
      pool.shutdown();

      long total = (long) threads * batches * size;
      assertThat(storage.signals().countReports()).isEqualTo(total);
      assertThat(storage.signals().countReports("instagram", T0, T0.plusSeconds(3600)))
          .isEqualTo(countedSent.get());
      Set<Long> expected = new HashSet<>();
      for (int t = 0; t < threads; t++) {
        for (int i = 0; i < batches * size; i++) {
          expected.add(t * 1_000_000L + i);
        }
      }
      assertThat(storedReporters()).isEqualTo(expected);
    }

    /** A reader never sees half of an append, and counts never go backwards. */
    @Test
    void readersSeeWholeAppendsWhileWritesGoOn() throws Exception {
      int size = 1_000;
      int batches = 40;
      ExecutorService pool = Executors.newSingleThreadExecutor();
      Future<?> writing = pool.submit(() -> {
        for (int b = 0; b < batches; b++) {
          storage.signals().append(batch((long) b * size, size, T0), all(size, true));
        }
        return null;
      });
      long previous = 0;
      int reads = 0;
      while (!writing.isDone() || reads == 0) {
        long total = storage.signals().countReports();
        long counted = storage.signals().countReports("instagram", T0, T0.plusSeconds(60));
        assertThat(total % size).as("total %s", total).isZero();
        assertThat(counted % size).as("counted %s", counted).isZero();
        assertThat(total).isGreaterThanOrEqualTo(previous);
        previous = total;
        reads++;
      }
      await(writing);
      pool.shutdown();
      assertThat(storage.signals().countReports()).isEqualTo((long) size * batches);
    }

    @Test
    void aFailedAppendStoresNothingAndDoesNotFailOtherCallers() throws Exception {
      long rejected = 666_666_666L;
      rejectReportsOf(dir, rejected);
      int threads = 4;
      int batches = 10;
      int size = 500;
      int poisonedBatch = 5;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<String>>> running = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long base = t * 1_000_000L;
        running.add(pool.submit(() -> {
          start.await();
          List<String> outcomes = new ArrayList<>();
          for (int b = 0; b < batches; b++) {
            List<ProblemReport> reports = new ArrayList<>(batch(base + b * size, size, T0));
            if (b == poisonedBatch) {
              reports.set(size / 2, report("instagram", rejected, T0));
            }
            try {
              storage.signals().append(reports, all(size, true));
              outcomes.add("stored");
            } catch (StorageException e) {
              outcomes.add("failed");
            }
          }
          return outcomes;
        }));
      }
      start.countDown();
      Set<Long> expected = new HashSet<>();
      for (int t = 0; t < threads; t++) {
        List<String> outcomes = await(running.get(t));
        for (int b = 0; b < batches; b++) {
          assertThat(outcomes.get(b)).as("thread %s batch %s", t, b)
              .isEqualTo(b == poisonedBatch ? "failed" : "stored");
          if (b != poisonedBatch) {
            for (int i = 0; i < size; i++) {
              expected.add(t * 1_000_000L + (long) b * size + i);
            }
          }
        }
      }
      pool.shutdown();

      assertThat(storage.signals().countReports()).isEqualTo(expected.size());
      assertThat(storage.signals().countReports("instagram", T0, T0.plusSeconds(60))).isEqualTo(expected.size());
      assertThat(storedReporters()).isEqualTo(expected);
    }

    @Test
    void aRejectedReportAtTheEndOfABatchStillFailsTheWholeBatch() throws Exception {
      long rejected = 777L;
      rejectReportsOf(dir, rejected);
      List<ProblemReport> reports = new ArrayList<>(batch(1_000, 2_000, T0));
      reports.add(report("brand-new-service", rejected, T0));

      assertThatThrownBy(() -> storage.signals().append(reports, all(reports.size(), true)))
          .isInstanceOf(StorageException.class);

      assertThat(storage.signals().countReports()).isZero();
      assertThat(scanAll()).isEmpty();
      // The store goes on working, and names first seen in the failed call are usable.
      storage.signals().append(List.of(report("brand-new-service", 1, T0)), all(1, true));
      assertThat(scanAll()).containsExactly(report("brand-new-service", 1, T0));
    }

    @Test
    void reportsSurviveAReopen() {
      List<ProblemReport> reports = new ArrayList<>(batch(0, 1_000, T0));
      reports.add(new ProblemReport("whatsapp", "messages", PARIS, 5_000, 6_000, "app", T0.plusSeconds(5)));
      storage.signals().append(reports, all(reports.size(), true));

      reopen();

      assertThat(storage.signals().countReports()).isEqualTo(1_001);
      List<ProblemReport> expected = new ArrayList<>(reports);
      expected.sort(Comparator.comparing(ProblemReport::at));
      assertThat(scanAll()).containsExactlyElementsOf(expected);
      // and appending after the reopen still works with names seen before it
      storage.signals().append(List.of(reports.getLast()), all(1, true));
      assertThat(storage.signals().countReports("whatsapp", T0, T0.plusSeconds(60))).isEqualTo(2);
    }

    @Test
    void purgeDeletesOnlyReportsOlderThanTheCutoff() {
      List<ProblemReport> reports = List.of(
          report("instagram", 1, T0.minus(Duration.ofHours(2))),
          report("instagram", 2, T0.minus(Duration.ofHours(1))),
          report("instagram", 3, T0.minusMillis(1)),
          report("instagram", 4, T0),
          report("instagram", 5, T0.plus(Duration.ofHours(1))));
      storage.signals().append(reports, all(5, true));

      assertThat(storage.signals().purgeBefore(T0)).isEqualTo(3);

      assertThat(storage.signals().countReports()).isEqualTo(2);
      assertThat(scanAll()).containsExactly(reports.get(3), reports.get(4));
      assertThat(storage.signals().purgeBefore(T0)).isZero();
    }

    @Test
    void aLargePurgeRemovesEverythingOlder() {
      for (int b = 0; b < 5; b++) {
        storage.signals().append(batch(b * 10_000L, 10_000, T0.minusSeconds(3600)), all(10_000, true));
      }
      storage.signals().append(batch(100_000, 10, T0), all(10, true));

      assertThat(storage.signals().purgeBefore(T0)).isEqualTo(50_000);

      assertThat(storage.signals().countReports()).isEqualTo(10);
      assertThat(scanAll()).hasSize(10);
    }
  }

  // ---------------------------------------------------------------------------------- tallies

  protected static MinuteTally tally(String service, String country, Instant minute, int reports) {
    return new MinuteTally(service, country, minute, reports, reports - 1, reports / 2,
        Map.of("login", reports / 2, "app", reports - reports / 2), 3, 1, 12, 4.25, Evidence.WEAK);
  }

  @Nested
  class TallyStoreContract {
    @Test
    void talliesComeBackWithEveryField() {
      MinuteTally full = new MinuteTally("instagram", "FR", T0, 1_200, 1_100, 900,
          Map.of("login", 700, "feed", 300, "app", 200), 45, 3, 12, 12.75, Evidence.STRONG);
      MinuteTally world = new MinuteTally("instagram", "*", T0, 0, 0, 0, Map.of(), 0, 0, 0, 0.0, Evidence.NONE);

      storage.tallies().upsert(List.of(full, world));

      assertThat(storage.tallies().series("instagram", "FR", T0, T0.plusSeconds(60))).containsExactly(full);
      assertThat(storage.tallies().series("instagram", "*", T0, T0.plusSeconds(60))).containsExactly(world);
    }

    @Test
    void anUnknownBaselineSurvivesAsNaN() {
      MinuteTally coldStart = new MinuteTally("instagram", "FR", T0, 1, 1, 1, Map.of(), 0, 0, 0, Double.NaN,
          Evidence.NONE);

      storage.tallies().upsert(List.of(coldStart));

      assertThat(storage.tallies().series("instagram", "FR", T0, T0.plusSeconds(60)))
          .singleElement().satisfies(t -> assertThat(t.expected()).isNaN());
    }

    @Test
    void anUpsertReplacesTheTallyOfTheSameKeyOnly() {
      storage.tallies().upsert(List.of(tally("instagram", "FR", T0, 10), tally("instagram", "DE", T0, 20)));
      MinuteTally late = new MinuteTally("instagram", "FR", T0, 11, 10, 6, Map.of("login", 11), 0, 0, 0, 4.5,
          Evidence.MODERATE);

      storage.tallies().upsert(List.of(late));

      assertThat(storage.tallies().series("instagram", "FR", T0, T0.plusSeconds(60))).containsExactly(late);
      assertThat(storage.tallies().series("instagram", "DE", T0, T0.plusSeconds(60)))
          .containsExactly(tally("instagram", "DE", T0, 20));
    }

    @Test
    void withinOneCallTheLastTallyOfAKeyWins() {
      storage.tallies().upsert(List.of(tally("instagram", "FR", T0, 10), tally("instagram", "FR", T0, 12)));

      assertThat(storage.tallies().series("instagram", "FR", T0, T0.plusSeconds(60)))
          .containsExactly(tally("instagram", "FR", T0, 12));
    }

    @Test
    void aSeriesIsOneServiceAndCountryOverAHalfOpenRangeInMinuteOrder() {
      List<MinuteTally> all = new ArrayList<>();
      for (int m = -1; m <= 2; m++) {
        Instant minute = T0.plusSeconds(60L * m);
        all.add(tally("instagram", "FR", minute, 10 + m));
        all.add(tally("instagram", "DE", minute, 20 + m));
        all.add(tally("whatsapp", "FR", minute, 30 + m));
      }
      Collections.shuffle(all, new Random(5));
      storage.tallies().upsert(all);

      assertThat(storage.tallies().series("instagram", "FR", T0, T0.plusSeconds(120)))
          .containsExactly(tally("instagram", "FR", T0, 10), tally("instagram", "FR", T0.plusSeconds(60), 11));
      assertThat(storage.tallies().series("instagram", "US", T0, T0.plusSeconds(120))).isEmpty();
    }

    @Test
    void aScanSeesEveryTallyOnceInMinuteOrder() {
      String[] countries = Locale.getISOCountries();
      List<MinuteTally> all = new ArrayList<>();
      for (int m = 0; m < 4; m++) {
        for (int s = 0; s < 12; s++) {
          for (String country : countries) {
            all.add(tally("service-" + s, country, T0.plusSeconds(60L * m), m + s + 1));
          }
        }
      }
      Collections.shuffle(all, new Random(11));
      storage.tallies().upsert(all);
      storage.tallies().upsert(List.of(tally("instagram", "FR", T0.minusSeconds(60), 1),
          tally("instagram", "FR", T0.plusSeconds(240), 1)));

      List<MinuteTally> seen = new ArrayList<>();
      storage.tallies().scan(T0, T0.plusSeconds(240), seen::add);

      assertThat(seen).hasSize(all.size()).containsExactlyInAnyOrderElementsOf(all);
      assertThat(seen).isSortedAccordingTo(Comparator.comparing(MinuteTally::minute));
    }

    @Test
    void theLatestMinuteIsTheNewestTallyOrNull() {
      assertThat(storage.tallies().latestMinute()).isNull();

      storage.tallies().upsert(List.of(tally("instagram", "FR", T0.plusSeconds(120), 1),
          tally("whatsapp", "*", T0.plusSeconds(180), 1), tally("instagram", "FR", T0, 1)));

      assertThat(storage.tallies().latestMinute()).isEqualTo(T0.plusSeconds(180));
    }

    @Test
    void talliesSurviveAReopen() {
      storage.tallies().upsert(List.of(tally("instagram", "FR", T0, 10)));

      reopen();

      assertThat(storage.tallies().series("instagram", "FR", T0, T0.plusSeconds(60)))
          .containsExactly(tally("instagram", "FR", T0, 10));
    }
  }

  // --------------------------------------------------------------------------------- incidents

  protected static Incident incident(long id, String service, Instant started, Instant resolved) {
    return new Incident(id, service, started, started.plusSeconds(120), resolved, PublicStatus.OUTAGE,
        resolved == null ? PublicStatus.OUTAGE : PublicStatus.OPERATIONAL, 5_000, started.plusSeconds(600),
        120_000, List.of(new CountryShare("US", 70_000, resolved == null, started, resolved)),
        List.of(new IndicatorShare("login", 60_000)),
        List.of(new TimelineEvent(started.plusSeconds(120), "opened", "Problems detected")), null);
  }

  @Nested
  class IncidentStoreContract {
    @Test
    void incidentsComeBackWithEveryField() {
      Instant start = T0;
      Incident resolved = new Incident(7, "facebook", start, start.plusSeconds(180), start.plus(Duration.ofHours(6)),
          PublicStatus.OUTAGE, PublicStatus.OPERATIONAL, 250_000, start.plusSeconds(3600), 10_600_000,
          List.of(new CountryShare("US", 1_700_000, false, start, start.plus(Duration.ofHours(6))),
              new CountryShare("DE", 1_300_000, true, start.plusSeconds(60), null)),
          List.of(new IndicatorShare("app", 5_000_000), new IndicatorShare("login", 3_000_000)),
          List.of(new TimelineEvent(start.plusSeconds(180), "opened", "Problems detected"),
              new TimelineEvent(start.plusSeconds(7200), "official", "We're aware — \"some\" people…"),
              new TimelineEvent(start.plus(Duration.ofHours(6)), "resolved", "Back to normal")),
          "meta-2021-10-04T15:39Z");
      Incident open = new Incident(8, "instagram", start, null, null, null, null, 0, null, 0, List.of(), List.of(),
          List.of(), null);

      storage.incidents().save(resolved);
      storage.incidents().save(open);

      assertThat(storage.incidents().find(7)).contains(resolved);
      assertThat(storage.incidents().find(8)).contains(open);
      assertThat(storage.incidents().find(9)).isEmpty();
    }

    @Test
    void aSaveReplacesThePreviousSnapshot() {
      Incident first = incident(1, "instagram", T0, null);
      storage.incidents().save(first);
      Incident later = new Incident(1, "instagram", T0.minusSeconds(60), first.detectedAt(), T0.plusSeconds(3600),
          PublicStatus.OUTAGE, PublicStatus.OPERATIONAL, 6_000, T0.plusSeconds(900), 150_000,
          List.of(new CountryShare("GB", 1, false, T0, T0.plusSeconds(3600))), List.of(),
          List.of(first.timeline().getFirst(), new TimelineEvent(T0.plusSeconds(3600), "resolved", "ok")),
          "group");

      storage.incidents().save(later);

      assertThat(storage.incidents().find(1)).contains(later);
      assertThat(storage.incidents().open()).isEmpty();
      assertThat(storage.incidents().list(null, T0.minusSeconds(7200), T0.plusSeconds(7200), 10))
          .containsExactly(later);
    }

    @Test
    void aListHoldsIncidentsOverlappingTheRangeNewestFirst() {
      Instant from = T0;
      Instant to = T0.plusSeconds(3600);
      Incident endedBefore = incident(1, "instagram", from.minusSeconds(3 * 3600), from.minusMillis(1));
      Incident endedAtFrom = incident(2, "instagram", from.minusSeconds(2 * 3600), from);
      Incident stillOpen = incident(3, "instagram", from.minusSeconds(3600), null);
      Incident inside = incident(4, "instagram", from.plusSeconds(1800), from.plusSeconds(2400));
      Incident startsAtTo = incident(5, "instagram", to, null);
      Incident otherService = incident(6, "whatsapp", from.plusSeconds(3000), null);
      Incident spanning = incident(7, "whatsapp", from.minusSeconds(60), to.plusSeconds(60));
      for (Incident i : List.of(inside, endedBefore, otherService, startsAtTo, spanning, stillOpen, endedAtFrom)) {
        storage.incidents().save(i);
      }

      assertThat(storage.incidents().list("instagram", from, to, 10)).containsExactly(inside, stillOpen, endedAtFrom);
      assertThat(storage.incidents().list(null, from, to, 10))
          .containsExactly(otherService, inside, spanning, stillOpen, endedAtFrom);
      assertThat(storage.incidents().list(null, from, to, 2)).containsExactly(otherService, inside);
      assertThat(storage.incidents().list("no-such-service", from, to, 10)).isEmpty();
    }

    @Test
    void openIncidentsAreTheUnresolvedOnes() {
      Incident a = incident(1, "instagram", T0, null);
      Incident b = incident(2, "instagram", T0.minusSeconds(7200), T0.minusSeconds(3600));
      Incident c = incident(3, "whatsapp", T0.plusSeconds(60), null);
      storage.incidents().save(a);
      storage.incidents().save(b);
      storage.incidents().save(c);

      assertThat(storage.incidents().open()).containsExactlyInAnyOrder(a, c);

      storage.incidents().save(incident(1, "instagram", T0, T0.plusSeconds(600)));

      assertThat(storage.incidents().open()).containsExactly(c);
    }

    @Test
    void maxIdIsTheLargestIdEverSavedOrZero() {
      assertThat(storage.incidents().maxId()).isZero();

      storage.incidents().save(incident(3, "instagram", T0, null));
      storage.incidents().save(incident(17, "instagram", T0, null));
      storage.incidents().save(incident(5, "instagram", T0, null));

      assertThat(storage.incidents().maxId()).isEqualTo(17);
      reopen();
      assertThat(storage.incidents().maxId()).isEqualTo(17);
      assertThat(storage.incidents().find(5)).contains(incident(5, "instagram", T0, null));
    }
  }

  // ---------------------------------------------------------------------------------- catalogue

  protected static Service service(String slug, String name) {
    return new Service(slug, name, "social", "meta", List.of("cloudflare"), List.of("IG", "Insta"),
        List.of("instagramdown"), List.of(new Indicator("app", "App", "Application"),
            new Indicator("login", "Login", "Connexion")),
        List.of("instagram.com", "i.instagram.com"), "https://status.example.com", List.of("FR", "US"));
  }

  @Nested
  class CatalogStoreContract {
    @Test
    void overridesComeBackWithEveryField() {
      Service full = service("instagram", "Instagram");
      Service minimal = new Service("tiny", "Tiny", null, null, null, null, null,
          List.of(new Indicator("down", "Down", "En panne")), null, null, null);

      storage.catalog().put(full);
      storage.catalog().put(minimal);

      assertThat(storage.catalog().overrides()).containsExactlyInAnyOrder(full, minimal);
    }

    @Test
    void aPutReplacesTheServiceWithTheSameSlug() {
      storage.catalog().put(service("instagram", "Instagram"));
      Service renamed = service("instagram", "Instagram (Meta)");

      storage.catalog().put(renamed);

      assertThat(storage.catalog().overrides()).containsExactly(renamed);
    }

    @Test
    void removeSaysWhetherThereWasAnOverride() {
      storage.catalog().put(service("instagram", "Instagram"));
      storage.catalog().put(service("whatsapp", "WhatsApp"));

      assertThat(storage.catalog().remove("instagram")).isTrue();
      assertThat(storage.catalog().remove("instagram")).isFalse();
      assertThat(storage.catalog().overrides()).containsExactly(service("whatsapp", "WhatsApp"));
      reopen();
      assertThat(storage.catalog().overrides()).containsExactly(service("whatsapp", "WhatsApp"));
    }
  }

  // ------------------------------------------------------------------------------------ tokens

  @Nested
  class TokenStoreContract {
    @Test
    void tokensAreFoundByHash() {
      Token admin = new Token("first admin", "admin", "a".repeat(64), T0);
      Token agent = new Token("probe FR-IDF", "agent", "b".repeat(64), T0.plusSeconds(60));
      storage.tokens().add(admin);
      storage.tokens().add(agent);

      assertThat(storage.tokens().findByHash("b".repeat(64))).contains(agent);
      assertThat(storage.tokens().findByHash("c".repeat(64))).isEmpty();
      assertThat(storage.tokens().all()).containsExactlyInAnyOrder(admin, agent);
      reopen();
      assertThat(storage.tokens().findByHash("a".repeat(64))).contains(admin);
    }

    @Test
    void aRevokedTokenIsGoneAfterARestartAndTheOthersStay() {
      Token admin = new Token("first admin", "admin", "a".repeat(64), T0);
      Token leaked = new Token("leaked importer", "import", "b".repeat(64), T0);
      storage.tokens().add(admin);
      storage.tokens().add(leaked);

      assertThat(storage.tokens().remove("b".repeat(64))).isTrue();
      assertThat(storage.tokens().remove("b".repeat(64))).isFalse();
      reopen();

      assertThat(storage.tokens().findByHash("b".repeat(64))).isEmpty();
      assertThat(storage.tokens().all()).containsExactly(admin);
    }

    @Test
    void aSecondTokenWithTheSameHashIsRefusedAndTheFirstKept() {
      Token admin = new Token("first admin", "admin", "a".repeat(64), T0);
      storage.tokens().add(admin);

      assertThatThrownBy(() -> storage.tokens().add(new Token("impostor", "agent", "a".repeat(64), T0)))
          .isInstanceOf(StorageException.class);

      assertThat(storage.tokens().all()).containsExactly(admin);
    }
  }

  // ---------------------------------------------------------------------------------- settings

  @Nested
  class SettingStoreContract {
    @Test
    void theFirstValueStoredStays() {
      assertThat(storage.settings().get("reporter-key-secret")).isEmpty();

      assertThat(storage.settings().putIfAbsent("reporter-key-secret", "one")).isEqualTo("one");
      assertThat(storage.settings().putIfAbsent("reporter-key-secret", "two")).isEqualTo("one");

      assertThat(storage.settings().get("reporter-key-secret")).contains("one");
      reopen();
      assertThat(storage.settings().get("reporter-key-secret")).contains("one");
    }

    @Test
    void aPutReplacesTheValueAndTheLatestSurvivesARestart() {
      storage.settings().put("social.cursor.bluesky", "1700000000000001");
      storage.settings().put("social.cursor.bluesky", "1700000000000999");
      assertThat(storage.settings().putIfAbsent("social.cursor.bluesky", "0")).isEqualTo("1700000000000999");

      reopen();

      assertThat(storage.settings().get("social.cursor.bluesky")).contains("1700000000000999");
      assertThat(storage.settings().get("reporter-key-secret")).isEmpty();
    }

    @Test
    void concurrentFirstStartsAgreeOnOneValue() throws Exception {
      int threads = 12;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<String>> answers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String mine = "secret-" + t;
        answers.add(pool.submit(() -> {
          start.await();
          return storage.settings().putIfAbsent("reporter-key-secret", mine);
        }));
      }
      start.countDown();
      Set<String> seen = new HashSet<>();
      for (Future<String> f : answers) {
        seen.add(await(f));
      }
      pool.shutdown();

      assertThat(seen).hasSize(1);
      assertThat(storage.settings().get("reporter-key-secret")).isEqualTo(Optional.of(seen.iterator().next()));
    }
  }
}
