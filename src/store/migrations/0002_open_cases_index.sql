-- 0002: the queue reads open cases through a partial index, so its cost grows with the open
-- cases, not with ten years of closed ones. Queries must say `status != 'closed'` exactly,
-- as here, for SQLite to use it. Never edit this file once shipped.

CREATE INDEX cases_open ON cases (id) WHERE status != 'closed';
