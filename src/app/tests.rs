//! Transitions of the pure core: keys in, state and effects out. No store, no terminal.

use chrono::{DateTime, Duration, TimeZone, Utc};
use uuid::Uuid;

use super::*;
use crate::config::Settings;
use crate::domain::{CaseRecord, CaseStatus, ContactRecord, OpKind, TagSet};
use crate::keymap::{self, parse_sequence};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 6, 10, 5, 0, 0).unwrap()
}

fn app() -> App {
    App::new(
        Settings::for_tests(),
        keymap::load("default", None).unwrap(),
    )
}

/// An app with a fresh call on screen (as the session would put it there).
fn in_call() -> App {
    let mut app = app();
    let case = CaseRecord {
        id: Uuid::now_v7(),
        number: "T-00001".into(),
        opened_at: t0(),
        tags: TagSet::default(),
        status: CaseStatus::Open,
        owner: None,
        due: None,
        priority: 0,
        close_reason: None,
    };
    let mut tags = TagSet::default();
    tags.set(Dim::Channel, vec!["phone".into()]);
    let contact = ContactRecord {
        id: Uuid::now_v7(),
        case_id: case.id,
        counselor: "相談員A".into(),
        started_at: t0(),
        ended_at: None,
        closed_at: None,
        tags,
        urls: vec![],
        referrals: vec![],
        notes: String::new(),
    };
    app.enter_call(case, contact, vec![], None, None);
    app
}

fn keys(app: &mut App, text: &str, now: DateTime<Utc>) -> Vec<Effect> {
    parse_sequence(text)
        .unwrap()
        .into_iter()
        .flat_map(|k| app.on_key(k, now))
        .collect()
}

fn commits(effects: &[Effect]) -> Vec<Change> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Commit(c) => Some(c.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}

#[test]
fn one_key_starts_a_call_on_a_new_case() {
    let mut app = app();
    assert_eq!(
        keys(&mut app, "n", t0()),
        [Effect::StartCall { case: None }]
    );
}

#[test]
fn a_single_choice_picker_closes_on_the_pick_and_records_it() {
    let mut app = in_call();
    keys(&mut app, "a", t0());
    assert_eq!(app.mode(), Mode::Picker);
    let effects = keys(&mut app, "2", t0());
    assert_eq!(app.mode(), Mode::Call, "closed on the pick");
    assert_eq!(app.call().unwrap().tags(Dim::Age), ["20s"]);
    let changes = commits(&effects);
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].kind, "case.tag");
}

#[test]
fn a_multi_choice_picker_toggles_until_enter_and_keeps_pick_order() {
    let mut app = in_call();
    keys(&mut app, "r 5 1 3 3", t0());
    assert_eq!(app.mode(), Mode::Picker, "still open");
    // 傾聴 first (primary), then 助言; 他機関紹介 toggled on and off.
    assert_eq!(
        app.call().unwrap().tags(Dim::Response),
        ["listening", "advice"]
    );
    keys(&mut app, "enter", t0());
    assert_eq!(app.mode(), Mode::Call);
    keys(&mut app, "i 1", t0());
    keys(&mut app, "esc", t0());
    assert_eq!(
        app.mode(),
        Mode::Call,
        "esc also closes a multi-choice picker"
    );
}

#[test]
fn picker_keys_go_past_nine_with_letters() {
    let mut app = in_call();
    keys(&mut app, "p", t0());
    let picker = app.picker.as_ref().unwrap();
    assert_eq!(picker.options[0].key, Some(KeyChord::char('1')));
    assert_eq!(picker.options[9].key, Some(KeyChord::char('a')));
    keys(&mut app, "a", t0());
    assert_eq!(
        app.call().unwrap().tags(Dim::Platform),
        ["bankruptcy_sites"]
    );
}

#[test]
fn a_silent_call_is_logged_and_closed_in_three_keys_from_ready() {
    let mut app = app();
    assert_eq!(
        keys(&mut app, "n", t0()),
        [Effect::StartCall { case: None }]
    );
    // (the session opens the call)
    let mut app = in_call();
    let effects = keys(&mut app, "x 1", t0() + Duration::seconds(20));
    assert_eq!(app.mode(), Mode::Ready);
    let changes = commits(&effects);
    let kinds: Vec<_> = changes.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [
            "contact.tag.edit",
            "contact.notes",
            "contact.end",
            "contact.close",
            "case.close"
        ]
    );
    assert_eq!(
        changes[0].fields[0].1,
        serde_json::json!({"add": ["interrupted"]})
    );
    assert_eq!(changes[1].fields[0].1, serde_json::json!("【無言】"));
    // A silent first contact is no consultation: its case closes with it.
    assert_eq!(
        changes[4].fields[1],
        ("close_reason", serde_json::json!("no_consultation"))
    );
    assert!(effects.contains(&Effect::RefreshRecent));
}

#[test]
fn a_broken_off_follow_up_keeps_its_case_open() {
    let mut app = in_call();
    let earlier = app.call().unwrap().contact.clone();
    if let Screen::Call(call) = &mut app.screen {
        call.history.push(earlier);
    }
    let changes = commits(&keys(&mut app, "x 3", t0()));
    assert!(
        changes.iter().all(|c| c.kind != "case.close"),
        "{changes:?}"
    );
}

#[test]
fn a_quick_close_stores_its_note_in_the_desks_language_whatever_the_screen_shows() {
    let mut app = in_call();
    app.settings.lang = crate::domain::Lang::En;
    let changes = commits(&keys(&mut app, "x 3", t0()));
    let notes = changes.iter().find(|c| c.kind == "contact.notes").unwrap();
    assert_eq!(notes.fields[0].1, serde_json::json!("【途中切断】"));
}

#[test]
fn a_prank_on_a_new_case_is_out_of_scope() {
    let mut app = in_call();
    let changes = commits(&keys(&mut app, "x 2", t0()));
    assert!(changes.iter().any(|c| c.kind == "case.tag.edit"
        && c.fields[0] == ("infringement", serde_json::json!({"add": ["out_of_scope"]}))));
}

#[test]
fn ending_stops_the_talk_and_closing_needs_a_response() {
    let mut app = in_call();
    let end = t0() + Duration::minutes(12);
    let changes = commits(&keys(&mut app, "e", end));
    assert_eq!(changes[0].kind, "contact.end");
    assert_eq!(app.call().unwrap().contact.ended_at, Some(end));

    // No 対応 yet: closing opens the response picker instead.
    let close = end + Duration::minutes(3);
    assert!(commits(&keys(&mut app, "ctrl-s", close)).is_empty());
    assert_eq!(app.mode(), Mode::Picker);
    // Choosing one and leaving the picker closes the record.
    let changes = commits(&keys(&mut app, "1 enter", close));
    let kinds: Vec<_> = changes.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, ["contact.tag.edit", "contact.close"]);
    assert_eq!(app.mode(), Mode::Ready);
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("通話 12:00・後処理 03:00")
    );
}

#[test]
fn leaving_the_response_picker_without_a_choice_keeps_the_record_open() {
    let mut app = in_call();
    keys(&mut app, "ctrl-s esc", t0());
    assert_eq!(app.mode(), Mode::Call);
    assert_eq!(app.status.as_ref().unwrap().kind, StatusKind::Warning);
}

#[test]
fn notes_are_drafted_on_every_key_and_recorded_on_leaving() {
    let mut app = in_call();
    keys(&mut app, "m", t0());
    assert_eq!(app.mode(), Mode::Notes);
    let effects = keys(&mut app, "n o", t0());
    // Keys bound in call mode type text in the editor.
    assert_eq!(app.call().unwrap().notes_text(), "no");
    assert!(matches!(&effects[1], Effect::SaveDraft { text, .. } if text == "no"));
    let effects = app.on_paste("誹謗中傷\r\nです");
    assert!(matches!(&effects[0], Effect::SaveDraft { text, .. } if text == "no誹謗中傷\nです"));
    let changes = commits(&keys(&mut app, "esc", t0()));
    assert_eq!(changes[0].kind, "contact.notes");
    assert_eq!(app.call().unwrap().contact.notes, "no誹謗中傷\nです");
    // Leaving again without a change records nothing.
    keys(&mut app, "m", t0());
    assert!(commits(&keys(&mut app, "esc", t0())).is_empty());
}

#[test]
fn a_url_is_typed_on_one_line_and_added_once() {
    let mut app = in_call();
    keys(&mut app, "u", t0());
    assert_eq!(app.mode(), Mode::Input);
    app.on_paste("https://example.com/post/1\n");
    let changes = commits(&keys(&mut app, "enter", t0()));
    assert_eq!(changes[0].kind, "contact.urls.edit");
    // The pasted line break became a space, and the ends are trimmed.
    assert_eq!(
        app.call().unwrap().contact.urls,
        ["https://example.com/post/1"]
    );
    keys(&mut app, "u", t0());
    app.on_paste("https://example.com/post/1");
    assert!(
        commits(&keys(&mut app, "enter", t0())).is_empty(),
        "no duplicate"
    );
}

#[test]
fn help_lists_the_mode_it_was_opened_from_and_closes() {
    let mut app = in_call();
    keys(&mut app, "?", t0());
    assert_eq!(app.mode(), Mode::Help);
    assert_eq!(app.mode_under_help(), Mode::Call);
    keys(&mut app, "esc", t0());
    assert_eq!(app.mode(), Mode::Call);
}

#[test]
fn key_sequences_wait_for_their_second_key() {
    let keymap = keymap::load(
        "default",
        Some((
            "k.toml",
            "[call]\n\"v a\" = \"tag.age\"\n\"v s\" = \"tag.role\"\n",
        )),
    )
    .unwrap();
    let mut app = App::new(Settings::for_tests(), keymap);
    let mut call = in_call();
    std::mem::swap(&mut app.screen, &mut call.screen);
    keys(&mut app, "v", t0());
    assert_eq!(app.mode(), Mode::Call);
    keys(&mut app, "s", t0());
    assert!(matches!(
        app.picker.as_ref().unwrap().kind,
        PickerKind::Tag(Dim::Role)
    ));
}

#[test]
fn quitting_mid_call_saves_the_notes_and_leaves_the_call_open() {
    let mut app = in_call();
    keys(&mut app, "m", t0());
    app.on_paste("途中");
    keys(&mut app, "esc", t0());
    keys(&mut app, "m", t0());
    app.on_paste("まで");
    // Leave the editor with f2, then quit with ctrl-q.
    let changes = commits(&keys(&mut app, "f2 ctrl-q", t0()));
    assert!(app.quit);
    assert!(changes.iter().any(|c| c.kind == "contact.notes"));
    assert!(!changes.iter().any(|c| c.kind == "contact.close"));
}

fn picker_dim(app: &App) -> Option<Dim> {
    match app.picker.as_ref().map(|p| &p.kind) {
        Some(PickerKind::Tag(dim)) => Some(*dim),
        _ => None,
    }
}

#[test]
fn the_tagging_flow_opens_each_untagged_item_in_turn() {
    let mut app = in_call();
    // 手法 is set when the call starts: the flow begins at 年代.
    keys(&mut app, "tab", t0());
    assert_eq!(picker_dim(&app), Some(Dim::Age));
    keys(&mut app, "2", t0());
    assert_eq!(picker_dim(&app), Some(Dim::Role), "a choice opens the next");
    keys(&mut app, "1 1", t0());
    assert_eq!(picker_dim(&app), Some(Dim::Infringement));
    keys(&mut app, "1 3", t0());
    assert_eq!(
        picker_dim(&app),
        Some(Dim::Infringement),
        "multi stays open"
    );
    keys(&mut app, "enter", t0());
    assert_eq!(picker_dim(&app), Some(Dim::Platform), "enter moves on");
    keys(&mut app, "1 enter 1 enter 4 enter 1 enter", t0());
    assert_eq!(app.mode(), Mode::Call, "the flow ends after the last item");
    let call = app.call().unwrap();
    assert_eq!(call.tags(Dim::Age), ["20s"]);
    assert_eq!(call.tags(Dim::Troubled), ["self"]);
    assert_eq!(call.tags(Dim::Infringement), ["defamation", "illegal"]);
    assert_eq!(call.tags(Dim::Risk), ["sexual_image"]);
    assert_eq!(call.tags(Dim::Response), ["advice"]);
    assert!(app.status.as_ref().unwrap().text.contains("ctrl-s"));
}

#[test]
fn the_flow_skips_what_is_tagged_goes_back_and_can_be_left() {
    let mut app = in_call();
    // A follow-up's case already has its 年代 and 状況.
    if let Screen::Call(call) = &mut app.screen {
        call.case.tags.set(Dim::Age, vec!["30s".into()]);
        call.case.tags.set(Dim::Role, vec!["victim".into()]);
    }
    keys(&mut app, "tab", t0());
    assert_eq!(picker_dim(&app), Some(Dim::Troubled));
    keys(&mut app, "2", t0());
    assert_eq!(picker_dim(&app), Some(Dim::Infringement));
    keys(&mut app, "shift-tab", t0());
    assert_eq!(picker_dim(&app), Some(Dim::Troubled), "shift-tab goes back");
    keys(&mut app, "1", t0());
    assert_eq!(app.call().unwrap().tags(Dim::Troubled), ["self"]);
    assert_eq!(picker_dim(&app), Some(Dim::Infringement));
    // tab skips an item without choosing.
    keys(&mut app, "tab", t0());
    assert_eq!(picker_dim(&app), Some(Dim::Platform));
    keys(&mut app, "esc", t0());
    assert_eq!(app.mode(), Mode::Call, "esc leaves the flow");
    // Leaving a picker opened by its own key opens nothing else.
    keys(&mut app, "a 3", t0());
    assert_eq!(app.mode(), Mode::Call);
}

#[test]
fn star_makes_the_highlighted_response_primary() {
    let mut app = in_call();
    // Recorded the referral first: today that made 他機関紹介 primary for good.
    keys(&mut app, "r 3 1", t0());
    assert_eq!(
        app.call().unwrap().tags(Dim::Response),
        ["referral", "advice"]
    );
    let effects = keys(&mut app, "*", t0());
    let response = app.call().unwrap().tags(Dim::Response).to_vec();
    assert_eq!(response, ["advice", "referral"]);
    let changes = commits(&effects);
    // Recorded as the move, so another workstation's change to 対応 is kept beside it.
    assert_eq!(
        changes[0].fields[0].1,
        serde_json::json!({"first": "advice"})
    );
    let picker = app.picker.as_ref().unwrap();
    assert_eq!(picker.options[0].detail, "主", "shown in the picker");
    assert_eq!(picker.options[2].detail, "");
}

#[test]
fn the_history_names_demo_data_rather_than_an_op_kind() {
    let app = app();
    let empty = serde_json::Map::new();
    let ja = describe_op(
        OpKind::ContactDemo,
        &empty,
        app.taxonomy,
        &app.directory,
        Lang::Ja,
    );
    assert_eq!(ja, "デモデータ");
    let en = describe_op(
        OpKind::CaseDemo,
        &empty,
        app.taxonomy,
        &app.directory,
        Lang::En,
    );
    assert_eq!(en, "demo data");
}

#[test]
fn the_history_names_referred_places_and_shows_an_unknown_one_as_its_id() {
    let app = app();
    let describe = |referrals: serde_json::Value, lang| {
        let payload = serde_json::json!({ "referrals": referrals });
        describe_op(
            OpKind::ContactRefer,
            payload.as_object().unwrap(),
            app.taxonomy,
            &app.directory,
            lang,
        )
    };
    assert_eq!(
        describe(serde_json::json!(["houterasu", "gone_place"]), Lang::Ja),
        "紹介先 → 法テラス（日本司法支援センター）、gone_place"
    );
    assert_eq!(
        describe(serde_json::json!(["houterasu"]), Lang::En),
        "Referrals → Houterasu (Japan Legal Support Center)"
    );
    assert_eq!(describe(serde_json::json!([]), Lang::Ja), "紹介先 → (なし)");
}

#[test]
fn the_history_says_what_an_edit_of_a_list_added_removed_and_made_primary() {
    let app = app();
    let payload = serde_json::json!({
        "response": {"add": ["advice"], "remove": ["listening"], "first": "referral"}
    });
    let describe = |lang| {
        describe_op(
            OpKind::ContactTagEdit,
            payload.as_object().unwrap(),
            app.taxonomy,
            &app.directory,
            lang,
        )
    };
    assert_eq!(describe(Lang::Ja), "対応 ＋助言 －傾聴 主→他機関紹介");
    assert_eq!(
        describe(Lang::En),
        "Response +Advice -Listening primary → Referral"
    );
}

/// Types a URL the way a counselor does: `u`, the address, enter.
fn add_url(app: &mut App, url: &str) -> Vec<Change> {
    keys(app, "u", t0());
    app.on_paste(url);
    commits(&keys(app, "enter", t0()))
}

#[test]
fn a_url_starts_a_work_item_with_its_service_and_place_from_the_host() {
    let mut app = in_call();
    let changes = add_url(&mut app, "https://mobile.twitter.com/someone/status/1");
    let kinds: Vec<_> = changes.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, ["contact.urls.edit", "item.open"]);
    let item = &app.call().unwrap().items[0];
    assert_eq!(item.services, ["twitter"]);
    assert_eq!(item.place.as_deref(), Some("sns"));
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("Twitter (X)・SNS")
    );

    // The caller's own site: no guess, and the status says what it counts as.
    add_url(&mut app, "https://my-shop.example.jp/about");
    let call = app.call().unwrap();
    assert_eq!((call.items.len(), call.item_cursor), (2, 1));
    assert!(call.items[1].services.is_empty());
    assert_eq!(call.items[1].place, None);
    let status = &app.status.as_ref().unwrap().text;
    assert!(
        status.contains("作業 2/2: 上記以外の事業者/サービス等"),
        "{status}"
    );
}

#[test]
fn the_item_keys_tag_the_current_item_and_move_between_items() {
    let mut app = in_call();
    add_url(&mut app, "https://x.com/a/status/1");
    add_url(&mut app, "https://egg.5ch.net/test/read.cgi/x/1");
    // 相談内容 of the second item: 名誉毀損, shown beside its place in the legal frame.
    keys(&mut app, "t", t0());
    let picker = app.picker.as_ref().unwrap();
    assert_eq!(picker.kind, PickerKind::Item(ItemField::Content));
    assert_eq!(picker.options[0].detail, "権利侵害情報");
    let changes = commits(&keys(&mut app, "1 enter", t0()));
    assert_eq!(changes[0].kind, OpKind::ItemEdit);
    assert_eq!(
        changes[0].fields,
        vec![("content", serde_json::json!({"add": ["defamation"]}))]
    );
    // Back to the first: なりすまし and 証拠保全の案内 go on it, not on the second.
    keys(&mut app, "[ t 8 enter M 3 enter", t0());
    let items = &app.call().unwrap().items;
    assert_eq!(items[0].contents, ["impersonation"]);
    assert_eq!(items[0].means, ["evidence"]);
    assert_eq!(items[1].contents, ["defamation"]);
    assert!(items[1].means.is_empty());
}

#[test]
fn a_work_item_started_by_mistake_is_taken_back_with_its_url() {
    let mut app = in_call();
    add_url(&mut app, "https://x.com/a/status/1");
    add_url(&mut app, "https://wrong.example/call");
    let changes = commits(&keys(&mut app, "U", t0()));
    let kinds: Vec<_> = changes.iter().map(|c| c.kind).collect();
    assert_eq!(kinds, ["item.set", "contact.urls.edit"]);
    assert_eq!(
        changes[0].fields,
        vec![("removed", serde_json::json!(true))]
    );
    let call = app.call().unwrap();
    assert_eq!((call.items.len(), call.item_cursor), (1, 0));
    assert_eq!(call.contact.urls, ["https://x.com/a/status/1"]);
    let status = &app.status.as_ref().unwrap().text;
    assert!(status.contains("作業 2 を取り消しました"), "{status}");
    // The last one too; then nothing is left to take back.
    keys(&mut app, "U", t0());
    assert!(app.call().unwrap().items.is_empty());
    assert!(commits(&keys(&mut app, "U", t0())).is_empty());
}

#[test]
fn tagging_without_a_url_starts_an_item_for_it() {
    let mut app = in_call();
    let changes = commits(&keys(&mut app, "t", t0()));
    assert_eq!(changes[0].kind, OpKind::ItemOpen);
    keys(&mut app, "d enter", t0());
    let item = &app.call().unwrap().items[0];
    assert_eq!(item.contents, ["provider_law"]);
    assert!(item.urls.is_empty() && item.services.is_empty());
}

#[test]
fn the_tagging_flow_ends_with_the_current_items_content_and_means() {
    let mut app = in_call();
    add_url(&mut app, "https://x.com/a/status/1");
    for dim in Dim::ALL {
        // Every tag of the call given first, each by its own key.
        if app.call().unwrap().tags(dim).is_empty() {
            let key = app.keymap.keys_for(Mode::Call, Action::Tag(dim))[0].clone();
            keys(&mut app, &format!("{key} 1"), t0());
            app.picker = None;
        }
    }
    keys(&mut app, "tab", t0());
    let kind = app.picker.as_ref().map(|p| p.kind.clone());
    assert_eq!(kind, Some(PickerKind::Item(ItemField::Content)));
    keys(&mut app, "8 enter", t0());
    let kind = app.picker.as_ref().map(|p| p.kind.clone());
    assert_eq!(kind, Some(PickerKind::Item(ItemField::Means)));
    // shift-tab goes back to 相談内容, as it does between tags.
    keys(&mut app, "shift-tab", t0());
    let kind = app.picker.as_ref().map(|p| p.kind.clone());
    assert_eq!(kind, Some(PickerKind::Item(ItemField::Content)));
}

#[test]
fn the_advice_key_opens_the_referral_sheet_with_the_items_advice() {
    let mut app = in_call();
    keys(&mut app, "G", t0());
    assert!(app.referral.is_none(), "no item yet");
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("作業がありません")
    );
    add_url(&mut app, "https://x.com/a/status/1");
    keys(&mut app, "t 8 enter G", t0());
    let sheet = app.referral.as_ref().expect("the sheet is open");
    let ids: Vec<_> = sheet.item_advice.iter().map(|a| a.id).collect();
    assert_eq!(ids, ["evidence_first", "operator_form", "disclosure"]);
}
