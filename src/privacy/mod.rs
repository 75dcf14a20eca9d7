//! Keeping only what the desk may keep: `soudan erase` (one case, on request) and `soudan
//! retention` (every case past the desk's retention period). Both record erasure ops; what an
//! erasure does to the stored data is the store's (src/store/erase.rs).

pub mod caller;
pub mod files;

use std::io::{BufRead, IsTerminal, Write};
use std::str::FromStr;

use anyhow::bail;
use chrono::Utc;
use clap::Args;

use crate::config::Settings;
pub use crate::domain::KeepFor;
use crate::domain::Lang;
use crate::store::Store;

/// `soudan erase CASE --reason TEXT`
#[derive(Debug, Clone, Args)]
pub struct EraseArgs {
    /// The case number (A1-00012)
    pub case: String,
    /// Why, for the record (本人の求め, …): shown in the case's timeline
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// Do not ask
    #[arg(long)]
    pub yes: bool,
}

/// `soudan retention [--older-than 5y] [--dry-run] [--yes]`
#[derive(Debug, Clone, Args)]
pub struct RetentionArgs {
    /// The retention period [default: `[retention] keep` in config.toml]
    #[arg(long, value_name = "PERIOD", value_parser = KeepFor::from_str)]
    pub older_than: Option<KeepFor>,
    /// List the cases that would be erased and change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Do not ask
    #[arg(long)]
    pub yes: bool,
}

/// Asks on the terminal; without one, refuses unless --yes was given. A "no" says so.
fn confirmed(question: &str, yes: bool, lang: Lang, out: &mut dyn Write) -> anyhow::Result<bool> {
    if yes {
        return Ok(true);
    }
    if !std::io::stdin().is_terminal() {
        bail!("{question}: not asked without a terminal; pass --yes to erase");
    }
    eprint!("{question} [y/N] ");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    let yes = matches!(answer.trim(), "y" | "Y" | "yes");
    if !yes {
        writeln!(
            out,
            "{}",
            lang.pick("消去しませんでした", "nothing was erased")
        )?;
    }
    Ok(yes)
}

pub fn erase(
    args: &EraseArgs,
    store: &mut Store,
    settings: &Settings,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let lang = settings.lang;
    let Some(case) = store.case_by_number(args.case.trim())? else {
        bail!(
            "no case {} in this database: nothing was erased",
            args.case.trim()
        );
    };
    let question = match lang {
        Lang::Ja => format!(
            "案件 {} のメモ・URL・自由記述を完全に消去します（統計の数は残ります）",
            case.number
        ),
        Lang::En => format!(
            "erase the notes, URLs and free text of case {} for good (the statistics stay)",
            case.number
        ),
    };
    if !confirmed(&question, args.yes, lang, out)? {
        return Ok(());
    }
    store.erase_cases(&settings.counselor, Utc::now(), &[case.id], &args.reason)?;
    tracing::info!(cases = 1, "erased on request");
    writeln!(
        out,
        "{}: {}",
        case.number,
        lang.pick("個人情報を消去しました", "personal data erased")
    )?;
    Ok(())
}

pub fn retention(
    args: &RetentionArgs,
    keep: Option<KeepFor>,
    store: &mut Store,
    settings: &Settings,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let lang = settings.lang;
    let Some(keep) = args.older_than.or(keep) else {
        bail!(
            "no retention period: set `[retention] keep = \"5y\"` in config.toml or pass \
             --older-than (nothing is erased by age until the desk decides how long it keeps \
             records)"
        );
    };
    let now = Utc::now();
    let cutoff = keep.cutoff(now);
    let expired = store.expired_cases(cutoff)?;
    if args.dry_run {
        for case in &expired {
            writeln!(
                out,
                "{}  {}",
                case.number,
                case.last_contact
                    .with_timezone(&settings.desk_offset)
                    .format("%Y-%m-%d")
            )?;
        }
        writeln!(
            out,
            "{}",
            match lang {
                Lang::Ja => format!(
                    "保存期間 {keep} を過ぎた案件 {} 件（何も変更していません）",
                    expired.len()
                ),
                Lang::En => format!(
                    "{} cases past the retention period {keep} (nothing changed)",
                    expired.len()
                ),
            }
        )?;
        return Ok(());
    }
    if expired.is_empty() {
        writeln!(
            out,
            "{}",
            lang.pick("消去する案件はありません", "no case to erase")
        )?;
        return Ok(());
    }
    let question = match lang {
        Lang::Ja => format!(
            "保存期間 {keep} を過ぎた案件 {} 件の自由記述を完全に消去します",
            expired.len()
        ),
        Lang::En => format!(
            "erase the free text of {} cases past the retention period {keep} for good",
            expired.len()
        ),
    };
    if !confirmed(&question, args.yes, lang, out)? {
        return Ok(());
    }
    let cases: Vec<_> = expired.iter().map(|e| e.case).collect();
    // Stored, so in the desk's language whatever the interface's.
    let reason = format!("保存期間の経過 ({keep})");
    store.erase_cases(&settings.counselor, now, &cases, &reason)?;
    tracing::info!(cases = cases.len(), period = %keep, "retention erased");
    writeln!(
        out,
        "{}",
        match lang {
            Lang::Ja => format!("{} 件の案件の自由記述を消去しました", cases.len()),
            Lang::En => format!("erased the free text of {} cases", cases.len()),
        }
    )?;
    Ok(())
}
