-- Machine signals (issue 5): probe results from every vantage point, from which the quorum is
-- rebuilt after a restart (kept for a retention period, then purged), and what official status
-- pages said, each statement once (kept, like incidents: a few per incident).
CREATE TABLE probe_result (
  id         INTEGER PRIMARY KEY,     -- insertion order; breaks ties in event time
  at         INTEGER NOT NULL,        -- when the check ran, epoch ms
  service    TEXT    NOT NULL,        -- service slug
  kind       TEXT    NOT NULL,        -- http, dns, tcp, tls
  target     TEXT    NOT NULL,        -- what was checked (URL, name/type, host:port)
  vantage    TEXT    NOT NULL,        -- the agent's vantage point, e.g. FR-IDF
  ok         INTEGER NOT NULL,        -- 1 when the check passed
  outcome    TEXT    NOT NULL,        -- ok or the failure class (servfail, nxdomain, timeout…)
  latency_ms INTEGER                  -- NULL when not measured
);
CREATE INDEX probe_result_at ON probe_result (at, id);

CREATE TABLE official_status (
  id        INTEGER PRIMARY KEY,      -- insertion order; breaks ties in time
  digest    TEXT    NOT NULL UNIQUE,  -- SHA-256 of every field: one row per distinct statement
  service   TEXT    NOT NULL,
  at        INTEGER NOT NULL,         -- when the page says it was posted, epoch ms
  component TEXT,
  level     TEXT,                     -- Statuspage level: operational … major_outage
  text      TEXT,
  link      TEXT
);
CREATE INDEX official_status_service ON official_status (service, at);
