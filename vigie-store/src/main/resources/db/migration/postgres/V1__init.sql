-- Vigie schema for the PostgreSQL backend (cluster mode). Needs PostgreSQL 15 or later
-- (UNIQUE NULLS NOT DISTINCT on place). Times are epoch milliseconds (bigint), as in the SQLite
-- schema: the SPI promises millisecond precision, COPY writes them as plain digits, and range
-- bounds compare exactly. See vigie-store/RATIONALE.md, "PostgreSQL".

-- Short strings repeated in every report (service, indicator and channel slugs), stored once.
-- Rows are never updated or deleted, so a committed id names the same text forever and every
-- node may cache it. Ids are handed out in their own short transactions (INSERT ... ON CONFLICT),
-- never inside an append, so a rolled-back append cannot leave a node with an id nobody committed.
CREATE TABLE label (
  id   integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  text text NOT NULL UNIQUE
);

-- Distinct regions, stored once for the same reason. NULLS NOT DISTINCT makes (FR, NULL, NULL,
-- NULL, NULL) unique, so concurrent nodes can upsert a region without a lock of their own.
CREATE TABLE place (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  country     text NOT NULL,
  subdivision text,
  city        text,
  lat         double precision,
  lon         double precision,
  CONSTRAINT place_unique UNIQUE NULLS NOT DISTINCT (country, subdivision, city, lat, lon)
);

-- Raw problem reports: the storm-sized table. Columns are ordered widest first so that no
-- alignment padding is needed (8-byte columns, then 4-byte, then the boolean).
-- No primary key: a second unique b-tree on id would cost every insert, and nothing looks a report
-- up by id. Paging uses (at, id); purges delete by ctid.
CREATE TABLE report (
  id        bigint  GENERATED ALWAYS AS IDENTITY,  -- insertion order; breaks ties in event time
  at        bigint  NOT NULL,                      -- event time, epoch ms
  reporter  bigint  NOT NULL,                      -- reporter key (64-bit keyed hash)
  network   bigint  NOT NULL,                      -- network key (64-bit keyed hash)
  service   integer NOT NULL,                      -- label.id
  indicator integer NOT NULL,                      -- label.id
  channel   integer NOT NULL,                      -- label.id
  place     integer NOT NULL,                      -- place.id
  counted   boolean NOT NULL                       -- whether the report counted or is kept as detail
);
-- Event time leads, so live traffic appends at the right edge of the b-tree; id makes it the exact
-- order of scanReports' keyset paging.
CREATE INDEX report_time ON report (at, id);

-- The number of rows in report, kept in the same transactions that insert or delete reports so
-- that countReports() does not count tens of millions of rows. It is split into slots: a single
-- counter row would be locked by every append until its commit and serialise all of them; each
-- append adds to one slot picked at random, and the count is the sum.
CREATE TABLE report_count (
  slot smallint PRIMARY KEY,
  rows bigint   NOT NULL
);
INSERT INTO report_count (slot, rows) SELECT s, 0 FROM generate_series(0, 15) AS s;

CREATE TABLE tally (
  service        text             NOT NULL,
  country        text             NOT NULL,  -- ISO alpha-2 or '*' for the world
  minute         bigint           NOT NULL,  -- start of the minute, epoch ms
  reports        integer          NOT NULL,
  reporters      integer          NOT NULL,
  networks       integer          NOT NULL,
  indicators     jsonb            NOT NULL,  -- indicator slug -> counted reports
  mentions       integer          NOT NULL,
  probe_failures integer          NOT NULL,
  probes         integer          NOT NULL,
  expected       double precision NOT NULL,  -- NaN while the baseline is unknown (float8 keeps NaN)
  evidence       text             NOT NULL,
  PRIMARY KEY (service, country, minute)
);
CREATE INDEX tally_minute ON tally (minute, service, country);

CREATE TABLE incident (
  id              bigint  PRIMARY KEY,
  service         text    NOT NULL,
  started_at      bigint  NOT NULL,
  detected_at     bigint,
  resolved_at     bigint,
  severity        text,
  current_status  text,
  peak_per_minute integer NOT NULL,
  peak_at         bigint,
  total_reports   bigint  NOT NULL,
  countries       jsonb   NOT NULL,  -- array of country shares
  indicators      jsonb   NOT NULL,  -- array of indicator shares
  timeline        jsonb   NOT NULL,  -- array of timeline events
  grp             text
);
CREATE INDEX incident_service_started ON incident (service, started_at);
CREATE INDEX incident_started ON incident (started_at);
CREATE INDEX incident_open ON incident (started_at) WHERE resolved_at IS NULL;

CREATE TABLE service_override (
  slug text  PRIMARY KEY,
  body jsonb NOT NULL                -- the Service as JSON
);

CREATE TABLE token (
  sha256     text   PRIMARY KEY,
  name       text   NOT NULL,
  role       text   NOT NULL,
  created_at bigint NOT NULL
);

CREATE TABLE setting (
  key   text PRIMARY KEY,
  value text NOT NULL
);
