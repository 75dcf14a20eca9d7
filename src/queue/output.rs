//! `soudan queue`: the same queue for a shift lead's morning check or a script.
//!
//! JSON shape (stable):
//! `{"at":"…","summary":{"open":N,"risk":N,"overdue":N,"due_today":N,"waiting_expert":N,
//! "stale":N,"per_owner":{"name":N,"":N}},"cases":[{"case":"A1-00012","status":"対応中",
//! "owner":null,"risk":["自殺・自傷の恐れ"],"age":"20代","infringement":["誹謗・中傷"],
//! "last_contact_at":"…+09:00","due":"2024-06-10","overdue":false,"due_today":true,
//! "contacts":2,"priority":0}]}` — labels as the desks write them, in ranked order.

use std::cell::RefCell;
use std::io::Write;

use serde::ser::{Error as _, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::{Value, json};

use super::{Filter, Moment, OpenCases, Summary, is_due_today, is_overdue, risk_badge};
use crate::domain::{CaseSummary, Dim, Lang, Taxonomy, relative_time};
use crate::text::{Align, Table};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum QueueFormat {
    Table,
    Json,
}

fn labels(taxonomy: &Taxonomy, dim: Dim, codes: &[String], lang: Lang) -> Vec<String> {
    codes
        .iter()
        .map(|c| taxonomy.label(dim, c, lang).to_string())
        .collect()
}

/// A case as the JSON lists it.
fn case_json(item: &CaseSummary, at: Moment) -> Value {
    let taxonomy = Taxonomy::builtin();
    let today = at.today();
    let tags = &item.case.tags;
    json!({
        "case": item.case.number,
        "status": item.case.status.label(Lang::Ja),
        "owner": item.case.owner,
        "risk": labels(taxonomy, Dim::Risk, tags.get(Dim::Risk), Lang::Ja),
        "age": tags.first(Dim::Age).map(|a| taxonomy.label(Dim::Age, a, Lang::Ja)),
        "infringement": labels(taxonomy, Dim::Infringement, tags.get(Dim::Infringement), Lang::Ja),
        "last_contact_at": item.last_contact_at.map(|t| t.with_timezone(&at.offset).to_rfc3339()),
        "due": item.case.due.map(|d| d.to_string()),
        "overdue": is_overdue(item, today),
        "due_today": is_due_today(item, today),
        "contacts": item.contacts,
        "priority": item.case.priority,
    })
}

/// What fills a [`Streamed`] array: a pass that hands each element over as it is made.
type Fill<'a> =
    Box<dyn FnOnce(&mut dyn FnMut(Value) -> anyhow::Result<()>) -> anyhow::Result<()> + 'a>;

/// A JSON array serialized element by element as `fill` makes them, so serde_json writes
/// the same bytes as for a `Vec` without the `Vec`.
struct Streamed<'a>(RefCell<Option<Fill<'a>>>);

impl Serialize for Streamed<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fill = self
            .0
            .borrow_mut()
            .take()
            .ok_or_else(|| S::Error::custom("the array was already written"))?;
        let mut seq = serializer.serialize_seq(None)?;
        let mut failed_write = None;
        let filled = fill(&mut |element| {
            seq.serialize_element(&element).map_err(|e| {
                failed_write = Some(e);
                anyhow::anyhow!("the output could not be written")
            })
        });
        if let Some(e) = failed_write {
            return Err(e);
        }
        filled.map_err(|e| S::Error::custom(format!("{e:#}")))?;
        seq.end()
    }
}

/// The JSON document, in the order of the shape above.
#[derive(Serialize)]
struct Document<'a> {
    at: String,
    summary: &'a Summary,
    cases: Streamed<'a>,
}

/// Writes the queue: the summary over every open case, then the cases `filter` keeps,
/// ranked, each written as it is read from `cases`.
pub fn write(
    cases: &dyn OpenCases,
    filter: &Filter,
    at: Moment,
    format: QueueFormat,
    lang: Lang,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let taxonomy = Taxonomy::builtin();
    let mut summary = Summary::default();
    cases.each(&mut |item| {
        summary.add(&item, at);
        Ok(())
    })?;
    let today = at.today();
    match format {
        QueueFormat::Json => {
            let fill: Fill = Box::new(|write_case| {
                cases.each_ranked(today, &mut |item| {
                    if filter.keeps(&item, at) {
                        write_case(case_json(&item, at))?;
                    }
                    Ok(())
                })
            });
            let document = Document {
                at: at.now.with_timezone(&at.offset).to_rfc3339(),
                summary: &summary,
                cases: Streamed(RefCell::new(Some(fill))),
            };
            serde_json::to_writer_pretty(&mut *out, &document)?;
            writeln!(out)?;
        }
        QueueFormat::Table => {
            let s = &summary;
            writeln!(
                out,
                "{} {}  {} {}  {} {}  {} {}  {} {}  {} {}",
                lang.pick("対応中", "open"),
                s.open,
                lang.pick("リスク", "risk"),
                s.risk,
                lang.pick("期限切れ", "overdue"),
                s.overdue,
                lang.pick("今日", "today"),
                s.due_today,
                lang.pick("連携待ち", "expert"),
                s.waiting_expert,
                lang.pick("長期未連絡", "stale"),
                s.stale
            )?;
            let owners: Vec<String> = s
                .per_owner
                .iter()
                .map(|(o, n)| {
                    format!(
                        "{} {n}",
                        if o.is_empty() {
                            lang.pick("未割当", "unassigned")
                        } else {
                            o
                        }
                    )
                })
                .collect();
            writeln!(out, "{}", owners.join("  "))?;
            let header = [
                (lang.pick("案件番号", "Case"), 12),
                (lang.pick("リスク", "Risk"), 8),
                (lang.pick("状態", "Status"), 14),
                (lang.pick("担当", "Owner"), 10),
                (lang.pick("年代", "Age"), 8),
                (lang.pick("侵害種別", "Harm"), 20),
                (lang.pick("最終連絡", "Last"), 8),
                (lang.pick("期限", "Due"), 10),
                (lang.pick("件数", "#"), 4),
            ];
            let table = Table::with_widths(header.map(|(_, w)| (Align::Left, w)));
            writeln!(out, "{}", table.line(&header.map(|(h, _)| h)))?;
            cases.each_ranked(today, &mut |item| {
                if !filter.keeps(&item, at) {
                    return Ok(());
                }
                let item = &item;
                let tags = &item.case.tags;
                let due = match item.case.due {
                    Some(d) if is_overdue(item, today) => format!("!{d}"),
                    Some(d) => d.to_string(),
                    None => "—".into(),
                };
                writeln!(
                    out,
                    "{}",
                    table.line(&[
                        item.case.number.clone(),
                        tags.get(Dim::Risk)
                            .iter()
                            .map(|r| risk_badge(r, lang))
                            .collect(),
                        item.case.status.label(lang).to_string(),
                        item.case.owner.clone().unwrap_or_else(|| "—".into()),
                        tags.first(Dim::Age).map_or("—".into(), |a| taxonomy
                            .label(Dim::Age, a, lang)
                            .to_string()),
                        labels(
                            taxonomy,
                            Dim::Infringement,
                            tags.get(Dim::Infringement),
                            lang
                        )
                        .join("、"),
                        relative_time(item.last_touched(), at.now, lang),
                        due,
                        item.contacts.to_string(),
                    ])
                )?;
                Ok(())
            })?;
        }
    }
    Ok(())
}
