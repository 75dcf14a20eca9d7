//! The header: who is on the line, which case, which channel, the desk's time, and the
//! call timer, which changes colour past the configured thresholds.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::App;
use crate::domain::{Dim, format_duration};
use crate::text::{fit, width};

pub const BAR: Style = Style::new().fg(Color::White).bg(Color::Blue);

pub fn render(frame: &mut Frame, area: Rect, app: &App, now: DateTime<Utc>) {
    let lang = app.lang();
    let local = now.with_timezone(&app.settings.desk_offset).format("%H:%M");
    let sep = Span::raw(" │ ");
    let mut left = vec![
        Span::styled(
            lang.pick(" 相談 ", " soudan "),
            BAR.add_modifier(Modifier::BOLD),
        ),
        Span::raw(format!(
            "{} {}",
            lang.pick("相談員", "Counselor"),
            app.settings.counselor
        )),
        sep.clone(),
    ];
    let mut right = Vec::new();
    match &app.screen {
        crate::app::Screen::Ready => {
            left.push(Span::raw(lang.pick("待機中", "Ready").to_string()));
        }
        crate::app::Screen::Queue(_) => {
            left.push(Span::raw(lang.pick("案件一覧", "Queue").to_string()));
        }
        crate::app::Screen::Stats(_) => {
            left.push(Span::raw(lang.pick("統計", "Statistics").to_string()));
        }
        crate::app::Screen::Timeline(timeline) => {
            left.push(Span::styled(
                format!("{} {}", lang.pick("案件", "Case"), timeline.case.number),
                Style::new().add_modifier(Modifier::BOLD),
            ));
            left.push(Span::raw(format!(" {}", lang.pick("の経過", "timeline"))));
        }
        crate::app::Screen::Call(call) => {
            let nth = call.history.len() + 1;
            left.push(Span::styled(
                format!("{} {}", lang.pick("案件", "Case"), call.case.number),
                Style::new().add_modifier(Modifier::BOLD),
            ));
            if nth > 1 {
                left.push(Span::raw(match lang {
                    crate::domain::Lang::Ja => format!(" ({nth}回目)"),
                    crate::domain::Lang::En => format!(" (#{nth})"),
                }));
            }
            left.push(sep.clone());
            let channel = call
                .contact
                .tags
                .first(Dim::Channel)
                .map(|c| app.taxonomy.label(Dim::Channel, c, lang))
                .unwrap_or("—");
            left.push(Span::raw(channel.to_string()));
            right = timer_spans(app, call, now);
        }
    }
    // The timer is drawn over the right end: where both do not fit, the clock is left out
    // and then the counselor's name shortened, rather than half of them covered.
    let cells = |spans: &[Span]| spans.iter().map(|s| width(&s.content)).sum::<usize>();
    let room = (area.width as usize).saturating_sub(cells(&right));
    let mut clock = Vec::new();
    if let Some(sync) = &app.sync {
        clock.extend([sep.clone(), sync_span(sync, app)]);
    }
    clock.extend([sep, Span::raw(local.to_string())]);
    if cells(&left) + cells(&clock) <= room {
        left.extend(clock);
    } else if let Some(over) = cells(&left).checked_sub(room).filter(|&over| over > 0) {
        let name = &mut left[1];
        name.content = fit(&name.content, width(&name.content).saturating_sub(over)).into();
    }
    frame.render_widget(Paragraph::new(Line::from(left)).style(BAR), area);
    frame.render_widget(
        Paragraph::new(Line::from(right)).alignment(Alignment::Right),
        area,
    );
}

/// Background sync as the header says it: オフライン, or when it last worked, and what
/// this workstation still has to send.
fn sync_span<'a>(sync: &crate::app::SyncIndicator, app: &App) -> Span<'a> {
    let lang = app.lang();
    let mut text = if sync.running {
        lang.pick("同期中…", "syncing…").to_string()
    } else if sync.offline {
        lang.pick("オフライン", "offline").to_string()
    } else {
        match sync.last_ok {
            Some(at) => format!(
                "{} {}",
                lang.pick("同期", "synced"),
                at.with_timezone(&app.settings.desk_offset).format("%H:%M")
            ),
            None => lang.pick("未同期", "not synced").to_string(),
        }
    };
    if sync.pending > 0 {
        text.push_str(&match lang {
            crate::domain::Lang::Ja => format!("・未送信{}", sync.pending),
            crate::domain::Lang::En => format!(", {} to send", sync.pending),
        });
    }
    let style = if sync.offline && !sync.running {
        Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
    } else {
        Style::new()
    };
    Span::styled(text, style)
}

fn timer_spans<'a>(app: &App, call: &crate::app::CallState, now: DateTime<Utc>) -> Vec<Span<'a>> {
    let lang = app.lang();
    let contact = &call.contact;
    match contact.ended_at {
        None => {
            let talk = now - contact.started_at;
            let minutes = talk.num_minutes();
            let color = if minutes >= i64::from(app.settings.timer_alert_minutes) {
                Color::Red
            } else if minutes >= i64::from(app.settings.timer_warn_minutes) {
                Color::Yellow
            } else {
                Color::Green
            };
            vec![Span::styled(
                format!(
                    " ● {} {} ",
                    lang.pick("通話中", "On call"),
                    format_duration(talk)
                ),
                Style::new()
                    .fg(Color::Black)
                    .bg(color)
                    .add_modifier(Modifier::BOLD),
            )]
        }
        Some(ended) => vec![Span::styled(
            format!(
                " {} {} ",
                lang.pick("後処理", "Wrap-up"),
                format_duration(now - ended)
            ),
            Style::new().fg(Color::Black).bg(Color::Cyan),
        )],
    }
}
