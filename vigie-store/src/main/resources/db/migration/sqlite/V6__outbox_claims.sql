-- Leases on notification lanes (issue 7). SQLite is one process with one dispatcher, so a claim
-- never meets another; the table exists so that both backends honour the same Outbox.claim
-- contract (see postgres/V6__outbox_claims.sql for why it exists).
CREATE TABLE outbox_claim (
  group_key     TEXT PRIMARY KEY,
  owner         TEXT    NOT NULL,
  claimed_until INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX outbox_group ON outbox (group_key) WHERE dead = 0;
