//! The questions of the guided flow and their answers: what the caller wants (the national
//! flowchart's five answers) and what is at stake (flags). They start pre-answered from the
//! call's tags and the counselor corrects them.

use std::collections::BTreeSet;

use crate::domain::{Dim, Lang, TagSet};

/// What the caller wants, as the national flowchart asks it, in the flowchart's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Want {
    /// 悩みや不安を聞いてほしい
    Listen,
    /// 書き込んだ人に賠償等を求めたい
    Compensation,
    /// 身の危険を感じる・犯人を処罰してほしい
    DangerOrPunish,
    /// 解決策がわからない・書き込みを削除したい
    DontKnowOrDelete,
    /// 自分で削除依頼できない・自分の代わりに削除依頼してほしい
    CantRequestDeletionMyself,
}

impl Want {
    pub const ALL: [Want; 5] = [
        Want::Listen,
        Want::Compensation,
        Want::DangerOrPunish,
        Want::DontKnowOrDelete,
        Want::CantRequestDeletionMyself,
    ];

    /// The stable name used in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Want::Listen => "listen",
            Want::Compensation => "compensation",
            Want::DangerOrPunish => "danger_or_punish",
            Want::DontKnowOrDelete => "dont_know_or_delete",
            Want::CantRequestDeletionMyself => "cant_request_deletion_myself",
        }
    }

    /// The question as the flowchart words it.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Want::Listen => lang.pick(
                "悩みや不安を聞いてほしい",
                "I want someone to hear my worries",
            ),
            Want::Compensation => lang.pick(
                "書き込んだ人に賠償等を求めたい",
                "I want compensation from the poster",
            ),
            Want::DangerOrPunish => lang.pick(
                "身の危険を感じる・犯人を処罰してほしい",
                "I feel in danger / I want the poster punished",
            ),
            Want::DontKnowOrDelete => lang.pick(
                "解決策がわからない・書き込みを削除したい",
                "I don't know what to do / I want it deleted",
            ),
            Want::CantRequestDeletionMyself => lang.pick(
                "自分で削除依頼できない・代わりに削除依頼してほしい",
                "I can't request deletion myself / I want someone to do it",
            ),
        }
    }
}

/// What is at stake, beside what the caller wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Flag {
    /// 身の危険: the caller feels in danger.
    Danger,
    /// Threats of self-harm or suicide in messages, or the caller's own risk.
    SelfHarm,
    /// The troubled person is a minor.
    Minor,
    /// Sexual images are posted or demanded.
    SexualImages,
    /// Money is demanded.
    MoneyDemanded,
    /// The school does not act on a minor's trouble.
    SchoolNotActing,
    /// The caller is in the perpetrator's position (状況 = 加害者).
    Perpetrator,
    /// The caller wants the poster identified (発信者を特定したい).
    IdentifyPoster,
    /// The attacks are on a handle-name account.
    HandleName,
    /// The posts are on an anonymous bulletin board.
    AnonymousBoard,
    /// The caller wants the posts deleted (相談者の希望 = 削除したい): the first step is to
    /// ask the site's or server's administrator.
    Deletion,
    /// The content is illegal or harmful (侵害種別 = 違法情報 or 有害情報), which セーフライン
    /// takes reports of.
    IllegalOrHarmful,
}

impl Flag {
    pub const ALL: [Flag; 12] = [
        Flag::Danger,
        Flag::SelfHarm,
        Flag::Minor,
        Flag::SexualImages,
        Flag::MoneyDemanded,
        Flag::SchoolNotActing,
        Flag::Perpetrator,
        Flag::IdentifyPoster,
        Flag::HandleName,
        Flag::AnonymousBoard,
        Flag::Deletion,
        Flag::IllegalOrHarmful,
    ];

    /// The stable name used in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Flag::Danger => "danger",
            Flag::SelfHarm => "self_harm",
            Flag::Minor => "minor",
            Flag::SexualImages => "sexual_images",
            Flag::MoneyDemanded => "money_demanded",
            Flag::SchoolNotActing => "school_not_acting",
            Flag::Perpetrator => "perpetrator",
            Flag::IdentifyPoster => "identify_poster",
            Flag::HandleName => "handle_name",
            Flag::AnonymousBoard => "anonymous_board",
            Flag::Deletion => "deletion",
            Flag::IllegalOrHarmful => "illegal_or_harmful",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Flag::Danger => lang.pick("身の危険", "In danger"),
            Flag::SelfHarm => lang.pick("自殺・自傷の恐れ", "Suicide / self-harm threat"),
            Flag::Minor => lang.pick("未成年", "Minor"),
            Flag::SexualImages => lang.pick("性的画像", "Sexual images"),
            Flag::MoneyDemanded => lang.pick("金銭の要求", "Money demanded"),
            Flag::SchoolNotActing => lang.pick("学校が対応しない", "School not acting"),
            Flag::Perpetrator => lang.pick("加害者の立場", "Perpetrator's position"),
            Flag::IdentifyPoster => lang.pick("発信者を特定したい", "Identify the poster"),
            Flag::HandleName => lang.pick("ハンドルネームのアカウント", "Handle-name account"),
            Flag::AnonymousBoard => lang.pick("匿名掲示板", "Anonymous board"),
            Flag::Deletion => lang.pick("削除したい", "Wants it deleted"),
            Flag::IllegalOrHarmful => lang.pick("違法・有害情報", "Illegal or harmful content"),
        }
    }
}

/// The answers of the guided flow.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answers {
    pub wants: BTreeSet<Want>,
    pub flags: BTreeSet<Flag>,
}

/// Platform codes of the taxonomy that are anonymous bulletin boards.
const ANONYMOUS_BOARDS: [&str; 4] = ["5ch", "2ch", "bakusai", "other_board"];
/// 侵害種別 codes for content that is illegal or harmful beyond one person's rights.
const ILLEGAL_OR_HARMFUL: [&str; 2] = ["illegal", "harmful"];
/// 当事者の属性 codes that mean a minor (pupils; a high-school pupil is usually under 18).
const MINOR_ATTRIBUTES: [&str; 3] = ["elementary", "junior_high", "high_school"];

impl Answers {
    /// The answers a call's case tags already give: 相談者の希望 (want), リスク (risk),
    /// 状況 (role), 当事者の属性 (attribute), 侵害種別 (infringement) and 場所 (platform). Codes it does not know are
    /// ignored, so a desk's own taxonomy additions never break the flow.
    pub fn from_call(tags: &TagSet) -> Answers {
        let mut answers = Answers::default();
        for code in tags.get(Dim::Want) {
            match code.as_str() {
                "listen" => answers.want(Want::Listen),
                "compensation" => answers.want(Want::Compensation),
                "punish" => answers.want(Want::DangerOrPunish),
                "delete" => {
                    answers.want(Want::DontKnowOrDelete);
                    answers.flag(Flag::Deletion);
                }
                "advice" => answers.want(Want::DontKnowOrDelete),
                "identify" => answers.flag(Flag::IdentifyPoster),
                _ => {}
            }
        }
        for code in tags.get(Dim::Risk) {
            match code.as_str() {
                "suicide" => answers.flag(Flag::SelfHarm),
                "danger" => answers.flag(Flag::Danger),
                "minor" => answers.flag(Flag::Minor),
                "sexual_image" => answers.flag(Flag::SexualImages),
                "money_demand" => answers.flag(Flag::MoneyDemanded),
                _ => {}
            }
        }
        if tags
            .get(Dim::Infringement)
            .iter()
            .any(|i| ILLEGAL_OR_HARMFUL.contains(&i.as_str()))
        {
            answers.flag(Flag::IllegalOrHarmful);
        }
        if tags.get(Dim::Role).iter().any(|r| r == "perpetrator") {
            answers.flag(Flag::Perpetrator);
        }
        if tags
            .get(Dim::Attribute)
            .iter()
            .any(|a| MINOR_ATTRIBUTES.contains(&a.as_str()))
        {
            answers.flag(Flag::Minor);
        }
        if tags
            .get(Dim::Platform)
            .iter()
            .any(|p| ANONYMOUS_BOARDS.contains(&p.as_str()))
        {
            answers.flag(Flag::AnonymousBoard);
        }
        answers
    }

    pub fn want(&mut self, want: Want) {
        self.wants.insert(want);
    }

    pub fn flag(&mut self, flag: Flag) {
        self.flags.insert(flag);
    }

    pub fn has(&self, flag: Flag) -> bool {
        self.flags.contains(&flag)
    }

    /// Turns a flag on or off (the TUI's toggle keys).
    pub fn toggle(&mut self, flag: Flag) {
        if !self.flags.remove(&flag) {
            self.flags.insert(flag);
        }
    }

    /// What the caller wants, where a victim's "nothing said yet" reads as the flowchart's
    /// "I don't know what to do". Wanting the poster identified is an answer too (the
    /// flowchart has no box for it), so it is not read as "I don't know". (The flowchart is
    /// for people harmed by posts; a caller in the perpetrator's position gets only what was
    /// asked.)
    pub fn effective_wants(&self) -> BTreeSet<Want> {
        let nothing_asked = self.wants.is_empty() && !self.has(Flag::IdentifyPoster);
        if nothing_asked && !self.has(Flag::Perpetrator) {
            BTreeSet::from([Want::DontKnowOrDelete])
        } else {
            self.wants.clone()
        }
    }

    /// Sexual images where a minor is involved: possibly child sexual abuse material, so the
    /// police come first. Errs on the side of the police when only both flags are known.
    pub fn sexual_images_of_minor(&self) -> bool {
        self.has(Flag::Minor) && self.has(Flag::SexualImages)
    }

    /// A minor's trouble that goes past the school: money or sexual images demanded, the
    /// school not acting, or danger.
    pub fn minor_needs_escalation(&self) -> bool {
        self.has(Flag::Minor)
            && [
                Flag::MoneyDemanded,
                Flag::SexualImages,
                Flag::SchoolNotActing,
                Flag::Danger,
            ]
            .into_iter()
            .any(|f| self.has(f))
    }
}

/// When a step of the flow or a practice rule applies. Shared by both so that "a minor's
/// trouble" means the same thing in the recommendations and in the reminders beside them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    Want(Want),
    Flag(Flag),
    SexualImagesOfMinor,
    MinorNeedsEscalation,
    /// The poster is to be identified or made to pay: a legal procedure.
    LegalAction,
    /// A victim-side caller who wants something done about the posts: keep the evidence
    /// before anything is deleted.
    ActionOnPosts,
    /// A victim-side caller who wants the posts deleted.
    VictimWantsDeletion,
    /// A victim-side caller who wants deleted what is illegal or harmful (sexual images
    /// included): a report to セーフライン.
    IllegalOrHarmfulToDelete,
}

impl Condition {
    pub fn holds(self, answers: &Answers) -> bool {
        let wants = answers.effective_wants();
        match self {
            Condition::Want(want) => wants.contains(&want),
            Condition::Flag(flag) => answers.has(flag),
            Condition::SexualImagesOfMinor => answers.sexual_images_of_minor(),
            Condition::MinorNeedsEscalation => answers.minor_needs_escalation(),
            Condition::LegalAction => {
                answers.has(Flag::IdentifyPoster) || wants.contains(&Want::Compensation)
            }
            Condition::ActionOnPosts => {
                !answers.has(Flag::Perpetrator)
                    && (wants.iter().any(|w| *w != Want::Listen)
                        || answers.has(Flag::IdentifyPoster))
            }
            Condition::VictimWantsDeletion => {
                answers.has(Flag::Deletion) && !answers.has(Flag::Perpetrator)
            }
            Condition::IllegalOrHarmfulToDelete => {
                Condition::VictimWantsDeletion.holds(answers)
                    && (answers.has(Flag::IllegalOrHarmful) || answers.has(Flag::SexualImages))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(pairs: &[(Dim, &[&str])]) -> TagSet {
        let mut tags = TagSet::default();
        for (dim, codes) in pairs {
            tags.set(*dim, codes.iter().map(|c| c.to_string()).collect());
        }
        tags
    }

    #[test]
    fn call_tags_pre_answer_the_flow() {
        let a = Answers::from_call(&tags(&[
            (
                Dim::Want,
                &[
                    "compensation",
                    "identify",
                    "delete",
                    "listen",
                    "punish",
                    "advice",
                ],
            ),
            (
                Dim::Risk,
                &["suicide", "danger", "minor", "sexual_image", "money_demand"],
            ),
            (Dim::Role, &["perpetrator"]),
            (Dim::Platform, &["x", "bakusai"]),
            (Dim::Infringement, &["defamation", "harmful"]),
        ]));
        assert_eq!(
            a.wants,
            BTreeSet::from([
                Want::Listen,
                Want::Compensation,
                Want::DangerOrPunish,
                Want::DontKnowOrDelete
            ])
        );
        for flag in [
            Flag::IdentifyPoster,
            Flag::SelfHarm,
            Flag::Danger,
            Flag::Minor,
            Flag::SexualImages,
            Flag::MoneyDemanded,
            Flag::Perpetrator,
            Flag::AnonymousBoard,
            Flag::Deletion,
            Flag::IllegalOrHarmful,
        ] {
            assert!(a.has(flag), "{flag:?}");
        }
        assert!(!a.has(Flag::HandleName) && !a.has(Flag::SchoolNotActing));
    }

    #[test]
    fn a_pupil_is_a_minor_and_unknown_codes_are_ignored() {
        let a = Answers::from_call(&tags(&[
            (Dim::Attribute, &["junior_high"]),
            (Dim::Want, &["something_new"]),
            (Dim::Role, &["victim"]),
            (Dim::Platform, &["x"]),
        ]));
        assert_eq!(a.flags, BTreeSet::from([Flag::Minor]));
        assert!(a.wants.is_empty());
        assert_eq!(
            a.effective_wants(),
            BTreeSet::from([Want::DontKnowOrDelete])
        );
        assert_eq!(
            Answers::from_call(&tags(&[(Dim::Attribute, &["university"])])),
            Answers::default()
        );
    }

    #[test]
    fn only_deletion_itself_says_the_caller_wants_it_deleted() {
        let advice = Answers::from_call(&tags(&[(Dim::Want, &["advice"])]));
        assert!(!advice.has(Flag::Deletion));
        let defamation = Answers::from_call(&tags(&[(Dim::Infringement, &["defamation"])]));
        assert!(!defamation.has(Flag::IllegalOrHarmful));
        let illegal = Answers::from_call(&tags(&[(Dim::Infringement, &["illegal"])]));
        assert!(illegal.has(Flag::IllegalOrHarmful));
    }

    #[test]
    fn flags_toggle_and_labels_exist() {
        let mut a = Answers::default();
        a.toggle(Flag::HandleName);
        assert!(a.has(Flag::HandleName));
        a.toggle(Flag::HandleName);
        assert!(!a.has(Flag::HandleName));
        for f in Flag::ALL {
            assert!(!f.label(Lang::Ja).is_empty() && !f.label(Lang::En).is_empty());
        }
        assert_eq!(
            Want::Compensation.label(Lang::Ja),
            "書き込んだ人に賠償等を求めたい"
        );
    }

    #[test]
    fn evidence_matters_for_victims_who_want_something_done() {
        let mut a = Answers::default();
        assert!(
            Condition::ActionOnPosts.holds(&a),
            "no answer reads as 'I don't know'"
        );
        a.want(Want::Listen);
        assert!(!Condition::ActionOnPosts.holds(&a));
        a.flag(Flag::IdentifyPoster);
        assert!(Condition::ActionOnPosts.holds(&a));
        let mut perpetrator = Answers::default();
        perpetrator.flag(Flag::Perpetrator);
        assert!(!Condition::ActionOnPosts.holds(&perpetrator));
    }

    #[test]
    fn a_minor_escalates_past_the_school_when_it_is_serious() {
        let mut a = Answers::default();
        a.flag(Flag::Minor);
        assert!(!a.minor_needs_escalation());
        for serious in [
            Flag::MoneyDemanded,
            Flag::SexualImages,
            Flag::SchoolNotActing,
            Flag::Danger,
        ] {
            let mut b = a.clone();
            b.flag(serious);
            assert!(b.minor_needs_escalation(), "{serious:?}");
        }
    }
}
