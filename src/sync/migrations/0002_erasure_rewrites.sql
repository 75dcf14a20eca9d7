-- Central migration 0002: an erasure reaches the central copy of older ops. A workstation
-- that erased a case (or pulled the erasure) sends the rewritten payloads of the ops it
-- covers; soudan_erase_payloads replaces the server's copies. Never edit once shipped.
--
-- The workstation role still cannot UPDATE ops: it may only call this function, which
-- rewrites an op only in the name of an erasure op already in the log and ordered after
-- it, and records every rewrite with who asked. (Any workstation can already erase a case
-- by adding a case.erase op, which every workstation obeys; this adds no power beyond that.)

CREATE TABLE erasure_rewrites (
    workstation bytea NOT NULL,
    seq         bigint NOT NULL,
    erasure     bytea NOT NULL,          -- id of the case.erase op
    by_role     text NOT NULL DEFAULT session_user,
    at          timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (workstation, seq) REFERENCES ops (workstation, seq)
);
CREATE INDEX erasure_rewrites_op ON erasure_rewrites (workstation, seq);

CREATE FUNCTION soudan_erase_payloads(
    erasures bytea[], workstations bytea[], seqs bigint[], payloads bytea[]
) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    rewritten bigint := 0;
    i integer;
    e ops%ROWTYPE;
    o ops%ROWTYPE;
BEGIN
    FOR i IN 1 .. coalesce(array_length(seqs, 1), 0) LOOP
        SELECT * INTO e FROM ops WHERE id = erasures[i];
        IF NOT FOUND OR e.kind <> 'case.erase' THEN
            RAISE EXCEPTION 'erasure % is not a case.erase op on this server',
                encode(erasures[i], 'hex');
        END IF;
        SELECT * INTO o FROM ops WHERE workstation = workstations[i] AND seq = seqs[i]
            FOR UPDATE;
        -- Not here yet: it will come with the workstation's next push, already erased.
        CONTINUE WHEN NOT FOUND;
        IF (o.stamp, o.id) >= (e.stamp, e.id) THEN
            RAISE EXCEPTION 'op % is not ordered before erasure %',
                encode(o.id, 'hex'), encode(e.id, 'hex');
        END IF;
        CONTINUE WHEN o.payload = payloads[i];
        UPDATE ops SET payload = payloads[i]
            WHERE workstation = o.workstation AND seq = o.seq;
        INSERT INTO erasure_rewrites (workstation, seq, erasure)
            VALUES (o.workstation, o.seq, e.id);
        rewritten := rewritten + 1;
    END LOOP;
    RETURN rewritten;
END
$$;
-- Functions are executable by everyone by default; only workstations (granted by
-- `sync init`) and the owner may call this one.
REVOKE EXECUTE ON FUNCTION soudan_erase_payloads(bytea[], bytea[], bigint[], bytea[]) FROM PUBLIC;
