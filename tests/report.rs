//! `soudan report` against the prefectural report of domain.md: a dataset built through
//! `soudan import` whose counts are that report's (297 cases with contacts in Nov 2023 –
//! Jul 2024, 289 of them new, 537 contacts, 600 responses, contacts on 224 days, and its
//! age / channel / position / harm / response tables) must come back number for number in
//! every format. Also: an empty period is zeros, a bad period is an error, the fiscal year
//! turns between 31 March and 1 April, and nothing a counselor typed ever reaches a report.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};
use serde_json::{Value, json};
use soudan::config::Settings;
use soudan::report::{self, OutputFormat, ReportArgs};
use soudan::store::Store;
use soudan::transfer::{self, Format};

const FROM: &str = "2023-11-01";
const TO: &str = "2024-07-31";
const CONTACTS: usize = 537;
const CASES: usize = 297;
const CARRIED_OVER: usize = 8;
const DAYS: usize = 224;

/// What a counselor might type: none of it may appear in any report.
const PRIVATE: [&str; 6] = ["山田", "090-", "http", "x.com", "佐藤", "evil"];

/// Labels repeated `n` times, in order.
fn spread(counts: &[(&str, usize)]) -> Vec<String> {
    counts
        .iter()
        .flat_map(|(label, n)| std::iter::repeat_n(label.to_string(), *n))
        .collect()
}

/// The prefectural report's tables: (name, rows).
fn published() -> Vec<(&'static str, Vec<(&'static str, u64)>)> {
    vec![
        (
            "年代別",
            vec![
                ("10代", 16),
                ("20代", 19),
                ("30代", 22),
                ("40代", 33),
                ("50代", 29),
                ("60歳以上", 11),
                ("不明", 167),
            ],
        ),
        (
            "手法別",
            vec![
                ("電話", 307),
                ("SNS", 194),
                ("メール", 36),
                ("FAX", 0),
                ("手紙", 0),
                ("面接", 0),
            ],
        ),
        (
            "状況別",
            vec![
                ("被害者", 205),
                ("加害者", 20),
                ("その他", 20),
                ("不明", 52),
            ],
        ),
        (
            "侵害種別",
            vec![
                ("誹謗・中傷", 161),
                ("差別", 17),
                ("違法情報", 13),
                ("有害情報", 7),
                ("その他", 119),
                ("問題外", 9),
                ("不明", 49),
            ],
        ),
        (
            "対応別",
            vec![
                ("助言", 188),
                ("情報提供", 21),
                ("他機関紹介", 61),
                ("問題整理", 1),
                ("傾聴", 61),
                ("専門家連携", 10),
                ("中断", 97),
                ("継続", 71),
                ("その他", 27),
            ],
        ),
    ]
}

/// One CSV row of the import file.
struct Line {
    case: usize,
    started: NaiveDateTime,
    talk_s: i64,
    wrap_s: i64,
    channel: String,
    responses: Vec<String>,
    referrals: Vec<String>,
}

/// The case tags: age, role, kinds of harm, platforms. A blank counts as 不明.
struct CaseTags {
    age: String,
    role: String,
    harms: Vec<String>,
    platforms: Vec<String>,
}

struct Dataset {
    lines: Vec<Line>,
    cases: Vec<CaseTags>,
}

fn local(day: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
    day.and_hms_opt(h, m, 0).unwrap()
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// The prefectural report as contacts. Contact c (in time order) belongs to case c % 297,
/// so the first 297 contacts open the cases and the other 240 are their follow-ups; the
/// last 8 cases also had a contact in October 2023 (carried over). Contacts fall on the
/// first 224 non-Sundays of the period, two or three a day.
fn prefectural() -> Dataset {
    let days: Vec<NaiveDate> = date(FROM)
        .iter_days()
        .take_while(|d| *d <= date(TO))
        .filter(|d| d.weekday() != Weekday::Sun)
        .take(DAYS)
        .collect();
    let channels = spread(&[("電話", 307), ("SNS", 194), ("メール", 36)]);
    let primaries = published_with_blanks(4, 0);
    let agencies = ["police_cyber", "houterasu", "ihaho", "jinken_moj"];
    let mut lines = Vec::new();
    for c in 0..CONTACTS {
        let day = days[c * DAYS / CONTACTS];
        // The first contact starts at 00:30 local (the evening before in UTC) and the last
        // at 23:50: both inside the period only if it is counted in local days.
        let started = match c {
            0 => local(day, 0, 30),
            _ if c == CONTACTS - 1 => local(day, 23, 50),
            _ => local(day, 16, 0) + Duration::minutes(50 * (c % 3) as i64),
        };
        let mut responses = vec![primaries[c].clone()];
        // 63 contacts with a second response: 537 + 63 = 600 延べ対応件数.
        if c % 8 == 1 && c < 504 {
            let second = if responses[0] == "情報提供" {
                "助言"
            } else {
                "情報提供"
            };
            responses.push(second.into());
        }
        let mut referrals = Vec::new();
        if responses.iter().any(|r| r == "他機関紹介") {
            referrals.push(agencies[c % agencies.len()].to_string());
            if c % 10 == 0 {
                // Free text in the referral column must never be printed.
                referrals.push("https://evil.example/山田".into());
            }
        }
        lines.push(Line {
            case: c % CASES,
            started,
            talk_s: 300 + (c % 7) as i64 * 60,
            wrap_s: 120 + (c % 3) as i64 * 60,
            channel: channels[c].clone(),
            responses,
            referrals,
        });
    }
    // Carried over: a first contact before the period, the last one at 23:30 on 31 October.
    for (i, case) in (CASES - CARRIED_OVER..CASES).enumerate() {
        lines.push(Line {
            case,
            started: local(date("2023-10-31"), 23, 30) - Duration::days(i as i64),
            talk_s: 9999,
            wrap_s: 9999,
            channel: "FAX".into(),
            responses: vec!["問題整理".into()],
            referrals: vec!["lawyer".into()],
        });
    }
    // Cases wholly outside the period, one at 00:10 on 1 August (still 31 July in UTC).
    for (case, started) in [
        (CASES, local(date("2023-09-15"), 16, 0)),
        (CASES + 1, local(date("2024-08-01"), 0, 10)),
    ] {
        lines.push(Line {
            case,
            started,
            talk_s: 9999,
            wrap_s: 9999,
            channel: "面接".into(),
            responses: vec!["問題整理".into()],
            referrals: vec!["lawyer".into()],
        });
    }
    Dataset {
        lines,
        cases: (0..CASES + 2).map(case_tags).collect(),
    }
}

/// Tags of case i. Ages, positions and kinds of harm are laid out to give the published
/// tables: cases 0–77 have two kinds of harm (誹謗・中傷 and one more), the rest one; some
/// 不明 are written out, some left blank.
fn case_tags(i: usize) -> CaseTags {
    if i >= CASES {
        // Outside the period: tags that would show if wrongly counted.
        return CaseTags {
            age: "10代".into(),
            role: "加害者".into(),
            harms: vec!["差別".into()],
            platforms: vec!["FC2".into()],
        };
    }
    let ages = published_with_blanks(0, 67);
    let roles = published_with_blanks(2, 30);
    let second_harms = spread(&[
        ("差別", 17),
        ("違法情報", 13),
        ("有害情報", 7),
        ("その他", 41),
    ]);
    let single_harms = spread(&[
        ("誹謗・中傷", 83),
        ("その他", 78),
        ("問題外", 9),
        ("不明", 29),
        ("", 20),
    ]);
    let harms = if i < 78 {
        vec!["誹謗・中傷".to_string(), second_harms[i].clone()]
    } else {
        vec![single_harms[i - 78].clone()]
    };
    let platforms = match i % 5 {
        0 => vec!["X(旧Twitter)", "Instagram"],
        1 => vec!["5ちゃんねる"],
        2 => vec!["Googleマップ"],
        3 => vec!["X(旧Twitter)"],
        _ => vec![],
    };
    CaseTags {
        age: ages[i].clone(),
        role: roles[i].clone(),
        harms: harms.into_iter().filter(|h| !h.is_empty()).collect(),
        platforms: platforms.into_iter().map(String::from).collect(),
    }
}

/// One value a case for published table `table`, with the last `blanks` 不明 left blank
/// (a case without the tag counts as 不明).
fn published_with_blanks(table: usize, blanks: usize) -> Vec<String> {
    let rows: Vec<(&str, usize)> = published()[table]
        .1
        .iter()
        .map(|(label, n)| (*label, *n as usize))
        .collect();
    let mut values = spread(&rows);
    let unknown = values.iter().filter(|v| *v == "不明").count();
    let mut seen = 0;
    for value in values.iter_mut().filter(|v| *v == "不明") {
        seen += 1;
        if seen > unknown - blanks {
            value.clear();
        }
    }
    values
}

impl Dataset {
    fn csv(&self) -> String {
        let mut out = csv::Writer::from_writer(Vec::new());
        out.write_record([
            "case",
            "started_at",
            "duration_s",
            "closed_at",
            "counselor",
            "channel",
            "age",
            "role",
            "infringement",
            "platform",
            "response",
            "notes",
            "urls",
            "referrals",
        ])
        .unwrap();
        for line in &self.lines {
            let tags = &self.cases[line.case];
            let time = |t: NaiveDateTime| t.format("%Y-%m-%d %H:%M:%S").to_string();
            let closed = line.started + Duration::seconds(line.talk_s + line.wrap_s);
            out.write_record([
                format!("R-{:05}", line.case + 1),
                time(line.started),
                line.talk_s.to_string(),
                time(closed),
                "佐藤一郎".into(),
                line.channel.clone(),
                tags.age.clone(),
                tags.role.clone(),
                tags.harms.join("|"),
                tags.platforms.join("|"),
                line.responses.join("|"),
                "山田花子さん 090-1234-5678 https://x.com/yamada/status/1".into(),
                "https://x.com/yamada/status/1".into(),
                line.referrals.join("|"),
            ])
            .unwrap();
        }
        String::from_utf8(out.into_inner().unwrap()).unwrap()
    }

    /// Contacts in the period (they come first).
    fn in_period(&self) -> &[Line] {
        &self.lines[..CONTACTS]
    }
}

/// A database in a temporary directory, filled through `soudan import`.
struct Desk {
    dir: tempfile::TempDir,
    store: Store,
}

impl Desk {
    fn import(csv: &str) -> Desk {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("log.csv");
        std::fs::write(&file, csv).unwrap();
        let mut store = Store::open(&dir.path().join("soudan.db")).unwrap();
        let summary = transfer::import(
            &mut store,
            &file,
            Format::Csv,
            &Settings::for_tests(),
            chrono::Utc::now(),
        )
        .unwrap();
        assert!(summary.contacts > 0);
        Desk { dir, store }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("soudan.db")
    }

    fn run(&self, args: &ReportArgs) -> anyhow::Result<String> {
        let mut out = Vec::new();
        report::run(
            args,
            &self.store,
            Settings::for_tests().desk_offset,
            None,
            &mut out,
        )?;
        Ok(String::from_utf8(out).unwrap())
    }

    fn report(&self, args: &ReportArgs) -> String {
        self.run(args).unwrap()
    }
}

fn range(format: OutputFormat) -> ReportArgs {
    ReportArgs {
        from: Some(FROM.into()),
        to: Some(TO.into()),
        format,
        ..ReportArgs::default()
    }
}

/// Counts of each label in `values`, in the order of `labels`, then any others.
fn tally(labels: &[&str], values: impl Iterator<Item = String>) -> Vec<(String, u64)> {
    let mut rows: Vec<(String, u64)> = labels.iter().map(|l| (l.to_string(), 0)).collect();
    for value in values {
        match rows.iter_mut().find(|(l, _)| *l == value) {
            Some(row) => row.1 += 1,
            None => rows.push((value, 1)),
        }
    }
    rows
}

/// count, mean, median, longest, rounded like the report (half up).
fn stats(mut seconds: Vec<i64>) -> Value {
    seconds.sort();
    let n = seconds.len() as i64;
    let mean = (seconds.iter().sum::<i64>() + n / 2) / n;
    let median = (seconds[(n as usize - 1) / 2] + seconds[n as usize / 2] + 1) / 2;
    json!({"count": n, "mean_s": mean, "median_s": median, "longest_s": seconds.last()})
}

fn table_json(name: &str, unit: &str, rows: &[(String, u64)]) -> Value {
    let total: u64 = rows.iter().map(|(_, n)| n).sum();
    json!({
        "name": name,
        "unit": unit,
        "rows": rows.iter().map(|(l, n)| json!({"label": l, "count": n})).collect::<Vec<_>>(),
        "total": total,
    })
}

/// The whole JSON the report must print for the dataset.
fn expected_json(data: &Dataset) -> Value {
    let mut tables: Vec<Value> = published()
        .iter()
        .map(|(name, rows)| {
            let unit = if ["手法別", "対応別"].contains(name) {
                "contact"
            } else {
                "case"
            };
            let rows: Vec<(String, u64)> = rows.iter().map(|(l, n)| (l.to_string(), *n)).collect();
            table_json(name, unit, &rows)
        })
        .collect();
    let platforms = soudan::domain::Taxonomy::builtin()
        .options(soudan::domain::Dim::Platform)
        .iter()
        .map(|o| o.ja.as_str())
        .collect::<Vec<_>>();
    let per_case_platforms = data.cases[..CASES].iter().flat_map(|t| {
        if t.platforms.is_empty() {
            vec!["不明".to_string()]
        } else {
            t.platforms.clone()
        }
    });
    tables.push(table_json(
        "場所・サービス別",
        "case",
        &tally(&platforms, per_case_platforms),
    ));
    let referrals = data.in_period().iter().flat_map(|l| {
        l.referrals
            .iter()
            .map(|r| {
                if r.contains("evil") {
                    "その他".into()
                } else {
                    r.clone()
                }
            })
            .collect::<Vec<_>>()
    });
    let mut referral_rows = tally(&[], referrals);
    // Most referred first; free text is gathered in その他, last.
    referral_rows.sort_by(|a, b| (a.0 == "その他", b.1, &a.0).cmp(&(b.0 == "その他", a.1, &b.0)));
    tables.push(table_json("紹介先別", "contact", &referral_rows));
    json!({
        "period": {"from": FROM, "to": TO, "label": "令和5年11月1日～令和6年7月31日"},
        "totals": {"days_open": 224, "new_cases": 289, "contacts": 537, "responses": 600},
        "tables": tables,
        "durations": {
            "talk": stats(data.in_period().iter().map(|l| l.talk_s).collect()),
            "wrap_up": stats(data.in_period().iter().map(|l| l.wrap_s).collect()),
        },
        "suppress_below": null,
    })
}

/// A printed table: heading, labels, values (as printed).
#[derive(Debug, PartialEq)]
struct Printed {
    heading: String,
    labels: Vec<String>,
    values: Vec<String>,
}

/// The tables the JSON describes, as the printed formats must show them (with 合計).
fn printed_from_json(json: &Value) -> Vec<(String, Vec<String>, Vec<String>)> {
    let mut printed = vec![(
        "実績".to_string(),
        [
            "相談開設日数",
            "新規受付件数",
            "延べ受付件数",
            "延べ対応件数",
        ]
        .map(String::from)
        .to_vec(),
        ["days_open", "new_cases", "contacts", "responses"]
            .map(|k| json["totals"][k].to_string())
            .to_vec(),
    )];
    for table in json["tables"].as_array().unwrap() {
        let rows = table["rows"].as_array().unwrap();
        let mut labels: Vec<String> = rows
            .iter()
            .map(|r| r["label"].as_str().unwrap().to_string())
            .collect();
        let mut values: Vec<String> = rows.iter().map(|r| r["count"].to_string()).collect();
        labels.push("合計".into());
        values.push(table["total"].to_string());
        printed.push((table["name"].as_str().unwrap().to_string(), labels, values));
    }
    printed
}

fn assert_tables_match(format: &str, found: &[Printed], json: &Value) {
    for (name, labels, values) in printed_from_json(json) {
        let table = found
            .iter()
            .find(|p| p.heading == name || p.heading.starts_with(&format!("{name}（")))
            .unwrap_or_else(|| panic!("{format}: no table {name} in {found:#?}"));
        assert_eq!(table.labels, labels, "{format}: labels of {name}");
        assert_eq!(table.values, values, "{format}: counts of {name}");
    }
}

/// The terminal table: a heading line, then pairs of label and count lines (a wide table
/// continues in more pairs) up to a blank line.
fn parse_terminal(text: &str) -> Vec<Printed> {
    let mut found = Vec::new();
    for block in text.split("\n\n").skip(1) {
        let mut lines = block.lines();
        let heading = lines.next().unwrap().to_string();
        // A footnote under the table (`x は…`) is not a row of labels or counts.
        let body: Vec<&str> = lines
            .filter(|l| !l.trim_start().starts_with("x "))
            .collect();
        let (mut labels, mut values) = (Vec::new(), Vec::new());
        for pair in body.chunks(2) {
            labels.extend(pair[0].split_whitespace().map(String::from));
            values.extend(pair[1].split_whitespace().map(String::from));
        }
        found.push(Printed {
            heading,
            labels,
            values,
        });
    }
    found
}

/// CSV: a heading record, a record of labels, a record of counts.
fn parse_csv(text: &str) -> Vec<Printed> {
    let text = text.strip_prefix('\u{feff}').expect("a BOM for Excel");
    let records: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    records
        .split(|r| r.len() == 1 && r[0].is_empty())
        .skip(1)
        .map(|section| Printed {
            heading: section[0][0].clone(),
            labels: section[1].clone(),
            values: section[2].clone(),
        })
        .collect()
}

/// Markdown: `## heading`, then a table of labels, alignment, counts.
fn parse_markdown(text: &str) -> Vec<Printed> {
    let cells = |line: &str| -> Vec<String> {
        line.trim_matches('|')
            .split(" | ")
            .map(|c| c.trim().to_string())
            .collect()
    };
    text.split("\n## ")
        .skip(1)
        .map(|section| {
            let lines: Vec<&str> = section.lines().filter(|l| !l.is_empty()).collect();
            Printed {
                heading: lines[0].to_string(),
                labels: cells(lines[1]),
                values: cells(lines[3]),
            }
        })
        .collect()
}

/// A file inside an xlsx (a zip).
fn unzip(xlsx: &Path, member: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut text = String::new();
    archive
        .by_name(member)
        .unwrap_or_else(|e| panic!("{member} in the xlsx: {e}"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn assert_private_text_absent(format: &str, text: &str) {
    for private in PRIVATE {
        assert!(
            !text.contains(private),
            "{format} contains {private:?}:\n{text}"
        );
    }
}

#[test]
fn the_prefectural_report_comes_back_number_for_number_in_every_format() {
    let data = prefectural();
    let desk = Desk::import(&data.csv());
    let expected = expected_json(&data);

    let json: Value = serde_json::from_str(&desk.report(&range(OutputFormat::Json))).unwrap();
    assert_eq!(json, expected);

    let table = desk.report(&range(OutputFormat::Table));
    assert!(table.starts_with("相談実績 令和5年11月1日～令和6年7月31日 (2023-11-01 – 2024-07-31)"));
    assert!(
        table.contains("侵害種別（相談者単位・重複あり）"),
        "{table}"
    );
    assert_tables_match("table", &parse_terminal(&table), &expected);

    let csv = desk.report(&range(OutputFormat::Csv));
    assert_tables_match("csv", &parse_csv(&csv), &expected);

    let md = desk.report(&range(OutputFormat::Md));
    assert!(md.starts_with("# 相談実績 "));
    assert_tables_match("md", &parse_markdown(&md), &expected);

    let xlsx = desk.dir.path().join("report.xlsx");
    let out = desk.report(&ReportArgs {
        output: Some(xlsx.clone()),
        ..range(OutputFormat::Xlsx)
    });
    assert!(
        out.is_empty(),
        "the workbook goes to the file, not to stdout"
    );
    let bytes = std::fs::read(&xlsx).unwrap();
    assert!(bytes.starts_with(b"PK"), "an xlsx is a zip");
    {
        let strings = unzip(&xlsx, "xl/sharedStrings.xml");
        let sheet = unzip(&xlsx, "xl/worksheets/sheet1.xml");
        for label in ["年代別", "60歳以上", "誹謗・中傷", "専門家連携", "合計"] {
            assert!(strings.contains(label), "xlsx lacks {label}");
        }
        for count in [224, 289, 537, 600, 297, 375, 167, 307, 205, 161, 188] {
            assert!(
                sheet.contains(&format!("<v>{count}</v>")),
                "xlsx lacks {count}"
            );
        }
        // The text of the cells, without the XML around it (its namespaces are URLs).
        let cell_text: String = strings
            .split('<')
            .filter_map(|piece| piece.split_once('>').map(|(_, text)| text))
            .collect();
        assert!(cell_text.contains("年代別"));
        assert_private_text_absent("xlsx", &cell_text);
    }

    for (format, text) in [
        ("json", &json.to_string()),
        ("table", &table),
        ("csv", &csv),
        ("md", &md),
    ] {
        assert_private_text_absent(format, text);
    }
}

#[test]
fn the_plain_sql_of_the_benchmark_counts_the_same() {
    let Ok(version) = Command::new("sqlite3").arg("--version").output() else {
        // CI installs the sqlite3 shell (.ci/run); there, its absence is a failure.
        assert!(std::env::var_os("CI").is_none(), "sqlite3 shell not found");
        eprintln!("sqlite3 not found: skipped");
        return;
    };
    assert!(version.status.success());
    let data = prefectural();
    let desk = Desk::import(&data.csv());
    let json: Value = serde_json::from_str(&desk.report(&range(OutputFormat::Json))).unwrap();
    let period = soudan::report::Period::range(FROM, TO).unwrap();
    let (from, to) = period.utc_bounds(Settings::for_tests().desk_offset);
    let output = Command::new("sqlite3")
        .arg("-readonly")
        .arg(desk.db())
        .args(["-cmd", &format!(".parameter set @from {from}")])
        .args(["-cmd", &format!(".parameter set @to {to}")])
        .args(["-cmd", ".parameter set @shift '+32400 seconds'"])
        .arg(".read benches/report.sql")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8(output.stdout).unwrap();
    let line = |key: &str| -> String {
        let prefix = format!("{key}||");
        text.lines()
            .find_map(|l| l.strip_prefix(&prefix).map(String::from))
            .unwrap_or_else(|| panic!("no {key} in\n{text}"))
    };
    let totals = &json["totals"];
    assert_eq!(line("contacts"), totals["contacts"].to_string());
    assert_eq!(line("days"), totals["days_open"].to_string());
    assert_eq!(line("new_cases"), totals["new_cases"].to_string());
    assert_eq!(line("responses"), totals["responses"].to_string());
    assert_eq!(line("cases"), CASES.to_string());
    let talk = &json["durations"]["talk"];
    assert_eq!(
        line("talk_stats"),
        ["count", "mean_s", "median_s", "longest_s"]
            .map(|k| talk[k].to_string())
            .join(",")
    );
    // 対応別 by code: 助言 is `advice`.
    assert!(text.contains("response|advice|188\n"), "{text}");
    assert!(text.contains("channel|phone|307\n"), "{text}");
    assert!(
        text.contains("infringement||20\n"),
        "the blank 不明: {text}"
    );
}

#[test]
fn an_empty_period_prints_zeros_not_an_error() {
    let desk = Desk::import(&prefectural().csv());
    let args = ReportArgs {
        fy: Some("2030".into()),
        format: OutputFormat::Json,
        ..ReportArgs::default()
    };
    let json: Value = serde_json::from_str(&desk.report(&args)).unwrap();
    assert_eq!(
        json["totals"],
        json!({"days_open": 0, "new_cases": 0, "contacts": 0, "responses": 0})
    );
    assert_eq!(json["period"]["label"], "令和12年度");
    for table in json["tables"].as_array().unwrap() {
        assert_eq!(table["total"], 0);
        assert!(
            table["rows"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r["count"] == 0)
        );
    }
    assert_eq!(json["tables"][0]["rows"].as_array().unwrap().len(), 7);
    let table = desk.report(&ReportArgs {
        format: OutputFormat::Table,
        ..args
    });
    assert!(table.contains("年代別（相談者単位）"), "{table}");
}

#[test]
fn inverted_and_malformed_periods_are_clear_errors() {
    let desk = Desk::import(&prefectural().csv());
    let inverted = ReportArgs {
        from: Some(TO.into()),
        to: Some(FROM.into()),
        ..ReportArgs::default()
    };
    let err = desk.run(&inverted).unwrap_err().to_string();
    assert!(
        err.contains("starts on 2024-07-31 but ends on 2023-11-01"),
        "{err}"
    );
    for (args, expected) in [
        (
            ReportArgs {
                half: Some("2024-H3".into()),
                ..ReportArgs::default()
            },
            "a fiscal half like 2024-H1",
        ),
        (
            ReportArgs {
                from: Some("2024/05/01".into()),
                to: Some("2024-05-31".into()),
                ..ReportArgs::default()
            },
            "a date like 2024-07-31",
        ),
        (ReportArgs::default(), "say which period"),
    ] {
        let err = desk.run(&args).unwrap_err().to_string();
        assert!(err.contains(expected), "{err}");
    }
}

#[test]
fn contacts_on_31_march_and_1_april_land_in_different_fiscal_years() {
    let csv = "case,started_at,channel,response\n\
               E-1,2024-03-31 23:59:59,電話,助言\n\
               E-2,2024-04-01 00:00:00,SNS,傾聴\n";
    let desk = Desk::import(csv);
    let contacts_in = |fy: &str| -> Value {
        let args = ReportArgs {
            fy: Some(fy.into()),
            format: OutputFormat::Json,
            ..ReportArgs::default()
        };
        let json: Value = serde_json::from_str(&desk.report(&args)).unwrap();
        json!([
            json["totals"]["contacts"],
            json["tables"][1]["rows"][0]["count"]
        ])
    };
    assert_eq!(
        contacts_in("2023"),
        json!([1, 1]),
        "31 March: FY2023, by phone"
    );
    assert_eq!(
        contacts_in("2024"),
        json!([1, 0]),
        "1 April: FY2024, by SNS"
    );
}

#[test]
fn suppressed_counts_print_as_less_than_n_and_as_null_in_json() {
    let desk = Desk::import(&prefectural().csv());
    let suppressed = |format| ReportArgs {
        suppress_below: Some(10),
        ..range(format)
    };
    let json: Value = serde_json::from_str(&desk.report(&suppressed(OutputFormat::Json))).unwrap();
    assert_eq!(json["suppress_below"], 10);
    let responses = &json["tables"][4]["rows"];
    assert_eq!(
        responses[3],
        json!({"label": "問題整理", "count": null, "suppressed": true})
    );
    // 問題整理 alone would be 537 minus the others: 専門家連携 (10, the smallest other) goes
    // with it.
    assert_eq!(
        responses[5],
        json!({"label": "専門家連携", "count": null, "suppressed": true})
    );
    assert_eq!(json["tables"][4]["secondary_suppression"], true);
    assert_eq!(responses[6], json!({"label": "中断", "count": 97}));
    assert_eq!(
        json["tables"][1]["rows"][3],
        json!({"label": "FAX", "count": 0})
    );
    assert_eq!(json["totals"]["contacts"], 537);
    let table = desk.report(&suppressed(OutputFormat::Table));
    assert!(table.contains("1～9件の値は「<10」と表示"), "{table}");
    let found = parse_terminal(&table);
    let response = found
        .iter()
        .find(|p| p.heading.starts_with("対応別"))
        .unwrap();
    assert_eq!(response.values[3], "x");
    assert_eq!(response.values[5], "x");
    assert!(
        table.contains("x は1～9件の値と、それが差し引きで分からないよう伏せた値（二次秘匿）"),
        "{table}"
    );
    let csv = desk.report(&suppressed(OutputFormat::Csv));
    assert!(csv.contains(",<10,"), "{csv}");
    assert!(csv.contains(",x,"), "{csv}");
}

#[test]
fn a_suppressed_count_cannot_be_worked_out_from_the_total_in_any_format() {
    // The 年代別: 0 <3 0 5 5 0 17 | 28 gave the hidden count as 28 − 27 = 1.
    let ages = [("20代", 1), ("40代", 5), ("50代", 5), ("", 17)];
    let mut csv = String::from("started_at,age\n");
    let mut minute = 0;
    for (age, count) in ages {
        for _ in 0..count {
            csv.push_str(&format!("2024-01-10 10:{minute:02},{age}\n"));
            minute += 1;
        }
    }
    let desk = Desk::import(&csv);
    let args = |format| ReportArgs {
        suppress_below: Some(3),
        ..range(format)
    };
    // 20代 (1) takes the smallest others, both 5s, with it: 1 + 5 + 5 = 11 could be split
    // many ways. Every format prints the same.
    let expected = ["0", "x", "0", "x", "x", "0", "17", "28"];
    let by_age = |found: Vec<Printed>| {
        found
            .into_iter()
            .find(|p| p.heading.starts_with("年代別"))
            .unwrap()
            .values
    };
    let table = desk.report(&args(OutputFormat::Table));
    assert_eq!(by_age(parse_terminal(&table)), expected, "{table}");
    let footnote = "x は1～2件の値と、それが差し引きで分からないよう伏せた値（二次秘匿）";
    assert!(table.contains(footnote), "{table}");
    let csv = desk.report(&args(OutputFormat::Csv));
    assert_eq!(by_age(parse_csv(&csv)), expected, "{csv}");
    assert!(csv.contains(footnote), "{csv}");
    let md = desk.report(&args(OutputFormat::Md));
    assert_eq!(by_age(parse_markdown(&md)), expected, "{md}");
    assert!(md.contains(footnote), "{md}");

    let json: Value = serde_json::from_str(&desk.report(&args(OutputFormat::Json))).unwrap();
    let ages = &json["tables"][0];
    assert_eq!(ages["secondary_suppression"], true);
    let counts: Vec<Value> = ages["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["count"].clone())
        .collect();
    assert_eq!(
        counts,
        [
            json!(0),
            Value::Null,
            json!(0),
            Value::Null,
            Value::Null,
            json!(0),
            json!(17)
        ]
    );
    assert_eq!(ages["total"], 28);

    let xlsx = desk.dir.path().join("report.xlsx");
    desk.report(&ReportArgs {
        output: Some(xlsx.clone()),
        ..args(OutputFormat::Xlsx)
    });
    let strings = unzip(&xlsx, "xl/sharedStrings.xml");
    assert!(strings.contains(footnote), "{strings}");
    assert!(strings.contains("<t>x</t>"), "{strings}");
}
