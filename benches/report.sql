-- The report's aggregation written as plain SQL for the sqlite3 shell: the baseline that
-- `cargo bench --bench report` times soudan against, and a cross-check (tests/report.rs)
-- that both count the same. One query per number or table, the way a person would write
-- them at the shell prompt.
--
-- Parameters, set with  sqlite3 -readonly FILE -cmd ".parameter set @from …" … < report.sql
--   @from, @to   the period as stored: microseconds since 1970 UTC, @from included, @to excluded
--                (local midnight of the first day, local midnight after the last day)
--   @shift       the desk's offset as a date() modifier, e.g. '+32400 seconds' for JST
-- Output: key|code|count lines (code empty for totals and for "no value").

-- 実績: 延べ受付件数, days with contacts, cases with contacts, 新規受付件数, 延べ対応件数
SELECT 'contacts', '', COUNT(*) FROM contacts
WHERE started_at >= @from AND started_at < @to AND case_id IS NOT NULL;

SELECT 'days', '', COUNT(DISTINCT date(started_at / 1000000, 'unixepoch', @shift)) FROM contacts
WHERE started_at >= @from AND started_at < @to AND case_id IS NOT NULL;

SELECT 'cases', '', COUNT(DISTINCT case_id) FROM contacts
WHERE started_at >= @from AND started_at < @to AND case_id IS NOT NULL;

SELECT 'new_cases', '', COUNT(*) FROM (
    SELECT case_id, MIN(started_at) AS first FROM contacts
    WHERE case_id IS NOT NULL GROUP BY case_id
) WHERE first >= @from AND first < @to;

SELECT 'responses', '', COUNT(*) FROM contacts t
JOIN contact_values v ON v.contact_id = t.id AND v.field = 'response'
WHERE t.started_at >= @from AND t.started_at < @to AND t.case_id IS NOT NULL;

-- 手法別 (per contact)
SELECT 'channel', channel, COUNT(*) FROM contacts
WHERE started_at >= @from AND started_at < @to AND case_id IS NOT NULL
GROUP BY channel;

-- 対応別: the primary (first) response of each contact
SELECT 'response', v.value, COUNT(*) FROM contacts t
JOIN contact_values v ON v.contact_id = t.id AND v.field = 'response' AND v.pos = 0
WHERE t.started_at >= @from AND t.started_at < @to AND t.case_id IS NOT NULL
GROUP BY v.value;

-- 紹介先別 (every referral of those contacts)
SELECT 'referrals', v.value, COUNT(*) FROM contacts t
JOIN contact_values v ON v.contact_id = t.id AND v.field = 'referrals'
WHERE t.started_at >= @from AND t.started_at < @to AND t.case_id IS NOT NULL
GROUP BY v.value;

-- 年代別, 状況別 (per case with a contact in the period)
SELECT 'age', age, COUNT(*) FROM cases
WHERE id IN (SELECT case_id FROM contacts WHERE started_at >= @from AND started_at < @to)
GROUP BY age;

SELECT 'role', role, COUNT(*) FROM cases
WHERE id IN (SELECT case_id FROM contacts WHERE started_at >= @from AND started_at < @to)
GROUP BY role;

-- 侵害種別, 場所・サービス別 (per case, 重複あり), then the cases with none
SELECT dim, code, COUNT(*) FROM case_tags
WHERE dim IN ('infringement', 'platform')
  AND case_id IN (SELECT case_id FROM contacts WHERE started_at >= @from AND started_at < @to)
GROUP BY dim, code;

SELECT 'infringement', '', COUNT(*)
FROM (SELECT DISTINCT case_id FROM contacts
      WHERE started_at >= @from AND started_at < @to AND case_id IS NOT NULL) c
WHERE NOT EXISTS (SELECT 1 FROM case_tags g
                  WHERE g.case_id = c.case_id AND g.dim = 'infringement');

SELECT 'platform', '', COUNT(*)
FROM (SELECT DISTINCT case_id FROM contacts
      WHERE started_at >= @from AND started_at < @to AND case_id IS NOT NULL) c
WHERE NOT EXISTS (SELECT 1 FROM case_tags g
                  WHERE g.case_id = c.case_id AND g.dim = 'platform');

-- 通話時間 and 後処理時間: count, mean, median, longest (whole seconds)
WITH spans AS (
    SELECT 'talk' AS kind, ended_at / 1000000 - started_at / 1000000 AS s FROM contacts
    WHERE started_at >= @from AND started_at < @to AND case_id IS NOT NULL
      AND ended_at IS NOT NULL
    UNION ALL
    SELECT 'wrap_up', closed_at / 1000000 - ended_at / 1000000 FROM contacts
    WHERE started_at >= @from AND started_at < @to AND case_id IS NOT NULL
      AND ended_at IS NOT NULL AND closed_at IS NOT NULL
),
ranked AS (
    SELECT kind, s,
           ROW_NUMBER() OVER (PARTITION BY kind ORDER BY s) AS r,
           COUNT(*) OVER (PARTITION BY kind) AS n
    FROM spans WHERE s >= 0
)
SELECT kind || '_stats', '',
       COUNT(*) || ',' || CAST(round(AVG(s)) AS INTEGER) || ','
       || (SELECT CAST(round(AVG(m.s)) AS INTEGER) FROM ranked m
           WHERE m.kind = ranked.kind AND m.r IN ((m.n + 1) / 2, (m.n + 2) / 2))
       || ',' || MAX(s)
FROM ranked GROUP BY kind;
