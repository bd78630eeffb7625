-- Notifications (issue 6): subscribers, the outbox, the notification log, maintenance and silences.

CREATE TABLE subscription (
  id         TEXT PRIMARY KEY,
  body       TEXT    NOT NULL,         -- the Subscription as JSON (channels with their secrets)
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

-- One row per decided message until it is sent (then it moves to notify_sent) or given up (dead).
CREATE TABLE outbox (
  key             TEXT PRIMARY KEY,    -- idempotency key, stable across attempts and restarts
  group_key       TEXT    NOT NULL,
  subscription_id TEXT    NOT NULL,
  channel         INTEGER NOT NULL,
  kind            TEXT    NOT NULL,
  incident        TEXT    NOT NULL,    -- the incident snapshot as JSON
  created_at      INTEGER NOT NULL,
  attempts        INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  last_error      TEXT,
  dead            INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE dead = 0;

CREATE TABLE notify_group (
  group_key         TEXT PRIMARY KEY,
  incident_id       INTEGER NOT NULL,
  subscription_id   TEXT    NOT NULL,
  channel           INTEGER NOT NULL,
  first_seen        INTEGER NOT NULL,
  notified_digest   TEXT,
  notified_at       INTEGER,
  resolved_notified INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX notify_group_incident ON notify_group (incident_id);

CREATE TABLE notify_sent (
  key       TEXT PRIMARY KEY,
  group_key TEXT    NOT NULL,
  kind      TEXT    NOT NULL,
  sent_at   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX notify_sent_group ON notify_sent (group_key, sent_at);

CREATE TABLE maintenance_window (
  id         TEXT PRIMARY KEY,
  service    TEXT    NOT NULL,
  starts_at  INTEGER NOT NULL,
  body       TEXT    NOT NULL
) WITHOUT ROWID;
CREATE INDEX maintenance_window_service ON maintenance_window (service, starts_at);

CREATE TABLE silence (
  id   TEXT PRIMARY KEY,
  body TEXT NOT NULL
) WITHOUT ROWID;
