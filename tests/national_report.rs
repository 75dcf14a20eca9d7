//! `soudan report --layout national`: a generated JSONL file of contacts with work items goes
//! in through `soudan import`, and every table of the national layout must come back with
//! the counts this file works out on its own, from what it generated: its own table of which
//! URL is on which service, the centre's labels written out, the privacy rows counted once
//! per item in プライバシー侵害（計）, each operator's （合計） the sum of its services, and
//! only the period's contacts counted. The printed formats show the same rows.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

const CONTENTS: [&str; 15] = [
    "名誉毀損・信用毀損",
    "プライバシー侵害（住所・電話番号・メールアドレス等）",
    "プライバシー侵害（写真・映像など肖像権侵害）",
    "プライバシー侵害（リベンジポルノ）",
    "プライバシー侵害（過去の犯罪事実）",
    "プライバシー侵害（その他）",
    "著作権侵害",
    "なりすまし",
    "ネットいじめ",
    "違法情報（児童ポルノ・薬物等）",
    "青少年に有害な情報",
    "自殺関連",
    "プロバイダ責任制限法に関する質問",
    "他機関からの削除依頼",
    "その他",
];

/// Where each content stands in the legal frame (seed 004): 権利侵害情報 (R), その他の違法な
/// 情報 (I), 公序良俗に反する情報 (P), 青少年に有害な情報 (M), or nowhere (-).
const FRAMES: [char; 15] = [
    'R', 'R', 'R', 'R', 'R', 'R', 'R', 'R', '-', 'I', 'M', 'P', '-', 'R', '-',
];

const MEANS: [&str; 7] = [
    "削除依頼の方法の案内",
    "検索結果からの削除の案内",
    "証拠保全の案内",
    "発信者情報開示請求の説明",
    "他機関の紹介",
    "情報提供",
    "その他",
];

const PLACES: [&str; 8] = [
    "SNS",
    "掲示板",
    "検索結果",
    "地図の口コミ",
    "ブログ",
    "動画サイト",
    "ニュース・まとめサイト",
    "その他",
];

const ATTRIBUTES: [&str; 11] = [
    "小学生",
    "中学生",
    "高校生",
    "大学生",
    "会社員",
    "自営業",
    "公務員",
    "主婦・主夫",
    "無職",
    "その他",
    "不明",
];

const TROUBLED: [&str; 3] = ["本人", "家族", "その他"];

/// The rows of 図表9 as the centre prints them: (group, services). A group of one service
/// is one row; a group of several is its （合計） row over its services.
const SERVICE_ROWS: [(&str, &[&str]); 11] = [
    ("Twitter (X)", &["Twitter (X)"]),
    ("Google", &["検索", "YouTube", "map", "その他"]),
    ("Meta", &["instagram", "facebook"]),
    ("5ちゃんねる", &["5ちゃんねる"]),
    ("爆サイ.com", &["爆サイ.com"]),
    ("LINE", &["livedoorサービス", "LINEアプリ内サービス"]),
    ("破産情報掲載関連サイト", &["破産情報掲載関連サイト"]),
    ("FC2", &["FC2"]),
    (
        "Yahoo!",
        &["検索", "知恵袋", "オークション", "ファイナンス", "その他"],
    ),
    ("2ちゃんねる", &["2ちゃんねる"]),
    ("ためき掲示板", &["ためき掲示板"]),
];

/// A post's address (`{n}` is made unique), the service it is on as (group, service), and
/// the 場所 that follows from it. Upper case, `m.`/`www.`, subdomains and paths on purpose.
const SITES: [(&str, (&str, &str), Option<&str>); 10] = [
    (
        "https://twitter.com/someone/status/{n}",
        ("Twitter (X)", "Twitter (X)"),
        Some("SNS"),
    ),
    (
        "HTTPS://X.COM/other/status/{n}",
        ("Twitter (X)", "Twitter (X)"),
        Some("SNS"),
    ),
    (
        "https://www.google.com/maps/place/shop{n}",
        ("Google", "map"),
        Some("地図の口コミ"),
    ),
    (
        "https://m.youtube.com/watch?v={n}",
        ("Google", "YouTube"),
        Some("動画サイト"),
    ),
    (
        "https://www.instagram.com/p/{n}/",
        ("Meta", "instagram"),
        Some("SNS"),
    ),
    (
        "https://egg.5ch.net/test/read.cgi/x/{n}",
        ("5ちゃんねる", "5ちゃんねる"),
        Some("掲示板"),
    ),
    (
        "https://detail.chiebukuro.yahoo.co.jp/qa/{n}",
        ("Yahoo!", "知恵袋"),
        Some("掲示板"),
    ),
    (
        "https://someone.fc2.com:8080/blog/{n}",
        ("FC2", "FC2"),
        None,
    ),
    (
        "https://blog.livedoor.jp/someone/{n}",
        ("LINE", "livedoorサービス"),
        None,
    ),
    // An own domain: 上記以外の事業者/サービス等, no place.
    ("https://own-domain-{n}.example/page", ("", ""), None),
];

/// Services named without a URL, as the export writes them: (written, (group, service)).
const NAMED: [(&str, (&str, &str)); 3] = [
    ("Meta facebook", ("Meta", "facebook")),
    (
        "破産情報掲載関連サイト",
        ("破産情報掲載関連サイト", "破産情報掲載関連サイト"),
    ),
    ("Yahoo! 検索", ("Yahoo!", "検索")),
];

/// One generated work item and what it must count as.
struct Item {
    json: Value,
    services: BTreeSet<(&'static str, &'static str)>,
    /// 上記以外 (URLs on no known service) or その他・不明 (no URL, no service).
    has_urls: bool,
    place: Option<&'static str>,
    contents: BTreeSet<usize>,
    means: BTreeSet<usize>,
}

struct Contact {
    case: usize,
    in_period: bool,
    items: Vec<Item>,
}

struct Dataset {
    attributes: Vec<Option<&'static str>>,
    troubled: Vec<Option<&'static str>>,
    contacts: Vec<Contact>,
}

fn some_of(rng: &mut ChaCha8Rng, n: usize, most: usize) -> BTreeSet<usize> {
    let take = rng.random_range(0..=most);
    (0..take).map(|_| rng.random_range(0..n)).collect()
}

fn item(rng: &mut ChaCha8Rng, serial: &mut usize) -> Item {
    let mut json = json!({});
    let mut services = BTreeSet::new();
    let mut place = None;
    let mut urls = Vec::new();
    match rng.random_range(0..10) {
        // Nothing known: no URL, no service.
        0 => {}
        // A service named, no URL.
        1 | 2 => {
            let (written, service) = NAMED[rng.random_range(0..NAMED.len())];
            json["service"] = json!([written]);
            services.insert(service);
        }
        // One or two URLs, the service taken from them.
        _ => {
            for _ in 0..rng.random_range(1..=2) {
                let (pattern, service, site_place) = SITES[rng.random_range(0..SITES.len())];
                *serial += 1;
                urls.push(pattern.replace("{n}", &serial.to_string()));
                if !service.0.is_empty() {
                    services.insert(service);
                }
                place = place.or(site_place);
            }
            json["urls"] = json!(urls);
        }
    }
    // A place written out wins over the one the URL gives.
    if rng.random_bool(0.3) {
        let written = PLACES[rng.random_range(0..PLACES.len())];
        json["place"] = json!(written);
        place = Some(written);
    }
    let contents = some_of(rng, CONTENTS.len(), 3);
    let means = some_of(rng, MEANS.len(), 2);
    json["content"] = json!(contents.iter().map(|i| CONTENTS[*i]).collect::<Vec<_>>());
    json["means"] = json!(means.iter().map(|i| MEANS[*i]).collect::<Vec<_>>());
    Item {
        json,
        services,
        has_urls: !urls.is_empty(),
        place,
        contents,
        means,
    }
}

fn generate(seed: u64) -> Dataset {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let cases = 150;
    let mut serial = 0;
    let maybe = |rng: &mut ChaCha8Rng, labels: &[&'static str]| {
        rng.random_bool(0.8)
            .then(|| labels[rng.random_range(0..labels.len())])
    };
    let attributes = (0..cases).map(|_| maybe(&mut rng, &ATTRIBUTES)).collect();
    let troubled = (0..cases).map(|_| maybe(&mut rng, &TROUBLED)).collect();
    let mut contacts = Vec::new();
    for case in 0..cases {
        for _ in 0..rng.random_range(1..=2) {
            // One in five is in April, before the period.
            let in_period = rng.random_range(0..5) > 0;
            let items = (0..rng.random_range(0..=3))
                .map(|_| item(&mut rng, &mut serial))
                .collect();
            contacts.push(Contact {
                case,
                in_period,
                items,
            });
        }
    }
    Dataset {
        attributes,
        troubled,
        contacts,
    }
}

fn write_jsonl(data: &Dataset, path: &Path) {
    let mut lines = String::new();
    for (n, contact) in data.contacts.iter().enumerate() {
        let (day, month) = (1 + n % 28, if contact.in_period { 5 } else { 4 });
        let mut line = json!({
            "case": format!("N-{:05}", contact.case),
            "started_at": format!("2024-{month:02}-{day:02}T{:02}:{:02}:00+09:00", 9 + n % 12, n % 60),
            "channel": "電話",
            "items": contact.items.iter().map(|i| i.json.clone()).collect::<Vec<_>>(),
        });
        if let Some(attribute) = data.attributes[contact.case] {
            line["attribute"] = json!(attribute);
        }
        if let Some(troubled) = data.troubled[contact.case] {
            line["troubled"] = json!(troubled);
        }
        lines.push_str(&line.to_string());
        lines.push('\n');
    }
    std::fs::write(path, lines).unwrap();
}

/// A row as the JSON has it: label, count, and "subtotal", "nested" or "".
type ExpectedRow = (String, u64, &'static str);

/// The rows every table of the layout must have, worked out from the dataset alone.
fn expected(data: &Dataset) -> Vec<(String, Vec<ExpectedRow>)> {
    let period: Vec<&Contact> = data.contacts.iter().filter(|c| c.in_period).collect();
    let items: Vec<&Item> = period.iter().flat_map(|c| &c.items).collect();
    let people: BTreeSet<usize> = period.iter().map(|c| c.case).collect();
    let count = |f: &dyn Fn(&Item) -> bool| items.iter().filter(|i| f(i)).count() as u64;
    let row = |label: &str, n: u64, kind: &'static str| (label.to_string(), n, kind);
    let mut tables = Vec::new();

    let per_person = |values: &[Option<&'static str>], labels: &[&str], unknown: &str| {
        let mut rows: Vec<_> = labels
            .iter()
            .map(|l| {
                let n = people.iter().filter(|c| values[**c] == Some(*l)).count() as u64;
                row(l, n, "")
            })
            .collect();
        let missing = people.iter().filter(|c| values[**c].is_none()).count() as u64;
        match rows.iter_mut().find(|r| r.0 == unknown) {
            Some(r) => r.1 += missing,
            None if missing > 0 => rows.push(row("未記入", missing, "")),
            None => {}
        }
        rows
    };
    tables.push((
        "相談者の属性".to_string(),
        per_person(&data.attributes, &ATTRIBUTES, "不明"),
    ));
    tables.push((
        "権利侵害の対象".to_string(),
        per_person(&data.troubled, &TROUBLED, ""),
    ));

    let mut content = Vec::new();
    for (i, label) in CONTENTS.iter().enumerate() {
        content.push(row(label, count(&|item| item.contents.contains(&i)), ""));
        if i == 5 {
            // Once per item however many of the five privacy rows it has.
            let privacy = count(&|item| item.contents.iter().any(|c| (1..=5).contains(c)));
            content.push(row("プライバシー侵害（計）", privacy, "subtotal"));
        }
    }
    let none = count(&|item| item.contents.is_empty());
    if none > 0 {
        content.push(row("未記入", none, ""));
    }
    tables.push(("相談内容".to_string(), content));

    let mut means: Vec<_> = MEANS
        .iter()
        .enumerate()
        .map(|(i, l)| row(l, count(&|item| item.means.contains(&i)), ""))
        .collect();
    let none = count(&|item| item.means.is_empty());
    if none > 0 {
        means.push(row("未記入", none, ""));
    }
    tables.push(("対応手段".to_string(), means));

    let mut places: Vec<_> = PLACES
        .iter()
        .map(|l| row(l, count(&|item| item.place == Some(*l)), ""))
        .collect();
    let none = count(&|item| item.place.is_none());
    if none > 0 {
        places.push(row("未記入", none, ""));
    }
    tables.push(("場所".to_string(), places));

    let mut services = Vec::new();
    for (group, members) in SERVICE_ROWS {
        let of = |service: &str| count(&|item| item.services.contains(&(group, service)));
        if let [only] = members {
            services.push(row(only, of(only), ""));
            continue;
        }
        let sum = members.iter().map(|m| of(m)).sum();
        services.push(row(&format!("{group}（合計）"), sum, "subtotal"));
        for member in members {
            services.push(row(member, of(member), "nested"));
        }
    }
    services.push(row(
        "上記以外の事業者/サービス等",
        count(&|item| item.services.is_empty() && item.has_urls),
        "",
    ));
    services.push(row(
        "その他・不明",
        count(&|item| item.services.is_empty() && !item.has_urls),
        "",
    ));
    tables.push(("事業者/サービス".to_string(), services));

    let has = |item: &Item, frames: &str| item.contents.iter().any(|c| frames.contains(FRAMES[*c]));
    let frames = vec![
        row("違法な情報（計）", count(&|i| has(i, "RI")), "subtotal"),
        row("権利侵害情報", count(&|i| has(i, "R")), "nested"),
        row("その他の違法な情報", count(&|i| has(i, "I")), "nested"),
        row(
            "違法ではないが有害な情報（計）",
            count(&|i| has(i, "PM")),
            "subtotal",
        ),
        row("公序良俗に反する情報", count(&|i| has(i, "P")), "nested"),
        row("青少年に有害な情報", count(&|i| has(i, "M")), "nested"),
        row("区分なし", count(&|i| !has(i, "RIPM")), ""),
    ];
    tables.push(("違法・有害の区分".to_string(), frames));
    tables
}

struct Desk {
    _dir: tempfile::TempDir,
    db: PathBuf,
    home: PathBuf,
}

impl Desk {
    /// A desk with no database yet, in a folder of its own.
    fn empty() -> Desk {
        let dir = tempfile::tempdir().unwrap();
        Desk {
            db: dir.path().join("soudan.db"),
            home: dir.path().to_path_buf(),
            _dir: dir,
        }
    }

    fn with(data: &Dataset) -> Desk {
        let desk = Desk::empty();
        let file = desk.home.join("contacts.jsonl");
        write_jsonl(data, &file);
        let out = desk.soudan(&["import", file.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        desk
    }

    fn soudan(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_soudan"))
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join("config"))
            .env("XDG_DATA_HOME", self.home.join("data"))
            .env("TZ", "Asia/Tokyo")
            .output()
            .unwrap()
    }

    fn report(&self, format: &str) -> String {
        let out = self.soudan(&[
            "report", "--month", "2024-05", "--layout", "national", "--format", format,
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

fn json_rows(table: &Value) -> Vec<ExpectedRow> {
    table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let kind = if r["subtotal"] == json!(true) {
                "subtotal"
            } else if r["nested"] == json!(true) {
                "nested"
            } else {
                ""
            };
            (
                r["label"].as_str().unwrap().to_string(),
                r["count"].as_u64().unwrap(),
                kind,
            )
        })
        .collect()
}

#[test]
fn every_national_table_counts_what_the_imported_file_holds() {
    let data = generate(13);
    let desk = Desk::with(&data);
    let report: Value = serde_json::from_str(&desk.report("json")).unwrap();

    let period: Vec<&Contact> = data.contacts.iter().filter(|c| c.in_period).collect();
    let people: BTreeSet<usize> = period.iter().map(|c| c.case).collect();
    let items = period.iter().map(|c| c.items.len()).sum::<usize>();
    assert_eq!(
        report["totals"],
        json!({"people": people.len(), "contacts": period.len(), "items": items})
    );
    assert!(items > 200, "enough work items to mean something: {items}");

    let tables = report["tables"].as_array().unwrap();
    let expected = expected(&data);
    assert_eq!(tables.len(), expected.len());
    for (table, (name, rows)) in tables.iter().zip(&expected) {
        assert_eq!(table["name"], json!(name));
        assert_eq!(&json_rows(table), rows, "{name}");
        let own: u64 = rows.iter().filter(|r| r.2 != "subtotal").map(|r| r.1).sum();
        assert_eq!(
            table["total"],
            json!(own),
            "{name}: 合計 leaves the subtotals out"
        );
        let unit = if name.starts_with("相談者") || name.starts_with("権利") {
            "case"
        } else {
            "item"
        };
        assert_eq!(table["unit"], json!(unit), "{name}");
    }

    // The dedup and the group totals are what make this layout: both must have mattered.
    let content = &expected[2].1;
    let privacy_rows: u64 = content[1..6].iter().map(|r| r.1).sum();
    assert!(
        content[6].1 < privacy_rows,
        "some item has two privacy rows"
    );
    let services = &tables[5];
    let shares: f64 = services["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["subtotal"] != json!(true))
        .map(|r| r["share"].as_f64().unwrap())
        .sum();
    assert!((shares - 1.0).abs() < 0.01, "the shares add up: {shares}");
    assert!(
        services["total"].as_u64().unwrap() > items as u64,
        "an item with two services counts under both"
    );
}

/// Each table of a CSV: its heading, then (label, count) rows up to the blank record.
fn csv_tables(text: &str) -> Vec<(String, Vec<(String, String)>)> {
    let text = text.strip_prefix('\u{feff}').expect("a BOM for Excel");
    let records: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let mut tables = Vec::new();
    for block in records.split(|r| r.len() == 1 && r[0].is_empty()).skip(1) {
        let rows = block[2..]
            .iter()
            .filter(|r| r.len() >= 2)
            .map(|r| {
                (
                    r[0].trim_start_matches('\u{3000}').to_string(),
                    r[1].clone(),
                )
            })
            .collect();
        tables.push((block[0][0].clone(), rows));
    }
    tables
}

#[test]
fn the_printed_formats_show_the_rows_of_the_json() {
    let data = generate(7);
    let desk = Desk::with(&data);
    let report: Value = serde_json::from_str(&desk.report("json")).unwrap();
    let csv = csv_tables(&desk.report("csv"));
    assert_eq!(csv[0].0, "実績");
    for table in report["tables"].as_array().unwrap() {
        let name = table["name"].as_str().unwrap();
        let (_, rows) = csv
            .iter()
            .find(|(heading, _)| heading.starts_with(&format!("{name}（")))
            .unwrap_or_else(|| panic!("no {name} in the CSV"));
        let mut want: Vec<(String, String)> = json_rows(table)
            .into_iter()
            .map(|(label, n, _)| (label, n.to_string()))
            .collect();
        want.push(("合計".into(), table["total"].to_string()));
        assert_eq!(rows, &want, "{name}");
    }

    let text = desk.report("table");
    for line in text.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 80,
            "fits 80 columns: {line}"
        );
    }
    assert!(
        text.contains("  　知恵袋"),
        "services indented under their group"
    );
    let xlsx = desk.home.join("national.xlsx");
    let out = desk.soudan(&[
        "report",
        "--month",
        "2024-05",
        "--layout",
        "national",
        "--format",
        "xlsx",
        "--output",
        xlsx.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let strings = unzip(&xlsx, "xl/sharedStrings.xml");
    for label in [
        "プライバシー侵害（計）",
        "Google（合計）",
        "事業者名/サービス名等",
        "注3",
    ] {
        assert!(strings.contains(label), "{label} in the workbook");
    }
    let md = desk.report("md");
    assert!(md.contains("| プライバシー侵害（計） |"), "{md}");
}

fn unzip(xlsx: &Path, member: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut text = String::new();
    archive
        .by_name(member)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// Two callers, five work items: the whole terminal report, as a counselor's lead reads it
/// at 80 columns.
#[test]
fn the_terminal_report_of_a_small_month() {
    let desk = Desk::empty();
    let file = desk.home.join("may.jsonl");
    let lines = [
        json!({"case": "A-1", "started_at": "2024-05-01T10:00:00+09:00", "attribute": "大学生",
               "troubled": "本人", "items": [
            {"urls": ["https://x.com/a/status/1"], "content": ["なりすまし",
             "プライバシー侵害（写真・映像など肖像権侵害）"], "means": ["証拠保全の案内"]},
            {"urls": ["https://www.google.com/maps/place/x"], "content": ["名誉毀損・信用毀損"],
             "means": ["削除依頼の方法の案内", "検索結果からの削除の案内"]}]}),
        json!({"case": "A-2", "started_at": "2024-05-02T10:00:00+09:00", "items": [
            {"urls": ["https://own.example/"], "place": "ブログ", "content": [
             "プライバシー侵害（住所・電話番号・メールアドレス等）", "プライバシー侵害（その他）"]},
            {"service": ["Yahoo! 知恵袋"], "content": ["自殺関連"]},
            {}]}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&file, text).unwrap();
    let out = desk.soudan(&["import", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    insta::assert_snapshot!(desk.report("table"));
}

#[test]
fn a_config_can_make_national_the_default_and_the_flag_overrides_it() {
    let data = generate(3);
    let desk = Desk::with(&data);
    std::fs::create_dir_all(desk.home.join("config/soudan")).unwrap();
    std::fs::write(
        desk.home.join("config/soudan/config.toml"),
        "[report]\nlayout = \"national\"\n",
    )
    .unwrap();
    let report = |extra: &[&str]| {
        let mut args = vec!["report", "--month", "2024-05", "--format", "json"];
        args.extend(extra);
        let out = desk.soudan(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    assert_eq!(report(&[])["layout"], json!("national"));
    let prefectural = report(&["--layout", "prefectural"]);
    assert!(prefectural.get("layout").is_none());
    assert_eq!(prefectural["tables"][0]["name"], json!("年代別"));
}

#[test]
fn work_items_export_and_import_back_unchanged() {
    let data = generate(21);
    let desk = Desk::with(&data);
    let export = desk.soudan(&["export", "--format", "jsonl"]);
    assert!(export.status.success());
    let first = String::from_utf8(export.stdout).unwrap();
    assert!(first.contains("\"items\":[{\"urls\":"), "{}", &first[..400]);

    // Into a fresh database, and out again: the same work items, label for label.
    let other = Desk::empty();
    let file = other.home.join("export.jsonl");
    std::fs::write(&file, &first).unwrap();
    let out = other.soudan(&["import", file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let second = other.soudan(&["export", "--format", "jsonl"]);
    let items = |text: &str| -> Vec<Value> {
        text.lines()
            .map(|l| serde_json::from_str::<Value>(l).unwrap()["items"].clone())
            .collect()
    };
    assert_eq!(
        items(&first),
        items(&String::from_utf8(second.stdout).unwrap())
    );
    assert_eq!(desk.report("json"), other.report("json"));

    // One CSV row per work item, with its case.
    let csv = desk.soudan(&["export", "--items"]);
    assert!(csv.status.success());
    let text = String::from_utf8(csv.stdout).unwrap();
    let total: usize = data.contacts.iter().map(|c| c.items.len()).sum();
    assert_eq!(
        text.lines().count(),
        total + 1,
        "a header and a row per item"
    );
    assert!(
        text.starts_with("\u{feff}case,contact,started_at,item,urls,place,service,content,means")
    );
}

#[test]
fn a_bad_label_in_a_work_item_names_its_line_and_imports_nothing() {
    let desk = Desk::empty();
    let file = desk.home.join("bad.jsonl");
    std::fs::write(
        &file,
        concat!(
            "{\"started_at\":\"2024-05-01 10:00\",\"items\":[{\"content\":[\"なりすまし\"]}]}\n",
            "{\"started_at\":\"2024-05-02 10:00\",\"items\":[{\"urls\":[\"https://x.com/a\"]},{\"content\":[\"悪口\"]}]}\n",
        ),
    )
    .unwrap();
    let out = desk.soudan(&["import", file.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("bad.jsonl:2:"), "{err}");
    assert!(err.contains("items[1]: unknown 相談内容 `悪口`"), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    // The good first line did not go in either.
    let report: Value = serde_json::from_str(&desk.report("json")).unwrap();
    assert_eq!(
        report["totals"],
        json!({"people": 0, "contacts": 0, "items": 0})
    );
}
