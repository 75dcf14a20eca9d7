//! The shift lead's numbers: the headline counts of the chosen period, talk and wrap-up
//! times, open cases now, and bar charts by channel, kind of harm and response.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Block, Paragraph};

use crate::app::{App, StatsPeriod, StatsState};
use crate::domain::{Lang, format_duration};
use crate::keymap::{Action, Mode};
use crate::report::{DurationStats, Report, Table};

const BOLD: Style = Style::new().add_modifier(Modifier::BOLD);

/// A table of the report by its name in either language.
fn table<'a>(report: &'a Report, ja: &str, en: &str) -> Option<&'a Table> {
    report.tables.iter().find(|t| t.name == ja || t.name == en)
}

fn duration(stats: &DurationStats, lang: Lang) -> String {
    let time = |s: Option<i64>| {
        s.map_or("—".into(), |s| {
            format_duration(chrono::Duration::seconds(s))
        })
    };
    match lang {
        Lang::Ja => format!(
            "平均 {}  中央値 {}  最長 {}",
            time(stats.mean_s),
            time(stats.median_s),
            time(stats.longest_s)
        ),
        Lang::En => format!(
            "mean {}  median {}  longest {}",
            time(stats.mean_s),
            time(stats.median_s),
            time(stats.longest_s)
        ),
    }
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, stats: &StatsState) {
    let lang = app.lang();
    let report = &stats.report;
    let [tabs_area, counts_area, times_area, charts_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Min(0),
    ])
    .areas(area);

    let mut tabs = Vec::new();
    for (period, action, label) in [
        (
            StatsPeriod::Today,
            Action::StatsToday,
            lang.pick("今日", "Today"),
        ),
        (
            StatsPeriod::Week,
            Action::StatsWeek,
            lang.pick("今週", "This week"),
        ),
        (
            StatsPeriod::FiscalHalf,
            Action::StatsHalf,
            lang.pick("今期", "This half"),
        ),
    ] {
        let key = app
            .keymap
            .keys_for(Mode::Stats, action)
            .into_iter()
            .next()
            .unwrap_or_default();
        let style = if stats.chosen == period {
            Style::new().fg(Color::Black).bg(Color::Cyan)
        } else {
            Style::new()
        };
        tabs.push(Span::styled(format!(" {key} {label} "), style));
        tabs.push(Span::raw(" "));
    }
    tabs.push(Span::styled(
        format!("│ {}", report.period.label(lang)),
        BOLD,
    ));
    frame.render_widget(Paragraph::new(Line::from(tabs)), tabs_area);

    let t = &report.totals;
    let counts = match lang {
        Lang::Ja => format!(
            " 新規受付 {}件  延べ受付 {}件  延べ対応 {}件  相談開設日数 {}日  対応中の案件 {}件",
            t.new_cases, t.contacts, t.responses, t.days_open, stats.open_cases
        ),
        Lang::En => format!(
            " new cases {}  contacts {}  responses {}  days open {}  open cases {}",
            t.new_cases, t.contacts, t.responses, t.days_open, stats.open_cases
        ),
    };
    frame.render_widget(Paragraph::new(Line::styled(counts, BOLD)), counts_area);
    let times = vec![
        Line::raw(format!(
            " {} {}",
            lang.pick("通話時間", "Talk   "),
            duration(&report.talk, lang)
        )),
        Line::raw(format!(
            " {} {}",
            lang.pick("後処理  ", "Wrap-up"),
            duration(&report.wrap_up, lang)
        )),
    ];
    frame.render_widget(Paragraph::new(times), times_area);

    let charts = [
        table(report, "手法別", "By channel"),
        table(report, "侵害種別", "By kind of harm"),
        table(report, "対応別", "By response"),
    ];
    let areas = Layout::horizontal([Constraint::Ratio(1, 3); 3]).split(charts_area);
    for (table, area) in charts.into_iter().zip(areas.iter()) {
        if let Some(table) = table {
            render_chart(frame, *area, table);
        }
    }
}

fn render_chart(frame: &mut Frame, area: Rect, table: &Table) {
    let bars: Vec<Bar> = table
        .rows
        .iter()
        .map(|row| Bar::with_label(row.label.clone(), row.count).text_value(row.count.to_string()))
        .collect();
    let chart = BarChart::horizontal(bars)
        .block(Block::bordered().title(format!(" {} ({}) ", table.name, table.total)))
        .bar_width(1)
        .bar_gap(0)
        .bar_style(Style::new().fg(Color::Cyan))
        .value_style(Style::new().fg(Color::White).add_modifier(Modifier::BOLD));
    frame.render_widget(chart, area);
}
