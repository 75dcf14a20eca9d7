//! The shipped directory as a counselor meets it: which service and place a pasted URL
//! gives, and what a desk's `services.toml` / `means.toml` may change.

use rstest::rstest;

use super::*;
use crate::diag::Diagnostic;
use crate::domain::Lang;

fn recognise(url: &str) -> (Option<String>, Option<String>) {
    let r = ServiceDirectory::builtin().recognise(url);
    (r.service, r.place)
}

fn messages(problems: &[Diagnostic]) -> String {
    problems
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

fn apply(text: &str) -> (ServiceDirectory, Vec<Diagnostic>) {
    ServiceDirectory::builtin().with_overrides("services.toml", text)
}

#[test]
fn the_shipped_directory_loads_without_a_problem_in_the_centres_order() {
    let (d, problems) = ServiceDirectory::default()
        .with_overrides("services.toml (built-in)", include_str!("services.toml"));
    assert!(problems.is_empty(), "{}", messages(&problems));
    assert_eq!(&d, ServiceDirectory::builtin());
    let groups: Vec<&str> = d.groups().iter().map(|g| g.ja.as_str()).collect();
    assert_eq!(
        groups,
        [
            "Twitter (X)",
            "Google",
            "Meta",
            "5ちゃんねる",
            "爆サイ.com",
            "LINE",
            "破産情報掲載関連サイト",
            "FC2",
            "Yahoo!",
            "2ちゃんねる",
            "ためき掲示板"
        ]
    );
    let of = |group: &'static str| -> Vec<&str> {
        d.services_of(group).map(|s| s.ja.as_str()).collect()
    };
    assert_eq!(of("google"), ["検索", "YouTube", "map", "その他"]);
    assert_eq!(of("meta"), ["instagram", "facebook"]);
    assert_eq!(of("line"), ["livedoorサービス", "LINEアプリ内サービス"]);
    assert_eq!(
        of("yahoo"),
        ["検索", "知恵袋", "オークション", "ファイナンス", "その他"]
    );
    for group in d.groups() {
        assert!(
            d.services_of(&group.id).next().is_some(),
            "{} is empty",
            group.id
        );
    }
}

#[test]
fn a_service_is_named_with_its_operator_unless_it_is_the_operator() {
    let d = ServiceDirectory::builtin();
    assert_eq!(d.label("google_maps", Lang::Ja), "Google map");
    assert_eq!(d.label("yahoo_chiebukuro", Lang::Ja), "Yahoo! 知恵袋");
    assert_eq!(d.label("twitter", Lang::Ja), "Twitter (X)");
    assert_eq!(d.label("5ch", Lang::En), "5channel");
    assert_eq!(
        d.label("line_app", Lang::En),
        "LINE Services in the LINE app"
    );
    assert_eq!(d.label("gone_service", Lang::Ja), "gone_service");
}

#[test]
fn a_written_service_is_found_by_id_or_name_and_a_shared_name_is_refused() {
    let d = ServiceDirectory::builtin();
    let id = |written: &str| d.lookup(written).map(|s| s.id.as_str());
    assert_eq!(id("Google map"), Ok("google_maps"));
    assert_eq!(id("yahoo! 知恵袋"), Ok("yahoo_chiebukuro"));
    assert_eq!(
        id("知恵袋"),
        Ok("yahoo_chiebukuro"),
        "a name only one service has"
    );
    assert_eq!(id("instagram"), Ok("instagram"));
    assert_eq!(id("5channel"), Ok("5ch"));
    let shared = d.lookup("検索").unwrap_err();
    assert!(
        shared.contains("`Google 検索`") && shared.contains("`Yahoo! 検索`"),
        "{shared}"
    );
    assert!(
        d.lookup("mixi")
            .unwrap_err()
            .contains("unknown service `mixi`")
    );
}

/// One URL per shipped host (and path), as a counselor would paste it: the service and the
/// place it gives.
const SHIPPED: &[(&str, &str, Option<&str>)] = &[
    (
        "https://twitter.com/flower11jiro/status/1377239270973349888",
        "twitter",
        Some("sns"),
    ),
    ("https://x.com/someone/status/1", "twitter", Some("sns")),
    ("https://t.co/AbCdEf", "twitter", Some("sns")),
    (
        "https://www.google.com/search?q=%E5%90%8D%E5%89%8D",
        "google_search",
        Some("search"),
    ),
    (
        "https://www.google.co.jp/search?q=x",
        "google_search",
        Some("search"),
    ),
    (
        "https://www.youtube.com/watch?v=abc",
        "youtube",
        Some("video"),
    ),
    ("https://youtu.be/abc", "youtube", Some("video")),
    (
        "https://www.google.com/maps/place/%E5%BA%97/@35,139",
        "google_maps",
        Some("map_review"),
    ),
    (
        "https://www.google.co.jp/maps/place/x",
        "google_maps",
        Some("map_review"),
    ),
    (
        "https://maps.google.com/?cid=123",
        "google_maps",
        Some("map_review"),
    ),
    (
        "https://maps.google.co.jp/maps?cid=123",
        "google_maps",
        Some("map_review"),
    ),
    (
        "https://maps.app.goo.gl/AbC123",
        "google_maps",
        Some("map_review"),
    ),
    (
        "https://goo.gl/maps/AbC123",
        "google_maps",
        Some("map_review"),
    ),
    (
        "https://g.page/some-shop/review",
        "google_maps",
        Some("map_review"),
    ),
    ("https://docs.google.com/document/d/1", "google_other", None),
    ("https://sites.google.co.jp/view/x", "google_other", None),
    ("https://goo.gl/AbC123", "google_other", None),
    (
        "https://someone.blogspot.com/2024/01/post.html",
        "google_other",
        None,
    ),
    ("https://www.blogger.com/profile/1", "google_other", None),
    ("https://www.instagram.com/p/AbC/", "instagram", Some("sns")),
    ("https://instagr.am/p/AbC/", "instagram", Some("sns")),
    (
        "https://www.facebook.com/profile.php?id=1",
        "facebook",
        Some("sns"),
    ),
    ("https://fb.com/someone", "facebook", Some("sns")),
    ("https://fb.me/someone", "facebook", Some("sns")),
    ("https://fb.watch/AbC/", "facebook", Some("sns")),
    (
        "https://egg.5ch.net/test/read.cgi/board/1234567890/",
        "5ch",
        Some("board"),
    ),
    (
        "https://mercury.bbspink.com/test/read.cgi/x/1/",
        "5ch",
        Some("board"),
    ),
    (
        "https://bakusai.com/thr_res/acode=3/ctgid=103/",
        "bakusai",
        Some("board"),
    ),
    (
        "https://blog.livedoor.jp/someone/archives/1.html",
        "livedoor",
        None,
    ),
    (
        "https://news.livedoor.com/article/detail/1/",
        "livedoor",
        None,
    ),
    (
        "http://someone.livedoor.biz/archives/1.html",
        "livedoor",
        None,
    ),
    (
        "https://someone.livedoor.blog/archives/1.html",
        "livedoor",
        None,
    ),
    ("http://someone.blog.jp/archives/1.html", "livedoor", None),
    (
        "http://someone.doorblog.jp/archives/1.html",
        "livedoor",
        None,
    ),
    ("https://line.me/ti/g2/AbC", "line_app", Some("sns")),
    (
        "https://openchat.line.me/jp/cover/AbC",
        "line_app",
        Some("sns"),
    ),
    ("https://lin.ee/AbC", "line_app", Some("sns")),
    (
        "https://someone.blog.fc2.com/blog-entry-1.html",
        "fc2",
        None,
    ),
    ("https://video.fc2.com/content/1", "fc2", None),
    ("https://someone.fc2.net/blog-entry-1.html", "fc2", None),
    (
        "https://search.yahoo.co.jp/search?p=x",
        "yahoo_search",
        Some("search"),
    ),
    (
        "https://search.yahoo.com/search?p=x",
        "yahoo_search",
        Some("search"),
    ),
    (
        "https://detail.chiebukuro.yahoo.co.jp/qa/question_detail/q1",
        "yahoo_chiebukuro",
        Some("board"),
    ),
    (
        "https://page.auctions.yahoo.co.jp/jp/auction/x1",
        "yahoo_auctions",
        Some("other"),
    ),
    (
        "https://finance.yahoo.co.jp/cm/message/1",
        "yahoo_finance",
        None,
    ),
    ("https://news.yahoo.co.jp/articles/1", "yahoo_other", None),
    ("https://www.yahoo.com/news/x", "yahoo_other", None),
    (
        "https://toro.2ch.sc/test/read.cgi/x/1/",
        "2ch",
        Some("board"),
    ),
    (
        "http://hayabusa.2ch.net/test/read.cgi/x/1/",
        "2ch",
        Some("board"),
    ),
];

#[test]
fn every_shipped_host_is_recognised() {
    for (url, service, place) in SHIPPED {
        assert_eq!(
            recognise(url),
            (Some(service.to_string()), place.map(str::to_string)),
            "{url}"
        );
    }
}

#[test]
fn every_host_of_the_directory_has_a_case_above() {
    // A host added to services.toml without a case would be recognised untested.
    for service in ServiceDirectory::builtin().services() {
        for pattern in &service.hosts {
            let covered = SHIPPED.iter().any(|(url, id, _)| {
                *id == service.id && pattern.matches(&Address::parse(url).unwrap()).is_some()
            });
            assert!(covered, "no case for {pattern} ({})", service.id);
        }
    }
}

#[rstest]
#[case("https://mobile.twitter.com/someone")]
#[case("https://m.twitter.com/someone")]
#[case("http://twitter.com:80/someone")]
#[case("https://twitter.com:8443/someone")]
#[case("HTTPS://TWITTER.COM/SOMEONE")]
#[case("https://Mobile.Twitter.Com/someone")]
#[case("twitter.com/someone")]
#[case("ttps://twitter.com/someone")]
#[case("ｈｔｔｐｓ：／／ｔｗｉｔｔｅｒ．ｃｏｍ／someone")]
fn variants_of_an_address_name_the_same_service(#[case] url: &str) {
    assert_eq!(
        recognise(url),
        (Some("twitter".into()), Some("sns".into())),
        "{url}"
    );
}

#[test]
fn mobile_and_upper_case_maps_addresses_are_still_the_map() {
    assert_eq!(
        recognise("HTTPS://WWW.GOOGLE.COM/MAPS/place/x")
            .0
            .as_deref(),
        Some("google_maps")
    );
    assert_eq!(
        recognise("https://m.youtube.com/watch?v=1").0.as_deref(),
        Some("youtube")
    );
    assert_eq!(
        recognise("https://m.facebook.com/x").0.as_deref(),
        Some("facebook")
    );
}

#[rstest]
#[case("https://example.jp/post/1")]
#[case("https://my-own-domain.com/")]
#[case("https://notx.com/")]
#[case("https://twitter.com.example.jp/")]
#[case("https://5ch.net.example.jp/")]
#[case("https://open2ch.net/test/read.cgi/x/1/")]
#[case("https://192.0.2.1/x")]
#[case("ツイッターで見た")]
#[case("")]
fn an_unknown_or_own_domain_names_no_service_and_no_place(#[case] url: &str) {
    assert_eq!(recognise(url), (None, None), "{url}");
}

#[test]
fn internationalised_hosts_match_in_either_spelling() {
    let (d, problems) = apply(
        "[[service]]\nid = \"jp_board\"\ngroup = \"tameki\"\nja = \"日本語掲示板\"\nhosts = [\"*.掲示板.jp\"]\nplace = \"掲示板\"\n",
    );
    assert!(problems.is_empty(), "{}", messages(&problems));
    let expected = Recognised {
        service: Some("jp_board".into()),
        place: Some("board".into()),
    };
    assert_eq!(d.recognise("https://www.掲示板.jp/thread/1"), expected);
    assert_eq!(d.recognise("https://abc.xn--tzuo8fb3u.jp/"), expected);
    assert_eq!(d.recognise("https://XN--TZUO8FB3U.JP/"), expected);
}

#[test]
fn a_desk_adds_a_service_and_the_addresses_of_a_shipped_one() {
    let (d, problems) = apply(
        r#"
[[group]]
id = "local"
ja = "地域掲示板"

[[service]]
id = "local_board"
group = "local"
ja = "地域掲示板"
hosts = ["local-bbs.example.jp"]
place = "board"

[[service]]
id = "tameki"
hosts = ["tameki.example.jp"]

[[service]]
id = "yahoo_auctions"
place = ""
"#,
    );
    assert!(problems.is_empty(), "{}", messages(&problems));
    assert_eq!(
        d.recognise("https://local-bbs.example.jp/t/1"),
        Recognised {
            service: Some("local_board".into()),
            place: Some("board".into())
        }
    );
    assert_eq!(d.label("local_board", Lang::En), "地域掲示板");
    // A shipped service keeps what the file does not write.
    let tameki = d.recognise("https://tameki.example.jp/x");
    assert_eq!(tameki.service.as_deref(), Some("tameki"));
    assert_eq!(tameki.place.as_deref(), Some("board"));
    assert_eq!(d.service("tameki").unwrap().ja, "ためき掲示板");
    assert_eq!(
        d.recognise("https://page.auctions.yahoo.co.jp/x").place,
        None
    );
}

#[test]
fn a_desk_hides_a_service_and_its_addresses_are_then_unknown() {
    let (d, problems) = apply("[[service]]\nid = \"bakusai\"\nhidden = true\n");
    assert!(problems.is_empty(), "{}", messages(&problems));
    assert!(d.service("bakusai").is_none());
    assert_eq!(d.recognise("https://bakusai.com/x"), Recognised::default());
}

#[test]
fn each_bad_entry_is_reported_where_it_is_and_the_rest_applies() {
    let text = r#"[[service]]
id = "new_one"
group = "nowhere"
ja = "新しい"

[[service]]
id = "twitter"
hosts = ["*.twitter.com", "bad host/?x"]

[[service]]
id = "thief"
group = "google"
ja = "横取り"
hosts = ["*.x.com"]

[[service]]
id = "placeless"
group = "google"
ja = "場所違い"
place = "電柱"

[[service]]
id = "Bad-Id"
group = "google"
ja = "x"

[[service]]
id = "missing"

[[service]]
id = "good"
group = "google"
ja = "良い"
hosts = ["good.example.jp"]

[[service]]
id = "good"
group = "google"
ja = "二つ目"

[[service]]
id = "fc2"
hidden = true
ja = "x"

[[service]]
id = "ghost"
hidden = true

[[service]]
id = "typo"
grup = "google"

[[group]]
id = "empty"
ja = ""

[extra]
"#;
    let (d, problems) = apply(text);
    let found: Vec<(usize, usize, &str)> = problems
        .iter()
        .map(|p| (p.line, p.column, p.message.as_str()))
        .collect();
    let at = |needle: &str| {
        found
            .iter()
            .find(|(_, _, m)| m.contains(needle))
            .map(|(l, c, _)| (*l, *c))
            .unwrap_or_else(|| panic!("no {needle:?} in\n{}", messages(&problems)))
    };
    assert_eq!(at("there is no [[group]] `nowhere`"), (3, 9));
    assert_eq!(at("`bad host/?x`"), (8, 27));
    assert_eq!(at("already recognised as `twitter`"), (14, 10));
    assert_eq!(at("`電柱` is not a 場所"), (20, 9));
    assert_eq!(at("must be lowercase ascii"), (23, 6));
    assert_eq!(at("missing required field(s): group, ja"), (28, 6));
    assert_eq!(at("already written at line 31"), (37, 6));
    assert_eq!(at("is hidden; drop its other fields"), (42, 6));
    assert_eq!(at("there is no `ghost` to hide"), (47, 6));
    assert_eq!(at("unknown field `grup`"), (52, 1));
    assert_eq!(at("`ja` is empty"), (56, 6));
    assert_eq!(at("unknown key `extra`"), (58, 2));
    assert_eq!(problems.len(), 12, "{}", messages(&problems));
    // In the order of the file, each as file:line:column.
    assert!(messages(&problems).starts_with("services.toml:3:9: there is no [[group]]"));
    // The good entry applies; the bad ones are left out; twitter and fc2 stay as shipped.
    assert_eq!(
        d.recognise("https://good.example.jp/").service.as_deref(),
        Some("good")
    );
    for bad in ["new_one", "thief", "placeless", "Bad-Id", "missing", "typo"] {
        assert!(d.service(bad).is_none(), "{bad}");
    }
    assert_eq!(
        d.service("twitter"),
        ServiceDirectory::builtin().service("twitter")
    );
    assert!(d.service("fc2").is_some());
    assert!(d.group("empty").is_none());
}

#[test]
fn a_syntax_error_keeps_the_shipped_directory() {
    let (d, problems) = apply("[[service]]\nid = \"x\nja = 1\n");
    assert_eq!(&d, ServiceDirectory::builtin());
    assert_eq!(problems.len(), 1, "{}", messages(&problems));
    assert_eq!(problems[0].line, 2, "{}", problems[0]);
}

#[test]
fn loading_from_a_config_directory_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (national, problems) = National::load(dir.path());
    assert!(problems.is_empty());
    assert_eq!(&national.services, ServiceDirectory::builtin());

    std::fs::write(
        dir.path().join(SERVICES_FILE),
        "[[service]]\nid = \"tameki\"\nhosts = [\"tameki.example.jp\"]\n\n[[service]]\nid = \"x\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join(MEANS_FILE),
        "[[means]]\ncode = \"lawyer\"\nja = \"弁護士相談の案内\"\nen = \"Lawyer consult\"\n",
    )
    .unwrap();
    let (national, problems) = National::load(dir.path());
    assert_eq!(problems.len(), 1, "{}", messages(&problems));
    let shown = problems[0].to_string();
    let file = dir.path().join(SERVICES_FILE).display().to_string();
    assert!(
        shown.starts_with(&format!("{file}:6:6: new entry `x`")),
        "{shown}"
    );
    assert_eq!(
        national
            .services
            .recognise("https://tameki.example.jp/")
            .service
            .as_deref(),
        Some("tameki")
    );
    let means: Vec<&str> = national
        .classification
        .means
        .options
        .iter()
        .map(|o| o.ja.as_str())
        .collect();
    assert_eq!(means[means.len() - 2..], ["弁護士相談の案内", "その他"]);
}

#[test]
fn a_desk_renames_and_hides_its_means() {
    let (c, problems) = Classification::builtin().with_means_overrides(
        "means.toml",
        "[[means]]\ncode = \"information\"\nja = \"情報の提供\"\n\n[[means]]\ncode = \"search_removal\"\nhidden = true\n\n[[means]]\ncode = \"nothing\"\nhidden = true\n\n[[service]]\nid = \"x\"\n",
    );
    assert_eq!(
        messages(&problems),
        "means.toml:10:8: there is no `nothing` to hide\nmeans.toml:13:3: unknown key `service`: write entries as [[means]]"
    );
    let info = c.lookup_means("information").unwrap();
    // A renamed option keeps no stale English.
    assert_eq!(
        (info.ja.as_str(), info.en.as_str()),
        ("情報の提供", "情報の提供")
    );
    assert!(c.lookup_means("search_removal").is_none());
    assert_eq!(c.means.options.len(), 6);
    // The centre's own lists are not the desk's to change.
    assert_eq!(c.content.options.len(), 15);
    assert_eq!(c.place.options.len(), 8);
}

#[test]
fn the_readme_example_of_services_toml_applies_as_it_says() {
    let readme = include_str!("../../README.md");
    let section = &readme[readme
        .find("## The national centre's classification")
        .unwrap()..];
    let start = section.find("```toml\n").unwrap() + "```toml\n".len();
    let example = &section[start..start + section[start..].find("```").unwrap()];
    let (d, problems) = apply(example);
    assert!(problems.is_empty(), "{}", messages(&problems));
    assert_eq!(
        d.recognise("https://abc.local-bbs.example.jp/t/1"),
        Recognised {
            service: Some("local_board".into()),
            place: Some("board".into())
        }
    );
    assert_eq!(
        d.recognise("https://tameki.example.jp/").service.as_deref(),
        Some("tameki")
    );
    // A hidden service's addresses go to the next match.
    assert_eq!(
        d.recognise("https://page.auctions.yahoo.co.jp/x")
            .service
            .as_deref(),
        Some("yahoo_other")
    );
}
