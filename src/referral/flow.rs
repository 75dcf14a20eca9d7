//! The guided flow: the national flowchart for "I was harmed by posts on the internet"
//! (domain.md) as data, with the desk's safety and practice rules around it.
//!
//! The recommendations are built stage by stage, each stage applying when its condition
//! holds: safety first (sexual images of a minor, danger, self-harm threats → police), then
//! the first step for a post to be deleted (the site's administrator, and セーフライン for
//! illegal or harmful content), a minor's trouble (school, or past it), the perpetrator's position, the flowchart's five
//! answers in the flowchart's order, and the situations the practice rules name. A place is
//! listed once, where it first comes up, with the reason of that stage. The desk's own lawyer
//! consult is withheld from a caller in the perpetrator's position, and the suggestion says so.

use super::answers::{Answers, Condition, Flag, Want};
use super::directory::Directory;
use super::rules::{Rule, rules_for};
use crate::domain::Lang;

/// The desk's own lawyer consult (専門家連携), which perpetrator-position callers never get.
pub const DESK_LAWYER: &str = "desk_lawyer";

const DESK_LAWYER_WITHHELD: Reason = Reason {
    ja: "加害者の立場の相談者は当窓口の弁護士相談（専門家連携）の対象外：法的な不安は弁護士に直接相談するよう案内する",
    en: "Callers in the perpetrator's position are not booked into the desk's lawyer consult: send their legal worries to a lawyer directly",
};

/// A place to send the caller, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recommendation {
    pub entry_id: String,
    pub reason_ja: &'static str,
    pub reason_en: &'static str,
}

impl Recommendation {
    pub fn reason(&self, lang: Lang) -> &'static str {
        lang.pick(self.reason_ja, self.reason_en)
    }
}

/// What the sheet shows for a set of answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// Where to send the caller, in order.
    pub recommendations: Vec<Recommendation>,
    /// Places the answers led to but a rule rules out, with the reason (the desk's lawyer
    /// consult for a perpetrator-position caller).
    pub withheld: Vec<Recommendation>,
    /// The practice rules that apply.
    pub rules: Vec<&'static Rule>,
}

struct Reason {
    ja: &'static str,
    en: &'static str,
}

struct Step {
    entry: &'static str,
    reason: Reason,
}

struct Stage {
    when: Condition,
    steps: &'static [Step],
}

const fn step(entry: &'static str, ja: &'static str, en: &'static str) -> Step {
    Step {
        entry,
        reason: Reason { ja, en },
    }
}

/// The flow, in the order its recommendations are shown.
const FLOW: &[Stage] = &[
    // Safety first.
    Stage {
        when: Condition::SexualImagesOfMinor,
        steps: &[
            step(
                "police_station",
                "未成年者の性的画像は児童ポルノにあたるおそれ：被害を早く止めるため、まず警察へ",
                "Sexual images of a minor may be child sexual abuse material: the police first, to stop the harm quickly",
            ),
            step(
                "police_cyber",
                "未成年者の性的画像：都道府県警察のサイバー犯罪相談窓口へ",
                "Sexual images of a minor: the prefectural police cyber-crime desk",
            ),
            step(
                "internet_hotline_center",
                "児童ポルノの通報を受け、警察とサイト管理者につなぐ",
                "Takes reports of child sexual abuse material and passes them to the police and site admins",
            ),
        ],
    },
    Stage {
        when: Condition::Flag(Flag::Danger),
        steps: &[
            step(
                "police_station",
                "身の危険を感じる：最寄りの警察署へ",
                "The caller feels in danger: the nearest police station",
            ),
            step(
                "police_cyber",
                "身の危険を感じる：サイバー犯罪相談窓口へ",
                "The caller feels in danger: the cyber-crime desk",
            ),
        ],
    },
    Stage {
        when: Condition::Flag(Flag::SelfHarm),
        steps: &[
            step(
                "police_station",
                "自殺・自傷をほのめかすつきまといはストーカー行為として警察へ",
                "Stalking with threats of suicide or self-harm: the police",
            ),
            step(
                "platform_report",
                "自殺・自傷をほのめかす書き込みはSNSの削除対象：運営者に報告",
                "Posts hinting at suicide or self-harm are removal targets: report them to the SNS operator",
            ),
            step(
                "mamorouyokokoro",
                "相談者本人に自殺・自傷の恐れがあれば、こころの相談窓口も",
                "If the caller is at risk themselves, the listening lines too",
            ),
        ],
    },
    // Deletion: the national centre's first step is the site's or server's administrator
    // (seeds/004: 「サイト、サーバーの管理者に対して削除依頼を行う方法をご案内」).
    Stage {
        when: Condition::VictimWantsDeletion,
        steps: &[step(
            "platform_report",
            "削除したい：まずサイト・サーバーの管理者（運営者の報告・通報フォーム、削除依頼の窓口）に削除を依頼する方法を案内（依頼の前に証拠を保存）",
            "Wants it deleted: first, how to ask the site's or server's administrator (the operator's report form or deletion contact); save the evidence before asking",
        )],
    },
    Stage {
        when: Condition::IllegalOrHarmfulToDelete,
        steps: &[step(
            "safeline",
            "違法・有害な情報（性的画像を含む）：セーフラインに通報すると、基準に沿って警察への情報提供や管理者への対応依頼が行われる",
            "Illegal or harmful content (sexual images included): a report to Safeline is screened and passed to the police or the site's admins",
        )],
    },
    // A minor's trouble.
    Stage {
        when: Condition::MinorNeedsEscalation,
        steps: &[
            step(
                "police_station",
                "未成年者で金銭・性的画像の要求、学校が対応しない、または緊急：警察（生活安全課）へ",
                "A minor with money or sexual images demanded, a school not acting, or urgency: the police (community safety division)",
            ),
            step(
                "police_cyber",
                "未成年者のトラブルで緊急・悪質：サイバー犯罪対策の窓口へ",
                "A minor's urgent or serious trouble: the police cyber-crime desk",
            ),
            step(
                "lawyer",
                "未成年者のトラブルで学校が対応しない・要求がある：弁護士へ",
                "A minor's trouble the school does not act on, or with demands: a lawyer",
            ),
        ],
    },
    Stage {
        when: Condition::Flag(Flag::Minor),
        steps: &[step(
            "school_board",
            "未成年者のトラブルは学校・教育委員会と連携（学校が対応しない、金銭や性的画像の要求、緊急のときは弁護士・警察へ）",
            "A minor's trouble: work with the school and board of education (a lawyer or the police if the school does not act, money or sexual images are demanded, or it is urgent)",
        )],
    },
    // The perpetrator's position.
    Stage {
        when: Condition::Flag(Flag::Perpetrator),
        steps: &[
            step(
                "ihaho",
                "加害者の立場：書き込みの削除方法や開示請求の仕組みの助言",
                "Perpetrator's position: advice on deleting the posts and how disclosure works",
            ),
            step(
                "lawyer",
                "加害者の立場：損害賠償など法的な不安は弁護士へ",
                "Perpetrator's position: legal worries such as damages go to a lawyer",
            ),
        ],
    },
    // The national flowchart, in its order.
    Stage {
        when: Condition::Want(Want::Listen),
        steps: &[
            step(
                "mamorouyokokoro",
                "悩みや不安を聞いてほしい",
                "The caller wants someone to hear their worries",
            ),
            step(
                "desk_psychologist",
                "心の負担が大きいときは専門家（臨床心理士・精神保健福祉士）へ",
                "When the strain is heavy: a clinical psychologist or psychiatric social worker",
            ),
        ],
    },
    Stage {
        when: Condition::Want(Want::Compensation),
        steps: &[
            step(
                "lawyer",
                "書き込んだ人に賠償等を求めたい：弁護士に相談",
                "Compensation from the poster: consult a lawyer",
            ),
            step(
                "houterasu",
                "書き込んだ人に賠償等を求めたい：または法テラス",
                "Compensation from the poster: or Houterasu",
            ),
            step(
                DESK_LAWYER,
                "賠償を求めたい被害者：当窓口の弁護士相談（専門家連携）",
                "A victim seeking compensation: the desk's lawyer consult",
            ),
        ],
    },
    Stage {
        when: Condition::Flag(Flag::IdentifyPoster),
        steps: &[
            step(
                "lawyer",
                "発信者の特定は発信者情報開示請求（法的手続）：証拠を保全して弁護士へ",
                "Identifying the poster is a disclosure request, a legal procedure: preserve evidence, then a lawyer",
            ),
            step(
                DESK_LAWYER,
                "発信者を特定したい被害者：証拠の保全方法を助言のうえ当窓口の弁護士相談へ",
                "A victim who wants the poster identified: advise on preserving evidence, then the desk's lawyer consult",
            ),
        ],
    },
    Stage {
        when: Condition::Want(Want::DangerOrPunish),
        steps: &[
            step(
                "police_station",
                "身の危険を感じる・犯人を処罰してほしい：最寄りの警察署",
                "In danger or wants the poster punished: the nearest police station",
            ),
            step(
                "police_cyber",
                "身の危険を感じる・犯人を処罰してほしい：サイバー犯罪相談窓口",
                "In danger or wants the poster punished: the cyber-crime desk",
            ),
        ],
    },
    Stage {
        when: Condition::Want(Want::DontKnowOrDelete),
        steps: &[
            step(
                "ihaho",
                "解決策がわからない・削除したい：ネットトラブルの専門家が自分でできる削除依頼の方法を迅速に助言",
                "Doesn't know what to do or wants deletion: experts in net trouble give quick advice on requesting deletion yourself",
            ),
            step(
                "jinken_moj",
                "解決策がわからない・削除したい：人権問題の専門家（法務局が削除要請することも）",
                "Doesn't know what to do or wants deletion: human-rights experts (the bureau may itself request deletion)",
            ),
        ],
    },
    Stage {
        when: Condition::Want(Want::CantRequestDeletionMyself),
        steps: &[
            step(
                "jinken_moj",
                "自分で削除依頼できない：国の機関（法務局が違法性を判断して削除要請）",
                "Can't request deletion themselves: the national body (the bureau judges illegality and requests deletion)",
            ),
            step(
                "sia_hotline",
                "自分で削除依頼できない：民間の機関（プロバイダに規約に沿った対応を促す）",
                "Can't request deletion themselves: the private body (urges providers to act under their terms)",
            ),
        ],
    },
    // Situations the practice rules name.
    Stage {
        when: Condition::Flag(Flag::HandleName),
        steps: &[step(
            "platform_report",
            "ハンドルネームのアカウントへの攻撃：利用規約に基づき運営者へ報告",
            "Attacks on a handle-name account: report to the operator under its terms",
        )],
    },
    Stage {
        when: Condition::Flag(Flag::AnonymousBoard),
        steps: &[
            step(
                "platform_report",
                "匿名掲示板は自分で削除できない：規約に沿って管理者に削除依頼",
                "Anonymous boards can't be self-deleted: ask the admin under the board's terms",
            ),
            step(
                "lawyer",
                "掲示板の管理者が削除に応じないときは弁護士へ",
                "If the board's admin refuses: a lawyer",
            ),
        ],
    },
    Stage {
        when: Condition::Flag(Flag::SexualImages),
        steps: &[step(
            "search_engine",
            "性的な画像が氏名とともに拡散しているときは、検索結果の削除も依頼",
            "If sexual images spread with the name: ask search engines to drop the results",
        )],
    },
];

/// The places to recommend for these answers, and the rules to show beside them. Places the
/// desk has hidden (or never had) are skipped.
pub fn suggest(directory: &Directory, answers: &Answers) -> Suggestion {
    let mut recommendations: Vec<Recommendation> = Vec::new();
    let mut withheld: Vec<Recommendation> = Vec::new();
    let steps = FLOW
        .iter()
        .filter(|stage| stage.when.holds(answers))
        .flat_map(|stage| stage.steps);
    for step in steps {
        if directory.get(step.entry).is_none()
            || recommendations.iter().any(|r| r.entry_id == step.entry)
        {
            continue;
        }
        if step.entry == DESK_LAWYER && answers.has(Flag::Perpetrator) {
            if withheld.is_empty() {
                withheld.push(recommend(DESK_LAWYER, &DESK_LAWYER_WITHHELD));
            }
            continue;
        }
        recommendations.push(recommend(step.entry, &step.reason));
    }
    Suggestion {
        recommendations,
        withheld,
        rules: rules_for(answers),
    }
}

fn recommend(entry: &str, reason: &Reason) -> Recommendation {
    Recommendation {
        entry_id: entry.to_string(),
        reason_ja: reason.ja,
        reason_en: reason.en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Dim, TagSet};

    fn answers(wants: &[Want], flags: &[Flag]) -> Answers {
        Answers {
            wants: wants.iter().copied().collect(),
            flags: flags.iter().copied().collect(),
        }
    }

    fn ids(answers: &Answers) -> Vec<String> {
        suggest(&Directory::builtin(), answers)
            .recommendations
            .into_iter()
            .map(|r| r.entry_id)
            .collect()
    }

    fn rule_ids(answers: &Answers) -> Vec<&'static str> {
        suggest(&Directory::builtin(), answers)
            .rules
            .iter()
            .map(|r| r.id)
            .collect()
    }

    #[test]
    fn flowchart_1_hear_my_worries() {
        assert_eq!(
            ids(&answers(&[Want::Listen], &[])),
            ["mamorouyokokoro", "desk_psychologist"]
        );
    }

    #[test]
    fn flowchart_2_compensation_puts_lawyer_and_houterasu_first() {
        assert_eq!(
            ids(&answers(&[Want::Compensation], &[])),
            ["lawyer", "houterasu", "desk_lawyer"]
        );
        let s = suggest(&Directory::builtin(), &answers(&[Want::Compensation], &[]));
        assert!(s.recommendations[0].reason(Lang::Ja).contains("賠償"));
        assert!(s.withheld.is_empty());
    }

    #[test]
    fn flowchart_3_danger_or_punishment_goes_to_the_police() {
        assert_eq!(
            ids(&answers(&[Want::DangerOrPunish], &[])),
            ["police_station", "police_cyber"]
        );
    }

    #[test]
    fn flowchart_4_dont_know_or_delete_goes_to_the_two_expert_desks() {
        assert_eq!(
            ids(&answers(&[Want::DontKnowOrDelete], &[])),
            ["ihaho", "jinken_moj"]
        );
        // Nothing answered yet reads as "I don't know what to do".
        assert_eq!(ids(&Answers::default()), ["ihaho", "jinken_moj"]);
    }

    #[test]
    fn flowchart_5_cant_request_deletion_goes_to_the_national_then_the_private_body() {
        assert_eq!(
            ids(&answers(&[Want::CantRequestDeletionMyself], &[])),
            ["jinken_moj", "sia_hotline"]
        );
    }

    #[test]
    fn several_answers_follow_the_flowchart_order() {
        assert_eq!(
            ids(&answers(
                &[
                    Want::CantRequestDeletionMyself,
                    Want::Listen,
                    Want::Compensation
                ],
                &[]
            )),
            [
                "mamorouyokokoro",
                "desk_psychologist",
                "lawyer",
                "houterasu",
                "desk_lawyer",
                "jinken_moj",
                "sia_hotline"
            ]
        );
    }

    #[test]
    fn danger_puts_the_police_first() {
        let got = ids(&answers(&[Want::Compensation], &[Flag::Danger]));
        assert_eq!(got[..2], ["police_station", "police_cyber"]);
        assert_eq!(got[2..], ["lawyer", "houterasu", "desk_lawyer"]);
    }

    #[test]
    fn a_self_harm_threat_puts_the_police_first_then_the_operator() {
        let got = ids(&answers(&[Want::DontKnowOrDelete], &[Flag::SelfHarm]));
        assert_eq!(
            got,
            [
                "police_station",
                "platform_report",
                "mamorouyokokoro",
                "ihaho",
                "jinken_moj"
            ]
        );
        assert!(rule_ids(&answers(&[], &[Flag::SelfHarm])).contains(&"self_harm_report"));
    }

    #[test]
    fn sexual_images_of_a_minor_put_the_police_first() {
        let a = answers(
            &[Want::DontKnowOrDelete],
            &[Flag::Minor, Flag::SexualImages],
        );
        let got = ids(&a);
        assert_eq!(
            got[..3],
            ["police_station", "police_cyber", "internet_hotline_center"]
        );
        let s = suggest(&Directory::builtin(), &a);
        assert!(s.recommendations[0].reason_ja.contains("児童ポルノ"));
        assert!(got.contains(&"school_board".to_string()));
        assert_eq!(got.last().unwrap(), "search_engine");
        assert_eq!(rule_ids(&a)[0], "csam_police_first");
    }

    #[test]
    fn a_minors_trouble_goes_to_the_school_with_when_to_escalate() {
        let got = ids(&answers(&[Want::DontKnowOrDelete], &[Flag::Minor]));
        assert_eq!(got, ["school_board", "ihaho", "jinken_moj"]);
        let s = suggest(&Directory::builtin(), &answers(&[], &[Flag::Minor]));
        assert!(
            s.recommendations[0]
                .reason_ja
                .contains("金銭や性的画像の要求")
        );
        assert!(rule_ids(&answers(&[], &[Flag::Minor])).contains(&"minors"));
    }

    #[test]
    fn a_minor_with_money_demanded_or_a_school_not_acting_goes_past_the_school() {
        for serious in [Flag::MoneyDemanded, Flag::SchoolNotActing] {
            let got = ids(&answers(&[Want::DontKnowOrDelete], &[Flag::Minor, serious]));
            assert_eq!(
                got,
                [
                    "police_station",
                    "police_cyber",
                    "lawyer",
                    "school_board",
                    "ihaho",
                    "jinken_moj"
                ],
                "{serious:?}"
            );
        }
        let s = suggest(
            &Directory::builtin(),
            &answers(&[], &[Flag::Minor, Flag::MoneyDemanded]),
        );
        assert!(s.recommendations[0].reason_ja.contains("生活安全課"));
    }

    #[test]
    fn a_perpetrator_is_never_offered_the_desk_lawyer_and_the_sheet_says_why() {
        let a = answers(
            &[Want::Compensation],
            &[Flag::Perpetrator, Flag::IdentifyPoster],
        );
        let s = suggest(&Directory::builtin(), &a);
        let got: Vec<&str> = s
            .recommendations
            .iter()
            .map(|r| r.entry_id.as_str())
            .collect();
        assert!(!got.contains(&DESK_LAWYER), "{got:?}");
        assert_eq!(got, ["ihaho", "lawyer", "houterasu"]);
        assert_eq!(s.withheld.len(), 1);
        assert_eq!(s.withheld[0].entry_id, DESK_LAWYER);
        assert!(s.withheld[0].reason_ja.contains("加害者の立場"));
        assert!(s.rules.iter().any(|r| r.id == "perpetrator"));
    }

    #[test]
    fn a_perpetrator_with_no_answer_gets_advice_on_deleting_and_a_lawyer() {
        let a = answers(&[], &[Flag::Perpetrator]);
        assert_eq!(ids(&a), ["ihaho", "lawyer"]);
        assert_eq!(rule_ids(&a), ["perpetrator"]);
        assert!(suggest(&Directory::builtin(), &a).withheld.is_empty());
    }

    #[test]
    fn a_perpetrator_on_an_anonymous_board_asks_the_admin_then_a_lawyer() {
        let a = answers(&[], &[Flag::Perpetrator, Flag::AnonymousBoard]);
        assert_eq!(ids(&a), ["ihaho", "lawyer", "platform_report"]);
        assert_eq!(rule_ids(&a), ["perpetrator", "anonymous_board"]);
    }

    #[test]
    fn a_handle_name_account_is_reported_to_the_operator() {
        let a = answers(&[Want::DontKnowOrDelete], &[Flag::HandleName]);
        assert_eq!(ids(&a), ["ihaho", "jinken_moj", "platform_report"]);
        assert_eq!(rule_ids(&a), ["evidence_first", "handle_name"]);
    }

    #[test]
    fn identifying_the_poster_goes_to_a_lawyer_with_the_disclosure_rule() {
        let a = answers(&[Want::DontKnowOrDelete], &[Flag::IdentifyPoster]);
        assert_eq!(ids(&a), ["lawyer", "desk_lawyer", "ihaho", "jinken_moj"]);
        assert_eq!(rule_ids(&a), ["evidence_first", "disclosure_is_legal"]);
    }

    #[test]
    fn sexual_images_of_an_adult_add_search_engines() {
        let a = answers(&[Want::CantRequestDeletionMyself], &[Flag::SexualImages]);
        assert_eq!(ids(&a), ["jinken_moj", "sia_hotline", "search_engine"]);
    }

    #[test]
    fn places_the_desk_hid_are_skipped() {
        let (d, problems) = Directory::builtin().with_overrides(
            "referrals.toml",
            "[[entry]]\nid = \"houterasu\"\nhidden = true\n",
            chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        );
        assert!(problems.is_empty());
        let s = suggest(&d, &answers(&[Want::Compensation], &[]));
        let got: Vec<&str> = s
            .recommendations
            .iter()
            .map(|r| r.entry_id.as_str())
            .collect();
        assert_eq!(got, ["lawyer", "desk_lawyer"]);
    }

    #[test]
    fn a_victim_who_wants_a_post_deleted_is_sent_to_the_administrator_first() {
        let delete = answers(&[Want::DontKnowOrDelete], &[Flag::Deletion]);
        assert_eq!(ids(&delete), ["platform_report", "ihaho", "jinken_moj"]);
        assert_eq!(rule_ids(&delete), ["evidence_first"]);
        let s = suggest(&Directory::builtin(), &delete);
        assert!(s.recommendations[0].reason_ja.contains("管理者"));
        // "I don't know what to do" alone does not send anyone to the operator.
        assert_eq!(
            ids(&answers(&[Want::DontKnowOrDelete], &[])),
            ["ihaho", "jinken_moj"]
        );
    }

    #[test]
    fn illegal_or_harmful_content_to_delete_adds_safeline_next_to_the_administrator() {
        for flag in [Flag::IllegalOrHarmful, Flag::SexualImages] {
            let got = ids(&answers(&[Want::DontKnowOrDelete], &[Flag::Deletion, flag]));
            assert_eq!(got[..2], ["platform_report", "safeline"], "{flag:?}");
        }
        // Without a wish to delete, the content alone does not bring up a report.
        let got = ids(&answers(&[Want::Listen], &[Flag::IllegalOrHarmful]));
        assert!(!got.contains(&"safeline".to_string()), "{got:?}");
    }

    #[test]
    fn deletion_comes_after_the_police_for_sexual_images_of_a_minor() {
        let got = ids(&answers(
            &[Want::DontKnowOrDelete],
            &[Flag::Deletion, Flag::Minor, Flag::SexualImages],
        ));
        assert_eq!(
            got[..5],
            [
                "police_station",
                "police_cyber",
                "internet_hotline_center",
                "platform_report",
                "safeline"
            ]
        );
    }

    #[test]
    fn a_perpetrator_who_wants_posts_deleted_is_not_sent_to_a_report_form() {
        let got = ids(&answers(
            &[Want::DontKnowOrDelete],
            &[Flag::Perpetrator, Flag::Deletion, Flag::IllegalOrHarmful],
        ));
        assert_eq!(got, ["ihaho", "lawyer", "jinken_moj"]);
    }

    #[test]
    fn identifying_the_poster_alone_is_not_read_as_dont_know() {
        let a = answers(&[], &[Flag::IdentifyPoster]);
        assert_eq!(ids(&a), ["lawyer", "desk_lawyer"]);
        assert!(a.effective_wants().is_empty());
    }

    #[test]
    fn every_step_names_a_shipped_entry() {
        let d = Directory::builtin();
        for stage in FLOW {
            for step in stage.steps {
                assert!(d.get(step.entry).is_some(), "{}", step.entry);
            }
        }
    }

    #[test]
    fn a_call_tagged_with_compensation_and_danger_starts_pre_answered() {
        let mut tags = TagSet::default();
        tags.set(Dim::Want, vec!["compensation".into()]);
        tags.set(Dim::Risk, vec!["danger".into()]);
        let got = ids(&Answers::from_call(&tags));
        assert_eq!(
            got,
            [
                "police_station",
                "police_cyber",
                "lawyer",
                "houterasu",
                "desk_lawyer"
            ]
        );
    }
}
