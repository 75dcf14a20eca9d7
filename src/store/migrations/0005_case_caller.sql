-- 0005: who called, as the keyed hash of their number (src/privacy/caller.rs), so a repeat
-- caller's earlier cases are found at once. No op before this one set it: nothing to replay.
-- Never edit once shipped.

ALTER TABLE cases ADD COLUMN caller TEXT;
CREATE INDEX cases_caller ON cases (caller) WHERE caller IS NOT NULL;
