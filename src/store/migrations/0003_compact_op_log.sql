-- 0003, first half: the compact op log. Every workstation that wrote here gets a small
-- number, and ops are keyed by (workstation, seq): the dense sequence sync reads gaps from is
-- the table's own order, so it needs no second index, and a foreign op is found by it.
-- Ids are 16-byte BLOBs, times integer microseconds, payloads the compact form of
-- src/store/payload.rs. The copy itself is Rust (payloads are re-encoded); then
-- 0003_compact_op_log_finish.sql swaps the tables. Never edit once shipped.

CREATE TABLE workstations (
    n  INTEGER PRIMARY KEY,
    id BLOB NOT NULL UNIQUE CHECK (length(id) = 16)
) STRICT;

CREATE TABLE ops_compact (
    workstation INTEGER NOT NULL REFERENCES workstations (n),
    seq         INTEGER NOT NULL,
    id          BLOB NOT NULL,              -- UUIDv7
    -- The last-writer-wins stamp (a hybrid logical clock, microseconds): never below the
    -- time of the change, and above every stamp this database had seen when it was made,
    -- so a local change always wins over what is already here. Ties break on id.
    stamp       INTEGER NOT NULL,
    at          INTEGER,                    -- when the change was made, if not = stamp
    entity      BLOB NOT NULL,              -- the case, contact or consult id
    kind        TEXT NOT NULL,              -- case.open, contact.tag, … (entity kind first)
    actor       TEXT NOT NULL,
    payload     BLOB NOT NULL,
    PRIMARY KEY (workstation, seq)
) STRICT, WITHOUT ROWID;
