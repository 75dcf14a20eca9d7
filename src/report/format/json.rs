//! The stable JSON shape for scripts:
//!
//! ```json
//! {"period": {"from": "2023-11-01", "to": "2024-07-31", "label": "令和5年11月1日～令和6年7月31日"},
//!  "totals": {"days_open": 224, "new_cases": 289, "contacts": 537, "responses": 600},
//!  "tables": [{"name": "年代別", "unit": "case", "rows": [{"label": "10代", "count": 16}, …],
//!              "total": 297}, …],
//!  "durations": {"talk": {"count": 537, "mean_s": 420, "median_s": 400, "longest_s": 3600},
//!                "wrap_up": {…}},
//!  "suppress_below": null,
//!  "coverage": {"last_sync": "2024-06-10T23:00:00+09:00", "workstations": [{"workstation": "…",
//!               "station": "N1", "this": true, "contacts": 300, "newest_change": "…"}, …]}}
//! ```
//!
//! The national layout (`--layout national`) has `"layout": "national"`, `totals` of
//! `people` (相談者数), `contacts` (受付件数) and `items` (作業件数), no `durations`, and
//! tables of unit `case` (per person) or `item`. Its rows may say `"subtotal": true` (a
//! （合計） or （計） row, left out of `total`) or `"nested": true` (under the subtotal
//! before it); the 事業者/サービス rows carry `share`, their count over `total`.
//!
//! `coverage` is there once the database has synced or holds another workstation's ops:
//! which workstations' contacts are counted, and up to when each one's changes are here.
//!
//! A suppressed count (`--suppress-below N`, a count from 1 to N−1) is `null`, and its row
//! also says `"suppressed": true`; a count is otherwise never null, so a script can tell
//! "hidden" from "zero". Where a table's small counts could be worked out from its other
//! rows and total, more of its counts are hidden with them (possibly the total), every one
//! as `null` with `"suppressed": true`, and the table says `"secondary_suppression": true`. `suppress_below` says which N was used (null: nothing hidden).
//! `days_open` is never suppressed: days are not people.

use std::io::Write;

use serde_json::{Value, json};

use super::Suppression;
use crate::domain::ReportLayout;
use crate::report::aggregate::{DurationStats, Report, ReportCoverage, RowKind};
use crate::report::suppress::Mark;

pub fn write(report: &Report, suppression: Suppression, out: &mut dyn Write) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &value(report, suppression))?;
    out.write_all(b"\n")?;
    Ok(())
}

pub fn value(report: &Report, suppression: Suppression) -> Value {
    let count = |n: u64| {
        if suppression.hides(n) {
            Value::Null
        } else {
            json!(n)
        }
    };
    let t = &report.totals;
    let tables: Vec<Value> = report
        .tables
        .iter()
        .map(|table| {
            let protected = super::table_marks(table, suppression);
            let shown = |n: u64, mark: Mark| match mark {
                Mark::Shown => json!(n),
                _ => Value::Null,
            };
            let rows: Vec<Value> = table
                .rows
                .iter()
                .zip(&protected.rows)
                .map(|(row, &mark)| {
                    let mut object = json!({"label": row.label, "count": shown(row.count, mark)});
                    if mark != Mark::Shown {
                        object["suppressed"] = json!(true);
                    }
                    match row.kind {
                        RowKind::Count => {}
                        RowKind::Subtotal => object["subtotal"] = json!(true),
                        RowKind::Nested => object["nested"] = json!(true),
                    }
                    if table.shares && mark == Mark::Shown && table.total > 0 {
                        let share = row.count as f64 / table.total as f64;
                        object["share"] = json!((share * 10_000.0).round() / 10_000.0);
                    }
                    object
                })
                .collect();
            let mut object = json!({
                "name": table.name,
                "unit": table.unit.key(),
                "rows": rows,
                "total": shown(table.total, protected.total),
            });
            if protected.secondary() {
                object["secondary_suppression"] = json!(true);
            }
            object
        })
        .collect();
    let durations = |stats: &DurationStats| {
        let hidden = suppression.hides(stats.count);
        let seconds = |s: Option<i64>| if hidden { None } else { s };
        json!({
            "count": count(stats.count),
            "mean_s": seconds(stats.mean_s),
            "median_s": seconds(stats.median_s),
            "longest_s": seconds(stats.longest_s),
        })
    };
    let period = json!({
        "from": report.period.from.to_string(),
        "to": report.period.to.to_string(),
        "label": report.period.label(report.lang),
    });
    let mut value = match report.layout {
        ReportLayout::Prefectural => json!({
            "period": period,
            "totals": {
                "days_open": t.days_open,
                "new_cases": count(t.new_cases),
                "contacts": count(t.contacts),
                "responses": count(t.responses),
            },
            "tables": tables,
            "durations": {
                "talk": durations(&report.talk),
                "wrap_up": durations(&report.wrap_up),
            },
            "suppress_below": suppression.below,
        }),
        ReportLayout::National => json!({
            "layout": "national",
            "period": period,
            "totals": {
                "people": count(t.cases),
                "contacts": count(t.contacts),
                "items": count(t.items),
            },
            "tables": tables,
            "suppress_below": suppression.below,
        }),
    };
    if let Some(coverage) = &report.coverage {
        value["coverage"] = coverage_value(coverage, &count);
    }
    value
}

/// `{"last_sync": iso|null, "workstations": [{"workstation", "station", "this", "contacts",
/// "newest_change"}]}`: whose contacts the counts include.
fn coverage_value(coverage: &ReportCoverage, count: &dyn Fn(u64) -> Value) -> Value {
    let iso = |at: Option<chrono::DateTime<chrono::Utc>>| {
        at.map(|at| at.with_timezone(&coverage.offset).to_rfc3339())
    };
    let workstations: Vec<Value> = coverage
        .workstations
        .iter()
        .map(|ws| {
            json!({
                "workstation": ws.workstation.to_string(),
                "station": ws.station,
                "this": ws.this,
                "contacts": count(ws.contacts),
                "newest_change": iso(ws.newest_change),
            })
        })
        .collect();
    json!({"last_sync": iso(coverage.last_sync), "workstations": workstations})
}
