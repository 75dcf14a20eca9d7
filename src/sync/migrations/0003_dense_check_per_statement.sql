-- Central migration 0003: the same density rule as 0001 (each op follows one already held,
-- or is the first), checked once per INSERT over the whole page instead of once per row: a
-- per-row trigger ran a plpgsql call and an index probe for each of a page's thousands of
-- ops, and was most of a push's time. Never edit once shipped.

DROP TRIGGER ops_dense ON ops;
DROP FUNCTION ops_dense();

CREATE FUNCTION ops_dense_page() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    hole record;
BEGIN
    -- After the insert: a predecessor may be in the same page.
    SELECT n.workstation, n.seq INTO hole FROM new_ops n
    WHERE n.seq > 1 AND NOT EXISTS (
        SELECT 1 FROM ops o WHERE o.workstation = n.workstation AND o.seq = n.seq - 1
    )
    LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'op log gap: workstation % seq % has no predecessor',
            encode(hole.workstation, 'hex'), hole.seq;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER ops_dense AFTER INSERT ON ops REFERENCING NEW TABLE AS new_ops
    FOR EACH STATEMENT EXECUTE FUNCTION ops_dense_page();
