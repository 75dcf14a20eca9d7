-- 0007: work items (作業), the national centre's unit of work: one answer about one site or
-- post of a contact (src/national). A projection of `item.*` ops like the others; a
-- database before this version has none, so the tables start empty. Never edit once
-- shipped.

CREATE TABLE items (
    id         BLOB PRIMARY KEY,
    -- No foreign key: a synced item may arrive before its contact; it shows once both are here.
    contact_id BLOB,
    place      TEXT                      -- a 場所 code of the national classification
) STRICT, WITHOUT ROWID;
CREATE INDEX items_contact ON items (contact_id);

-- List fields of a work item: urls, service, content, means, each in the order chosen.
CREATE TABLE item_values (
    item_id BLOB NOT NULL REFERENCES items (id) ON DELETE CASCADE,
    field   TEXT NOT NULL,
    pos     INTEGER NOT NULL,
    value   TEXT NOT NULL,
    PRIMARY KEY (item_id, field, pos)
) STRICT, WITHOUT ROWID;
