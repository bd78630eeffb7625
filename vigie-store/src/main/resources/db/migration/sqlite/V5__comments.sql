-- Comments on service pages (issue 4) and their moderation, moved here from a file journal so
-- that they share the store's durability and work on PostgreSQL too.

CREATE TABLE comment (
  id       INTEGER PRIMARY KEY,          -- grows with every comment: newest first is id DESC
  service  TEXT    NOT NULL,
  at       INTEGER NOT NULL,             -- epoch ms
  reporter INTEGER NOT NULL,             -- the commenter's reporter key, for bans
  name     TEXT    NOT NULL,
  text     TEXT    NOT NULL,
  hidden   INTEGER NOT NULL DEFAULT 0    -- hidden by a moderator
);
CREATE INDEX comment_service ON comment (service, id);

CREATE TABLE banned_reporter (
  reporter INTEGER PRIMARY KEY
);
