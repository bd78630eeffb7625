-- Vigie schema for the embedded SQLite backend.
-- Times are epoch milliseconds (INTEGER). Journal mode and synchronous are connection settings
-- applied in code (SqliteStorage), not here: Flyway runs this inside a transaction.

-- Short strings repeated in every report (service slugs, indicator slugs, channels), stored once.
-- A report row then holds 1-2 byte ids instead of ~30 bytes of text. Rows are never deleted, so
-- an id, once committed, names the same text forever and readers may cache it.
CREATE TABLE label (
  id   INTEGER PRIMARY KEY,
  text TEXT    NOT NULL UNIQUE
);

-- Distinct regions (country, subdivision, city, rounded coordinates), stored once for the same
-- reason. Uniqueness with NULLs cannot be a UNIQUE constraint in SQLite (NULLs are distinct), so
-- the single writer looks a region up before inserting it, under the write lock.
CREATE TABLE place (
  id          INTEGER PRIMARY KEY,
  country     TEXT NOT NULL,
  subdivision TEXT,
  city        TEXT,
  lat         REAL,
  lon         REAL
);
CREATE INDEX place_lookup ON place (country, city);

-- Raw problem reports: the storm-sized table. 8 small columns; no TEXT.
CREATE TABLE report (
  id        INTEGER PRIMARY KEY,     -- rowid, insertion order; breaks ties in event time
  at        INTEGER NOT NULL,        -- event time, epoch ms
  service   INTEGER NOT NULL,        -- label.id
  indicator INTEGER NOT NULL,        -- label.id
  place     INTEGER NOT NULL,        -- place.id
  reporter  INTEGER NOT NULL,        -- reporter key (64-bit keyed hash)
  network   INTEGER NOT NULL,        -- network key (64-bit keyed hash)
  channel   INTEGER NOT NULL,        -- label.id
  counted   INTEGER NOT NULL         -- 1 when the report counted, 0 when kept as detail
);
-- One index only. Event time leads, so live traffic (receive time) appends at the right edge of
-- the b-tree; service and counted make countReports(service, from, to) a covering index scan.
-- A separate (service, at) index measured ~35% slower appends and 50% more bytes per row.
CREATE INDEX report_time ON report (at, service, counted);

-- Exact row count of report, maintained in the same transactions that insert or delete reports,
-- so that countReports() does not scan tens of millions of index entries.
CREATE TABLE report_stats (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  rows INTEGER NOT NULL
);
INSERT INTO report_stats (id, rows) VALUES (1, 0);

CREATE TABLE tally (
  service        TEXT    NOT NULL,
  country        TEXT    NOT NULL,   -- ISO alpha-2 or '*' for the world
  minute         INTEGER NOT NULL,   -- start of the minute, epoch ms
  reports        INTEGER NOT NULL,
  reporters      INTEGER NOT NULL,
  networks       INTEGER NOT NULL,
  indicators     TEXT    NOT NULL,   -- JSON object: indicator slug -> counted reports
  mentions       INTEGER NOT NULL,
  probe_failures INTEGER NOT NULL,
  probes         INTEGER NOT NULL,
  expected       REAL,               -- NULL stands for NaN (SQLite stores NaN as NULL)
  evidence       TEXT    NOT NULL,
  PRIMARY KEY (service, country, minute)
) WITHOUT ROWID;
CREATE INDEX tally_minute ON tally (minute, service, country);

CREATE TABLE incident (
  id              INTEGER PRIMARY KEY,
  service         TEXT    NOT NULL,
  started_at      INTEGER NOT NULL,
  detected_at     INTEGER,
  resolved_at     INTEGER,
  severity        TEXT,
  current_status  TEXT,
  peak_per_minute INTEGER NOT NULL,
  peak_at         INTEGER,
  total_reports   INTEGER NOT NULL,
  countries       TEXT    NOT NULL,  -- JSON array of country shares
  indicators      TEXT    NOT NULL,  -- JSON array of indicator shares
  timeline        TEXT    NOT NULL,  -- JSON array of timeline events
  grp             TEXT
);
CREATE INDEX incident_service_started ON incident (service, started_at);
CREATE INDEX incident_started ON incident (started_at);
CREATE INDEX incident_open ON incident (started_at) WHERE resolved_at IS NULL;

CREATE TABLE service_override (
  slug TEXT PRIMARY KEY,
  body TEXT NOT NULL                 -- the Service as JSON
) WITHOUT ROWID;

CREATE TABLE token (
  sha256     TEXT PRIMARY KEY,
  name       TEXT    NOT NULL,
  role       TEXT    NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE setting (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
