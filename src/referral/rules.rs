//! The desk's practice rules (domain.md, "The desk's practice rules"): reminders shown beside
//! the recommendations when they apply, each with the condition that brings it up.

use super::answers::{Answers, Condition, Flag};
use crate::domain::Lang;

#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable name for JSON and tests.
    pub id: &'static str,
    pub title_ja: &'static str,
    pub title_en: &'static str,
    pub text_ja: &'static str,
    pub text_en: &'static str,
    pub applies: Condition,
}

impl Rule {
    pub fn title(&self, lang: Lang) -> &'static str {
        lang.pick(self.title_ja, self.title_en)
    }

    pub fn text(&self, lang: Lang) -> &'static str {
        lang.pick(self.text_ja, self.text_en)
    }
}

/// Every rule, the urgent ones first (the order the sheet shows them in).
pub static RULES: [Rule; 9] = [
    Rule {
        id: "csam_police_first",
        title_ja: "未成年者の性的画像はまず警察へ",
        title_en: "Sexual images of a minor: police first",
        text_ja: "未成年者の性的な画像が投稿された場合は児童ポルノにあたるおそれがあるため、被害を早く食い止めるよう、まず警察に相談する。",
        text_en: "Sexual images of a minor may be child sexual abuse material: go to the police first, to stop the harm quickly.",
        applies: Condition::SexualImagesOfMinor,
    },
    Rule {
        id: "self_harm_report",
        title_ja: "自殺・自傷のほのめかしは運営者と警察へ",
        title_en: "Self-harm threats: the SNS operator and the police",
        text_ja: "メッセージで自殺や自傷をほのめかされている場合、そうした書き込みはSNSでは削除対象なので各SNSの運営者に報告し、あわせてストーカー行為として警察に相談する。",
        text_en: "Threats of suicide or self-harm in messages are removal targets on SNS: report them to the operator, and go to the police about the stalking.",
        applies: Condition::Flag(Flag::SelfHarm),
    },
    Rule {
        id: "perpetrator",
        title_ja: "加害者の立場の相談者には当窓口の弁護士相談を案内しない",
        title_en: "Perpetrator-position callers are not booked into the desk's lawyer consult",
        text_ja: "書き込みの削除方法を助言し、発信者情報開示請求の仕組みやアクセスログの保存期間を説明する。安心させてさらに安易な書き込みを招かないよう注意し、損害賠償などの法的な質問は弁護士に相談するよう案内する。被害者には真摯に対応するよう促す。当窓口の弁護士相談（専門家連携）は被害者のためのものなので案内しない。",
        text_en: "Explain how to delete the posts and how disclosure requests and log retention work. Do not reassure in a way that invites more posting; send legal questions such as damages to a lawyer; urge sincerity toward the victim. The desk's own lawyer consult is for victims, so it is not offered.",
        applies: Condition::Flag(Flag::Perpetrator),
    },
    Rule {
        id: "evidence_first",
        title_ja: "削除の前に証拠を保存",
        title_en: "Evidence first, before deletion",
        text_ja: "投稿をURLと投稿日時がわかる形で保存・印刷する。削除すると証拠も投稿者の記録も一緒に消えることがある。",
        text_en: "Save or print the post with its URL and posting time. Deleting it can erase the evidence and the poster's records with it.",
        applies: Condition::ActionOnPosts,
    },
    Rule {
        id: "disclosure_is_legal",
        title_ja: "発信者の特定は法的手続",
        title_en: "Identifying the poster is a legal procedure",
        text_ja: "発信者の特定はプロバイダ責任制限法に基づく発信者情報開示請求による（2022年10月の改正で新たな裁判手続とログの保全が設けられた）。証拠を保全してから弁護士へ。",
        text_en: "Identifying the poster takes a disclosure request under the provider liability law (reformed in October 2022 with a new court procedure and log preservation): preserve the evidence, then a lawyer.",
        applies: Condition::LegalAction,
    },
    Rule {
        id: "minors",
        title_ja: "未成年者は学校・教育委員会と連携",
        title_en: "Minors: work with the school",
        text_ja: "子どものネットトラブルは現実の交友関係の問題の表れであることが多いので、基本は学校・教育委員会と連携する。学校が適切に対応しない、金銭や性的な画像を要求された、緊急のときは、弁護士や警察（生活安全課・サイバー犯罪対策）へ。",
        text_en: "Children's net trouble usually reflects real-life friendships, so work with the school and board of education. When the school does not act, money or sexual images are demanded, or it is urgent: a lawyer or the police (community safety, cyber-crime).",
        applies: Condition::Flag(Flag::Minor),
    },
    Rule {
        id: "handle_name",
        title_ja: "ハンドルネームのアカウントへの攻撃",
        title_en: "Attacks on a handle-name account",
        text_ja: "本名や住所など実在の本人と結びつかない限り、名誉毀損は成立しにくい。利用規約に基づいてサービスの運営者に報告・通報・削除要請し、そのサービスとは距離を取るよう助言する。",
        text_en: "Rarely defamation unless tied to the real person's name or address. Report to the operator under its terms, and advise keeping a distance from the service.",
        applies: Condition::Flag(Flag::HandleName),
    },
    Rule {
        id: "anonymous_board",
        title_ja: "匿名掲示板は管理者に削除依頼",
        title_en: "Anonymous boards: ask the admin",
        text_ja: "多くの掲示板は自分で投稿を削除・編集できない。掲示板の利用規約に沿って管理者・運営者に削除を依頼し、応じてもらえない場合は弁護士に相談する。",
        text_en: "Most boards do not let posts be deleted or edited by their author. Ask the admin under the board's terms; if refused, a lawyer.",
        applies: Condition::Flag(Flag::AnonymousBoard),
    },
    Rule {
        id: "sexual_images_search",
        title_ja: "性的な画像が氏名とともに拡散したら検索エンジンにも",
        title_en: "Sexual images spread with a name: search engines too",
        text_ja: "性的な画像が氏名とともに拡散している場合は、検索エンジンにもその氏名での検索結果の削除を依頼する。",
        text_en: "When sexual images have spread with the person's name, also ask search engines to drop the results for that name.",
        applies: Condition::Flag(Flag::SexualImages),
    },
];

/// The rules that apply to these answers, in sheet order.
pub fn rules_for(answers: &Answers) -> Vec<&'static Rule> {
    RULES.iter().filter(|r| r.applies.holds(answers)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::referral::answers::Want;

    fn ids(answers: &Answers) -> Vec<&'static str> {
        rules_for(answers).into_iter().map(|r| r.id).collect()
    }

    fn with(flags: &[Flag], wants: &[Want]) -> Answers {
        Answers {
            wants: wants.iter().copied().collect(),
            flags: flags.iter().copied().collect(),
        }
    }

    #[test]
    fn a_victim_who_wants_deletion_is_reminded_to_keep_evidence() {
        assert_eq!(
            ids(&with(&[], &[Want::DontKnowOrDelete])),
            ["evidence_first"]
        );
        assert_eq!(
            ids(&with(&[], &[Want::CantRequestDeletionMyself])),
            ["evidence_first"]
        );
        assert_eq!(ids(&Answers::default()), ["evidence_first"]);
        assert!(ids(&with(&[], &[Want::Listen])).is_empty());
    }

    #[test]
    fn compensation_or_identification_brings_up_the_disclosure_procedure() {
        assert_eq!(
            ids(&with(&[], &[Want::Compensation])),
            ["evidence_first", "disclosure_is_legal"]
        );
        assert_eq!(
            ids(&with(&[Flag::IdentifyPoster], &[Want::Listen])),
            ["evidence_first", "disclosure_is_legal"]
        );
    }

    #[test]
    fn a_perpetrator_is_told_why_there_is_no_desk_lawyer_and_not_about_evidence() {
        let rules = ids(&with(&[Flag::Perpetrator], &[Want::DontKnowOrDelete]));
        assert_eq!(rules, ["perpetrator"]);
        assert!(RULES[2].text_ja.contains("当窓口の弁護士相談"));
        assert!(RULES[2].text(Lang::En).contains("not offered"));
    }

    #[test]
    fn handle_names_boards_and_minors_have_their_rules() {
        assert_eq!(
            ids(&with(&[Flag::HandleName], &[Want::Listen])),
            ["handle_name"]
        );
        assert_eq!(
            ids(&with(&[Flag::AnonymousBoard], &[Want::Listen])),
            ["anonymous_board"]
        );
        assert_eq!(ids(&with(&[Flag::Minor], &[Want::Listen])), ["minors"]);
    }

    #[test]
    fn sexual_images_of_a_minor_put_the_police_rule_first() {
        assert_eq!(
            ids(&with(&[Flag::Minor, Flag::SexualImages], &[Want::Listen])),
            ["csam_police_first", "minors", "sexual_images_search"]
        );
        assert_eq!(
            ids(&with(&[Flag::SexualImages], &[Want::Listen])),
            ["sexual_images_search"]
        );
    }

    #[test]
    fn self_harm_threats_go_to_the_operator_and_the_police() {
        let rules = rules_for(&with(&[Flag::SelfHarm], &[Want::Listen]));
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0].id, "self_harm_report");
        assert!(rules[0].text_ja.contains("運営者") && rules[0].text_ja.contains("警察"));
    }

    #[test]
    fn every_rule_has_both_languages_and_a_unique_id() {
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        for r in &RULES {
            assert!(!r.title(Lang::Ja).is_empty() && !r.title(Lang::En).is_empty());
            assert!(!r.text(Lang::Ja).is_empty() && !r.text(Lang::En).is_empty());
        }
    }
}
