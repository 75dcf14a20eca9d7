//! Where the central server is and how to log in: a libpq-style URL from `--url`,
//! `SOUDAN_SYNC_URL` or `[sync] url`, and a password from the URL, `PGPASSWORD` or
//! `[sync] password_file`. A password is kept out of every message this module makes.

use std::path::{Path, PathBuf};
use std::time::Duration;

use tokio_postgres::config::{Config, Host};

use super::SyncError;
use super::tls::Tls;

/// A server to sync with, parsed and checked, with a password-free name for messages.
#[derive(Clone)]
pub struct Target {
    pub(super) config: Config,
    pub(super) tls: Tls,
    shown: String,
}

impl std::fmt::Debug for Target {
    // Never the password: `{:?}` of a target may end up in a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

/// Where a password may come from, besides the URL itself.
#[derive(Debug, Default, Clone)]
pub struct PasswordSources {
    /// `PGPASSWORD` (tokio-postgres reads no `PG*` variables itself).
    pub env: Option<String>,
    /// `[sync] password_file`: its first line, if only its owner can read it.
    pub file: Option<PathBuf>,
}

impl PasswordSources {
    /// The sources of this process: `PGPASSWORD` and the config's file.
    pub fn from_env(file: Option<PathBuf>) -> PasswordSources {
        PasswordSources {
            env: std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty()),
            file,
        }
    }
}

impl Target {
    /// Parses `url` (`postgres://user@host:5432/db?sslmode=disable`). A password in the URL
    /// wins, then `PGPASSWORD`, then the password file.
    pub fn parse(url: &str, passwords: &PasswordSources) -> Result<Target, SyncError> {
        let (base, query) = url.split_once('?').unwrap_or((url, ""));
        let mut kept = Vec::new();
        let mut sslmode = None;
        let mut sslrootcert = None;
        // tokio-postgres knows neither verify-* nor sslrootcert: soudan does TLS itself.
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some(("sslmode", mode)) => sslmode = Some(mode),
                Some(("sslrootcert", path)) => sslrootcert = Some(path),
                _ => kept.push(pair),
            }
        }
        let tls = Tls::new(sslmode, sslrootcert)?;
        let rebuilt = if kept.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{}", kept.join("&"))
        };
        // tokio-postgres' own parse error can quote the URL: say what is wrong without it.
        let mut config: Config = rebuilt.parse().map_err(|_| {
            SyncError::Config(
                "the sync URL is not a PostgreSQL URL like postgres://user@host:5432/db".into(),
            )
        })?;
        if !base.starts_with("postgres://") && !base.starts_with("postgresql://") {
            return Err(SyncError::Config(
                "the sync URL must start with postgres:// (postgres://user@host:5432/db)".into(),
            ));
        }
        config.ssl_mode(tls.mode);
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        if config.get_user().is_none() {
            return Err(SyncError::Config(
                "the sync URL names no user (postgres://USER@host/db)".into(),
            ));
        }
        if config.get_password().is_none() {
            if let Some(password) = &passwords.env {
                config.password(password.as_str());
            } else if let Some(file) = &passwords.file {
                config.password(read_password_file(file)?);
            }
        }
        config.application_name("soudan");
        let shown = show(&config);
        Ok(Target { config, tls, shown })
    }
}

impl Target {
    /// Why connecting failed: a TLS failure said as what to fix, else tokio-postgres' words.
    pub(super) fn connect_error(&self, error: &tokio_postgres::Error) -> SyncError {
        let target = self.to_string();
        match self.tls.explain(error, &host_of(&self.config)) {
            Some(message) => SyncError::Tls { target, message },
            None => SyncError::Connect {
                target,
                message: super::describe(error),
            },
        }
    }
}

fn host_of(config: &Config) -> String {
    match config.get_hosts().first() {
        Some(Host::Tcp(name)) => name.clone(),
        #[cfg(unix)]
        Some(Host::Unix(path)) => path.display().to_string(),
        None => "localhost".into(),
    }
}

/// `user@host:port/db`, never the password.
fn show(config: &Config) -> String {
    let host = host_of(config);
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!(
        "{}@{host}:{port}/{}",
        config.get_user().unwrap_or_default(),
        config
            .get_dbname()
            .or(config.get_user())
            .unwrap_or_default()
    )
}

/// The first line of a password file readable by its owner alone (as libpq's .pgpass): a
/// password others can read is no secret, so soudan will not use it.
fn read_password_file(path: &Path) -> Result<String, SyncError> {
    let named = |what: &str| SyncError::Config(format!("password_file {}: {what}", path.display()));
    let meta = std::fs::metadata(path).map_err(|e| named(&e.to_string()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(named(&format!(
                "readable by others (mode {mode:03o}); run chmod 600 on it"
            )));
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    let text = std::fs::read_to_string(path).map_err(|e| named(&e.to_string()))?;
    let password = text
        .lines()
        .next()
        .unwrap_or_default()
        .trim_end()
        .to_string();
    if password.is_empty() {
        return Err(named("the file is empty"));
    }
    Ok(password)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio_postgres::config::SslMode;

    fn none() -> PasswordSources {
        PasswordSources::default()
    }

    #[test]
    fn the_shown_target_never_has_the_password() {
        let target =
            Target::parse("postgres://desk:s3cret@db.example:6000/soudan", &none()).unwrap();
        assert_eq!(target.to_string(), "desk@db.example:6000/soudan");
        assert!(!format!("{target:?}").contains("s3cret"));
        assert_eq!(target.config.get_password(), Some(&b"s3cret"[..]));
    }

    #[test]
    fn a_password_comes_from_the_url_then_pgpassword_then_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pw");
        std::fs::write(&file, "fromfile\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        let both = PasswordSources {
            env: Some("fromenv".into()),
            file: Some(file.clone()),
        };
        let url = "postgres://desk@h/db";
        let pw = |t: Target| t.config.get_password().map(<[u8]>::to_vec);
        assert_eq!(
            pw(Target::parse("postgres://desk:u@h/db", &both).unwrap()),
            Some(b"u".to_vec())
        );
        assert_eq!(
            pw(Target::parse(url, &both).unwrap()),
            Some(b"fromenv".to_vec())
        );
        let only_file = PasswordSources {
            env: None,
            file: Some(file),
        };
        assert_eq!(
            pw(Target::parse(url, &only_file).unwrap()),
            Some(b"fromfile".to_vec())
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_password_file_others_can_read_is_refused_without_quoting_it() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pw");
        std::fs::write(&file, "hunter2\n").unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        let sources = PasswordSources {
            env: None,
            file: Some(file),
        };
        let err = Target::parse("postgres://desk@h/db", &sources)
            .unwrap_err()
            .to_string();
        assert!(err.contains("readable by others (mode 644)"), "{err}");
        assert!(!err.contains("hunter2"), "{err}");
    }

    #[test]
    fn tls_settings_stay_out_of_tokio_postgres_and_bad_urls_are_not_quoted() {
        let target = Target::parse("postgres://u:pw@h/db?sslmode=require", &none()).unwrap();
        assert_eq!(target.config.get_ssl_mode(), SslMode::Require);
        let target = Target::parse("postgres://u@h/db?sslmode=verify-full", &none()).unwrap();
        assert_eq!(target.config.get_ssl_mode(), SslMode::Require);
        assert!(Target::parse("postgres://u@h/db?sslmode=disable", &none()).is_ok());
        let err = Target::parse("postgres://u:topsecret@h:notaport/db", &none()).unwrap_err();
        assert!(!err.to_string().contains("topsecret"), "{err}");
        let err = Target::parse("mysql://u:topsecret@h/db", &none()).unwrap_err();
        assert!(!err.to_string().contains("topsecret"), "{err}");
    }
}
