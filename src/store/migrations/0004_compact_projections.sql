-- 0004: the projections in compact form. Ids are 16-byte BLOBs (36-character text before,
-- repeated in every index), times integer microseconds since 1970 UTC, and the workstation
-- that took a call its number in `workstations`. The tables are made empty here and filled
-- by replaying the op log (src/store/migrate.rs), so the result is a rebuild from the log by
-- construction. Never edit once shipped.

DROP TABLE consults;
DROP TABLE contact_values;
DROP TABLE contacts;
DROP TABLE case_tags;
DROP TABLE cases;

-- Without rowid: a case is found by its id, and the id is all its indexes carry.
CREATE TABLE cases (
    id           BLOB PRIMARY KEY,
    number       TEXT,
    opened_at    INTEGER,
    age          TEXT,
    role         TEXT,
    troubled     TEXT,
    attribute    TEXT,
    status       TEXT NOT NULL DEFAULT 'open',
    owner        TEXT,
    due          TEXT,                      -- YYYY-MM-DD, a day in the desk's calendar
    priority     INTEGER NOT NULL DEFAULT 0,
    close_reason TEXT
) STRICT, WITHOUT ROWID;
CREATE INDEX cases_number ON cases (number);
-- The open cases, for the queue and its count (no query looks cases up by any one status).
CREATE INDEX cases_open ON cases (id) WHERE status != 'closed';

-- Multi-choice case tags (侵害種別, サービス, 希望, リスク) in the order chosen.
CREATE TABLE case_tags (
    case_id BLOB NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    dim     TEXT NOT NULL,
    pos     INTEGER NOT NULL,
    code    TEXT NOT NULL,
    PRIMARY KEY (case_id, dim, pos)
) STRICT, WITHOUT ROWID;

CREATE TABLE contacts (
    id          BLOB NOT NULL UNIQUE,
    -- Deferred: a synced contact may arrive before its case within one transaction.
    case_id     BLOB REFERENCES cases (id) DEFERRABLE INITIALLY DEFERRED,
    workstation INTEGER REFERENCES workstations (n),
    counselor   TEXT,
    channel     TEXT,
    started_at  INTEGER,
    ended_at    INTEGER,
    closed_at   INTEGER,
    notes       TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX contacts_case ON contacts (case_id, started_at);
CREATE INDEX contacts_started ON contacts (started_at);
CREATE INDEX contacts_open ON contacts (workstation, closed_at);

-- List fields of a contact: response (対応, first is primary), urls, referrals.
CREATE TABLE contact_values (
    contact_id BLOB NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    field      TEXT NOT NULL,
    pos        INTEGER NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (contact_id, field, pos)
) STRICT, WITHOUT ROWID;

-- Expert consults (専門家連携) booked for a case.
CREATE TABLE consults (
    id         BLOB PRIMARY KEY,
    case_id    BLOB REFERENCES cases (id) DEFERRABLE INITIALLY DEFERRED,
    expert     TEXT,
    booked_for TEXT,                              -- YYYY-MM-DD
    advice     TEXT,
    result     TEXT,
    status     TEXT NOT NULL DEFAULT 'booked'     -- booked | done | cancelled
) STRICT, WITHOUT ROWID;
CREATE INDEX consults_case ON consults (case_id);
