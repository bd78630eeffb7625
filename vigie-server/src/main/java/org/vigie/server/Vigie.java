package org.vigie.server;

import io.helidon.webserver.WebServer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.core.detect.SeasonalPoissonDetector;
import org.vigie.core.incident.Incident;
import org.vigie.core.incident.IncidentEngine;
import org.vigie.core.ingest.Ingestor;
import org.vigie.core.ingest.RateLimiter;
import org.vigie.core.ingest.ReportDedupe;
import org.vigie.core.model.Catalogue;
import org.vigie.core.model.Service;
import org.vigie.core.pipeline.PipelineListener;
import org.vigie.core.pipeline.SignalPipeline;
import org.vigie.core.signal.ReporterKeys;
import org.vigie.core.storage.Storage;
import org.vigie.server.catalogue.CatalogueFile;
import org.vigie.server.http.Api;
import org.vigie.store.sqlite.SqliteStorage;

/**
 * One Vigie instance on the embedded store: the object every entry point (CLI, tests, benchmarks)
 * builds with its configuration, starts and stops. No static state.
 */
public final class Vigie implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Vigie.class);
  private static final String SECRET_KEY = "reporter-key-secret";

  private final VigieConfig config;
  private final Storage storage;
  private final AtomicReference<Catalogue> catalogue;
  private final SignalPipeline pipeline;
  private final Ingestor ingestor;
  private final StorePersister persister;
  private final LiveView live = new LiveView();
  private final Tokens tokens;
  private final Optional<String> generatedAdminToken;
  private final ScheduledExecutorService ticker;
  private final org.vigie.server.metrics.VigieMetrics metrics;
  private final org.vigie.server.notify.Notifications notifications;
  private final WebServer server;

  private Vigie(VigieConfig config) {
    this.config = config;
    Catalogue fromFile = config.catalogue() == null ? CatalogueFile.loadDefault() : CatalogueFile.load(config.catalogue());
    this.storage = SqliteStorage.open(config.dataDir());
    try {
      Catalogue merged = fromFile;
      for (Service s : storage.catalog().overrides()) {
        merged = merged.with(s);
      }
      this.catalogue = new AtomicReference<>(merged);
      String secret = storage.settings().putIfAbsent(SECRET_KEY, randomSecret());
      ReporterKeys keys = new ReporterKeys(Base64.getDecoder().decode(secret));
      AtomicLong ids = new AtomicLong(storage.incidents().maxId());
      IncidentEngine engine = new IncidentEngine(config.incidents(), ids::incrementAndGet);
      storage.incidents().open().forEach(engine::restore);
      this.pipeline = new SignalPipeline(config.pipeline(), new SeasonalPoissonDetector(), engine, config.clock());
      relearn();
      this.persister = new StorePersister(storage);
      pipeline.addListener(persister);
      pipeline.addListener(live);
      pipeline.addListener(new IncidentLog());
      this.metrics = new org.vigie.server.metrics.VigieMetrics(this);
      pipeline.addListener(metrics);
      // The notifier writes each incident change together with its notifications (the outbox), so
      // it is the one writer of incidents; the persister writes tallies.
      this.notifications = org.vigie.server.notify.Notifications.of(this,
          org.vigie.server.notify.NotifySettings.defaults("http://localhost:" + config.port()), metrics);
      pipeline.addListener(notifications.listener());
      this.ingestor =
          new Ingestor(
              catalogue::get,
              storage.signals(),
              pipeline,
              keys,
              new ReportDedupe(java.time.Duration.ofMinutes(60)),
              new RateLimiter(config.anonymousBurst(), java.time.Duration.ofMinutes(1), config.clock()),
              config.clock(),
              config.maxInFlightReports());
      recover();
      this.tokens = new Tokens(storage.tokens());
      this.generatedAdminToken = tokens.ensureAdmin(config.adminToken(), config.clock().instant());
      Api api = new Api(this);
      this.server =
          WebServer.builder()
              .host(config.host())
              .port(config.port())
              // Bodies are read through Api's own size check, which answers with a problem.
              .maxPayloadSize(64L * 1024 * 1024)
              .routing(api::routes)
              .build();
      this.ticker = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("vigie-ticker").daemon().unstarted(r));
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
  }

  /** Builds and starts an instance. */
  public static Vigie start(VigieConfig config) {
    Vigie v = new Vigie(config);
    v.server.start();
    v.notifications.start();
    v.ticker.scheduleAtFixedRate(v::tick, 1, 1, TimeUnit.SECONDS);
    LOG.info("Vigie listening on http://{}:{}/ with data in {}", "0.0.0.0".equals(config.host()) ? "localhost" : config.host(), v.port(), config.dataDir().toAbsolutePath());
    return v;
  }

  private void tick() {
    try {
      pipeline.tick();
    } catch (RuntimeException e) {
      LOG.error("pipeline tick failed", e);
    }
  }

  /** Rebuilds baselines from stored tallies so a restart does not start cold. */
  private void relearn() {
    Instant latest = storage.tallies().latestMinute();
    if (latest == null) {
      return;
    }
    Instant from = latest.minus(config.pipeline().baselineHistory());
    Instant to = latest.plusSeconds(60);
    long t0 = System.nanoTime();
    pipeline.relearn(sink -> storage.tallies().scan(from, to, sink), from, to);
    LOG.info("relearned baselines from stored tallies {} .. {} in {} ms", from, latest, (System.nanoTime() - t0) / 1_000_000);
  }

  /** Counts again the stored reports whose minutes had not been persisted when the process stopped. */
  private void recover() {
    Instant latest = storage.tallies().latestMinute();
    Instant from = latest == null ? Instant.EPOCH : latest.plusSeconds(60);
    long t0 = System.nanoTime();
    long n = ingestor.recover(from);
    if (n > 0) {
      LOG.info("recovered {} stored reports from {} on into the pipeline in {} ms", n, from, (System.nanoTime() - t0) / 1_000_000);
    }
  }

  private static String randomSecret() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  /** Logs incidents as they open and resolve: the demo's narrative. */
  private static final class IncidentLog implements PipelineListener {
    private final java.util.Set<Long> opened = new java.util.HashSet<>();

    @Override
    public void incidentChanged(Incident i) {
      if (opened.add(i.id())) {
        LOG.info("INCIDENT #{} OPENED on {}: {} since {} (detected {}), top countries {}", i.id(), i.service(),
            i.current().label("en"), i.startedAt(), i.detectedAt(), topCountries(i));
      }
      if (!i.isOpen()) {
        opened.remove(i.id());
        LOG.info("INCIDENT #{} RESOLVED on {}: {} → {}, peak {}/min at {}, {} reports, top countries {}", i.id(), i.service(),
            i.startedAt(), i.resolvedAt(), i.peakPerMinute(), i.peakAt(), i.totalReports(), topCountries(i));
      }
    }

    private static List<String> topCountries(Incident i) {
      List<String> out = new ArrayList<>();
      if (i.countries().isEmpty()) {
        return List.of("world-wide, no single country yet");
      }
      for (Incident.CountryShare c : i.countries()) {
        if (out.size() == 5) {
          break;
        }
        out.add(c.country() + " " + c.reports());
      }
      return out;
    }
  }

  public int port() {
    return server.port();
  }

  public Optional<String> generatedAdminToken() {
    return generatedAdminToken;
  }

  public Catalogue catalogue() {
    return catalogue.get();
  }

  public Storage storage() {
    return storage;
  }

  public SignalPipeline pipeline() {
    return pipeline;
  }

  public Ingestor ingestor() {
    return ingestor;
  }

  public Tokens tokens() {
    return tokens;
  }

  public LiveView live() {
    return live;
  }

  public VigieConfig config() {
    return config;
  }

  /** Waits until derived state (tallies, incidents) handed to the store so far is written. */
  public void flush() {
    persister.flush();
    notifications.listener().flush();
  }

  public org.vigie.server.metrics.VigieMetrics metrics() {
    return metrics;
  }

  public org.vigie.server.notify.Notifications notifications() {
    return notifications;
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    server.stop();
    notifications.close();
    persister.close();
    storage.close();
  }
}
