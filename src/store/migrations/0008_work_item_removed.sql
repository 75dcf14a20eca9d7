-- 0008: a work item started by mistake (a URL pasted into the wrong call, a site the caller
-- then said was not theirs) is taken back with `item.set removed`, and from then on neither
-- listed nor counted. Kept, not deleted: its ops stay in the log, and erasing its case still
-- finds it through its contact. Never edit once shipped.

ALTER TABLE items ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;
