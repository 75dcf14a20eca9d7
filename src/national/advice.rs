//! What to tell a caller about one work item: the centre's per-site practice (seed 004) and
//! the desk's practice rules (domain.md), chosen by the item's service, place and 相談内容.
//! Shown on the referral sheet above the practice rules (`item.advice`).

use super::{Frame, National};
use crate::domain::{Lang, WorkItem};

/// One piece of advice: a short title and what to say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advice {
    /// Stable name, for tests.
    pub id: &'static str,
    pub title: String,
    pub text: String,
}

/// The services whose posts are search results: their removal is asked of the search engine.
const SEARCH_SERVICES: [&str; 2] = ["google_search", "yahoo_search"];
/// Contents for which a name's search results are worth removing too (domain.md: sexual images
/// spread with a name → also ask search engines).
const SEARCH_TOO: [&str; 3] = [
    "privacy_image",
    "privacy_revenge_porn",
    "privacy_criminal_record",
];

/// The advice for `item`, evidence first, then deletion, search results and the legal steps.
pub fn advice_for(item: &WorkItem, national: &National, lang: Lang) -> Vec<Advice> {
    let pick = |ja: &str, en: &str| lang.pick(ja, en).to_string();
    let frames: Vec<Frame> = item
        .contents
        .iter()
        .filter_map(|code| national.classification.content(code)?.frame)
        .collect();
    let has = |code: &str| item.contents.iter().any(|c| c == code);
    let mut advice = vec![Advice {
        id: "evidence_first",
        title: pick("まず証拠保全", "Evidence first"),
        text: pick(
            "削除を求める前に、投稿のURLと投稿日時が分かる形で画面を保存・印刷する。削除されると証拠も投稿者の記録も消えることがある。",
            "Before asking for deletion, save or print the post with its URL and posting time: deletion can erase the evidence and the poster's records.",
        ),
    }];
    let searched = item.place.as_deref() == Some("search")
        || item
            .services
            .iter()
            .any(|s| SEARCH_SERVICES.contains(&s.as_str()));
    let named: Vec<String> = item
        .services
        .iter()
        .filter(|s| !SEARCH_SERVICES.contains(&s.as_str()))
        .map(|s| national.services.label(s, lang))
        .collect();
    if !named.is_empty() {
        let services = named.join(lang.list_separator());
        advice.push(Advice {
            id: "operator_form",
            title: match lang {
                Lang::Ja => format!("{services}への削除依頼"),
                Lang::En => format!("Deletion by {services}"),
            },
            text: pick(
                "サービスのヘルプ・報告フォームから、規約違反や権利侵害として削除を求める方法を案内する。相談者が自分で依頼できるよう、手順を一緒に確かめる。",
                "Show how to ask for deletion through the service's help pages or report form, as a breach of its terms or of the caller's rights; go through the steps with the caller.",
            ),
        });
    } else if !item.urls.is_empty() && !searched {
        advice.push(Advice {
            id: "site_admin",
            title: pick("サイト管理者への削除依頼", "Deletion by the site's administrator"),
            text: pick(
                "サイトの問い合わせ先や規約に沿って管理者に削除を依頼する。管理者が分からない・応じないときはサーバーの管理者（ホスティング事業者）へ。独自ドメインでは本当の運営者が隠れていることがある。",
                "Ask the site's administrator through its contact page or terms; if there is none or they refuse, ask the server's administrator (the hosting company). An own domain may hide the real operator.",
            ),
        });
    }
    if searched || SEARCH_TOO.iter().any(|c| has(c)) {
        advice.push(Advice {
            id: "search_removal",
            title: pick("検索結果からの削除", "Removal from search results"),
            text: pick(
                "名前で検索すると出る結果は、検索事業者（Google・Yahoo!）のフォームで削除（非表示）を依頼できる。元のページが消えれば検索結果からも消えるので、元のページへの依頼もあわせて行う。",
                "Results for a name can be dropped through the search engines' forms (Google, Yahoo!). Ask the page itself too: once it is gone, the result goes as well.",
            ),
        });
    }
    if frames.contains(&Frame::RightsInfringing) {
        advice.push(Advice {
            id: "disclosure",
            title: pick("発信者情報開示請求", "Disclosure of the poster"),
            text: pick(
                "投稿者を特定するにはプロバイダ責任制限法の発信者情報開示請求による（2022年10月から新しい裁判手続とログの保全）。ログの保存期間は限られるので、証拠を保全して早めに弁護士へ。",
                "Identifying the poster takes a disclosure request under the provider liability law (a new court procedure and log preservation since October 2022). Logs are kept only for a while: preserve the evidence and see a lawyer early.",
            ),
        });
    }
    if frames.contains(&Frame::OtherIllegal) {
        advice.push(Advice {
            id: "illegal_police",
            title: pick("違法情報は警察・ホットラインへ", "Illegal content: police or the hotline"),
            text: pick(
                "児童ポルノや薬物の広告などは警察、またはインターネット・ホットラインセンターへ通報する（警察とサイト管理者に連絡される）。",
                "Child sexual abuse material, drug ads and the like go to the police or the Internet Hotline Center (which informs the police and the site).",
            ),
        });
    }
    if frames.contains(&Frame::HarmfulToMinors) || frames.contains(&Frame::PublicOrder) {
        advice.push(Advice {
            id: "harmful_report",
            title: pick("有害情報の通報", "Reporting harmful content"),
            text: pick(
                "違法ではないが有害な情報は、サイトの規約違反として管理者に削除を依頼するほか、セーフラインに通報できる。自殺をほのめかす書き込みはSNSでは削除対象で、危険が差し迫るときは警察へ。",
                "Content that is legal but harmful can be reported to the site as a breach of its terms, and to Safe Line. Posts hinting at suicide are removal targets on SNS; when danger is imminent, the police.",
            ),
        });
    }
    if has("provider_law") {
        advice.push(Advice {
            id: "provider_law",
            title: pick("プロバイダ責任制限法の説明", "The provider liability law"),
            text: pick(
                "削除（送信防止措置）の依頼と、投稿者を特定する発信者情報開示請求は別の手続であることを説明する。損害賠償などの法的な判断は弁護士へ。",
                "Explain that asking for deletion and asking for the poster's identity are separate procedures; legal judgements such as damages are for a lawyer.",
            ),
        });
    }
    advice
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(urls: &[&str], services: &[&str], contents: &[&str]) -> WorkItem {
        let texts = |values: &[&str]| values.iter().map(|v| v.to_string()).collect();
        WorkItem {
            urls: texts(urls),
            services: texts(services),
            contents: texts(contents),
            ..WorkItem::default()
        }
    }

    fn ids(item: &WorkItem) -> Vec<&'static str> {
        let national = National::builtin();
        advice_for(item, &national, Lang::Ja)
            .iter()
            .map(|a| a.id)
            .collect()
    }

    #[test]
    fn an_impersonation_on_x_gets_the_operator_form_and_disclosure_after_evidence() {
        let on_x = item(
            &["https://x.com/a/status/1"],
            &["twitter"],
            &["impersonation"],
        );
        assert_eq!(
            ids(&on_x),
            ["evidence_first", "operator_form", "disclosure"]
        );
        let national = National::builtin();
        let advice = advice_for(&on_x, &national, Lang::Ja);
        assert_eq!(advice[1].title, "Twitter (X)への削除依頼");
    }

    #[test]
    fn an_unknown_site_goes_to_its_administrator_and_search_results_to_the_engine() {
        let own_domain = item(&["https://example-board.jp/t/1"], &[], &["defamation"]);
        assert_eq!(
            ids(&own_domain),
            ["evidence_first", "site_admin", "disclosure"]
        );
        let search = item(
            &["https://www.google.com/search?q=x"],
            &["google_search"],
            &[],
        );
        assert_eq!(ids(&search), ["evidence_first", "search_removal"]);
        let images = item(
            &["https://x.com/a"],
            &["twitter"],
            &["privacy_revenge_porn"],
        );
        assert!(ids(&images).contains(&"search_removal"));
    }

    #[test]
    fn illegal_and_harmful_content_and_law_questions_get_their_own_advice() {
        assert!(ids(&item(&[], &[], &["illegal"])).contains(&"illegal_police"));
        assert!(ids(&item(&[], &[], &["suicide"])).contains(&"harmful_report"));
        assert_eq!(
            ids(&item(&[], &[], &["provider_law"])),
            ["evidence_first", "provider_law"]
        );
    }
}
