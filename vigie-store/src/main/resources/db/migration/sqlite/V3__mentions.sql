-- Social posts that named a catalogue service (issue 8), as classified when they arrived.
-- No text: only the matches, the language, keyed hashes of the author and of the author's home
-- server, the event time, and (source, post_id), which makes appends idempotent.
CREATE TABLE mention_post (
  id       INTEGER PRIMARY KEY,       -- insertion order; breaks ties in event time
  source   TEXT    NOT NULL,          -- api, bluesky, mastodon:<host>
  post_id  TEXT    NOT NULL,          -- the network's id of the post
  at       INTEGER NOT NULL,          -- event time, epoch ms
  language TEXT,                      -- detected or declared language, NULL if unknown
  author   INTEGER NOT NULL,          -- author key (64-bit keyed hash)
  home     INTEGER,                   -- home server key (64-bit keyed hash), NULL if unknown
  UNIQUE (source, post_id)
);
CREATE INDEX mention_post_at ON mention_post (at, id);

-- One row per service a post named.
CREATE TABLE mention_match (
  post      INTEGER NOT NULL REFERENCES mention_post (id) ON DELETE CASCADE,
  service   TEXT    NOT NULL,         -- service slug
  score     REAL    NOT NULL CHECK (score >= 0 AND score <= 1), -- complaint score, 0..1
  complaint INTEGER NOT NULL,         -- 1 when the verdict was a complaint
  PRIMARY KEY (post, service)
) WITHOUT ROWID;
