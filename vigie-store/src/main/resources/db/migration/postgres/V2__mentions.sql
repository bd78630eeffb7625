-- Social posts that named a catalogue service (issue 8), as classified when they arrived.
-- No text: only the matches, the language, keyed hashes of the author and of the author's home
-- server, the event time, and (source, post_id), which makes appends idempotent.
CREATE TABLE mention_post (
  id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, -- insertion order; breaks ties in event time
  at       bigint NOT NULL,                                 -- event time, epoch ms
  author   bigint NOT NULL,                                 -- author key (64-bit keyed hash)
  home     bigint,                                          -- home server key (keyed hash), NULL if unknown
  source   text   NOT NULL,                                 -- api, bluesky, mastodon:<host>
  post_id  text   NOT NULL,                                 -- the network's id of the post
  language text,                                            -- detected or declared language, NULL if unknown
  CONSTRAINT mention_post_unique UNIQUE (source, post_id)
);
CREATE INDEX mention_post_at ON mention_post (at, id);

-- One row per service a post named.
CREATE TABLE mention_match (
  post      bigint           NOT NULL REFERENCES mention_post (id) ON DELETE CASCADE,
  score     double precision NOT NULL CHECK (score >= 0 AND score <= 1), -- complaint score, 0..1
  service   text             NOT NULL, -- service slug
  complaint boolean          NOT NULL, -- whether the verdict was a complaint
  PRIMARY KEY (post, service)
);
