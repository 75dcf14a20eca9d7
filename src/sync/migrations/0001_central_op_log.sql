-- Central migration 0001: the desk's op log on PostgreSQL. Never edit once shipped: a change
-- is a new numbered file. Ids are 16-byte bytea, times and stamps bigint microseconds,
-- payloads the compact form of src/store/payload.rs: the op that travels is the op stored.

CREATE TABLE workstations (
    id            bytea PRIMARY KEY CHECK (length(id) = 16),
    -- The prefix of the workstation's case numbers: two workstations with one code would
    -- hand out the same numbers.
    station       text NOT NULL UNIQUE,
    host          text NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ops (
    workstation bytea NOT NULL REFERENCES workstations (id),
    seq         bigint NOT NULL CHECK (seq > 0),
    id          bytea NOT NULL UNIQUE CHECK (length(id) = 16),
    stamp       bigint NOT NULL,
    at          bigint,                 -- when the change was made, if not = stamp
    entity      bytea NOT NULL CHECK (length(entity) = 16),
    kind        text NOT NULL,
    actor       text NOT NULL,
    payload     bytea NOT NULL,
    PRIMARY KEY (workstation, seq)
);

-- A workstation's sequence is dense here too: a pull reads "everything after head", so a
-- hole would be skipped for good. Each op must follow one already held (or be the first).
CREATE FUNCTION ops_dense() RETURNS trigger LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    IF NEW.seq > 1 AND NOT EXISTS (
        SELECT 1 FROM ops WHERE workstation = NEW.workstation AND seq = NEW.seq - 1
    ) THEN
        RAISE EXCEPTION 'op log gap: workstation % seq % has no predecessor',
            encode(NEW.workstation, 'hex'), NEW.seq;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER ops_dense BEFORE INSERT ON ops FOR EACH ROW EXECUTE FUNCTION ops_dense();

-- One row per successful sync: append-only, so a workstation role needs no UPDATE to say
-- when it was last seen.
CREATE TABLE syncs (
    workstation bytea NOT NULL REFERENCES workstations (id),
    at          timestamptz NOT NULL DEFAULT now(),
    pushed      bigint NOT NULL,
    pulled      bigint NOT NULL
);
CREATE INDEX syncs_workstation ON syncs (workstation, at);
