//! Keeping only what the desk may keep: an erased case leaves no byte of its text in the
//! database file or its WAL, retention erases exactly the cases past the period, and the
//! statistics read the same before and after.

mod common;

use chrono::{Duration, Utc};
use common::pty::{ENTER, Workdir};
use soudan::domain::{Change, Dim};
use soudan::privacy::caller::CallerKey;
use soudan::store::Store;
use uuid::Uuid;

const OLD_NOTE: &str = "山田花子さんの件、090-1234-5678 に折り返し";
const OLD_URL: &str = "https://example.com/thread/secret-post-4711";
const TYPED_REFERRAL: &str = "鈴木法律事務所";
const NEW_NOTE: &str = "最近の相談、経過観察";

/// One case with one closed contact that started `days_ago`, with notes, a URL and a
/// referral typed in beside a known place.
fn add_case(store: &mut Store, days_ago: i64, note: &str, url: &str, referral: &str) {
    let at = Utc::now() - Duration::days(days_ago);
    let (case, contact) = (Uuid::now_v7(), Uuid::now_v7());
    let open = Change::open_contact(contact, case, "相談員A", at, Some("phone"));
    store
        .open_new_case("T1", "相談員A", at, case, open)
        .unwrap();
    let changes = [
        Change::set_tag(case, Dim::Infringement, &["defamation".into()]),
        Change::set_tag(
            contact,
            Dim::Response,
            &["advice".into(), "referral".into()],
        ),
        Change::set_notes(contact, note),
        Change::set_urls(contact, &[url.to_string()]),
        Change::set_referrals(contact, &["police_cyber".into(), referral.into()]),
        Change::end_contact(contact, at + Duration::minutes(12)),
        Change::close_contact(contact, at + Duration::minutes(15)),
    ];
    store.commit("相談員A", at, &changes).unwrap();
}

fn desk(config: &str) -> Workdir {
    let work = Workdir::new(config);
    let mut store = Store::open(&work.db()).unwrap();
    add_case(&mut store, 6 * 366, OLD_NOTE, OLD_URL, TYPED_REFERRAL);
    add_case(
        &mut store,
        300,
        NEW_NOTE,
        "https://example.com/recent",
        "佐藤法律事務所",
    );
    work
}

/// Every byte soudan keeps on disk for this database: the file, its WAL and shared memory.
fn on_disk(work: &Workdir) -> Vec<u8> {
    let mut bytes = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let path = format!("{}{suffix}", work.db().display());
        bytes.extend(std::fs::read(path).unwrap_or_default());
    }
    bytes
}

fn holds(bytes: &[u8], text: &str) -> bool {
    bytes.windows(text.len()).any(|w| w == text.as_bytes())
}

fn run_ok(work: &Workdir, args: &[&str]) -> String {
    let (status, out, err) = work.run(args);
    assert_eq!(status, 0, "{args:?}: {err}");
    out
}

fn report_all(work: &Workdir) -> String {
    let from = (Utc::now() - Duration::days(8 * 366))
        .date_naive()
        .to_string();
    let to = Utc::now().date_naive().to_string();
    run_ok(
        work,
        &["report", "--from", &from, "--to", &to, "--format", "json"],
    )
}

#[test]
fn an_erased_case_leaves_no_byte_of_its_text_in_the_database_or_its_wal() {
    let work = desk("");
    let before = on_disk(&work);
    // The text is there to find: the check below can fail.
    assert!(holds(&before, OLD_NOTE) && holds(&before, OLD_URL) && holds(&before, TYPED_REFERRAL));
    let report = report_all(&work);

    let out = run_ok(
        &work,
        &["erase", "T1-00001", "--reason", "本人の求め", "--yes"],
    );
    assert!(
        out.contains("T1-00001") && out.contains("消去しました"),
        "{out}"
    );

    let after = on_disk(&work);
    for text in [OLD_NOTE, OLD_URL, TYPED_REFERRAL, "090-1234-5678"] {
        assert!(!holds(&after, text), "{text} is still on disk");
    }
    assert!(holds(&after, NEW_NOTE), "the other case kept its notes");
    assert_eq!(report_all(&work), report, "the statistics changed");

    let export = run_ok(&work, &["export", "--format", "jsonl"]);
    assert!(
        !export.contains(OLD_NOTE) && export.contains(NEW_NOTE),
        "{export}"
    );
    // The erasure is in the log: who, when, why; and a replay gives the same tables.
    let mut store = Store::open(&work.db()).unwrap();
    let erase = store
        .ops()
        .unwrap()
        .into_iter()
        .find(|op| op.kind == "case.erase")
        .unwrap();
    assert_eq!(erase.actor, whoami(&work));
    assert_eq!(erase.payload["reason"], "本人の求め");
    let exported = run_ok(&work, &["export", "--format", "jsonl"]);
    store.rebuild_projections().unwrap();
    drop(store);
    assert_eq!(run_ok(&work, &["export", "--format", "jsonl"]), exported);
}

/// The counselor soudan records changes under in this workdir (the OS user by default).
fn whoami(work: &Workdir) -> String {
    let store = Store::open(&work.db()).unwrap();
    let ops = store.ops().unwrap();
    ops.last().unwrap().actor.clone()
}

#[test]
fn retention_erases_only_the_cases_past_the_period_and_the_numbers_stay() {
    let work = desk("[retention]\nkeep = \"5y\"\n");
    let export = run_ok(&work, &["export", "--format", "jsonl"]);
    let report = report_all(&work);

    let listed = run_ok(&work, &["retention", "--dry-run"]);
    assert!(
        listed.contains("T1-00001") && !listed.contains("T1-00002"),
        "{listed}"
    );
    assert!(listed.contains("1 件"), "{listed}");
    assert_eq!(
        run_ok(&work, &["export", "--format", "jsonl"]),
        export,
        "a dry run changed data"
    );

    // No terminal and no --yes: nothing happens.
    let (status, _, err) = work.run(&["retention"]);
    assert_ne!(status, 0);
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(run_ok(&work, &["export", "--format", "jsonl"]), export);

    let out = run_ok(&work, &["retention", "--yes"]);
    assert!(out.contains("1 件"), "{out}");
    let after = on_disk(&work);
    assert!(!holds(&after, OLD_NOTE) && holds(&after, NEW_NOTE));
    assert_eq!(report_all(&work), report, "the statistics changed");
    let out = run_ok(&work, &["retention", "--yes"]);
    assert!(
        out.contains("ありません"),
        "a second run finds nothing: {out}"
    );
    // A shorter period on the command line reaches the newer case too.
    run_ok(&work, &["retention", "--older-than", "200d", "--yes"]);
    assert!(!holds(&on_disk(&work), NEW_NOTE));
}

#[test]
fn without_a_retention_period_nothing_is_erased_by_age() {
    let work = desk("");
    let (status, _, err) = work.run(&["retention", "--yes"]);
    assert_ne!(status, 0);
    assert!(err.contains("[retention]"), "{err}");
    assert!(holds(&on_disk(&work), OLD_NOTE));
}

#[test]
fn a_bad_retention_period_is_named_with_its_line_and_column() {
    let work = desk("station = \"T1\"\n[retention]\nkeep = \"5x\"\n");
    let (status, _, err) = work.run(&["retention", "--dry-run"]);
    assert_eq!(status, 2, "{err}");
    assert!(err.contains("config.toml:3"), "{err}");
    assert!(err.contains("5x"), "{err}");
}

#[test]
fn erasing_a_case_that_is_not_there_changes_nothing() {
    let work = desk("");
    let before = run_ok(&work, &["export", "--format", "jsonl"]);
    let (status, _, err) = work.run(&["erase", "T1-09999", "--reason", "x", "--yes"]);
    assert_ne!(status, 0);
    assert!(err.contains("T1-09999"), "{err}");
    assert_eq!(run_ok(&work, &["export", "--format", "jsonl"]), before);
}

/// Records `identifier` as the caller of case `number`, as the call screen does.
fn set_caller(work: &Workdir, number: &str, identifier: &str) -> String {
    let key = CallerKey::load_or_create(&work.config_dir()).unwrap();
    let mut store = Store::open(&work.db()).unwrap();
    let case = store.case_by_number(number).unwrap().unwrap();
    let hash = key.hash(identifier);
    store
        .commit("相談員A", Utc::now(), &[Change::set_caller(case.id, &hash)])
        .unwrap();
    hash
}

#[test]
fn a_caller_is_found_in_any_format_and_an_erasure_forgets_them() {
    let work = desk("");
    let hash = set_caller(&work, "T1-00001", "090-1234-5678");
    let out = run_ok(
        &work,
        &["caller", "＋８１ 90 1234 5678", "--format", "json"],
    );
    let found: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(found["cases"][0]["case"], "T1-00001", "{out}");
    assert_eq!(found["cases"][0]["contacts"], 1, "{out}");
    assert_eq!(found["cases"].as_array().unwrap().len(), 1, "{out}");
    let table = run_ok(&work, &["caller", "09012345678"]);
    assert!(table.contains("T1-00001"), "{table}");
    let other = run_ok(&work, &["caller", "090-1234-5679", "--format", "json"]);
    assert!(other.contains("\"cases\": []"), "{other}");
    assert!(
        holds(&on_disk(&work), &hash),
        "the hash is kept until the erasure"
    );

    run_ok(
        &work,
        &["erase", "T1-00001", "--reason", "本人の求め", "--yes"],
    );
    let after = run_ok(&work, &["caller", "090-1234-5678", "--format", "json"]);
    assert!(after.contains("\"cases\": []"), "{after}");
    assert!(
        !holds(&on_disk(&work), &hash),
        "the caller's hash is still on disk"
    );
    // The export never carries the hash.
    let export = run_ok(&work, &["export", "--format", "jsonl"]);
    assert!(!export.contains(&hash));
}

#[test]
fn looking_up_a_caller_without_the_desks_key_is_a_clear_error() {
    let work = desk("");
    let (status, _, err) = work.run(&["caller", "090-1234-5678"]);
    assert_ne!(status, 0);
    assert!(err.contains("caller.key"), "{err}");
    assert!(
        !work.config_dir().join("caller.key").exists(),
        "no key was made"
    );

    std::fs::write(work.config_dir().join("caller.key"), b"too short").unwrap();
    let (status, _, err) = work.run(&["caller", "090-1234-5678"]);
    assert_ne!(status, 0);
    assert!(err.contains("9 bytes, not 32"), "{err}");
    // Where to copy it from and to.
    let paths = run_ok(&work, &["paths"]);
    let key = work.config_dir().join("caller.key");
    assert!(
        paths.contains(&format!("caller key: {}", key.display())),
        "{paths}"
    );
}

/// Two calls in the real binary from one caller, who gives their number in two formats;
/// returns the workdir and the screen once the second number was given.
fn two_calls_from_one_caller() -> (Workdir, String) {
    let work = Workdir::new("counselor = \"相談員A\"\nstation = \"P\"\nutc_offset = \"+09:00\"\n");
    let mut soudan = work.start(80, 24);
    soudan.wait_for("待機中");
    soudan.key("n", "通話中");
    soudan.key("P", "相談者の電話番号");
    soudan.key("090-1234-5678", "090-1234-5678");
    soudan.key(ENTER, "過去の案件はありません");
    soudan.key("x", "すぐに閉じる");
    soudan.key("1", "P-00001 を無言として閉じました");
    soudan.key("n", "P-00002");
    soudan.key("P", "相談者の電話番号");
    soudan.key("＋８１ ９０ １２３４ ５６７８", "５６７８");
    let screen = soudan.key(
        ENTER,
        "この相談者の過去の案件: 1件 (P-00001) — A で P-00001 の続きにする",
    );
    // One key makes it a follow-up of that case.
    soudan.key("A", "P-00001 の続きの通話にしました");
    soudan.wait_for("案件 P-00001 (2回目)");
    // ctrl-q: the call stays open in the store, as after any quit mid-call.
    soudan.send("\x11");
    assert!(soudan.wait_exit());
    (work, screen)
}

#[test]
fn a_second_call_in_another_format_shows_the_callers_earlier_case() {
    let (work, screen) = two_calls_from_one_caller();
    // On the call screen itself, not only the status line, with its last contact.
    assert!(screen.contains(" この相談者の過去の案件: 1件"), "{screen}");
    assert!(screen.contains("P-00001 20"), "{screen}");
    // Attached: both calls are the earlier case's, and the case the second call opened is
    // closed rather than left waiting in the queue with no call.
    let store = Store::open(&work.db()).unwrap();
    let earlier = store.case_by_number("P-00001").unwrap().unwrap();
    assert_eq!(store.contacts_of(earlier.id).unwrap().len(), 2);
    let left = store.case_by_number("P-00002").unwrap().unwrap();
    assert!(store.contacts_of(left.id).unwrap().is_empty());
    assert_eq!(left.status.code(), "closed");
}

#[test]
fn raw_caller_is_nowhere_in_the_file() {
    let (work, _) = two_calls_from_one_caller();
    let mut bytes = on_disk(&work);
    bytes.extend(std::fs::read(work.db().with_file_name("soudan.log")).unwrap_or_default());
    // Both calls did record the caller: the check below is not vacuous.
    let store = Store::open(&work.db()).unwrap();
    let callers = store
        .ops()
        .unwrap()
        .into_iter()
        .filter(|op| op.kind == "case.caller")
        .count();
    assert_eq!(callers, 2);
    for typed in [
        "090-1234-5678",
        "09012345678",
        "9012345678",
        "12345678",
        "1234 5678",
        "５６７８",
    ] {
        assert!(!holds(&bytes, typed), "{typed} is on disk");
    }
    let export = run_ok(&work, &["export", "--format", "jsonl"]);
    assert!(
        !export.contains("5678") && !export.contains("caller"),
        "{export}"
    );
}

#[test]
fn an_imported_caller_column_is_kept_only_as_its_hash() {
    let work = Workdir::new("station = \"I\"\nutc_offset = \"+09:00\"\n");
    let file = work.dir.path().join("log.csv");
    std::fs::write(
        &file,
        "case,started_at,channel,caller\n\
         I-00001,2026-11-02 10:00,電話,090-1234-5678\n\
         I-00002,2026-11-20 15:00,電話,\n",
    )
    .unwrap();
    run_ok(&work, &["import", file.to_str().unwrap()]);
    let found = run_ok(
        &work,
        &["caller", "＋８１ 90-1234-5678", "--format", "json"],
    );
    let found: serde_json::Value = serde_json::from_str(&found).unwrap();
    assert_eq!(found["cases"].as_array().unwrap().len(), 1, "{found}");
    assert_eq!(found["cases"][0]["case"], "I-00001");
    let bytes = on_disk(&work);
    for typed in ["090-1234-5678", "09012345678", "12345678"] {
        assert!(!holds(&bytes, typed), "{typed} is on disk");
    }
    // The export's columns are the same as ever: no caller, no hash.
    let export = run_ok(&work, &["export"]);
    assert!(
        !export.lines().next().unwrap().contains("caller"),
        "{export}"
    );
}
