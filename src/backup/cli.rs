//! `soudan backup` and `soudan restore` as an admin meets them: one line for a backup, and
//! for a restore what is about to be replaced, a question, and what to do next.
//!
//! Exit status: 0 done; 2 a path or file to fix (as the other commands' bad input); 1 the
//! rest (the screen has the database, the disk failed, the restore was declined).

use std::io::IsTerminal;
use std::path::Path;

use chrono::Local;

use super::{BackupError, Contents, Pruning, Staged};
use crate::cli::{BackupArgs, RestoreArgs};
use crate::domain::Lang;
use crate::privacy::KeepFor;

const FAILED: u8 = 1;
const BAD_INPUT: u8 = 2;

fn status(error: &BackupError) -> u8 {
    if error.is_bad_input() {
        BAD_INPUT
    } else {
        FAILED
    }
}

/// `soudan backup [FILE|DIR] [--keep N]`, with `[backup] keep` and `[retention] keep` from
/// config.toml.
pub fn backup(args: &BackupArgs, db: &Path, keep: Option<usize>, retention: Option<KeepFor>) -> u8 {
    let pruning = Pruning {
        keep_flag: args.keep.map(|n| n as usize),
        keep_config: keep,
        retention,
    };
    match super::backup(db, args.target.as_deref(), &pruning, Local::now()) {
        Ok(made) => {
            let mut line = format!(
                "backed up to {} ({}, {} ops)",
                made.path.display(),
                size(made.bytes),
                made.ops
            );
            match made.pruned.len() {
                0 => {}
                1 => line.push_str("; removed 1 older backup"),
                n => line.push_str(&format!("; removed {n} older backups")),
            }
            if let (n @ 1.., Some(period)) = (made.expired.len(), retention) {
                let backups = if n == 1 { "backup" } else { "backups" };
                line.push_str(&format!(
                    "; removed {n} {backups} older than the retention period {period}"
                ));
            }
            println!("{line}");
            tracing::info!(
                path = %made.path.display(),
                bytes = made.bytes,
                ops = made.ops,
                pruned = made.pruned.len(),
                expired = made.expired.len(),
                "backup written"
            );
            0
        }
        Err(error) => {
            eprintln!("soudan backup: {error}");
            status(&error)
        }
    }
}

/// `84.7 MB`: a size as a person reads it.
fn size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{} kB", bytes.div_ceil(1000))
    }
}

/// `soudan restore FILE [--yes]`. `sync` says whether this workstation syncs with a server,
/// which decides what becomes of the changes the backup lacks.
pub fn restore(args: &RestoreArgs, db: &Path, lang: Lang, sync: bool) -> u8 {
    let asking = !args.yes;
    if asking && !std::io::stdin().is_terminal() {
        eprintln!(
            "{}",
            lang.pick(
                "soudan restore: 端末から実行されていないので確認できません。確認なしで復元するには --yes を付けてください。何も変更していません。",
                "soudan restore: stdin is not a terminal, so there is no one to ask: pass --yes \
                 to restore without asking. Nothing was changed."
            )
        );
        return BAD_INPUT;
    }
    let staged = match super::stage(db, &args.file) {
        Ok(staged) => staged,
        Err(error) => {
            eprintln!("soudan restore: {}", refusal(&error, lang));
            eprintln!(
                "{}",
                lang.pick(
                    "データベースは変更していません。",
                    "The database was not changed."
                )
            );
            return status(&error);
        }
    };
    print!("{}", summary(&staged, lang, sync));
    if asking {
        eprint!(
            "{}",
            lang.pick(
                "データベースをこのバックアップで置き換えますか？ [y/N] ",
                "Replace the database with this backup? [y/N] "
            )
        );
        if !super::confirmed(&mut std::io::stdin().lock()) {
            eprintln!(
                "{}",
                lang.pick(
                    "復元しませんでした。何も変更していません。",
                    "Not restored; nothing was changed."
                )
            );
            return FAILED;
        }
    }
    let ops = staged.contents.ops;
    let backup = staged.backup.clone();
    match staged.commit(Local::now()) {
        Ok(restored) => {
            let aside = restored.aside.as_ref().map_or_else(String::new, |aside| {
                format!(
                    "{}{}",
                    lang.pick(
                        "\n元のデータベースは次に残しました: ",
                        "\nthe database before is kept as "
                    ),
                    aside.display()
                )
            });
            match lang {
                Lang::Ja => println!(
                    "復元しました: {} → {}（操作 {ops} 件）{aside}",
                    backup.display(),
                    db.display()
                ),
                Lang::En => println!(
                    "restored {} to {} ({ops} ops){aside}",
                    backup.display(),
                    db.display()
                ),
            }
            tracing::info!(ops, "database restored from a backup");
            0
        }
        Err(error) => {
            eprintln!("soudan restore: {error}");
            status(&error)
        }
    }
}

/// Why a restore was refused, in the admin's language where it is about the screen.
fn refusal(error: &BackupError, lang: Lang) -> String {
    match (error, lang) {
        (BackupError::Locked { db, holder }, Lang::Ja) => format!(
            "このデータベースは soudan の画面で開かれています: {}\n  プロセス {}（{}）、{} から。先にその画面を閉じてください。",
            db.display(),
            holder.pid.map_or_else(|| "不明".into(), |p| p.to_string()),
            holder.host.as_deref().unwrap_or("不明"),
            holder.since.as_deref().unwrap_or("不明"),
        ),
        _ => error.to_string(),
    }
}

/// What is about to happen: the backup, the database it replaces, and what becomes of the
/// changes the backup lacks.
fn summary(staged: &Staged, lang: Lang, sync: bool) -> String {
    let described = |c: &Contents| match lang {
        Lang::Ja => format!(
            "操作 {} 件、案件 {} 件（スキーマ {}）",
            c.ops, c.cases, c.schema
        ),
        Lang::En => format!("{} ops, {} cases (schema {})", c.ops, c.cases, c.schema),
    };
    // Paths on lines of their own, the rest within 80 columns (a full-width character
    // takes two).
    let mut out = format!(
        "{} {}\n  {}\n",
        lang.pick("バックアップ:", "backup: "),
        staged.backup.display(),
        described(&staged.contents)
    );
    let kept = lang.pick("。消さずに別名で残します", "; kept aside, not deleted");
    let current = match &staged.current {
        None => lang.pick("ありません", "none").to_string(),
        Some(Ok(current)) => format!("{}{kept}", described(current)),
        Some(Err(reason)) => format!("{reason}{kept}"),
    };
    out.push_str(&format!(
        "{} {}\n  {current}\n",
        lang.pick("現在:", "current:"),
        staged.db.display()
    ));
    if let Some(Ok(current)) = &staged.current
        && current.workstation != staged.contents.workstation
    {
        out.push_str(lang.pick(
            "注意: 別のワークステーションのバックアップです。このデータベースは\n  \
             そのワークステーションを引き継ぎます。そのワークステーションを\n  \
             もう使わない時にだけ、その代わりとして復元してください。\n",
            "note: this backup is another workstation's: this database takes over its\n  \
             identity. Restore it only in place of that workstation, never while it is\n  \
             still in use.\n",
        ));
    }
    if sync {
        out.push_str(lang.pick(
            "同期が設定されています: このワークステーションの操作でバックアップに\n  \
             ないものは、次の soudan sync でサーバーから戻ります。\n  \
             次の相談を受ける前に soudan sync を実行してください。\n",
            "sync is set up: this workstation's ops that the backup lacks come back from\n  \
             the server on the next `soudan sync`. Run it before the next call: one\n  \
             recorded first would clash with them.\n",
        ));
    } else if staged.current.is_some() {
        out.push_str(lang.pick(
            "同期は設定されていません: バックアップの後の変更は、\n  \
             別名で残す元のデータベースにしかありません。\n",
            "sync is not set up: changes made after the backup are only in the database\n  \
             kept aside.\n",
        ));
    }
    out
}
