use clap::Parser;
use serde_json::{Value, json};

use super::*;
use crate::text::width;

#[derive(Debug, Parser)]
struct TestCli {
    #[command(subcommand)]
    command: ReferralsCommand,
}

fn parse(args: &[&str]) -> ReferralsCommand {
    let mut all = vec!["referrals"];
    all.extend_from_slice(args);
    TestCli::try_parse_from(all).unwrap().command
}

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2024-06-10T20:00:00+09:00").unwrap()
}

fn run_with(args: &[&str], lang: Lang) -> anyhow::Result<String> {
    let mut out = Vec::new();
    run(parse(args), &Directory::builtin(), now(), lang, &mut out)?;
    Ok(String::from_utf8(out).unwrap())
}

fn output(args: &[&str]) -> String {
    run_with(args, Lang::Ja).unwrap()
}

fn json_of(args: &[&str]) -> Value {
    serde_json::from_str(&output(args)).unwrap()
}

#[test]
fn moments_are_read_with_or_without_seconds_and_offset() {
    let jst_2pm = DateTime::parse_from_rfc3339("2024-06-09T14:00:00+09:00").unwrap();
    for text in [
        "2024-06-09T14:00+09:00",
        "2024-06-09T14:00:00+09:00",
        "2024-06-09T05:00Z",
        "2024-06-09T14:00",
        "2024-06-09 14:00",
    ] {
        assert_eq!(parse_moment(text), Ok(jst_2pm), "{text}");
    }
    assert!(
        parse_moment("tomorrow")
            .unwrap_err()
            .contains("2024-06-09T14:00+09:00")
    );
}

#[test]
fn the_list_aligns_full_width_names_and_shows_status() {
    let text = output(&["list"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "受付状況は 2024-06-10 20:00 時点");
    assert!(lines[1].starts_with("ID "), "{}", lines[1]);
    // Every row's status column starts at the same terminal cell.
    let status_cell = |line: &str| {
        let byte = line.find("時間不明").or_else(|| line.find("受付中"))?;
        Some(width(&line[..byte]))
    };
    let cells: Vec<usize> = lines[2..].iter().filter_map(|l| status_cell(l)).collect();
    assert_eq!(cells.len(), Directory::builtin().entries().len());
    assert!(cells.windows(2).all(|w| w[0] == w[1]), "{cells:?}\n{text}");
    let harmony = lines.iter().find(|l| l.starts_with("net_harmony")).unwrap();
    assert!(harmony.contains("受付中 〜21:30"), "{harmony}");
    assert!(!text.lines().any(|l| l.ends_with(' ')));
}

#[test]
fn at_answers_for_another_moment() {
    let text = output(&["list", "--at", "2024-06-09T14:00+09:00"]);
    let harmony = text.lines().find(|l| l.starts_with("net_harmony")).unwrap();
    assert!(harmony.contains("受付中 〜17:30"), "{harmony}");
    let text = output(&["show", "net_harmony", "--at", "2024-06-16T14:00+09:00"]);
    assert!(text.contains("時間外 次回 6/17(月) 16:00"), "{text}");
}

#[test]
fn show_prints_one_place_in_full() {
    let text = output(&["show", "net_harmony"]);
    assert!(
        text.starts_with(
            "ネットハーモニー（大阪府インターネット誹謗中傷・トラブル相談窓口）  [net_harmony]\n"
        ),
        "{text}"
    );
    for needle in [
        "06-6760-4013（電話相談）",
        "06-6760-4014",
        "月・土 16:00–22:00、第2日曜 13:00–18:00（受付は終了30分前まで・祝日休み）",
        "受付中 〜21:30",
        "2024-11-01",
    ] {
        assert!(text.contains(needle), "{needle}\n{text}");
    }
    let en = run_with(&["show", "ihaho"], Lang::En).unwrap();
    assert!(
        en.contains("Advice only: it does not request deletion"),
        "{en}"
    );
    // Who runs it in English; the Japanese name is given once, on its own line.
    assert!(
        en.contains("Ministry of Internal Affairs and Communications"),
        "{en}"
    );
    assert!(!en.contains("総務省"), "{en}");
}

#[test]
fn an_unknown_id_is_an_error_that_suggests_ids() {
    let err = run_with(&["show", "houterasu_x"], Lang::Ja)
        .unwrap_err()
        .to_string();
    assert!(err.contains("no referral entry `houterasu_x`"), "{err}");
    let err = run_with(&["show", "警察"], Lang::Ja)
        .unwrap_err()
        .to_string();
    assert!(err.contains("did you mean police_"), "{err}");
}

#[test]
fn entries_go_stale_a_year_after_verification() {
    let mut out = Vec::new();
    let later = DateTime::parse_from_rfc3339("2026-01-10T12:00:00+09:00").unwrap();
    run(
        parse(&["list"]),
        &Directory::builtin(),
        later,
        Lang::Ja,
        &mut out,
    )
    .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.lines()
            .nth(2)
            .unwrap()
            .ends_with("2024-11-01 要再確認"),
        "{text}"
    );
    assert!(!output(&["list"]).contains("要再確認"));
}

#[test]
fn suggest_prints_the_flow_with_reasons_and_rules() {
    let text = output(&["suggest", "--want", "compensation"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "回答: 書き込んだ人に賠償等を求めたい");
    assert!(lines[4].starts_with("  1. 弁護士"), "{text}");
    assert!(lines[6].starts_with("  2. 法テラス"), "{text}");
    assert!(text.contains("実務上の注意"), "{text}");
    assert!(text.contains("発信者の特定は法的手続"), "{text}");
}

#[test]
fn suggest_for_identifying_the_poster_answers_that_question_only() {
    let text = output(&["suggest", "--want", "identify"]);
    assert!(text.starts_with("回答: 発信者を特定したい\n"), "{text}");
    assert!(!text.contains("解決策がわからない"), "{text}");
}

#[test]
fn suggest_for_a_perpetrator_says_why_there_is_no_desk_lawyer() {
    let text = output(&["suggest", "--want", "compensation", "--role", "perpetrator"]);
    assert!(text.contains("案内しない相談先"), "{text}");
    assert!(
        text.contains("× 専門家連携（当窓口の弁護士相談）"),
        "{text}"
    );
    let recommended = text.split("案内しない相談先").next().unwrap();
    assert!(!recommended.contains("当窓口の弁護士相談"), "{text}");
}

#[test]
fn suggest_flags_match_the_flow() {
    let cases: [(&[&str], &[&str]); 8] = [
        (
            &["--want", "listen"],
            &["mamorouyokokoro", "desk_psychologist"],
        ),
        (&["--want", "danger"], &["police_station", "police_cyber"]),
        (
            &["--want", "delete,cant-delete"],
            &["platform_report", "ihaho", "jinken_moj", "sia_hotline"],
        ),
        (
            &["--want", "delete", "--illegal-or-harmful"],
            &["platform_report", "safeline", "ihaho", "jinken_moj"],
        ),
        (&["--want", "identify"], &["lawyer", "desk_lawyer"]),
        (
            &["--minor", "--sexual-images"],
            &[
                "police_station",
                "police_cyber",
                "internet_hotline_center",
                "lawyer",
                "school_board",
                "ihaho",
                "jinken_moj",
                "search_engine",
            ],
        ),
        (
            &["--self-harm", "--want", "listen"],
            &[
                "police_station",
                "platform_report",
                "mamorouyokokoro",
                "desk_psychologist",
            ],
        ),
        (
            &["--role", "perpetrator", "--anonymous-board"],
            &["ihaho", "lawyer", "platform_report"],
        ),
    ];
    for (flags, expected) in cases {
        let mut args = vec!["suggest", "--format", "json"];
        args.extend_from_slice(flags);
        let value = json_of(&args);
        let ids: Vec<&str> = value["recommendations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, expected, "{flags:?}");
    }
}

#[test]
fn suggest_json_has_the_documented_shape() {
    let value = json_of(&[
        "suggest",
        "--format",
        "json",
        "--want",
        "identify",
        "--handle-name",
        "--at",
        "2024-06-10T21:40+09:00",
    ]);
    assert_eq!(value["at"], "2024-06-10T21:40:00+09:00");
    assert_eq!(
        value["answers"],
        json!({"wants": [], "flags": ["identify_poster", "handle_name"]})
    );
    let first = &value["recommendations"][0];
    assert_eq!(first["id"], "lawyer");
    assert_eq!(first["name"]["ja"], "弁護士");
    assert!(
        first["reason"]["ja"]
            .as_str()
            .unwrap()
            .contains("発信者情報開示請求")
    );
    assert_eq!(first["status"], Value::Null);
    let rules: Vec<&str> = value["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        ["evidence_first", "disclosure_is_legal", "handle_name"]
    );
    assert_eq!(value["withheld"], json!([]));
    let keys: Vec<&String> = value.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["at", "answers", "recommendations", "withheld", "rules"]
    );
}

#[test]
fn list_and_show_json_have_the_documented_shape() {
    let value = json_of(&[
        "show",
        "net_harmony",
        "--format",
        "json",
        "--at",
        "2024-06-10T21:40+09:00",
    ]);
    let entry = &value["entry"];
    let keys: Vec<&String> = entry.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "id",
            "name",
            "name_en",
            "reading",
            "organization",
            "organization_en",
            "area",
            "area_en",
            "does",
            "does_not",
            "capabilities",
            "when",
            "channels",
            "phones",
            "urls",
            "schedule",
            "keywords",
            "verified",
            "stale",
            "status"
        ]
    );
    assert_eq!(
        entry["phones"][0],
        json!({"number": "06-6760-4013", "note": {"ja": "電話相談", "en": "Phone consultation"}})
    );
    assert_eq!(
        entry["schedule"]["hours"],
        json!(["mon,sat 16:00-22:00", "2nd sun 13:00-18:00"])
    );
    assert_eq!(entry["schedule"]["holidays"], "closed");
    assert_eq!(
        entry["status"],
        json!({
            "state": "intake_ended",
            "label": {"ja": "受付終了", "en": "Intake ended"},
            "last_intake": null,
            "closes_at": "2024-06-10T22:00:00+09:00",
            "next_open": null,
        })
    );
    assert_eq!(
        entry["capabilities"],
        json!(["listening", "advice", "expert_consult"])
    );
    assert_eq!(entry["stale"], false);

    let list = json_of(&["list", "--format", "json"]);
    assert_eq!(
        list["entries"].as_array().unwrap().len(),
        Directory::builtin().entries().len()
    );
    assert_eq!(list["entries"][0]["status"], Value::Null);
}

#[test]
fn search_from_the_shell() {
    let value = json_of(&["search", "けいさつ", "--format", "json"]);
    assert_eq!(value["query"], "けいさつ");
    let first: Vec<&str> = value["entries"]
        .as_array()
        .unwrap()
        .iter()
        .take(2)
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert!(
        first.contains(&"police_station") && first.contains(&"police_cyber"),
        "{first:?}"
    );
    let table = output(&["search", "ほうてらす"]);
    assert!(
        table.lines().nth(2).unwrap().starts_with("houterasu"),
        "{table}"
    );
}

#[test]
fn english_output() {
    let text = run_with(&["suggest", "--want", "listen"], Lang::En).unwrap();
    assert!(text.starts_with("Answers: I want someone to hear my worries\nStatus as of 2024-06-10 20:00 (Japan time)\n"), "{text}");
    assert!(text.contains("Mamorouyo Kokoro"), "{text}");
}
