-- Leases on notification lanes (issue 7, cluster mode): every instance runs a dispatcher against
-- this one outbox, and a lane (one notify_group: one incident × one subscriber channel) must be
-- sent by one of them at a time, in order. A dispatcher claims a lane by inserting or taking over
-- (once expired) its row here in one INSERT … ON CONFLICT … WHERE statement, so two dispatchers
-- can never both hold it; it deletes the row when the lane is done. A dispatcher that dies leaves
-- its row until claimed_until, after which another takes the lane over. A table of its own rather
-- than columns on outbox or notify_group: a lane may exist before its group row does, and claims
-- must not contend with the planner's writes to the group.
CREATE TABLE outbox_claim (
  group_key     text COLLATE "C" PRIMARY KEY,
  owner         text   NOT NULL,   -- the dispatcher (random per process start)
  claimed_until bigint NOT NULL    -- epoch ms, the claimer's clock
);
-- The lanes with something due are found from outbox(group_key).
CREATE INDEX outbox_group ON outbox (group_key) WHERE NOT dead;
