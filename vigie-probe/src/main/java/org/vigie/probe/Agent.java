package org.vigie.probe;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.core.signal.ProbeResult;

/**
 * A vantage point: fetches its checks from the server, runs them, and pushes results in batches.
 * It rides out server restarts: results wait in a bounded {@link ResultBuffer} (the oldest dropped
 * and counted when full), pushes back off exponentially up to a minute, and the last good check
 * list keeps running while the server cannot give a new one.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  /** Most results per push. */
  public static final int BATCH = 1000;
  /** Longest wait between two failed pushes. */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
  /** How often the check list is fetched again. */
  static final Duration REFRESH = Duration.ofMinutes(5);

  private final AgentClient client;
  private final Prober prober;
  private final ResultBuffer buffer;
  private final InstantSource clock;
  private final CheckScheduler scheduler;
  private ScheduledExecutorService loop;
  private long sent;
  private long failedPushes;
  private long refused;
  private int consecutiveFailures;
  private Instant nextPush = Instant.MIN;
  private Instant nextRefresh = Instant.MIN;
  private volatile List<Check> checks = List.of();

  public Agent(AgentClient client, Prober prober, int bufferCapacity, InstantSource clock) {
    this.client = client;
    this.prober = prober;
    this.buffer = new ResultBuffer(bufferCapacity);
    this.clock = clock;
    this.scheduler = new CheckScheduler(prober::run, buffer::add);
  }

  /** What the agent has done since start. */
  public record Status(int checks, int buffered, long dropped, long sent, long failedPushes, CheckScheduler.Stats scheduler,
      long refused) {}

  /** Fetches the check list and starts the run and push loops. */
  public Agent start() {
    refreshChecks();
    loop = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("vigie-agent").daemon().unstarted(r));
    loop.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    return this;
  }

  private void tick() {
    try {
      Instant now = clock.instant();
      if (!now.isBefore(nextRefresh)) {
        refreshChecks();
      }
      if (!now.isBefore(nextPush)) {
        flush();
      }
    } catch (RuntimeException e) {
      LOG.warn("agent loop failed; going on", e);
    }
  }

  /** Fetches the check list; on failure the previous one keeps running. */
  public synchronized boolean refreshChecks() {
    nextRefresh = clock.instant().plus(REFRESH);
    try {
      List<Check> fresh = client.fetchChecks();
      checks = List.copyOf(fresh);
      scheduler.update(checks);
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not fetch the check list ({}); keeping the {} checks I have", e.getMessage(), checks.size());
      nextRefresh = clock.instant().plusSeconds(30);
      return false;
    }
  }

  /** Records a result as if a check had produced it (for the local agent and tests). */
  public void offer(ProbeResult r) {
    buffer.add(r);
  }

  /**
   * Pushes buffered results in batches until the buffer is empty or a push fails; a failed batch
   * goes back to the front of the buffer and the next attempt waits (1 s, 2 s, 4 s… up to a minute).
   *
   * @return how many results were delivered
   */
  public synchronized int flush() {
    int delivered = 0;
    while (true) {
      List<ProbeResult> batch = buffer.take(BATCH);
      if (batch.isEmpty()) {
        return delivered;
      }
      try {
        client.push(batch);
        delivered += batch.size();
        sent += batch.size();
        consecutiveFailures = 0;
        nextPush = Instant.MIN;
      } catch (AgentClient.Refused e) {
        // Kept, it would block every later batch behind it: count it, say why, and go on.
        refused += batch.size();
        LOG.warn("the server refused {} results, which are dropped ({} refused so far): {}", batch.size(), refused, e.getMessage());
      } catch (IOException | RuntimeException e) {
        buffer.putBack(batch);
        failedPushes++;
        consecutiveFailures++;
        long backoff = Math.min(MAX_BACKOFF.toMillis(), 1000L << Math.min(16, consecutiveFailures - 1));
        nextPush = clock.instant().plusMillis(backoff);
        if (consecutiveFailures == 1 || consecutiveFailures % 10 == 0) {
          LOG.warn("push failed ({}); {} results buffered, {} dropped so far; retrying in {} ms", e.getMessage(), buffer.size(),
              buffer.dropped(), backoff);
        }
        return delivered;
      }
    }
  }

  /** When the next push may be attempted (after failures). */
  public synchronized Instant nextPush() {
    return nextPush;
  }

  public synchronized Status status() {
    return new Status(checks.size(), buffer.size(), buffer.dropped(), sent, failedPushes, scheduler.stats(), refused);
  }

  public Prober prober() {
    return prober;
  }

  @Override
  public void close() {
    if (loop != null) {
      loop.shutdownNow();
    }
    scheduler.close();
    flush();
  }
}
