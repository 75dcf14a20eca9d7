//! The arguments of `soudan referrals`: its subcommands, the output flags, and the flow's
//! questions as flags.

use chrono::{DateTime, FixedOffset, NaiveDateTime};
use clap::{Args, Subcommand, ValueEnum};

use crate::referral::answers::{Answers, Flag, Want};
use crate::referral::schedule::jst;

/// `soudan referrals`.
#[derive(Debug, Args)]
pub struct ReferralsArgs {
    #[command(subcommand)]
    pub command: ReferralsCommand,
}

#[derive(Debug, Clone, Subcommand)]
pub enum ReferralsCommand {
    /// Check referrals.toml in the config directory; exits non-zero on any problem
    Check,
    /// List every place on the referral sheet and whether it takes contacts now
    List {
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Show one place in full (its id from `list`)
    Show {
        id: String,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Find places by name, reading, keyword or description, in kanji or kana
    Search {
        /// Words to find, e.g. けいさつ or 法テラス
        #[arg(required = true)]
        query: Vec<String>,
        #[command(flatten)]
        output: OutputArgs,
    },
    /// Recommend places for a caller, following the national flowchart and the desk's rules
    Suggest {
        #[command(flatten)]
        answers: AnswerArgs,
        #[command(flatten)]
        output: OutputArgs,
    },
}

#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// The moment to tell open or closed for, e.g. 2024-06-09T14:00+09:00 (without an
    /// offset: Japanese time) [default: now]
    #[arg(long, value_name = "TIME", value_parser = parse_moment)]
    pub at: Option<DateTime<FixedOffset>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
}

/// The flow's questions as flags.
#[derive(Debug, Clone, Default, Args)]
pub struct AnswerArgs {
    /// What the caller wants (repeat or separate with commas)
    #[arg(long, value_enum, value_delimiter = ',')]
    pub want: Vec<WantArg>,
    /// The caller feels in danger (身の危険)
    #[arg(long)]
    pub danger: bool,
    /// Threats of suicide or self-harm (自殺・自傷の恐れ)
    #[arg(long)]
    pub self_harm: bool,
    /// The troubled person is a minor (未成年)
    #[arg(long)]
    pub minor: bool,
    /// Sexual images are posted or demanded (性的画像)
    #[arg(long)]
    pub sexual_images: bool,
    /// Money is demanded (金銭の要求)
    #[arg(long)]
    pub money_demanded: bool,
    /// The school does not act on a minor's trouble
    #[arg(long)]
    pub school_not_acting: bool,
    /// The caller's position (状況)
    #[arg(long, value_enum)]
    pub role: Option<RoleArg>,
    /// The attacks are on a handle-name account
    #[arg(long)]
    pub handle_name: bool,
    /// The posts are on an anonymous bulletin board
    #[arg(long)]
    pub anonymous_board: bool,
    /// The content is illegal or harmful (違法・有害情報)
    #[arg(long)]
    pub illegal_or_harmful: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WantArg {
    /// To be heard (悩みや不安を聞いてほしい)
    Listen,
    /// Compensation from the poster (賠償等を求めたい)
    Compensation,
    /// Feels in danger (身の危険を感じる)
    Danger,
    /// The poster punished (犯人を処罰してほしい)
    Punish,
    /// The post deleted (書き込みを削除したい)
    Delete,
    /// Doesn't know what to do (解決策がわからない)
    DontKnow,
    /// Can't request deletion themselves (自分で削除依頼できない)
    CantDelete,
    /// The poster identified (発信者を特定したい)
    Identify,
    /// Advice first (まず助言がほしい)
    Advice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    Victim,
    Perpetrator,
    Other,
    Unknown,
}

impl AnswerArgs {
    pub fn answers(&self) -> Answers {
        let mut answers = Answers::default();
        for want in &self.want {
            match want {
                WantArg::Listen => answers.want(Want::Listen),
                WantArg::Compensation => answers.want(Want::Compensation),
                WantArg::Danger => {
                    answers.want(Want::DangerOrPunish);
                    answers.flag(Flag::Danger);
                }
                WantArg::Punish => answers.want(Want::DangerOrPunish),
                WantArg::Delete => {
                    answers.want(Want::DontKnowOrDelete);
                    answers.flag(Flag::Deletion);
                }
                WantArg::DontKnow | WantArg::Advice => answers.want(Want::DontKnowOrDelete),
                WantArg::CantDelete => answers.want(Want::CantRequestDeletionMyself),
                WantArg::Identify => answers.flag(Flag::IdentifyPoster),
            }
        }
        for (set, flag) in [
            (self.danger, Flag::Danger),
            (self.self_harm, Flag::SelfHarm),
            (self.minor, Flag::Minor),
            (self.sexual_images, Flag::SexualImages),
            (self.money_demanded, Flag::MoneyDemanded),
            (self.school_not_acting, Flag::SchoolNotActing),
            (self.role == Some(RoleArg::Perpetrator), Flag::Perpetrator),
            (self.handle_name, Flag::HandleName),
            (self.anonymous_board, Flag::AnonymousBoard),
            (self.illegal_or_harmful, Flag::IllegalOrHarmful),
        ] {
            if set {
                answers.flag(flag);
            }
        }
        answers
    }
}

/// `2024-06-09T14:00+09:00`, with or without seconds, `Z`, or no offset (Japanese time).
pub fn parse_moment(text: &str) -> Result<DateTime<FixedOffset>, String> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at);
    }
    let with_offset = text.replace('Z', "+00:00").replace(' ', "T");
    for format in ["%Y-%m-%dT%H:%M%:z", "%Y-%m-%dT%H:%M:%S%:z"] {
        if let Ok(at) = DateTime::parse_from_str(&with_offset, format) {
            return Ok(at);
        }
    }
    for format in ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(local) = NaiveDateTime::parse_from_str(&with_offset, format)
            && let Some(at) = local.and_local_timezone(jst()).single()
        {
            return Ok(at);
        }
    }
    Err(format!(
        "`{text}` is not a moment like 2024-06-09T14:00+09:00"
    ))
}
