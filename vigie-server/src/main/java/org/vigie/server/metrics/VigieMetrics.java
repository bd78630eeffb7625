package org.vigie.server.metrics;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.vigie.core.model.Countries;
import org.vigie.core.model.Service;
import org.vigie.core.pipeline.PipelineListener;
import org.vigie.core.tally.MinuteTally;
import org.vigie.notify.Dispatcher;
import org.vigie.server.Vigie;

/**
 * {@code /metrics} in the Prometheus text format (Micrometer): service statuses, reports counted,
 * detector runs, notifications sent and failed, pending outbox, store latency. It listens to the
 * pipeline for counts and to the dispatcher for notification outcomes.
 */
public final class VigieMetrics implements PipelineListener, Dispatcher.Outcomes {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Vigie vigie;
  private final Counter reports;
  private final Counter detectorRuns;
  private final Counter incidents;
  private final Timer storeLatency;
  private final ConcurrentHashMap<String, Counter> sent = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> failed = new ConcurrentHashMap<>();

  public VigieMetrics(Vigie vigie) {
    this.vigie = vigie;
    this.reports = Counter.builder("vigie.reports.counted").description("Problem reports counted into closed minutes (world-wide tallies)")
        .register(registry);
    this.detectorRuns = Counter.builder("vigie.detector.runs").description("Detector evaluations of closed service minutes")
        .register(registry);
    this.incidents = Counter.builder("vigie.incident.changes").description("Incident changes (open, update, resolve) reported by the engine")
        .register(registry);
    this.storeLatency = Timer.builder("vigie.store.latency").description("Time for the store to acknowledge a health write, measured at scrape")
        .register(registry);
    for (Service s : vigie.catalogue().services()) {
      Gauge.builder("vigie.service.status", () -> vigie.pipeline().status(s.slug()).ordinal())
          .description("Status of a service: 0 no problems, 1 possible problems, 2 problems detected")
          .tag("service", s.slug()).register(registry);
    }
    Gauge.builder("vigie.notifications.pending", () -> pendingNotifications())
        .description("Notifications in the outbox waiting to be sent").register(registry);
    for (String kind : List.of("email", "webhook", "slack", "discord", "teams", "ntfy", "telegram")) {
      counter(sent, "vigie.notifications.sent", "Notifications a channel accepted", kind);
      counter(failed, "vigie.notifications.failed", "Failed notification attempts", kind);
    }
  }

  private double pendingNotifications() {
    try {
      return vigie.storage().outbox().pending();
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  private Counter counter(ConcurrentHashMap<String, Counter> map, String name, String help, String kind) {
    return map.computeIfAbsent(kind, k -> Counter.builder(name).description(help).tag("channel", k).register(registry));
  }

  @Override
  public void minuteClosed(long epochMinute, List<MinuteTally> tallies) {
    for (MinuteTally t : tallies) {
      if (Countries.WORLD.equals(t.country())) {
        reports.increment(t.reports());
        detectorRuns.increment();
      }
    }
  }

  @Override
  public void incidentChanged(org.vigie.core.incident.Incident incident) {
    incidents.increment();
  }

  @Override
  public void sent(String channelKind) {
    counter(sent, "vigie.notifications.sent", "Notifications a channel accepted", channelKind).increment();
  }

  @Override
  public void failed(String channelKind, boolean givenUp) {
    counter(failed, "vigie.notifications.failed", "Failed notification attempts", channelKind).increment();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The exposition text, after measuring the store. */
  public String scrape() {
    long t0 = System.nanoTime();
    vigie.storage().check();
    storeLatency.record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    return registry.scrape();
  }

  public void routes(HttpRouting.Builder r) {
    r.get("/metrics", (req, res) -> {
      res.status(Status.OK_200);
      res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
      res.send(scrape());
    });
  }
}
