-- 0003, second half, after the ops were copied: the compact log replaces the old one, and the
-- projections lose their per-field clocks. Last writer wins is decided from the op log itself
-- (src/store/oplog.rs): a local op is always the newest, and a foreign op that arrives late
-- reads which fields the later ops of its entity set. Never edit once shipped.

DROP TABLE ops;
ALTER TABLE ops_compact RENAME TO ops;
-- An entity's ops in stamp order: the case timeline, and the check for later ops.
CREATE INDEX ops_entity ON ops (entity, stamp);

ALTER TABLE cases DROP COLUMN clocks;
ALTER TABLE contacts DROP COLUMN clocks;
ALTER TABLE consults DROP COLUMN clocks;

-- Nothing looks tags or list values up by code: the queue, the search and the timeline reach
-- them through their case or contact (the primary keys), the report scans them all. These two
-- indexes were a fifth of a big file.
DROP INDEX case_tags_dim;
DROP INDEX contact_values_field;
