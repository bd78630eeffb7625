package org.vigie.server.web;

import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.core.incident.Incident;
import org.vigie.core.model.Service;
import org.vigie.core.pipeline.PipelineListener;
import org.vigie.core.tally.MinuteTally;
import org.vigie.server.http.Json;

/**
 * Live updates for the pages over Server-Sent Events ({@code GET /api/v1/events[?service=slug]}).
 *
 * <p>The pipeline only marks services dirty here (a set add: it must never block on its thread).
 * A pulse thread wakes every {@link #PULSE}, builds each changed service's events once, and
 * offers them to every subscriber's bounded queue; each subscriber's request thread (a virtual
 * thread) drains its own queue into its connection. A subscriber too slow to keep its queue from
 * filling is disconnected, and its browser reconnects and reloads fresh data. Events:
 * {@code status} (status, since, live count), {@code series} (the last minutes of the chart),
 * {@code map} (per-country counts; service {@code *} sums every service).
 */
final class EventHub implements PipelineListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);

  /** How often changes are gathered and sent. */
  static final Duration PULSE = Duration.ofSeconds(1);

  /** A comment line is sent after this much silence, so proxies and dead clients are noticed. */
  static final Duration HEARTBEAT = Duration.ofSeconds(15);

  /** Events a subscriber may have waiting before it is dropped as too slow. */
  static final int QUEUE = 256;

  /** Minutes of chart sent with each series event (re-evaluated minutes get corrected). */
  static final int SERIES_TAIL = 16;

  private final Site site;
  private final Set<String> dirty = ConcurrentHashMap.newKeySet();
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final Map<String, Long> lastLive = new HashMap<>();
  private final ScheduledExecutorService pulse;
  private volatile boolean closed;

  private record Event(String name, String data) {}

  private static final class Subscriber {
    final String service;
    final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE);
    volatile boolean dropped;

    Subscriber(String service) {
      this.service = service;
    }

    void offer(Event e) {
      if (!queue.offer(e)) {
        dropped = true;
      }
    }
  }

  EventHub(Site site) {
    this.site = site;
    this.pulse = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("vigie-events").daemon().unstarted(r));
    pulse.scheduleWithFixedDelay(this::pulse, PULSE.toMillis(), PULSE.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void minuteClosed(long epochMinute, List<MinuteTally> tallies) {
    for (MinuteTally t : tallies) {
      if ("*".equals(t.country())) {
        dirty.add(t.service());
      }
    }
  }

  @Override
  public void incidentChanged(Incident incident) {
    dirty.add(incident.service());
  }

  int subscribers() {
    return subscribers.size();
  }

  /** The SSE endpoint: streams until the client goes away or the hub closes. */
  void handle(ServerRequest req, ServerResponse res) {
    String service = req.query().first("service").asOptional().orElse(null);
    if (service != null && site.service(service).isEmpty()) {
      throw new org.vigie.server.http.Problem(404, "Not found", "no service '" + service + "'");
    }
    Subscriber sub = new Subscriber(service);
    subscribers.add(sub);
    res.header("Cache-Control", "no-cache");
    res.header("X-Accel-Buffering", "no");
    try (SseSink sink = res.sink(SseSink.TYPE)) {
      // A first snapshot, so a page rendered from a cache catches up at once.
      for (Event e : snapshot(service)) {
        emit(sink, e);
      }
      while (!closed && !sub.dropped) {
        Event e = sub.queue.poll(HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
          sink.emit(SseEvent.builder().comment("keep-alive").build());
        } else {
          emit(sink, e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // The client went away: nothing to answer.
      LOG.debug("event stream ended: {}", e.toString());
    } finally {
      subscribers.remove(sub);
    }
  }

  private static void emit(SseSink sink, Event e) {
    sink.emit(SseEvent.builder().name(e.name()).data(e.data()).build());
  }

  private List<Event> snapshot(String service) {
    List<Event> out = new ArrayList<>();
    if (service != null) {
      Service s = site.service(service).orElseThrow();
      out.add(statusEvent(site.state(s)));
      out.add(seriesEvent(service));
      out.add(mapEvent(service));
    } else {
      out.add(mapEvent(null));
    }
    return out;
  }

  private void pulse() {
    try {
      if (subscribers.isEmpty()) {
        dirty.clear();
        return;
      }
      List<String> changed = new ArrayList<>();
      for (Service s : site.vigie.catalogue().services()) {
        boolean isDirty = dirty.remove(s.slug());
        Site.ServiceState st = null;
        if (!isDirty) {
          long openNow = site.vigie.pipeline().openMinuteReports(s.slug(), null);
          Long before = lastLive.get(s.slug());
          if (openNow == 0 && before == null) {
            continue;
          }
          st = site.state(s);
          if (before != null && before == st.live()) {
            continue;
          }
        }
        if (st == null) {
          st = site.state(s);
        }
        lastLive.put(s.slug(), st.live());
        changed.add(s.slug());
        Event status = statusEvent(st);
        Event series = isDirty ? seriesEvent(s.slug()) : null;
        Event map = isDirty ? mapEvent(s.slug()) : null;
        for (Subscriber sub : subscribers) {
          if (sub.service == null) {
            sub.offer(status);
          } else if (sub.service.equals(s.slug())) {
            sub.offer(status);
            if (series != null) {
              sub.offer(series);
              sub.offer(map);
            }
          }
        }
      }
      if (!changed.isEmpty()) {
        Event world = null;
        for (Subscriber sub : subscribers) {
          if (sub.service == null) {
            if (world == null) {
              world = mapEvent(null);
            }
            sub.offer(world);
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.error("event pulse failed", e);
    }
  }

  Event statusEvent(Site.ServiceState st) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("slug", st.service().slug());
    m.put("status", st.status().name());
    m.put("since", st.since());
    m.put("lastHour", st.lastHour());
    m.put("live", st.live());
    m.put("incident", st.incident() == null ? null : st.incident().id());
    return new Event("status", new String(Json.bytes(m), java.nio.charset.StandardCharsets.UTF_8));
  }

  Event seriesEvent(String slug) {
    List<RecentTallies.Minute> tail = site.tallies.last(slug, SERIES_TAIL);
    List<Object[]> points = new ArrayList<>(tail.size());
    for (RecentTallies.Minute m : tail) {
      points.add(new Object[] {m.epochMinute() * 60, m.reports(), Math.round(m.expected() * 100) / 100.0});
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("slug", slug);
    out.put("latest", site.tallies.latestMinute() == null ? null : site.tallies.latestMinute() * 60);
    out.put("points", points);
    // The most reported problems of the last hour travel with the chart.
    java.util.Map<String, Long> ind = site.tallies.indicators(slug, 60);
    List<Object[]> top = new ArrayList<>();
    ind.entrySet().stream().sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> top.add(new Object[] {e.getKey(), e.getValue()}));
    out.put("indicators", top);
    return new Event("series", new String(Json.bytes(out), java.nio.charset.StandardCharsets.UTF_8));
  }

  Event mapEvent(String slug) {
    return new Event("map", new String(Json.bytes(MapData.json(site, slug)), java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    closed = true;
    pulse.shutdownNow();
  }
}
