//! The command line: `soudan` runs the workstation; subcommands work on the same database
//! without a terminal.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::domain::Lang;
use crate::transfer::Format;

#[derive(Debug, Parser)]
#[command(
    name = "soudan",
    version,
    about = "相談 — a keyboard-first workstation for online-harassment consultation desks",
    long_about = "相談 (soudan) — a keyboard-first workstation for online-harassment consultation desks.\n\n\
                  Without a subcommand it opens the call screen on the embedded database in your data \
                  directory (created on first start). Press ? in any screen for its keys."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// The SQLite database file [default: soudan.db in your data directory]
    #[arg(long, env = "SOUDAN_DB", global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Where config.toml and keymap.toml are read from [default: your config directory]
    #[arg(long, env = "SOUDAN_CONFIG_DIR", global = true, value_name = "DIR")]
    pub config_dir: Option<PathBuf>,
    /// The counselor's name on records [default: `counselor` in config.toml, else the OS user]
    #[arg(long, env = "SOUDAN_COUNSELOR", global = true, value_name = "NAME")]
    pub counselor: Option<String>,
    /// Interface language
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LangArg {
    Ja,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Ja => Lang::Ja,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write every contact with its case's tags (desk labels) to stdout or a file
    Export {
        #[arg(long, value_enum, default_value = "csv")]
        format: Format,
        /// Write here instead of stdout
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// One CSV row per work item (作業), with its case and contact, instead of one per
        /// contact
        #[arg(long)]
        items: bool,
    },
    /// Read contacts from a CSV or JSONL file (the export's columns); all rows or none
    Import {
        file: PathBuf,
        /// [default: from the file's extension]
        #[arg(long, value_enum)]
        format: Option<Format>,
    },
    /// Check and show keymaps
    Keymap {
        #[command(subcommand)]
        command: KeymapCommand,
    },
    /// Statistics in the desks' table format for a period (--fy, --half, --month, --from/--to)
    Report(crate::report::ReportArgs),
    /// Fill a database (--db is required) with realistic synthetic cases to look around
    Demo(crate::demo::DemoArgs),
    /// The referral sheet: list, show, search and suggest places to refer a caller to
    Referrals(crate::referral::cli::ReferralsArgs),
    /// The national centre's work-item lists: check the desk's services.toml and means.toml,
    /// or see which service a URL is recognised as
    National {
        #[command(subcommand)]
        command: NationalCommand,
    },
    /// The shift lead's queue of open cases, ranked (risk, overdue, due today, untouched)
    Queue(QueueArgs),
    /// Push this workstation's ops to the central PostgreSQL and pull the desk's
    /// (`sync init`: set up the central schema, once)
    Sync(SyncArgs),
    /// Erase one case's notes, URLs and free text for good (the statistics stay)
    Erase(crate::privacy::EraseArgs),
    /// Erase the free text of every case past the desk's retention period
    Retention(crate::privacy::RetentionArgs),
    /// The earlier cases of a caller, by phone number, e-mail or LINE name (matched by the
    /// desk's keyed hash; the identifier itself is never stored)
    Caller(crate::privacy::caller::CallerArgs),
    /// Write a checked copy of the database (safe while soudan is open): into backups/
    /// beside the database, into a folder, or to a file
    Backup(BackupArgs),
    /// Put a backup in the database's place; the current database is kept aside
    Restore(RestoreArgs),
    /// Print where soudan keeps its database, config, log and backups
    Paths,
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// A new file, or a folder (an existing one, or one ending in /) to write
    /// soudan-YYYYMMDD-HHMMSS.db into [default: backups/ beside the database]
    #[arg(value_name = "FILE|DIR")]
    pub target: Option<PathBuf>,
    /// Then remove all but the newest N soudan-….db backups in that folder
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub keep: Option<u32>,
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A backup written by `soudan backup` (or any soudan database file)
    pub file: PathBuf,
    /// Restore without asking (needed when stdin is not a terminal)
    #[arg(long, short)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The central server, postgres://user@host:5432/db?sslmode=verify-full
    /// [default: `[sync] url` in config.toml]; the password is better in PGPASSWORD or
    /// `[sync] password_file`
    #[arg(
        long,
        env = "SOUDAN_SYNC_URL",
        hide_env_values = true,
        global = true,
        value_name = "URL"
    )]
    pub url: Option<String>,
    #[command(subcommand)]
    pub command: Option<SyncCommand>,
}

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Create or upgrade the central schema (admin, once; safe to run again) and print the
    /// least-privilege workstation role
    Init {
        /// Also create the role (the URL's user must be allowed to create roles)
        #[arg(long)]
        roles: bool,
        /// The workstation role's name
        #[arg(long, value_name = "NAME", default_value = crate::sync::DEFAULT_ROLE)]
        role: String,
    },
    /// What is pending here, and each workstation's head and last sync on the server
    Status {
        #[arg(long, value_enum, default_value = "table")]
        format: StatusFormat,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum StatusFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct QueueArgs {
    #[arg(long, value_enum, default_value = "table")]
    pub format: crate::queue::output::QueueFormat,
    /// Only cases owned by you (the --counselor)
    #[arg(long)]
    pub mine: bool,
    /// Only cases owned by this counselor
    #[arg(long, value_name = "NAME", conflicts_with = "mine")]
    pub owner: Option<String>,
    /// Only cases with risk flags
    #[arg(long)]
    pub risk: bool,
    /// Only cases whose follow-up date has passed
    #[arg(long)]
    pub overdue: bool,
    /// Only cases waiting for an expert consult
    #[arg(long)]
    pub waiting: bool,
    /// Only cases nobody has been in touch with for more than DAYS days
    #[arg(long, value_name = "DAYS")]
    pub stale: Option<i64>,
    /// Only cases whose number, owner, tags or notes contain TEXT
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum NationalCommand {
    /// Check services.toml and means.toml in the config directory; exits non-zero on any
    /// problem, each named as file:line:column
    Check,
    /// The service and place a URL is recognised as when `u` starts a work item
    Recognise { url: String },
}

#[derive(Debug, Subcommand)]
pub enum KeymapCommand {
    /// Check a keymap file (as an override of the default); exits non-zero on any problem
    Check { file: PathBuf },
    /// Print the active keymap (the shipped one with your keymap.toml applied)
    Show,
}
