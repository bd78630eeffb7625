-- Comments on service pages (issue 4) and their moderation: the tables of SQLite's
-- V5__comments.sql, with the same SQL running on both (JdbcCommentStore).

CREATE TABLE comment (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- newest first is id DESC
  service  text COLLATE "C" NOT NULL,
  at       bigint  NOT NULL,                                -- epoch ms
  reporter bigint  NOT NULL,                                -- the commenter's reporter key, for bans
  name     text    NOT NULL,
  text     text    NOT NULL,
  hidden   boolean NOT NULL DEFAULT false                   -- hidden by a moderator
);
CREATE INDEX comment_service ON comment (service, id);

CREATE TABLE banned_reporter (
  reporter bigint PRIMARY KEY
);
