-- 0006: ops whose payload an erasure rewrote here, until the sync server has rewritten its
-- copy too (src/sync/erasure.rs). Each names the erasure that covers it, so the server can
-- check and record why the op changed. Never edit once shipped.

CREATE TABLE erasures_unsent (
    workstation INTEGER NOT NULL,   -- workstations.n of the op
    seq         INTEGER NOT NULL,
    erasure     BLOB NOT NULL,      -- id of the case.erase op
    PRIMARY KEY (workstation, seq)
) WITHOUT ROWID;

-- Erasures made before this version: every op they cover, in case it was synced before.
-- An op the server never had costs one skipped row.
INSERT OR REPLACE INTO erasures_unsent (workstation, seq, erasure)
SELECT o.workstation, o.seq, e.id
FROM ops e
JOIN (SELECT id AS record, id AS case_id FROM cases
      UNION ALL SELECT id, case_id FROM contacts WHERE case_id IS NOT NULL
      UNION ALL SELECT id, case_id FROM consults WHERE case_id IS NOT NULL) r
  ON r.case_id = e.entity
JOIN ops o ON o.entity = r.record
WHERE e.kind = 'case.erase' AND (o.stamp, o.id) < (e.stamp, e.id);
