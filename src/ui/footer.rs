//! The two bottom lines: the last message, and the keys of the current mode (taken from the
//! active keymap, so they are right whatever the desk rebinds).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::{AfterPick, App, PickerKind, StatusKind};
use crate::domain::{Dim, ItemField, Lang};
use crate::keymap::{Action, Mode};
use crate::text::width;

pub fn render_status(frame: &mut Frame, area: Rect, app: &App) {
    let Some(status) = &app.status else {
        return;
    };
    let style = match status.kind {
        StatusKind::Info => Style::new().fg(Color::Green),
        StatusKind::Warning => Style::new().fg(Color::Yellow),
        StatusKind::Error => Style::new().fg(Color::White).bg(Color::Red),
    };
    frame.render_widget(
        Paragraph::new(Line::styled(format!(" {}", status.text), style)),
        area,
    );
}

pub(super) fn short(action: Action, lang: Lang) -> &'static str {
    match action {
        Action::Quit => lang.pick("終了", "quit"),
        Action::Help => lang.pick("キー一覧", "keys"),
        Action::CallNew => lang.pick("新規通話", "new call"),
        Action::CallFollowUp => lang.pick("継続の通話", "follow-up"),
        Action::CallEnd => lang.pick("通話終了", "end call"),
        Action::CallQuickClose => lang.pick("無言等", "silent etc."),
        Action::RecordClose => lang.pick("記録を閉じる", "close record"),
        Action::UrlAdd => lang.pick("URL追加", "add URL"),
        Action::ItemTag(ItemField::Content) => lang.pick("相談内容", "content"),
        Action::ItemTag(ItemField::Means) => lang.pick("対応手段", "answered"),
        Action::ItemTag(ItemField::Place) => lang.pick("場所", "place"),
        Action::ItemTag(_) => lang.pick("事業者", "service"),
        Action::ItemNext => lang.pick("次の作業", "next item"),
        Action::ItemPrev => lang.pick("前の作業", "prev item"),
        Action::ItemAdvice => lang.pick("案内", "advice"),
        Action::ItemRemove => lang.pick("取消", "take back"),
        Action::NotesEdit => lang.pick("メモ", "notes"),
        Action::Back => lang.pick("戻る", "back"),
        Action::Confirm => lang.pick("決定", "ok"),
        Action::Up | Action::Down => lang.pick("移動", "move"),
        Action::Toggle => lang.pick("選択", "toggle"),
        Action::Search => lang.pick("検索", "search"),
        Action::PageUp | Action::PageDown => lang.pick("ページ", "page"),
        Action::QueueOpen => lang.pick("案件一覧", "queue"),
        Action::QueueMine => lang.pick("自分/全員", "mine/all"),
        Action::QueueRisk => lang.pick("リスク", "risk"),
        Action::QueueOverdue => lang.pick("期限切れ", "overdue"),
        Action::QueueWaiting => lang.pick("連携待ち", "waiting"),
        Action::QueueStale => lang.pick("長期未連絡", "stale"),
        Action::CaseTimeline => lang.pick("経過", "timeline"),
        Action::CaseFollowUp => lang.pick("通話", "call"),
        Action::CaseAssign => lang.pick("担当", "assign"),
        Action::CaseDue => lang.pick("期限", "due"),
        Action::CaseStatus => lang.pick("状態", "status"),
        Action::CaseClose => lang.pick("終了", "close"),
        Action::CasePriority => lang.pick("優先度", "priority"),
        Action::CaseErase => lang.pick("消去", "erase"),
        Action::ConsultBook => lang.pick("専門家予約", "book expert"),
        Action::ConsultResult => lang.pick("相談結果", "consult result"),
        Action::ReferralOpen => lang.pick("紹介先", "referrals"),
        Action::ReferralFlags => lang.pick("状況", "flags"),
        Action::ReferralUndo => lang.pick("取り消し", "undo"),
        Action::StatsOpen => lang.pick("統計", "stats"),
        Action::StatsToday => lang.pick("今日", "today"),
        Action::StatsWeek => lang.pick("今週", "week"),
        Action::StatsHalf => lang.pick("今期", "half"),
        Action::SyncNow => lang.pick("同期", "sync"),
        Action::TagFlow => lang.pick("順に入力", "tag in turn"),
        Action::TagFlowBack => lang.pick("前へ", "previous"),
        Action::TagPrimary => lang.pick("主にする", "primary"),
        Action::CallHistory => lang.pick("これまでの連絡", "earlier contacts"),
        Action::CallCaller => lang.pick("相談者", "caller"),
        Action::CallAttach => lang.pick("続きにする", "attach"),
        Action::Tag(_) => "",
    }
}

/// The key a hint names for `action` (its first one), and a shorter one for a footer too
/// narrow for it. A move (移動) names the first key of each way, up then down (`up/down`,
/// `-/+` on the numpad): one alone does not say how to go the other way; the shorter form
/// is the one listed.
fn hint_key(app: &App, mode: Mode, action: Action) -> Option<(String, String)> {
    let first = |action| app.keymap.keys_for(mode, action).into_iter().next();
    let key = first(action)?;
    match action {
        Action::Up | Action::Down => match (first(Action::Up), first(Action::Down)) {
            (Some(up), Some(down)) => Some((format!("{up}/{down}"), key)),
            _ => Some((key.clone(), key)),
        },
        _ => Some((key.clone(), key)),
    }
}

pub fn render_hints(frame: &mut Frame, area: Rect, app: &App) {
    let lang = app.lang();
    let mode = app.mode();
    // (key, shorter key, label)
    let mut items: Vec<(String, String, String)> = Vec::new();
    if mode == Mode::Picker {
        items.push(("1-9".into(), "1-9".into(), lang.pick("選ぶ", "pick").into()));
    }
    let call_ended = app.call().is_some_and(|c| c.contact.ended_at.is_some());
    let in_flow = app
        .picker
        .as_ref()
        .is_some_and(|p| p.after == AfterPick::NextInFlow);
    let responses = app
        .picker
        .as_ref()
        .is_some_and(|p| p.kind == PickerKind::Tag(Dim::Response));
    let actions: &[Action] = match mode {
        Mode::Ready => &[
            Action::CallNew,
            Action::CallFollowUp,
            Action::QueueOpen,
            Action::StatsOpen,
            Action::Help,
            Action::Quit,
        ],
        Mode::Stats => &[
            Action::StatsToday,
            Action::StatsWeek,
            Action::StatsHalf,
            Action::Help,
            Action::Back,
        ],
        Mode::Queue => &[
            Action::CaseTimeline,
            Action::CaseFollowUp,
            Action::CaseAssign,
            Action::CaseDue,
            Action::CaseStatus,
            Action::QueueMine,
            Action::QueueRisk,
            Action::Search,
            Action::Help,
            Action::Back,
        ],
        Mode::Timeline => &[
            Action::CaseFollowUp,
            Action::CaseAssign,
            Action::CaseDue,
            Action::CaseStatus,
            Action::ConsultBook,
            Action::ConsultResult,
            Action::Help,
            Action::Back,
        ],
        Mode::Referral => &[
            Action::Up,
            Action::Confirm,
            Action::ReferralFlags,
            Action::Search,
            Action::Back,
            Action::PageDown,
        ],
        Mode::ReferralSearch => &[Action::Up, Action::Confirm, Action::Back, Action::PageDown],
        Mode::ReferralFlags => &[Action::Back, Action::ReferralUndo, Action::Help],
        // Most used first; the rest are in the panels' titles and the key list. Once the
        // talk has ended, ending it is no longer offered.
        Mode::Call if call_ended => &[
            Action::NotesEdit,
            Action::ReferralOpen,
            Action::RecordClose,
            Action::Help,
            Action::CallQuickClose,
            Action::CallHistory,
            Action::UrlAdd,
        ],
        Mode::Call => &[
            Action::NotesEdit,
            Action::ReferralOpen,
            Action::CallEnd,
            Action::RecordClose,
            Action::Help,
            Action::CallQuickClose,
            Action::CallHistory,
            Action::UrlAdd,
        ],
        Mode::Picker => {
            let picker = app.picker.as_ref();
            if picker.is_some_and(|p| p.kind == PickerKind::Case) {
                &[Action::Search, Action::Back]
            } else if in_flow && responses {
                &[
                    Action::TagPrimary,
                    Action::Confirm,
                    Action::TagFlow,
                    Action::TagFlowBack,
                    Action::Back,
                ]
            } else if in_flow && picker.is_some_and(|p| p.multi) {
                &[
                    Action::Confirm,
                    Action::TagFlow,
                    Action::TagFlowBack,
                    Action::Back,
                    Action::Toggle,
                ]
            } else if in_flow {
                &[Action::TagFlow, Action::TagFlowBack, Action::Back]
            } else if responses {
                &[
                    Action::Toggle,
                    Action::TagPrimary,
                    Action::Confirm,
                    Action::Back,
                ]
            } else if picker.is_some_and(|p| p.multi) {
                &[Action::Toggle, Action::Confirm, Action::Back]
            } else {
                &[Action::Up, Action::Confirm, Action::Back]
            }
        }
        Mode::Notes => &[Action::Back],
        Mode::Input => &[Action::Confirm, Action::Back],
        Mode::Help => &[Action::Down, Action::Back],
        Mode::History => &[Action::Down, Action::Back],
    };
    let no_history = app.call().is_none_or(|c| c.history.is_empty());
    // Without a call the sheet records nothing, so it does not offer to.
    let records = app.call().is_some() || !matches!(mode, Mode::Referral | Mode::ReferralSearch);
    for &action in actions {
        if action == Action::CallHistory && no_history || action == Action::Confirm && !records {
            continue;
        }
        if let Some((key, shorter)) = hint_key(app, mode, action) {
            let label = match (mode, action) {
                (Mode::Referral | Mode::ReferralSearch, Action::Confirm) => {
                    lang.pick("この紹介先を記録", "record this referral")
                }
                (Mode::Picker, Action::Confirm) if in_flow => lang.pick("次へ", "next"),
                (Mode::Picker, Action::TagFlow) => lang.pick("飛ばす", "skip"),
                (Mode::Picker, Action::Back) if in_flow => lang.pick("やめる", "stop"),
                _ => short(action, lang),
            };
            items.push((key, shorter, label.to_string()));
        }
    }
    let cells = |key: &str, label: &str| width(key) + width(label) + 3;
    // How many hints fit, from the first, with the full or the shorter keys.
    let fitting = |shorter: bool| {
        let mut used = 0;
        items
            .iter()
            .take_while(|(key, short, label)| {
                used += cells(if shorter { short } else { key }, label);
                used <= area.width as usize
            })
            .count()
    };
    // The shorter keys only where they let more hints fit.
    let shorter = fitting(true) > fitting(false);
    let mut spans = Vec::new();
    for (key, short, label) in items.iter().take(fitting(shorter)) {
        let key = if shorter { short } else { key };
        spans.push(Span::styled(
            format!(" {key}"),
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::raw(format!(" {label} ")));
    }
    frame.render_widget(
        Paragraph::new(Line::from(spans)).style(Style::new().bg(Color::Black)),
        area,
    );
}
