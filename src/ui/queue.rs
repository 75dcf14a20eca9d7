//! The queue of open cases: a summary line, the active filters, and one row per case in the
//! order that puts who needs attention first. Fits 80 columns.

use chrono::{DateTime, NaiveDate, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::{App, QueueState};
use crate::domain::{CaseSummary, Dim, Lang, relative_time};
use crate::queue::{has_risk, is_due_today, is_overdue, risk_badge, short_date, status_short};
use crate::text::{fit, pad};

const HEADER: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
const RISK: Style = Style::new().fg(Color::Red).add_modifier(Modifier::BOLD);

struct Columns {
    number: usize,
    risk: usize,
    status: usize,
    owner: usize,
    age: usize,
    harm: usize,
    last: usize,
    due: usize,
    count: usize,
}

impl Columns {
    fn for_width(width: usize) -> Columns {
        let mut c = Columns {
            number: 10,
            risk: 6,
            status: 8,
            owner: 8,
            age: 8,
            harm: 0,
            last: 8,
            due: 7,
            count: 3,
        };
        let fixed = c.number + c.risk + c.status + c.owner + c.age + c.last + c.due + c.count + 9;
        c.harm = width.saturating_sub(fixed).max(6);
        if c.harm > 30 {
            // Wide screens give the owner more room, then the harms.
            c.owner += 4;
            c.harm -= 4;
        }
        c
    }
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, queue: &QueueState, now: DateTime<Utc>) {
    let lang = app.lang();
    let [summary_area, filter_area, header_area, rows_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    let width = area.width as usize;
    frame.render_widget(
        Paragraph::new(summary_line(app, queue, width)),
        summary_area,
    );
    frame.render_widget(Paragraph::new(filter_line(app, queue, width)), filter_area);

    let c = Columns::for_width(width);
    let heading = [
        (lang.pick("案件番号", "Case"), c.number),
        (lang.pick("リスク", "Risk"), c.risk),
        (lang.pick("状態", "Status"), c.status),
        (lang.pick("担当", "Owner"), c.owner),
        (lang.pick("年代", "Age"), c.age),
        (lang.pick("侵害種別", "Harm"), c.harm),
        (lang.pick("最終連絡", "Last"), c.last),
        (lang.pick("期限", "Due"), c.due),
        (lang.pick("件", "#"), c.count),
    ]
    .map(|(label, w)| pad(label, w))
    .join(" ");
    frame.render_widget(
        Paragraph::new(Line::styled(format!(" {heading}"), HEADER)),
        header_area,
    );

    if queue.shown.is_empty() {
        let empty = if queue.all.is_empty() {
            lang.pick(" 対応中の案件はありません", " No open cases")
        } else {
            lang.pick(
                " 条件に合う案件はありません",
                " No case matches the filters",
            )
        };
        frame.render_widget(
            Paragraph::new(Line::styled(empty, Style::new().fg(Color::DarkGray))),
            rows_area,
        );
        return;
    }
    let visible = rows_area.height as usize;
    let first = queue.cursor.saturating_sub(visible.saturating_sub(1));
    let today = queue.at.today();
    let lines: Vec<Line> = queue
        .shown_cases()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(i, item)| {
            let line = row(app, item, &c, today, now);
            if i == queue.cursor {
                line.style(Style::new().add_modifier(Modifier::REVERSED))
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), rows_area);
}

fn row(
    app: &App,
    item: &CaseSummary,
    c: &Columns,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Line<'static> {
    let lang = app.lang();
    let tags = &item.case.tags;
    let badges: String = tags
        .get(Dim::Risk)
        .iter()
        .map(|r| risk_badge(r, lang))
        .collect();
    let age = tags
        .first(Dim::Age)
        .map_or("—", |a| app.taxonomy.label(Dim::Age, a, lang));
    let harms: Vec<&str> = tags
        .get(Dim::Infringement)
        .iter()
        .map(|h| app.taxonomy.label(Dim::Infringement, h, lang))
        .collect();
    let (due, due_style) = match item.case.due {
        Some(_) if is_due_today(item, today) => (
            lang.pick("今日", "today").to_string(),
            Style::new().fg(Color::Yellow),
        ),
        Some(date) if is_overdue(item, today) => (format!("!{}", short_date(date, today)), RISK),
        Some(date) => (short_date(date, today), Style::new()),
        None => ("—".to_string(), Style::new().fg(Color::DarkGray)),
    };
    let risk_style = if has_risk(item) { RISK } else { Style::new() };
    vec![
        Span::raw(format!(" {} ", pad(&item.case.number, c.number))),
        Span::styled(format!("{} ", pad(&badges, c.risk)), risk_style),
        Span::raw(format!(
            "{} ",
            pad(status_short(item.case.status, lang), c.status)
        )),
        Span::raw(format!(
            "{} ",
            pad(item.case.owner.as_deref().unwrap_or("—"), c.owner)
        )),
        Span::raw(format!("{} ", pad(age, c.age))),
        Span::raw(format!(
            "{} ",
            pad(&harms.join(lang.list_separator()), c.harm)
        )),
        Span::raw(format!(
            "{} ",
            pad(&relative_time(item.last_touched(), now, lang), c.last)
        )),
        Span::styled(format!("{} ", pad(&due, c.due)), due_style),
        Span::raw(format!("{:>w$}", item.contacts, w = c.count)),
    ]
    .into()
}

fn summary_line(app: &App, queue: &QueueState, width: usize) -> Line<'static> {
    let lang = app.lang();
    let s = &queue.summary;
    let counts = match lang {
        Lang::Ja => format!(
            " 対応中 {}件  リスク {}  期限切れ {}  今日 {}  連携待ち {}  長期未連絡 {}",
            s.open, s.risk, s.overdue, s.due_today, s.waiting_expert, s.stale
        ),
        Lang::En => format!(
            " {} open  risk {}  overdue {}  today {}  expert {}  stale {}",
            s.open, s.risk, s.overdue, s.due_today, s.waiting_expert, s.stale
        ),
    };
    // Named owners by how many they hold, the unassigned last.
    let mut per_owner: Vec<(&String, &usize)> = s.per_owner.iter().collect();
    per_owner.sort_by_key(|(owner, n)| (owner.is_empty(), std::cmp::Reverse(**n)));
    let owners: Vec<String> = per_owner
        .into_iter()
        .map(|(owner, n)| {
            let name = if owner.is_empty() {
                lang.pick("未割当", "unassigned")
            } else {
                owner
            };
            format!("{name} {n}")
        })
        .collect();
    let owners = fit(
        &owners.join("  "),
        width.saturating_sub(crate::text::width(&counts) + 3),
    );
    Line::from(vec![
        Span::styled(counts, Style::new().add_modifier(Modifier::BOLD)),
        Span::raw(" │ "),
        Span::raw(owners),
    ])
}

fn filter_line(app: &App, queue: &QueueState, width: usize) -> Line<'static> {
    let lang = app.lang();
    let f = &queue.filter;
    let mut parts: Vec<String> = Vec::new();
    if f.owner.is_some() {
        parts.push(lang.pick("自分の担当", "mine").into());
    }
    if f.risk_only {
        parts.push(lang.pick("リスクあり", "risk").into());
    }
    if f.overdue_only {
        parts.push(lang.pick("期限切れ", "overdue").into());
    }
    if f.waiting_only {
        parts.push(lang.pick("連携待ち", "waiting for expert").into());
    }
    if let Some(days) = f.stale_days {
        parts.push(match lang {
            Lang::Ja => format!("{days}日以上連絡なし"),
            Lang::En => format!("untouched > {days} days"),
        });
    }
    if !queue.text.is_empty() {
        parts.push(format!("「{}」", queue.text));
    }
    let shown = if parts.is_empty() {
        lang.pick("すべて", "all").to_string()
    } else {
        parts.join(" · ")
    };
    let text = match lang {
        Lang::Ja => format!(" 表示: {shown} — {}件", queue.shown.len()),
        Lang::En => format!(" Showing: {shown} — {}", queue.shown.len()),
    };
    Line::styled(fit(&text, width), Style::new().fg(Color::Yellow))
}
