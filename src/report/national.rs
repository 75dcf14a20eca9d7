//! The national centre's tables (`soudan report --layout national`), as 違法・有害情報相談センター
//! publishes them (seed 002, 図表3–9):
//! - 相談者数 / 受付件数 / 作業件数: the people (cases) with a contact in the period, those
//!   contacts, and their work items;
//! - per person: 相談者の属性 (当事者の属性) and 権利侵害の対象 (whose rights: 本人, 家族, …);
//! - per work item: 相談内容 (with プライバシー侵害（計）, an item counted once however many
//!   privacy rows it has), 対応手段, 場所, 事業者/サービス (each group's （合計） row over its
//!   services, then 上記以外の事業者/サービス等 for URLs no entry names and その他・不明 for items
//!   without a URL, each with its share) and 違法・有害の区分 (the legal frame of seed 004).
//!
//! A work item counts in the period of its contact. Items are read one at a time, so the
//! memory a report needs does not grow with the period.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::types::Value;

use super::aggregate::{
    NOT_RECORDED, Report, ReportContext, ReportCoverage, Row, RowKind, Table, Totals, Unit,
    add_row, code_label, coded_rows,
};
use super::period::Period;
use crate::domain::{Dim, ItemField, Lang, ReportLayout, TagOption, WorkItem};
use crate::national::{Frame, National};
use crate::store::{Result, Store};

/// The per-person counts: the cases with a contact in the period, by two case tags.
const PEOPLE_SQL: &str = "
WITH period_contacts AS MATERIALIZED (
    SELECT id, case_id FROM contacts
    WHERE started_at >= ?1 AND started_at < ?2 AND case_id IS NOT NULL
),
period_cases AS MATERIALIZED (
    SELECT DISTINCT case_id AS id FROM period_contacts
)
SELECT 'contacts', NULL, COUNT(*) FROM period_contacts
UNION ALL
SELECT 'attribute', k.attribute, COUNT(*) FROM period_cases c JOIN cases k ON k.id = c.id GROUP BY 2
UNION ALL
SELECT 'troubled', k.troubled, COUNT(*) FROM period_cases c JOIN cases k ON k.id = c.id GROUP BY 2
";

/// Every work item of the period's contacts with its values, one row per value (one row
/// with NULLs for an item without any). `CROSS JOIN` keeps the loops in this order, so the
/// rows of one item come together and [`tally_items`] needs only the item it is on.
const ITEMS_SQL: &str = "
SELECT i.id, i.place, v.field, v.value
FROM contacts t CROSS JOIN items i ON i.contact_id = t.id AND i.removed = 0
LEFT JOIN item_values v ON v.item_id = i.id
WHERE t.started_at >= ?1 AND t.started_at < ?2 AND t.case_id IS NOT NULL
";

/// What the work items of a period add up to, before labels.
#[derive(Debug, Default)]
struct ItemCounts {
    items: u64,
    place: BTreeMap<String, u64>,
    no_place: u64,
    content: BTreeMap<String, u64>,
    no_content: u64,
    /// Items with at least one privacy row (プライバシー侵害（計）).
    privacy: u64,
    means: BTreeMap<String, u64>,
    no_means: u64,
    service: BTreeMap<String, u64>,
    /// URLs on no service the directory names: 上記以外の事業者/サービス等.
    other_services: u64,
    /// Neither a service nor a URL: その他・不明.
    unknown_service: u64,
    frame: BTreeMap<Frame, u64>,
    /// Items with a content of each half of the frame (違法な情報, 有害な情報), once each.
    illegal: u64,
    harmful: u64,
    no_frame: u64,
}

impl ItemCounts {
    fn add(&mut self, item: &WorkItem, national: &National) {
        self.items += 1;
        match &item.place {
            Some(place) => *self.place.entry(place.clone()).or_default() += 1,
            None => self.no_place += 1,
        }
        count_each(&mut self.content, &item.contents, &mut self.no_content);
        count_each(&mut self.means, &item.means, &mut self.no_means);
        let mut none = 0;
        count_each(&mut self.service, &item.services, &mut none);
        if none > 0 {
            if item.urls.is_empty() {
                self.unknown_service += 1;
            } else {
                self.other_services += 1;
            }
        }
        let contents: Vec<_> = item
            .contents
            .iter()
            .filter_map(|code| national.classification.content(code))
            .collect();
        if contents.iter().any(|c| c.privacy) {
            self.privacy += 1;
        }
        let frames: BTreeSet<Frame> = contents.iter().filter_map(|c| c.frame).collect();
        for frame in &frames {
            *self.frame.entry(*frame).or_default() += 1;
        }
        if frames.iter().any(|f| f.is_illegal()) {
            self.illegal += 1;
        }
        if frames.iter().any(|f| !f.is_illegal()) {
            self.harmful += 1;
        }
        if frames.is_empty() {
            self.no_frame += 1;
        }
    }
}

/// Each distinct value once (a value listed twice is one answer), or one "none".
fn count_each(counts: &mut BTreeMap<String, u64>, values: &[String], none: &mut u64) {
    let distinct: BTreeSet<&String> = values.iter().collect();
    for value in &distinct {
        *counts.entry((*value).clone()).or_default() += 1;
    }
    if distinct.is_empty() {
        *none += 1;
    }
}

fn tally_items(store: &Store, (from, to): (i64, i64), national: &National) -> Result<ItemCounts> {
    let mut stmt = store.connection().prepare_cached(ITEMS_SQL)?;
    let mut rows = stmt.query(rusqlite::params![from, to])?;
    let mut counts = ItemCounts::default();
    let mut current: Option<(Vec<u8>, WorkItem)> = None;
    while let Some(row) = rows.next()? {
        let id: Vec<u8> = row.get(0)?;
        if current.as_ref().is_none_or(|(at, _)| *at != id) {
            if let Some((_, item)) = current.take() {
                counts.add(&item, national);
            }
            let item = WorkItem {
                place: row.get(1)?,
                ..WorkItem::default()
            };
            current = Some((id, item));
        }
        let field: Option<String> = row.get(2)?;
        let Some((_, item)) = current.as_mut() else {
            continue;
        };
        if let Some(list) = field
            .as_deref()
            .and_then(ItemField::from_key)
            .and_then(|f| item.list_mut(f))
        {
            list.push(row.get(3)?);
        }
    }
    if let Some((_, item)) = current {
        counts.add(&item, national);
    }
    Ok(counts)
}

/// Stored codes (None: no value) and how many have each.
type CodeCounts = Vec<(Option<String>, u64)>;

/// The people and contacts: (contacts, by key → code counts).
fn read_people(
    store: &Store,
    (from, to): (i64, i64),
) -> Result<(u64, BTreeMap<String, CodeCounts>)> {
    let mut stmt = store.connection().prepare_cached(PEOPLE_SQL)?;
    let mut rows = stmt.query(rusqlite::params![from, to])?;
    let mut contacts = 0;
    let mut by_key: BTreeMap<String, CodeCounts> = BTreeMap::new();
    while let Some(row) = rows.next()? {
        let key: String = row.get(0)?;
        let n = u64::try_from(row.get::<_, i64>(2)?).unwrap_or(0);
        if key == "contacts" {
            contacts = n;
            continue;
        }
        let code = match row.get::<_, Value>(1)? {
            Value::Text(code) => Some(code),
            _ => None,
        };
        by_key.entry(key).or_default().push((code, n));
    }
    Ok((contacts, by_key))
}

/// The national report of `period`.
pub(super) fn build(store: &Store, period: Period, context: &ReportContext) -> Result<Report> {
    let shipped;
    let national = match context.national {
        Some(national) => national,
        None => {
            shipped = National::builtin();
            &shipped
        }
    };
    let bounds = period.utc_bounds(context.offset);
    // Both reads in one snapshot, so that the items belong to the contacts counted.
    let snapshot = store.connection().unchecked_transaction()?;
    let (contacts, people) = read_people(store, bounds)?;
    let items = tally_items(store, bounds, national)?;
    let coverage = ReportCoverage::read(store, &period, context.offset)?;
    snapshot.finish()?;

    let lang = context.lang;
    let found = |key: &str| people.get(key).cloned().unwrap_or_default();
    let persons: u64 = found("attribute").iter().map(|(_, n)| n).sum();
    let tables = vec![
        table(
            lang.pick("相談者の属性", "Who consulted"),
            Unit::Case,
            coded_rows(&found("attribute"), context, Dim::Attribute),
        ),
        table(
            lang.pick("権利侵害の対象", "Whose rights"),
            Unit::Case,
            coded_rows(&found("troubled"), context, Dim::Troubled),
        ),
        Table {
            multi: true,
            ..table(
                national.classification.content.label(lang),
                Unit::Item,
                content_rows(&items, national, lang),
            )
        },
        Table {
            multi: true,
            ..table(
                national.classification.means.label(lang),
                Unit::Item,
                option_rows(
                    &national.classification.means.options,
                    &items.means,
                    items.no_means,
                    lang,
                ),
            )
        },
        table(
            national.classification.place.label(lang),
            Unit::Item,
            option_rows(
                &national.classification.place.options,
                &items.place,
                items.no_place,
                lang,
            ),
        ),
        Table {
            multi: true,
            shares: true,
            footnotes: service_notes(lang),
            ..table(
                lang.pick("事業者/サービス", "Operator / service"),
                Unit::Item,
                service_rows(&items, national, lang),
            )
        },
        Table {
            multi: true,
            ..table(
                lang.pick("違法・有害の区分", "Legal frame"),
                Unit::Item,
                frame_rows(&items, lang),
            )
        },
    ];
    Ok(Report {
        period,
        layout: ReportLayout::National,
        lang,
        totals: Totals {
            cases: persons,
            contacts,
            items: items.items,
            ..Totals::default()
        },
        tables,
        talk: Default::default(),
        wrap_up: Default::default(),
        coverage,
    })
}

fn table(name: &str, unit: Unit, rows: Vec<Row>) -> Table {
    Table {
        name: name.to_string(),
        unit,
        multi: false,
        note: None,
        total: Table::sum(&rows),
        rows,
        shares: false,
        footnotes: Vec::new(),
    }
}

/// Every option in its order, zeros included; then 未記入 and codes the list no longer has,
/// only when counted.
fn option_rows(
    options: &[TagOption],
    counts: &BTreeMap<String, u64>,
    missing: u64,
    lang: Lang,
) -> Vec<Row> {
    let mut rows: Vec<Row> = options
        .iter()
        .map(|o| Row::new(o.label(lang), counts.get(&o.code).copied().unwrap_or(0)))
        .collect();
    rows.extend(extra_rows(
        counts,
        |code| options.iter().any(|o| o.code == code),
        missing,
        lang,
    ));
    rows
}

/// The counts of codes `known` does not know, then 未記入.
fn extra_rows(
    counts: &BTreeMap<String, u64>,
    known: impl Fn(&str) -> bool,
    missing: u64,
    lang: Lang,
) -> Vec<Row> {
    let mut extra = Vec::new();
    for (code, n) in counts.iter().filter(|(code, _)| !known(code)) {
        add_row(&mut extra, code_label(code, lang), *n);
    }
    if missing > 0 {
        extra.push(Row::new(lang.pick(NOT_RECORDED.0, NOT_RECORDED.1), missing));
    }
    extra
}

/// 図表6: the contents, with プライバシー侵害（計） after the last privacy row.
fn content_rows(items: &ItemCounts, national: &National, lang: Lang) -> Vec<Row> {
    let spec = &national.classification.content;
    let last_privacy = spec.options.iter().rposition(|c| c.privacy);
    let mut rows = Vec::new();
    for (at, content) in spec.options.iter().enumerate() {
        let n = items.content.get(&content.tag.code).copied().unwrap_or(0);
        rows.push(Row::new(content.tag.label(lang), n));
        if Some(at) == last_privacy {
            rows.push(Row {
                kind: RowKind::Subtotal,
                ..Row::new(spec.privacy_total.get(lang), items.privacy)
            });
        }
    }
    rows.extend(extra_rows(
        &items.content,
        |code| national.classification.content(code).is_some(),
        items.no_content,
        lang,
    ));
    rows
}

/// 図表9: each operator with several services as a （合計） row over them, one with a single
/// service as one row; then the ids the directory no longer has, 上記以外の事業者/サービス等
/// and その他・不明.
fn service_rows(items: &ItemCounts, national: &National, lang: Lang) -> Vec<Row> {
    let directory = &national.services;
    let count = |id: &str| items.service.get(id).copied().unwrap_or(0);
    let mut rows = Vec::new();
    let mut groups_done: BTreeSet<&str> = BTreeSet::new();
    for service in directory.services() {
        if !groups_done.insert(service.group.as_str()) {
            continue;
        }
        let members: Vec<_> = directory.services_of(&service.group).collect();
        if let [only] = members.as_slice() {
            rows.push(Row::new(directory.label(&only.id, lang), count(&only.id)));
            continue;
        }
        let group = directory.group(&service.group);
        let name = group.map_or(service.group.as_str(), |g| lang.pick(&g.ja, &g.en));
        rows.push(Row {
            kind: RowKind::Subtotal,
            ..Row::new(
                format!("{name}{}", lang.pick("（合計）", " (total)")),
                members.iter().map(|s| count(&s.id)).sum(),
            )
        });
        for member in members {
            rows.push(Row {
                kind: RowKind::Nested,
                ..Row::new(lang.pick(&member.ja, &member.en), count(&member.id))
            });
        }
    }
    rows.extend(extra_rows(
        &items.service,
        |id| directory.service(id).is_some(),
        0,
        lang,
    ));
    rows.push(Row::new(
        lang.pick("上記以外の事業者/サービス等", "Other operators / services"),
        items.other_services,
    ));
    rows.push(Row::new(
        lang.pick("その他・不明", "Other / unknown"),
        items.unknown_service,
    ));
    rows
}

/// What the centre says under 図表9.
fn service_notes(lang: Lang) -> Vec<String> {
    let notes: [(&str, &str); 3] = [
        (
            "注1 作業件数を集計したもので、個々の相談が権利侵害にあたるかは判断していない。",
            "Note 1: counted per work item; whether a post infringes rights is not judged here.",
        ),
        (
            "注2 複数のサービスを回答する作業があるため、合計は作業件数と一致しない。",
            "Note 2: one work item may name several services, so the total can exceed the items.",
        ),
        (
            "注3 独自ドメインを利用しているものがあり、実際の事業者が判明しない場合がある。",
            "Note 3: sites on their own domains may hide the real operator.",
        ),
    ];
    notes
        .iter()
        .map(|(ja, en)| lang.pick(ja, en).to_string())
        .collect()
}

/// 違法・有害の区分: each half of the frame as a （計） row (an item once) over its two parts,
/// then the items none of whose contents the frame places.
fn frame_rows(items: &ItemCounts, lang: Lang) -> Vec<Row> {
    let mut rows = Vec::new();
    for (illegal, count) in [(true, items.illegal), (false, items.harmful)] {
        let class = if illegal {
            Frame::RightsInfringing
        } else {
            Frame::PublicOrder
        }
        .class_label(lang);
        rows.push(Row {
            kind: RowKind::Subtotal,
            ..Row::new(format!("{class}{}", lang.pick("（計）", " (total)")), count)
        });
        for frame in Frame::ALL.into_iter().filter(|f| f.is_illegal() == illegal) {
            rows.push(Row {
                kind: RowKind::Nested,
                ..Row::new(
                    frame.label(lang),
                    items.frame.get(&frame).copied().unwrap_or(0),
                )
            });
        }
    }
    rows.push(Row::new(
        lang.pick("区分なし", "Not placed"),
        items.no_frame,
    ));
    rows
}
