-- 0001: the operation log (source of truth) and the projections the UI and reports read.
-- Never edit this file once shipped; add 0002_….sql instead.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Every change, in the order this workstation made it. (workstation, seq) is dense per
-- workstation so that sync can find gaps; a collision is an error, never ignored.
CREATE TABLE ops (
    id          TEXT PRIMARY KEY,          -- UUIDv7
    workstation TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    entity_kind TEXT NOT NULL,             -- case | contact
    entity      TEXT NOT NULL,             -- the case or contact id
    kind        TEXT NOT NULL,             -- case.open, contact.tag, …
    payload     TEXT NOT NULL,             -- JSON object: field -> value
    at          TEXT NOT NULL,             -- UTC, fixed width, sorts as text
    actor       TEXT NOT NULL,             -- the counselor who made the change
    synced_at   TEXT,
    UNIQUE (workstation, seq)
) STRICT;
CREATE INDEX ops_entity ON ops (entity, at);

-- Projections: rebuilt from ops by replaying them. `clocks` holds, per field, the
-- "at|op id" of the op that last set it (last writer wins, per property).
CREATE TABLE cases (
    id         TEXT PRIMARY KEY,
    number     TEXT,
    opened_at  TEXT,
    age        TEXT,
    role       TEXT,
    troubled   TEXT,
    attribute  TEXT,
    status     TEXT NOT NULL DEFAULT 'open',
    owner      TEXT,
    due        TEXT,
    priority   INTEGER NOT NULL DEFAULT 0,
    close_reason TEXT,
    clocks     TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX cases_number ON cases (number);
CREATE INDEX cases_status ON cases (status);

-- Multi-choice case tags (侵害種別, サービス, 希望, リスク) in the order chosen.
CREATE TABLE case_tags (
    case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    dim     TEXT NOT NULL,
    pos     INTEGER NOT NULL,
    code    TEXT NOT NULL,
    PRIMARY KEY (case_id, dim, pos)
) STRICT, WITHOUT ROWID;
CREATE INDEX case_tags_dim ON case_tags (dim, code);

CREATE TABLE contacts (
    id          TEXT PRIMARY KEY,
    -- Deferred: a synced contact may arrive before its case within one transaction.
    case_id     TEXT REFERENCES cases (id) DEFERRABLE INITIALLY DEFERRED,
    workstation TEXT,
    counselor   TEXT,
    channel     TEXT,
    started_at  TEXT,
    ended_at    TEXT,
    closed_at   TEXT,
    notes       TEXT NOT NULL DEFAULT '',
    clocks      TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX contacts_case ON contacts (case_id, started_at);
CREATE INDEX contacts_started ON contacts (started_at);
CREATE INDEX contacts_open ON contacts (workstation, closed_at);

-- List fields of a contact: response (対応, first is primary), urls, referrals.
CREATE TABLE contact_values (
    contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    field      TEXT NOT NULL,
    pos        INTEGER NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (contact_id, field, pos)
) STRICT, WITHOUT ROWID;
CREATE INDEX contact_values_field ON contact_values (field, value);

-- Text being typed that is not yet an op (notes mid-edit): saved on every keystroke so a
-- kill -9 loses nothing, turned into an op when the counselor leaves the editor.
CREATE TABLE drafts (
    contact_id TEXT NOT NULL,
    field      TEXT NOT NULL,
    text       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (contact_id, field)
) STRICT;

-- Expert consults (専門家連携) booked for a case: the kind of expert, the date, and afterwards
-- what was advised and the result (e.g. 指導のみ).
CREATE TABLE consults (
    id         TEXT PRIMARY KEY,
    case_id    TEXT REFERENCES cases (id) DEFERRABLE INITIALLY DEFERRED,
    expert     TEXT,                              -- lawyer | psychologist | …
    booked_for TEXT,                              -- YYYY-MM-DD
    advice     TEXT,
    result     TEXT,
    status     TEXT NOT NULL DEFAULT 'booked',    -- booked | done | cancelled
    clocks     TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX consults_case ON consults (case_id);
