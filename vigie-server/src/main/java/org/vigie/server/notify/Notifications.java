package org.vigie.server.notify;

import java.net.http.HttpClient;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigie.core.incident.Incident;
import org.vigie.core.model.Service;
import org.vigie.core.storage.Storage;
import org.vigie.core.storage.SubscriptionStore.Subscription;
import org.vigie.notify.Channel;
import org.vigie.notify.Dispatcher;
import org.vigie.notify.Links;
import org.vigie.notify.Notifier;
import org.vigie.notify.Planner;
import org.vigie.notify.channel.DiscordChannel;
import org.vigie.notify.channel.EmailChannel;
import org.vigie.notify.channel.HttpChannel;
import org.vigie.notify.channel.NtfyChannel;
import org.vigie.notify.channel.SlackChannel;
import org.vigie.notify.channel.TeamsChannel;
import org.vigie.notify.channel.TelegramChannel;
import org.vigie.notify.channel.WebhookChannel;
import org.vigie.server.Vigie;

/**
 * The notification side of one Vigie: the {@link Notifier} (a pipeline listener that commits
 * incident changes with their notifications), the {@link Dispatcher} that empties the outbox,
 * and a one-second ticker driving it. Built from a running instance's store, pipeline and
 * catalogue.
 */
public final class Notifications implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);

  private final Vigie vigie;
  private final NotifySettings settings;
  private final LinkSigner signer;
  private final EmailChannel email;
  private final Notifier notifier;
  private final Dispatcher dispatcher;
  private final ScheduledExecutorService ticker;
  private volatile boolean started;

  /**
   * @param eventClock event time for grouping (the pipeline's watermark)
   * @param wallClock wall time for retries
   */
  public Notifications(Vigie vigie, NotifySettings settings, InstantSource eventClock, InstantSource wallClock, Dispatcher.Outcomes outcomes) {
    this.vigie = vigie;
    this.settings = settings;
    Storage storage = vigie.storage();
    this.signer = new LinkSigner(storage.settings());
    HttpClient http = HttpChannel.defaultClient();
    List<Channel> channels = new ArrayList<>(List.of(new WebhookChannel(http), new SlackChannel(http), new DiscordChannel(http),
        new TeamsChannel(http), new NtfyChannel(http), new TelegramChannel(http, settings.telegramApi())));
    this.email = settings.smtp() == null ? null : new EmailChannel(settings.smtp());
    if (email != null) {
      channels.add(email);
    }
    this.dispatcher = new Dispatcher(storage.outbox(), storage.notificationLog(), storage.subscriptions(), channels, settings.policy(),
        wallClock, links(), outcomes);
    this.ticker = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("vigie-dispatcher").daemon().unstarted(r));
    this.notifier = new Notifier(storage, new Planner(settings.policy()), eventClock, wallClock, this::wake);
  }

  /** The usual wiring: event time from the pipeline's watermark, wall time from the config clock. */
  public static Notifications of(Vigie vigie, NotifySettings settings, Dispatcher.Outcomes outcomes) {
    InstantSource wall = vigie.config().clock();
    InstantSource event = () -> Optional.ofNullable(vigie.pipeline().watermark()).orElse(null);
    return new Notifications(vigie, settings, event, wall, outcomes);
  }

  /** Starts the ticker that sends due notifications every second (retries included). */
  public Notifications start() {
    started = true;
    ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    return this;
  }

  private void tick() {
    try {
      dispatcher.runOnce();
    } catch (RuntimeException e) {
      LOG.error("notification dispatch failed; it is tried again in a second", e);
    }
  }

  /** Sends at once what a commit just added, instead of waiting for the next tick; not before {@link #start()}. */
  private void wake() {
    if (started) {
      ticker.execute(this::tick);
    }
  }

  public Links links() {
    String base = settings.publicUrl().endsWith("/") ? settings.publicUrl().substring(0, settings.publicUrl().length() - 1) : settings.publicUrl();
    return new Links() {
      @Override
      public String incident(Incident incident) {
        return base + "/api/v1/incidents/" + incident.id();
      }

      @Override
      public String unsubscribe(Subscription s) {
        return base + "/subscriptions/" + s.id() + "/unsubscribe?sig=" + signer.sign("unsubscribe", s.id());
      }

      @Override
      public String serviceName(String slug) {
        return vigie.catalogue().find(slug).map(Service::name).orElse(slug);
      }
    };
  }

  /** The pipeline listener to register: {@code pipeline.addListener(notifications.listener())}. */
  public Notifier listener() {
    return notifier;
  }

  public Dispatcher dispatcher() {
    return dispatcher;
  }

  public LinkSigner signer() {
    return signer;
  }

  /** The e-mail channel, or null when no SMTP relay is configured. */
  public EmailChannel email() {
    return email;
  }

  public NotifySettings settings() {
    return settings;
  }

  @Override
  public void close() {
    notifier.close();
    ticker.shutdownNow();
    dispatcher.close();
  }
}
