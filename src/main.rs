//! The soudan binary: parse arguments, load config, keymap and database (reporting every
//! problem before the terminal enters raw mode), then run the TUI or a subcommand.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Parser;

use soudan::app::App;
use soudan::cli::{
    Cli, Command, GlobalArgs, KeymapCommand, NationalCommand, SyncArgs, SyncCommand,
};
use soudan::config::{self, KEYMAP_FILE};
use soudan::diag::{self, Diagnostics};
use soudan::domain::{Lang, SystemClock};
use soudan::keymap::{self, Keymap, Mode, format_sequence};
use soudan::lock::{self, LockError};
use soudan::national::National;
use soudan::referral::{self, Directory, cli::ReferralsCommand};
use soudan::session::Session;
use soudan::store::Store;
use soudan::transfer::{self, Format};

/// Exit status for a file the user must fix (config, keymap, import).
const BAD_INPUT: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // `soudan report | head`: the reader has what it wanted; nothing went wrong here.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("soudan: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    // The writers wrap the io error in their own.
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(BrokenPipe))
            || cause.downcast_ref::<csv::Error>().is_some_and(
                |e| matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == BrokenPipe),
            )
    })
}

struct Paths {
    db: PathBuf,
    config_dir: PathBuf,
}

fn paths(global: &GlobalArgs) -> anyhow::Result<Paths> {
    let dirs = directories::ProjectDirs::from("", "", "soudan");
    let db = match (&global.db, &dirs) {
        (Some(db), _) => db.clone(),
        (None, Some(dirs)) => dirs.data_dir().join("soudan.db"),
        (None, None) => anyhow::bail!("no home directory found: pass --db PATH"),
    };
    let config_dir = match (&global.config_dir, &dirs) {
        (Some(dir), _) => dir.clone(),
        (None, Some(dirs)) => dirs.config_dir().to_path_buf(),
        (None, None) => anyhow::bail!("no home directory found: pass --config-dir DIR"),
    };
    Ok(Paths { db, config_dir })
}

/// Logs go to a file beside the database, never to the terminal the TUI owns.
fn init_logging(db: &Path) -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let dir = db.parent().filter(|d| !d.as_os_str().is_empty())?;
    std::fs::create_dir_all(dir).ok()?;
    let appender = tracing_appender::rolling::never(dir, config::LOG_FILE);
    let (writer, guard) = tracing_appender::non_blocking(appender);
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SOUDAN_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .ok()?;
    Some(guard)
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let paths = paths(&cli.global)?;
    if let Some(Command::Keymap {
        command: KeymapCommand::Check { file },
    }) = &cli.command
    {
        return Ok(keymap_check(file));
    }
    if let Some(Command::Paths) = &cli.command {
        println!("database: {}", paths.db.display());
        println!(
            "config:   {}",
            paths.config_dir.join(config::CONFIG_FILE).display()
        );
        println!("keymap:   {}", paths.config_dir.join(KEYMAP_FILE).display());
        println!(
            "caller key: {}",
            paths
                .config_dir
                .join(soudan::privacy::caller::KEY_FILE)
                .display()
        );
        println!(
            "log:      {}",
            paths.db.with_file_name(config::LOG_FILE).display()
        );
        println!(
            "backups:  {}",
            soudan::backup::default_dir(&paths.db).display()
        );
        return Ok(ExitCode::SUCCESS);
    }

    if matches!(cli.command, Some(Command::Demo(_))) && cli.global.db.is_none() {
        eprintln!("soudan demo needs --db PATH: demo data never goes into your real database");
        return Ok(ExitCode::from(BAD_INPUT));
    }

    let config = match config::read_config(&paths.config_dir) {
        Ok(read) => read,
        Err(diagnostic) => {
            eprintln!("{diagnostic}");
            return Ok(ExitCode::from(BAD_INPUT));
        }
    };
    if let Some(Command::Sync(SyncArgs {
        url,
        command: Some(SyncCommand::Init { roles, role }),
    })) = &cli.command
    {
        // The admin's command: no workstation database is involved.
        return Ok(sync_init(
            url.as_deref(),
            &config.file.sync,
            &paths,
            role,
            *roles,
        ));
    }
    // Backup and restore work on the database file as a whole, never through a Store: a
    // backup must not create or migrate the database, a restore must replace it untouched.
    match &cli.command {
        Some(Command::Backup(args)) => {
            let _log_guard = paths.db.is_file().then(|| init_logging(&paths.db));
            let keep = config.file.backup.keep.map(|n| n as usize);
            return Ok(ExitCode::from(soudan::backup::cli::backup(
                args,
                &paths.db,
                keep,
                config.file.retention.keep,
            )));
        }
        Some(Command::Restore(args)) => {
            let lang = cli.global.lang.map_or(config.file.language, Into::into);
            let sync =
                config.file.sync.url.is_some() || std::env::var_os("SOUDAN_SYNC_URL").is_some();
            let _log_guard = paths.db.is_file().then(|| init_logging(&paths.db));
            return Ok(ExitCode::from(soudan::backup::cli::restore(
                args, &paths.db, lang, sync,
            )));
        }
        _ => {}
    }
    // The keymap is checked before the database is opened: a typo in keymap.toml on a fresh
    // machine must not leave a database behind.
    let keymap = match cli.command {
        None
        | Some(Command::Keymap {
            command: KeymapCommand::Show,
        }) => match load_keymap(&paths.config_dir, &config.file.keymap) {
            Some(keymap) => Some(keymap),
            None => return Ok(ExitCode::from(BAD_INPUT)),
        },
        _ => None,
    };
    // The TUI needs a terminal and the database to itself. Both are checked before the
    // database is opened, so that a refused start changes nothing in it.
    let lang: Lang = cli.global.lang.map_or(config.file.language, Into::into);
    let _tui_lock = match cli.command {
        None => {
            if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
                eprintln!("{}", no_terminal_message(lang));
                return Ok(ExitCode::from(BAD_INPUT));
            }
            match lock::acquire(&paths.db) {
                Ok(held) => Some(held),
                Err(LockError::Held { db, holder }) => {
                    eprintln!("{}", lock::held_message(&db, &holder, lang));
                    return Ok(ExitCode::FAILURE);
                }
                Err(error) => return Err(error.into()),
            }
        }
        Some(_) => None,
    };
    let existed = paths.db.exists();
    // Commands that read the desk's data never create a database where none is.
    let mut store = match cli.command {
        Some(
            Command::Export { .. }
            | Command::Queue(_)
            | Command::Report(_)
            | Command::Erase(_)
            | Command::Retention(_)
            | Command::Caller(_),
        ) => Store::open_existing(&paths.db)?,
        _ => Store::open(&paths.db)?,
    };
    // After the database: a command refused for a missing database leaves no folder behind.
    let _log_guard = init_logging(&paths.db);
    // The desk's most sensitive data: owner-only, and said once if it was not.
    let own_dir = cli.global.db.is_none().then(|| paths.db.parent()).flatten();
    let fixed = soudan::privacy::files::restrict(&paths.db, own_dir);
    if let Some(line) = fixed.filter(|_| existed) {
        eprintln!("soudan: {line}");
        tracing::warn!("{line}");
    }
    let settings = match config::resolve(
        &config,
        cli.global.counselor.clone(),
        cli.global.lang.map(Into::into),
        store.workstation(),
    ) {
        Ok(settings) => settings,
        Err(diagnostic) => {
            eprintln!("{diagnostic}");
            return Ok(ExitCode::from(BAD_INPUT));
        }
    };

    let now = chrono::Utc::now();
    let today = now.with_timezone(&settings.desk_offset).date_naive();
    // The referral sheet with the desk's overrides, for the commands that show or count
    // referrals; its problems go to stderr before the terminal is taken.
    let load_directory = || {
        let (directory, problems) = Directory::load(&paths.config_dir, today);
        for problem in &problems {
            eprintln!("{problem}");
        }
        (directory, problems)
    };

    // The national lists with the desk's services.toml and means.toml, problems to stderr.
    let load_national = || {
        let (national, problems) = National::load(&paths.config_dir);
        for problem in &problems {
            eprintln!("{problem}");
        }
        (national, problems)
    };

    match cli.command {
        None => {
            let (directory, referral_problems) = load_directory();
            let (national, national_problems) = load_national();
            let mut app = App::new(settings, keymap.unwrap_or_default());
            app.directory = directory;
            app.national = national;
            if !referral_problems.is_empty() {
                app.warn_problems("referrals.toml", referral_problems.len(), "referrals");
            }
            if !national_problems.is_empty() {
                let files = "services.toml / means.toml";
                app.warn_problems(files, national_problems.len(), "national");
            }
            let mut session = Session::new(app, store, Arc::new(SystemClock))?
                .with_caller_key_dir(&paths.config_dir);
            // Sync beside the screen when a server is configured (the same URL as `soudan
            // sync`: SOUDAN_SYNC_URL, else [sync] url).
            let sync_url = std::env::var("SOUDAN_SYNC_URL").ok();
            if sync_url.is_some() || config.file.sync.url.is_some() {
                match soudan::sync::target_from(
                    sync_url.as_deref(),
                    &config.file.sync,
                    &paths.config_dir,
                ) {
                    Ok(target) => {
                        let station = soudan::sync::Station {
                            code: session.app.settings.station.clone(),
                            host: soudan::sync::Station::host_name(),
                        };
                        let interval = config.file.sync.interval.map(|i| i.0);
                        let background = soudan::sync::Background::start(
                            paths.db.clone(),
                            target,
                            station,
                            interval,
                        );
                        session = session.with_background(background);
                    }
                    Err(error) => session.app.report_error(format!("sync: {error}")),
                }
            }
            tracing::info!("soudan started");
            soudan::tui::run(&mut session)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Export {
            format,
            output,
            items,
        }) => {
            if items && format != Format::Csv {
                eprintln!("soudan export --items writes CSV: leave out --format");
                return Ok(ExitCode::from(BAD_INPUT));
            }
            let (directory, _) = load_directory();
            let (national, _) = load_national();
            // Rows are written as they are read: a buffer makes that a few large writes
            // (stdout alone would write every line).
            let mut out: std::io::BufWriter<Box<dyn Write>> = std::io::BufWriter::with_capacity(
                64 * 1024,
                match &output {
                    Some(path) => Box::new(
                        std::fs::File::create(path)
                            .with_context(|| format!("{}", path.display()))?,
                    ),
                    None => Box::new(std::io::stdout().lock()),
                },
            );
            let offset = settings.desk_offset;
            if items {
                let count = transfer::export_items(&store, offset, &national, &mut out)?;
                out.flush()?;
                eprintln!("exported {}", counted(count, "work item"));
                return Ok(ExitCode::SUCCESS);
            }
            let names = transfer::Names {
                directory: &directory,
                national: &national,
            };
            let count = transfer::export(&store, format, offset, names, &mut out)?;
            out.flush()?;
            eprintln!("exported {}", counted(count, "contact"));
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Import { file, format }) => {
            let Some(format) = format.or_else(|| Format::from_path(&file)) else {
                eprintln!("{}: say --format csv or --format jsonl", file.display());
                return Ok(ExitCode::from(BAD_INPUT));
            };
            let caller_key = || {
                soudan::privacy::caller::CallerKey::load_or_create(&paths.config_dir)
                    .map_err(|e| e.to_string())
            };
            let (national, _) = load_national();
            match transfer::import_with_callers(
                &mut store,
                &file,
                format,
                &settings,
                &national,
                chrono::Utc::now(),
                &caller_key,
            ) {
                Ok(summary) => {
                    println!(
                        "imported {} from {} (read as {}): {}, {}",
                        counted(summary.contacts, "contact"),
                        file.display(),
                        summary.encoding,
                        counted(summary.new_cases, "new case"),
                        counted(summary.existing_cases, "existing case")
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(transfer::ImportError::Bad(diagnostic)) => {
                    eprintln!("{diagnostic}\nnothing was imported");
                    Ok(ExitCode::from(BAD_INPUT))
                }
                Err(other) => Err(other.into()),
            }
        }
        Some(Command::Report(args)) => {
            let (directory, _) = load_directory();
            let (national, _) = load_national();
            let stdout = std::io::stdout();
            let result =
                soudan::report::with_desk_context(&settings, &directory, &national, |context| {
                    soudan::report::run_with(&args, &store, context, &mut stdout.lock())
                });
            match result {
                Ok(()) => {
                    if let Some(path) = &args.output {
                        eprintln!("wrote {}", path.display());
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(error) if is_broken_pipe(&error) => Ok(ExitCode::SUCCESS),
                Err(error) => {
                    eprintln!("soudan report: {error:#}");
                    let bad_period = error
                        .downcast_ref::<soudan::report::PeriodError>()
                        .is_some();
                    Ok(if bad_period {
                        ExitCode::from(BAD_INPUT)
                    } else {
                        ExitCode::FAILURE
                    })
                }
            }
        }
        Some(Command::Demo(args)) => {
            let stdout = std::io::stdout();
            soudan::demo::run(&args, &mut store, &settings, today, &mut stdout.lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::National { command }) => {
            let (national, problems) = load_national();
            match command {
                NationalCommand::Check if problems.is_empty() => {
                    for file in [
                        soudan::national::SERVICES_FILE,
                        soudan::national::MEANS_FILE,
                    ] {
                        println!("{}: ok", paths.config_dir.join(file).display());
                    }
                    Ok(ExitCode::SUCCESS)
                }
                NationalCommand::Check => Ok(ExitCode::from(BAD_INPUT)),
                NationalCommand::Recognise { url } => {
                    let lang = settings.lang;
                    let found = national.services.recognise(&url);
                    let service = match &found.service {
                        Some(id) => national.services.label(id, lang),
                        None => lang
                            .pick("上記以外の事業者/サービス等", "Other services")
                            .to_string(),
                    };
                    let place = found.place.as_deref().map_or("-", |code| {
                        national.classification.place.label_of(code, lang)
                    });
                    println!("{service}\t{place}");
                    Ok(ExitCode::SUCCESS)
                }
            }
        }
        Some(Command::Referrals(args)) => {
            let (directory, referral_problems) = load_directory();
            if let ReferralsCommand::Check = args.command {
                if referral_problems.is_empty() {
                    println!(
                        "{}: ok",
                        paths.config_dir.join(referral::OVERRIDE_FILE).display()
                    );
                    return Ok(ExitCode::SUCCESS);
                }
                return Ok(ExitCode::from(BAD_INPUT));
            }
            let stdout = std::io::stdout();
            referral::cli::run(
                args.command,
                &directory,
                now.with_timezone(&settings.desk_offset),
                settings.lang,
                &mut stdout.lock(),
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Queue(args)) => {
            let filter = soudan::queue::Filter {
                owner: if args.mine {
                    Some(settings.counselor.clone())
                } else {
                    args.owner.clone()
                },
                risk_only: args.risk,
                overdue_only: args.overdue,
                waiting_only: args.waiting,
                stale_days: args.stale,
                matching: match &args.text {
                    Some(text) => Some(store.open_cases_matching(text)?),
                    None => None,
                },
            };
            let at = soudan::queue::Moment {
                now: chrono::Utc::now(),
                offset: settings.desk_offset,
            };
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            soudan::queue::output::write(
                &store,
                &filter,
                at,
                args.format,
                settings.lang,
                &mut out,
            )?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Erase(args)) => {
            soudan::privacy::erase(&args, &mut store, &settings, &mut std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Caller(args)) => {
            let key = soudan::privacy::caller::CallerKey::load(&paths.config_dir)?;
            soudan::privacy::caller::list(
                &args,
                &key,
                &store,
                &settings,
                &mut std::io::stdout().lock(),
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Retention(args)) => {
            soudan::privacy::retention(
                &args,
                config.file.retention.keep,
                &mut store,
                &settings,
                &mut std::io::stdout().lock(),
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Sync(SyncArgs {
            url,
            command: Some(SyncCommand::Status { format }),
        })) => {
            let target =
                soudan::sync::target_from(url.as_deref(), &config.file.sync, &paths.config_dir);
            let status = soudan::sync::status(&store, target.as_ref().ok(), &settings.station);
            let status = match (status, target) {
                (Ok(status), Ok(_)) => status,
                // Without a usable URL the server part says why.
                (Ok(mut status), Err(error)) => {
                    status.error = Some(error.to_string());
                    status
                }
                (Err(error), _) => return Ok(sync_failure(&error)),
            };
            match format {
                soudan::cli::StatusFormat::Json => {
                    println!("{}", serde_json::to_string(&status)?)
                }
                soudan::cli::StatusFormat::Table => print!("{status}"),
            }
            // A script sees an unreachable server in the exit status as well as in `error`.
            Ok(if status.server.is_some() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Some(Command::Sync(args)) => Ok(sync_now(
            &mut store,
            args.url.as_deref(),
            &config.file.sync,
            &paths,
            &settings.station,
        )),
        Some(Command::Keymap {
            command: KeymapCommand::Show,
        }) => {
            print_keymap(&keymap.unwrap_or_default());
            Ok(ExitCode::SUCCESS)
        }
        Some(
            Command::Keymap { .. } | Command::Paths | Command::Backup(_) | Command::Restore(_),
        ) => {
            unreachable!("handled above")
        }
    }
}

/// A sync failure's exit status: a setting to fix is bad input, the rest (server down,
/// refused login, a refused op log) plain failure.
fn sync_failure(error: &soudan::sync::SyncError) -> ExitCode {
    eprintln!("soudan sync: {error}");
    tracing::error!(%error, "sync failed");
    match error {
        soudan::sync::SyncError::Config(_) => ExitCode::from(BAD_INPUT),
        _ => ExitCode::FAILURE,
    }
}

fn sync_init(
    url: Option<&str>,
    config: &config::SyncConfig,
    paths: &Paths,
    role: &str,
    create_roles: bool,
) -> ExitCode {
    let report = soudan::sync::target_from(url, config, &paths.config_dir)
        .and_then(|target| soudan::sync::init(&target, role, create_roles).map(|r| (target, r)));
    match report {
        Ok((target, report)) => {
            if report.from == report.to {
                println!("{target}: central schema version {} already", report.to);
            } else {
                println!(
                    "{target}: central schema version {} → {}",
                    report.from, report.to
                );
            }
            if report.roles_created {
                println!("workstation role {role} is set up:");
            } else {
                println!("workstation role (run as an admin, or again with --roles):");
            }
            print!("{}", report.role_sql);
            ExitCode::SUCCESS
        }
        Err(error) => sync_failure(&error),
    }
}

fn sync_now(
    store: &mut Store,
    url: Option<&str>,
    config: &config::SyncConfig,
    paths: &Paths,
    station: &str,
) -> ExitCode {
    let station = soudan::sync::Station {
        code: station.to_string(),
        host: soudan::sync::Station::host_name(),
    };
    let options = soudan::sync::Options {
        progress: std::io::stderr().is_terminal(),
        ..Default::default()
    };
    let result = soudan::sync::target_from(url, config, &paths.config_dir)
        .and_then(|target| soudan::sync::sync(store, &target, &station, &options));
    match result {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(error) => sync_failure(&error),
    }
}

/// `1 contact`, `2 contacts`: the summaries' counts read as English.
fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The active keymap, or None after printing every problem.
fn load_keymap(config_dir: &Path, base: &str) -> Option<Keymap> {
    let user_path = config_dir.join(KEYMAP_FILE);
    let loaded = diag::read_text(&user_path)
        .map_err(|d| Diagnostics(vec![d]))
        .and_then(|user_text| {
            let user_name = user_path.display().to_string();
            keymap::load(base, user_text.as_deref().map(|t| (user_name.as_str(), t)))
        });
    match loaded {
        Ok(keymap) => Some(keymap),
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            eprintln!(
                "soudan did not start: fix the keymap above (or move it away to use the shipped one)"
            );
            None
        }
    }
}

fn keymap_check(file: &Path) -> ExitCode {
    let name = file.display().to_string();
    let checked = match diag::read_text(file) {
        Ok(Some(text)) => keymap::load("default", Some((&name, &text))),
        Ok(None) => {
            eprintln!("{name}: no such file");
            return ExitCode::from(BAD_INPUT);
        }
        Err(diagnostic) => Err(Diagnostics(vec![diagnostic])),
    };
    match checked {
        Ok(keymap) => {
            println!("{name}: ok ({} bindings in effect)", keymap.len());
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            ExitCode::from(BAD_INPUT)
        }
    }
}

fn no_terminal_message(lang: Lang) -> &'static str {
    lang.pick(
        "soudan: 端末がありません。soudan の画面は端末（ターミナル）の中で動きます。\n\
         端末なしで使えるのはサブコマンドです（一覧は soudan --help）:\n  \
         soudan export / import / queue / report / referrals / demo",
        "soudan: no terminal: the workstation screen runs in a terminal.\n\
         Without one, use a subcommand (soudan --help lists them):\n  \
         soudan export, import, queue, report, referrals, demo",
    )
}

fn print_keymap(keymap: &Keymap) {
    let taxonomy = soudan::domain::Taxonomy::builtin();
    for mode in Mode::ALL {
        println!("[{}]", mode.key());
        for binding in keymap.bindings(mode) {
            println!(
                "{:<12} {:<20} # {}",
                format!("\"{}\"", format_sequence(&binding.keys)),
                format!("\"{}\"", binding.action.name()),
                binding.action.describe(soudan::domain::Lang::Ja, taxonomy)
            );
        }
        println!();
    }
}
