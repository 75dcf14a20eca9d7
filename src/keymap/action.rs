//! What a key can do. Action names are part of the keymap file format: they stay stable
//! across versions so that desks' keymaps keep working.

use crate::domain::{Dim, ItemField, Lang, Taxonomy};

/// The modes a keymap has one table for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    /// Between calls.
    Ready,
    /// A call (or its wrap-up) is on screen.
    Call,
    /// A list of options is open (tags, quick close, cases).
    Picker,
    /// Typing notes.
    Notes,
    /// Typing one line (a URL, a case number).
    Input,
    /// The key list.
    Help,
    /// The shift lead's queue of open cases.
    Queue,
    /// One case from start to now.
    Timeline,
    /// The referral sheet, answering the guided questions.
    Referral,
    /// The referral sheet, typing a search.
    ReferralSearch,
    /// The referral sheet, toggling what is at stake (letters toggle flags only here).
    ReferralFlags,
    /// Today's, this week's and this fiscal half's numbers.
    Stats,
    /// The earlier contacts of a follow-up's case, in full.
    History,
}

impl Mode {
    pub const ALL: [Mode; 13] = [
        Mode::Ready,
        Mode::Call,
        Mode::Picker,
        Mode::Notes,
        Mode::Input,
        Mode::Help,
        Mode::Queue,
        Mode::Timeline,
        Mode::Referral,
        Mode::ReferralSearch,
        Mode::ReferralFlags,
        Mode::Stats,
        Mode::History,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Mode::Ready => "ready",
            Mode::Call => "call",
            Mode::Picker => "picker",
            Mode::Notes => "notes",
            Mode::Input => "input",
            Mode::Help => "help",
            Mode::Queue => "queue",
            Mode::Timeline => "timeline",
            Mode::Referral => "referral",
            Mode::ReferralSearch => "referral_search",
            Mode::ReferralFlags => "referral_flags",
            Mode::Stats => "stats",
            Mode::History => "history",
        }
    }

    pub fn from_key(key: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.key() == key)
    }

    /// What the key list calls this mode.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Mode::Ready => lang.pick("待機中", "ready"),
            Mode::Call => lang.pick("通話・記録", "call"),
            Mode::Picker => lang.pick("選択肢", "options"),
            Mode::Notes => lang.pick("メモ編集", "notes"),
            Mode::Input => lang.pick("入力", "input"),
            Mode::Help => lang.pick("キー一覧", "keys"),
            Mode::Queue => lang.pick("案件一覧", "queue"),
            Mode::Timeline => lang.pick("案件の経過", "timeline"),
            Mode::Referral => lang.pick("紹介先", "referrals"),
            Mode::ReferralSearch => lang.pick("紹介先の検索", "referral search"),
            Mode::ReferralFlags => lang.pick("紹介先の状況の切り替え", "referral flags"),
            Mode::Stats => lang.pick("統計", "statistics"),
            Mode::History => lang.pick("これまでの連絡", "earlier contacts"),
        }
    }

    /// Modes where typed characters are text: binding a plain character there would make
    /// it impossible to type.
    pub fn takes_text(self) -> bool {
        matches!(self, Mode::Notes | Mode::Input | Mode::ReferralSearch)
    }

    /// The action that must stay bound so a person is never stuck in this mode.
    pub fn way_out(self) -> Action {
        match self {
            Mode::Ready => Action::Quit,
            Mode::Call => Action::RecordClose,
            _ => Action::Back,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Quit,
    Help,
    CallNew,
    CallFollowUp,
    CallEnd,
    CallQuickClose,
    RecordClose,
    Tag(Dim),
    /// Open the next dimension still untagged, in the desk's order.
    TagFlow,
    /// Back to the dimension the tagging flow showed before this one.
    TagFlowBack,
    /// Make the highlighted 対応 the primary one.
    TagPrimary,
    /// Show the earlier contacts' notes and URLs.
    CallHistory,
    /// Who is calling: their number, e-mail or LINE name, kept only as the desk's hash.
    CallCaller,
    /// This first call belongs to the caller's latest earlier case: make it a follow-up there.
    CallAttach,
    UrlAdd,
    /// Tag the work item on screen: 相談内容, 対応手段, 場所 or 事業者/サービス.
    ItemTag(ItemField),
    /// Move to the next or the previous work item of the call.
    ItemNext,
    ItemPrev,
    /// What to tell the caller about the work item's site (deletion, evidence, disclosure).
    ItemAdvice,
    /// Take back the work item on screen (started by mistake), with its URL.
    ItemRemove,
    NotesEdit,
    Back,
    Confirm,
    Up,
    Down,
    Toggle,
    Search,
    PageUp,
    PageDown,
    QueueOpen,
    QueueMine,
    QueueRisk,
    QueueOverdue,
    QueueWaiting,
    QueueStale,
    CaseTimeline,
    CaseFollowUp,
    CaseAssign,
    CaseDue,
    CaseStatus,
    CaseClose,
    CasePriority,
    CaseErase,
    ConsultBook,
    ConsultResult,
    ReferralOpen,
    ReferralFlags,
    ReferralUndo,
    StatsOpen,
    StatsToday,
    StatsWeek,
    StatsHalf,
    SyncNow,
}

/// Every action but the tags, with its stable name in keymap files.
const NAMED: [(Action, &str); 55] = [
    (Action::Quit, "quit"),
    (Action::Help, "help"),
    (Action::CallNew, "call.new"),
    (Action::CallFollowUp, "call.follow_up"),
    (Action::CallEnd, "call.end"),
    (Action::CallQuickClose, "call.quick_close"),
    (Action::RecordClose, "record.close"),
    (Action::TagFlow, "tag.flow"),
    (Action::TagFlowBack, "tag.flow_back"),
    (Action::TagPrimary, "tag.primary"),
    (Action::CallHistory, "call.history"),
    (Action::CallCaller, "call.caller"),
    (Action::CallAttach, "call.attach"),
    (Action::UrlAdd, "tag.url"),
    (Action::ItemTag(ItemField::Content), "item.content"),
    (Action::ItemTag(ItemField::Means), "item.means"),
    (Action::ItemTag(ItemField::Place), "item.place"),
    (Action::ItemTag(ItemField::Service), "item.service"),
    (Action::ItemNext, "item.next"),
    (Action::ItemPrev, "item.prev"),
    (Action::ItemAdvice, "item.advice"),
    (Action::ItemRemove, "item.remove"),
    (Action::NotesEdit, "notes.edit"),
    (Action::Back, "back"),
    (Action::Confirm, "confirm"),
    (Action::Up, "up"),
    (Action::Down, "down"),
    (Action::Toggle, "toggle"),
    (Action::Search, "search"),
    (Action::PageUp, "page_up"),
    (Action::PageDown, "page_down"),
    (Action::QueueOpen, "queue.open"),
    (Action::QueueMine, "queue.mine"),
    (Action::QueueRisk, "queue.risk"),
    (Action::QueueOverdue, "queue.overdue"),
    (Action::QueueWaiting, "queue.waiting"),
    (Action::QueueStale, "queue.stale"),
    (Action::CaseTimeline, "case.timeline"),
    (Action::CaseFollowUp, "case.follow_up"),
    (Action::CaseAssign, "case.assign"),
    (Action::CaseDue, "case.due"),
    (Action::CaseStatus, "case.status"),
    (Action::CaseClose, "case.close"),
    (Action::CasePriority, "case.priority"),
    (Action::CaseErase, "case.erase"),
    (Action::ConsultBook, "consult.book"),
    (Action::ConsultResult, "consult.result"),
    (Action::ReferralOpen, "referral.open"),
    (Action::ReferralFlags, "referral.flags"),
    (Action::ReferralUndo, "referral.undo"),
    (Action::StatsOpen, "stats.open"),
    (Action::StatsToday, "stats.today"),
    (Action::StatsWeek, "stats.week"),
    (Action::StatsHalf, "stats.half"),
    (Action::SyncNow, "sync.now"),
];

impl Action {
    pub fn all() -> Vec<Action> {
        let mut all: Vec<Action> = NAMED.iter().map(|(action, _)| *action).collect();
        all.extend(Dim::ALL.map(Action::Tag));
        all
    }

    pub fn name(self) -> String {
        match self {
            Action::Tag(dim) => format!("tag.{}", dim.key()),
            other => NAMED
                .iter()
                .find(|(action, _)| *action == other)
                .map_or_else(String::new, |(_, name)| name.to_string()),
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::all().into_iter().find(|a| a.name() == name)
    }

    /// Where the action means something. Binding it elsewhere is reported, not ignored.
    pub fn modes(self) -> &'static [Mode] {
        match self {
            Action::Quit => &[Mode::Ready, Mode::Call],
            Action::Help => &[
                Mode::Ready,
                Mode::Call,
                Mode::Picker,
                Mode::Help,
                Mode::Queue,
                Mode::Timeline,
                Mode::Referral,
                Mode::ReferralFlags,
                Mode::Stats,
                Mode::History,
            ],
            Action::CallNew | Action::CallFollowUp | Action::QueueOpen | Action::StatsOpen => {
                &[Mode::Ready]
            }
            Action::StatsToday | Action::StatsWeek | Action::StatsHalf => &[Mode::Stats],
            Action::SyncNow => &[Mode::Ready, Mode::Queue],
            Action::CallEnd
            | Action::CallQuickClose
            | Action::RecordClose
            | Action::Tag(_)
            | Action::UrlAdd
            | Action::ItemTag(_)
            | Action::ItemNext
            | Action::ItemPrev
            | Action::ItemAdvice
            | Action::ItemRemove
            | Action::CallCaller
            | Action::CallAttach
            | Action::NotesEdit => &[Mode::Call],
            // In a picker, the flow moves on (skipping this dimension) or back.
            Action::TagFlow => &[Mode::Call, Mode::Picker],
            Action::TagFlowBack | Action::TagPrimary => &[Mode::Picker],
            Action::CallHistory => &[Mode::Call, Mode::History],
            Action::Back => &[
                Mode::Picker,
                Mode::Notes,
                Mode::Input,
                Mode::Help,
                Mode::Queue,
                Mode::Timeline,
                Mode::Referral,
                Mode::ReferralSearch,
                Mode::ReferralFlags,
                Mode::Stats,
                Mode::History,
            ],
            Action::Confirm => &[
                Mode::Picker,
                Mode::Input,
                Mode::Referral,
                Mode::ReferralSearch,
            ],
            Action::Up | Action::Down | Action::PageUp | Action::PageDown => &[
                Mode::Picker,
                Mode::Help,
                Mode::History,
                Mode::Queue,
                Mode::Timeline,
                Mode::Referral,
                Mode::ReferralSearch,
            ],
            Action::Toggle => &[Mode::Picker],
            Action::ReferralFlags => &[Mode::Referral],
            Action::ReferralUndo => &[Mode::Referral, Mode::ReferralFlags],
            Action::Search => &[Mode::Picker, Mode::Queue, Mode::Referral],
            Action::ReferralOpen => &[
                Mode::Ready,
                Mode::Call,
                Mode::Notes,
                Mode::Queue,
                Mode::Timeline,
            ],
            Action::QueueMine
            | Action::QueueRisk
            | Action::QueueOverdue
            | Action::QueueWaiting
            | Action::QueueStale
            | Action::CaseTimeline => &[Mode::Queue],
            Action::CaseFollowUp
            | Action::CaseAssign
            | Action::CaseDue
            | Action::CaseStatus
            | Action::CaseClose
            | Action::CasePriority
            | Action::ConsultResult => &[Mode::Queue, Mode::Timeline],
            Action::ConsultBook => &[Mode::Queue, Mode::Timeline, Mode::Call],
            // Only where the case is on screen with its history: never one key away in a list.
            Action::CaseErase => &[Mode::Timeline],
        }
    }

    /// What the help overlay says the key does.
    pub fn describe(self, lang: Lang, taxonomy: &Taxonomy) -> String {
        let (ja, en) = match self {
            Action::Quit => ("終了", "Quit"),
            Action::Help => ("キー一覧", "Show keys"),
            Action::CallNew => ("新しい相談の通話を開始", "Start a call on a new case"),
            Action::CallFollowUp => ("既存の案件で通話を開始", "Start a follow-up call on a case"),
            Action::CallEnd => ("通話終了(後処理へ)", "End the call (wrap-up)"),
            Action::CallQuickClose => (
                "無言・いたずら・途中切断として記録",
                "Log a silent, prank or broken-off call",
            ),
            Action::RecordClose => ("記録を閉じる", "Close the record"),
            Action::Tag(dim) => {
                let label = taxonomy.spec(dim).label(lang);
                return match lang {
                    Lang::Ja => format!("{label}を選ぶ"),
                    Lang::En => format!("Tag: {label}"),
                };
            }
            Action::TagFlow => (
                "次の未入力の項目へ(タグ付けの流れ)",
                "Next untagged item (tagging flow)",
            ),
            Action::TagFlowBack => ("前の項目に戻る", "Back to the previous item"),
            Action::TagPrimary => ("主な対応にする", "Make it the primary response"),
            Action::CallHistory => (
                "これまでの連絡のメモとURL",
                "Earlier contacts' notes and URLs",
            ),
            Action::UrlAdd => (
                "投稿のURLを追加(作業を1件始める)",
                "Add the URL of a post (starts a work item)",
            ),
            Action::ItemTag(ItemField::Content) => ("作業の相談内容を選ぶ", "Work item: content"),
            Action::ItemTag(ItemField::Means) => {
                ("作業の対応手段を選ぶ", "Work item: how answered")
            }
            Action::ItemTag(ItemField::Place) => ("作業の場所を選ぶ", "Work item: place"),
            Action::ItemTag(_) => ("作業の事業者/サービスを選ぶ", "Work item: service"),
            Action::ItemNext => ("次の作業へ", "Next work item"),
            Action::ItemPrev => ("前の作業へ", "Previous work item"),
            Action::ItemAdvice => (
                "作業の案内(削除依頼・証拠保全・発信者情報開示)",
                "Advice for the work item (deletion, evidence, disclosure)",
            ),
            Action::ItemRemove => (
                "この作業を取り消す(誤って追加したURL)",
                "Take back this work item (a URL added by mistake)",
            ),
            Action::CallCaller => (
                "相談者の電話番号・メール・LINE名(過去の案件を探す)",
                "Caller's number, e-mail or LINE name (finds earlier cases)",
            ),
            Action::CallAttach => (
                "この通話を相談者の最新の案件の続きにする",
                "Make this call a follow-up of the caller's latest case",
            ),
            Action::NotesEdit => ("メモを書く", "Write notes"),
            Action::Back => ("戻る", "Back"),
            Action::Confirm => ("決定", "Confirm"),
            Action::Up => ("上へ", "Up"),
            Action::Down => ("下へ", "Down"),
            Action::Toggle => ("選択/解除", "Select / unselect"),
            Action::Search => ("検索", "Search"),
            Action::PageUp => ("前のページ", "Page up"),
            Action::PageDown => ("次のページ", "Page down"),
            Action::QueueOpen => ("案件一覧(対応中の案件)", "Queue of open cases"),
            Action::QueueMine => ("自分の担当だけ / すべて", "Mine only / all"),
            Action::QueueRisk => ("リスクありだけ", "Risk only"),
            Action::QueueOverdue => ("期限切れだけ", "Overdue only"),
            Action::QueueWaiting => ("専門家連携待ちだけ", "Waiting for an expert only"),
            Action::QueueStale => ("長く連絡のない案件だけ", "Untouched for long only"),
            Action::CaseTimeline => ("案件の経過を見る", "Open the case's timeline"),
            Action::CaseFollowUp => (
                "この案件で通話を開始",
                "Start a follow-up call on this case",
            ),
            Action::CaseAssign => ("担当者を決める", "Assign to a counselor"),
            Action::CaseDue => (
                "フォローアップ期限を設定",
                "Set or clear the follow-up date",
            ),
            Action::CaseStatus => ("状態を変える", "Change the status"),
            Action::CaseClose => ("案件を終了する", "Close the case"),
            Action::CasePriority => ("優先度を変える", "Change the priority"),
            Action::CaseErase => (
                "個人情報(メモ・URL・自由記述)を消去",
                "Erase the personal data (notes, URLs, free text)",
            ),
            Action::ConsultBook => ("専門家相談を予約", "Book an expert consult"),
            Action::ConsultResult => (
                "専門家相談の結果を記録",
                "Record an expert consult's result",
            ),
            Action::ReferralOpen => (
                "紹介先シート(通話中も使える)",
                "Referral sheet (also during a call)",
            ),
            Action::ReferralFlags => (
                "状況(身の危険・未成年など)を切り替える",
                "Toggle what is at stake (danger, minor…)",
            ),
            Action::ReferralUndo => (
                "直前の回答の変更を取り消す",
                "Undo the last change to the answers",
            ),
            Action::StatsOpen => ("統計(今日・今週・今期)", "Statistics (today, week, half)"),
            Action::StatsToday => ("今日", "Today"),
            Action::StatsWeek => ("今週", "This week"),
            Action::StatsHalf => ("今期(年度の半期)", "This fiscal half"),
            Action::SyncNow => (
                "今すぐ同期([sync] url の設定時)",
                "Sync now (with [sync] url)",
            ),
        };
        match lang {
            Lang::Ja => ja.into(),
            Lang::En => en.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stable_action_names_exist() {
        for name in [
            "quit",
            "help",
            "call.new",
            "call.end",
            "record.close",
            "tag.channel",
            "tag.age",
            "tag.role",
            "tag.infringement",
            "tag.response",
            "notes.edit",
        ] {
            let action = Action::from_name(name).unwrap_or_else(|| panic!("{name} is gone"));
            assert_eq!(action.name(), name);
        }
    }
}
