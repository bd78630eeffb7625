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
import org.vigie.store.postgres.PostgresStorage;
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
  private final org.vigie.server.web.RecentTallies recent = new org.vigie.server.web.RecentTallies();
  private final Tokens tokens;
  private final Optional<String> generatedAdminToken;
  private final ScheduledExecutorService ticker;
  private final org.vigie.server.metrics.VigieMetrics metrics;
  private final org.vigie.server.notify.Notifications notifications;
  private final org.vigie.probe.QuorumEvaluator probeQuorum;
  private final org.vigie.server.web.WebRoutes web;
  private final org.vigie.server.probe.ProbeRoutes probeRoutes;
  private final org.vigie.server.probe.ProbeHistory probeHistory;
  private final org.vigie.server.status.OfficialStatements officialStatements;
  private final org.vigie.sources.social.ComplaintTally socialTally;
  private final org.vigie.sources.social.MentionIngestor mentions;
  private final java.util.Map<String, org.vigie.sources.statuspage.StatusPagePoller> pollers = new java.util.concurrent.ConcurrentHashMap<>();
  private org.vigie.server.probe.LocalAgent localAgent;
  private ScheduledExecutorService pollerExecutor;
  private final WebServer server;
  /** Cluster mode's Kafka side (null when embedded): detection runs in the stream, not here. */
  private org.vigie.server.cluster.ClusterMode cluster;

  private Vigie(VigieConfig config) {
    this.config = config;
    Catalogue fromFile = config.catalogue() == null ? CatalogueFile.loadDefault() : CatalogueFile.load(config.catalogue());
    // The PostgreSQL password only ever comes from the environment, never from the configuration.
    this.storage = config.postgresUrl() != null
        ? PostgresStorage.open(config.postgresUrl(), config.postgresUser(), System.getenv("VIGIE_POSTGRES_PASSWORD"))
        : SqliteStorage.open(config.dataDir());
    try {
      Catalogue merged = fromFile;
      for (Service s : storage.catalog().overrides()) {
        merged = merged.with(s);
      }
      this.catalogue = new AtomicReference<>(merged);
      String secret = storage.settings().putIfAbsent(SECRET_KEY, randomSecret());
      ReporterKeys keys = new ReporterKeys(Base64.getDecoder().decode(secret));
      AtomicLong ids = new AtomicLong(storage.incidents().maxId());
      // Relations (parents, upstreams, ISPs) let the engine group incidents of one family and mark
      // ISP spikes during a platform outage as collateral.
      IncidentEngine engine = new IncidentEngine(config.incidents(), ids::incrementAndGet,
          org.vigie.core.incident.Relations.of(merged));
      storage.incidents().open().forEach(engine::restore);
      this.pipeline = new SignalPipeline(config.pipeline(), new SeasonalPoissonDetector(), engine, config.clock());
      this.probeQuorum = new org.vigie.probe.QuorumEvaluator(org.vigie.probe.Quorum.DEFAULT, config.clock());
      // Probe results and official statements are stored before they count, and the quorum
      // picks up where it was from the stored results — before reports are recovered, so the
      // minutes they close carry the probes too.
      boolean embedded = config.cluster() == null;
      // Cluster mode: stored results go to Kafka, from which every node's quorum (this one's too)
      // and the stream's hear them; the cluster is started below, before any request.
      this.probeHistory = embedded
          ? new org.vigie.server.probe.ProbeHistory(storage.probes(), probeQuorum, config.clock())
          : new org.vigie.server.probe.ProbeHistory(storage.probes(), probeQuorum, results -> cluster.evidence().probes(results), config.clock());
      probeHistory.restore();
      // Each closed world minute carries its probes (issue 3): an ISP spike during a platform
      // outage is collateral unless the ISP's own probes fail too.
      pipeline.probes(probeQuorum);
      // Social mentions (issue 8): complaining authors join the crowd's evidence minute by minute
      // (SocialFusion's rules); their baselines relearn from the stored tallies with the crowd's.
      this.socialTally = new org.vigie.sources.social.ComplaintTally(config.clock(), config.pipeline().lateness());
      pipeline.fuse(socialTally);
      if (embedded) {
        relearn();
      }
      this.persister = new StorePersister(storage);
      if (embedded) {
        pipeline.addListener(persister);
      }
      // The last day of closed minutes in memory, for the API and the pages alike.
      recent.backfill(storage.tallies());
      pipeline.addListener(recent);
      pipeline.addListener(new IncidentLog());
      this.metrics = new org.vigie.server.metrics.VigieMetrics(this);
      pipeline.addListener(metrics);
      // The notifier writes each incident change together with its notifications (the outbox), so
      // it is the one writer of incidents; the persister writes tallies.
      // Links in messages (confirm, unsubscribe, incident pages) must work from a subscriber's
      // mailbox: the public address (--public-url, e.g. behind a proxy) when given.
      this.notifications = org.vigie.server.notify.Notifications.of(this,
          org.vigie.server.notify.NotifySettings.defaults(config.linkBase()).withSmtp(config.smtp()), metrics);
      if (embedded) {
        pipeline.addListener(notifications.listener());
      } else {
        // The stream counts, detects and correlates; the sink writes tallies to PostgreSQL, and
        // incidents with their notifications through the notifier (each change once in the cluster).
        this.cluster = org.vigie.server.cluster.ClusterMode.start(config, storage, pipeline,
            org.vigie.core.incident.Relations.of(merged), notifications.listener(), probeQuorum);
      }
      this.ingestor =
          new Ingestor(
              catalogue::get,
              embedded ? storage.signals() : cluster.signals(),
              embedded ? pipeline : null,
              keys,
              new ReportDedupe(java.time.Duration.ofMinutes(60)),
              new RateLimiter(config.anonymousBurst(), java.time.Duration.ofMinutes(1), config.clock()),
              config.clock(),
              config.maxInFlightReports());
      if (embedded) {
        recover();
      }
      this.tokens = new Tokens(storage.tokens());
      this.generatedAdminToken = tokens.ensureAdmin(config.adminToken(), config.clock().instant());
      // Cluster mode: the stream task that owns the service's incidents hears the statements.
      this.officialStatements = embedded
          ? new org.vigie.server.status.OfficialStatements(storage.officialStatuses(), pipeline, config.clock())
          : new org.vigie.server.status.OfficialStatements(storage.officialStatuses(), cluster.evidence()::official, config.clock());
      this.probeRoutes = new org.vigie.server.probe.ProbeRoutes(
          vantage -> org.vigie.server.probe.CatalogueChecks.of(catalogue.get(), org.vigie.probe.Schedule.DEFAULT),
          probeHistory, probeQuorum,
          t -> tokens.roleOf(t).filter(r -> r.equals(Tokens.ADMIN) || r.equals(Tokens.AGENT)).isPresent(),
          slug -> catalogue.get().find(slug).isPresent());
      for (Service s : catalogue.get().services()) {
        if (s.statusPage() != null) {
          pollers.put(s.slug(), new org.vigie.sources.statuspage.StatusPagePoller(
              s.slug(), java.net.URI.create(s.statusPage()), java.net.http.HttpClient.newHttpClient(), config.clock()));
        }
      }
      // Social mentions (issue 8): stored in the MentionLog before POST /api/v1/mentions answers 202.
      // In cluster mode the stream task that judges the service's minutes counts its complaints
      // too; this node's tally still serves its pages (the posts it received).
      this.mentions = new org.vigie.sources.social.MentionIngestor(new org.vigie.sources.social.ComplaintClassifier(catalogue.get()),
          id -> keys.of("s", id), socialTally, batch -> storage.mentions().append(batch),
          embedded ? complaints -> { } : cluster::complaints, config.clock());
      // The public pages register their own pipeline listener (server-sent events).
      this.web = new org.vigie.server.web.WebRoutes(this);
      Api api = new Api(this);
      this.server =
          WebServer.builder()
              .host(config.host())
              .port(config.port())
              // Bodies are read through Api's own size check, which answers with a problem.
              .maxPayloadSize(64L * 1024 * 1024)
              // Small pages and SSE frames must not wait for Nagle's algorithm (~40 ms each).
              .connectionOptions(o -> o.tcpNoDelay(true))
              .routing(r -> {
                web.routes(r);
                api.routes(r);
              })
              .build();
      this.ticker = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("vigie-ticker").daemon().unstarted(r));
    } catch (RuntimeException e) {
      if (cluster != null) {
        cluster.close();
      }
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
    v.ticker.scheduleWithFixedDelay(v::pruneProbes, 1, 60, TimeUnit.MINUTES);
    if (config.outbound()) {
      // Only when asked (vigie serve): probes and status pages reach the Internet. In cluster
      // mode every node runs both: each node's agent is one more vantage point (named after the
      // node), and the statements of several nodes' polls are the same lines, told once (the
      // log stores each once, the incident engine puts each on a timeline once).
      v.localAgent = new org.vigie.server.probe.LocalAgent(config.cluster() == null ? "local" : config.cluster().nodeId(),
          () -> org.vigie.server.probe.CatalogueChecks.of(v.catalogue(), org.vigie.probe.Schedule.DEFAULT),
          v.probeHistory, java.time.InstantSource.system()).start();
      // Own thread: one slow status page must not delay the pipeline's ticks.
      v.pollerExecutor = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("vigie-pollers").daemon().unstarted(r));
      v.pollerExecutor.scheduleWithFixedDelay(v::pollStatusPages, 0, 60, TimeUnit.SECONDS);
    }
    LOG.info("Vigie listening on http://{}:{}/, storing in {}", "0.0.0.0".equals(config.host()) ? "localhost" : config.host(), v.port(), config.storeDescription());
    return v;
  }

  private void pollStatusPages() {
    for (org.vigie.sources.statuspage.StatusPagePoller p : pollers.values()) {
      try {
        // Official statements join the incident timelines; an official major outage opens one.
        officialStatements.accept(p.poll(org.vigie.sources.statuspage.StatusPagePoller.Feed.SUMMARY).statuses());
        officialStatements.accept(p.poll(org.vigie.sources.statuspage.StatusPagePoller.Feed.INCIDENTS).statuses());
        officialStatements.accept(p.poll(org.vigie.sources.statuspage.StatusPagePoller.Feed.MAINTENANCES).statuses());
      } catch (RuntimeException e) {
        LOG.warn("status page poll failed: {}", e.toString());
      }
    }
  }

  private void pruneProbes() {
    try {
      long n = probeHistory.prune();
      if (n > 0) {
        LOG.info("purged {} probe results older than {}", n, org.vigie.server.probe.ProbeHistory.RETENTION);
      }
    } catch (RuntimeException e) {
      LOG.warn("probe results purge failed: {}", e.toString());
    }
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
    List<org.vigie.core.tally.MinuteTally> complained = new ArrayList<>();
    pipeline.relearn(sink -> storage.tallies().scan(from, to, t -> {
      sink.accept(t);
      if (t.mentions() > 0 && org.vigie.core.model.Countries.WORLD.equals(t.country())) {
        complained.add(t);
      }
    }), from, to);
    socialTally.relearn(complained, latest.getEpochSecond() / 60);
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

  /**
   * Stores a catalogue override of a service and serves it at once (pages, reports, incidents);
   * probes follow it too; the social classifier (built once) picks it up at the next start.
   */
  public void putService(Service service) {
    storage.catalog().put(service);
    catalogue.updateAndGet(c -> c.with(service));
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

  /** The last day of closed minutes per service, world-wide and per country, in memory. */
  public org.vigie.server.web.RecentTallies recent() {
    return recent;
  }

  public VigieConfig config() {
    return config;
  }

  /** Waits until derived state (tallies, incidents) handed to the store so far is written. */
  public void flush() {
    persister.flush();
    notifications.listener().flush();
  }

  public org.vigie.probe.QuorumEvaluator probeQuorum() {
    return probeQuorum;
  }

  public org.vigie.server.probe.ProbeRoutes probeRoutes() {
    return probeRoutes;
  }

  /**
   * The status people see, on the pages and in the API: crowd, probes and the official page
   * together. An official major outage is authoritative; an official "operational" never hides
   * what people and probes see.
   */
  public org.vigie.core.fusion.EvidenceFusion.Verdict verdict(String slug) {
    org.vigie.core.model.Evidence crowd = switch (pipeline.status(slug)) {
      case OPERATIONAL -> org.vigie.core.model.Evidence.NONE;
      case POSSIBLE_PROBLEMS -> org.vigie.core.model.Evidence.MODERATE;
      case OUTAGE -> org.vigie.core.model.Evidence.STRONG;
    };
    org.vigie.sources.statuspage.StatusPagePoller poller = pollers.get(slug);
    return org.vigie.core.fusion.EvidenceFusion.fuse(crowd, probeQuorum.evaluate(slug), poller == null ? null : poller.tracker().currentLevel());
  }

  /** Where probe results go: stored, then counted by the quorum. */
  public org.vigie.server.probe.ProbeHistory probeHistory() {
    return probeHistory;
  }

  /** Where official statements go: stored, then onto incident timelines. */
  public org.vigie.server.status.OfficialStatements officialStatements() {
    return officialStatements;
  }

  /** Official status page pollers by service slug. */
  public java.util.Map<String, org.vigie.sources.statuspage.StatusPagePoller> pollers() {
    return pollers;
  }

  public org.vigie.server.metrics.VigieMetrics metrics() {
    return metrics;
  }

  public org.vigie.server.notify.Notifications notifications() {
    return notifications;
  }

  /** Per-minute distinct complaining authors per service, from social mentions. */
  public org.vigie.sources.social.ComplaintTally socialTally() {
    return socialTally;
  }

  /** The one path social posts take: the mentions endpoint and the stream adapters. */
  public org.vigie.sources.social.MentionIngestor mentions() {
    return mentions;
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    if (pollerExecutor != null) {
      pollerExecutor.shutdownNow();
    }
    if (localAgent != null) {
      localAgent.close();
    }
    server.stop();
    web.close();
    notifications.close();
    persister.close();
    if (cluster != null) {
      cluster.close();
    }
    storage.close();
  }
}
