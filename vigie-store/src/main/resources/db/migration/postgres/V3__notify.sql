-- Notifications (issue 6, on PostgreSQL for issue 7): subscribers, the outbox, the notification
-- log, maintenance and silences. The same tables as SQLite's V2__notify.sql, the same JSON
-- documents (NotifyJson) as jsonb, times as bigint epoch ms. Text keys use the "C" collation so
-- that every ORDER BY on them gives the byte order SQLite gives, whatever the database's locale.

CREATE TABLE subscription (
  id         text COLLATE "C" PRIMARY KEY,
  body       jsonb  NOT NULL,            -- the Subscription (channels with their secrets)
  created_at bigint NOT NULL
);

-- One row per decided message until it is sent (then it moves to notify_sent) or given up (dead).
CREATE TABLE outbox (
  key             text COLLATE "C" PRIMARY KEY, -- idempotency key, stable across attempts and restarts
  group_key       text    NOT NULL,
  subscription_id text    NOT NULL,
  channel         integer NOT NULL,
  kind            text    NOT NULL,
  incident        jsonb   NOT NULL,   -- the incident snapshot
  created_at      bigint  NOT NULL,
  attempts        integer NOT NULL,
  next_attempt_at bigint  NOT NULL,
  last_error      text,
  dead            boolean NOT NULL DEFAULT false
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE NOT dead;
CREATE INDEX outbox_dead ON outbox (created_at) WHERE dead;

CREATE TABLE notify_group (
  group_key         text COLLATE "C" PRIMARY KEY,
  incident_id       bigint  NOT NULL,
  subscription_id   text    NOT NULL,
  channel           integer NOT NULL,
  first_seen        bigint  NOT NULL,
  notified_digest   text,
  notified_at       bigint,
  resolved_notified boolean NOT NULL
);
CREATE INDEX notify_group_incident ON notify_group (incident_id);

CREATE TABLE notify_sent (
  key       text COLLATE "C" PRIMARY KEY,
  group_key text   NOT NULL,
  kind      text   NOT NULL,
  sent_at   bigint NOT NULL
);
CREATE INDEX notify_sent_group ON notify_sent (group_key, sent_at);

CREATE TABLE maintenance_window (
  id        text COLLATE "C" PRIMARY KEY,
  service   text   NOT NULL,
  starts_at bigint NOT NULL,
  body      jsonb  NOT NULL
);
CREATE INDEX maintenance_window_service ON maintenance_window (service, starts_at);

CREATE TABLE silence (
  id   text COLLATE "C" PRIMARY KEY,
  body jsonb NOT NULL
);
