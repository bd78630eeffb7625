-- Machine signals (issue 5), as SQLite's V4__probes.sql: probe results from every vantage point
-- (kept for a retention period, then purged) and official status statements, each once. Times are
-- bigint epoch ms; text keys use the "C" collation so ordering matches SQLite's byte order.
CREATE TABLE probe_result (
  id         bigserial PRIMARY KEY,   -- insertion order; breaks ties in event time
  at         bigint  NOT NULL,
  latency_ms bigint,                  -- NULL when not measured
  ok         boolean NOT NULL,
  service    text COLLATE "C" NOT NULL,
  kind       text    NOT NULL,
  target     text    NOT NULL,
  vantage    text    NOT NULL,
  outcome    text    NOT NULL
);
CREATE INDEX probe_result_at ON probe_result (at, id);

CREATE TABLE official_status (
  id        bigserial PRIMARY KEY,
  digest    text COLLATE "C" NOT NULL UNIQUE, -- SHA-256 of every field: one row per distinct statement
  service   text COLLATE "C" NOT NULL,
  at        bigint NOT NULL,
  component text,
  level     text,
  text      text,
  link      text
);
CREATE INDEX official_status_service ON official_status (service, at);
