//! Recognising a repeat caller without keeping their number: the phone number, e-mail or
//! LINE name is normalised and kept only as a keyed hash (HMAC-SHA256 with the desk's secret
//! in `caller.key`). Without the key the hash cannot be turned back into a number by trying
//! every number (there are only a few hundred million phone numbers in Japan); with the same
//! key on every workstation, they recognise each other's callers.

use std::fmt;
use std::fs::{OpenOptions, Permissions};
use std::io::{ErrorKind, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use hmac::{Hmac, KeyInit, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use unicode_normalization::UnicodeNormalization;

use crate::config::Settings;
use crate::queue::output::QueueFormat;
use crate::store::Store;

/// The desk secret's file name, in the config directory.
pub const KEY_FILE: &str = "caller.key";
const KEY_LEN: usize = 32;

/// An identifier in the one form every way of writing it comes to: a phone number as its
/// digits with a leading 0 (`09012345678`), an e-mail trimmed and lowercase, anything else
/// (a LINE name) NFKC-normalised with its spaces collapsed.
pub fn normalise(identifier: &str) -> String {
    // NFKC turns full-width digits, letters and ＋ into ASCII.
    let text: String = identifier.nfkc().collect();
    let text = text.trim();
    if text.contains('@') {
        return text.to_lowercase();
    }
    if let Some(digits) = phone_digits(text) {
        return digits;
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A phone number's national form, when `text` is one: digits with hyphens, spaces, dots or
/// brackets between them, and +81 / 81 / 0081 in front of the number without its leading 0.
fn phone_digits(text: &str) -> Option<String> {
    let plus = text.starts_with('+');
    let body = text.strip_prefix('+').unwrap_or(text);
    let separators = |c: char| matches!(c, '-' | ' ' | '.' | '(' | ')' | 'ー' | '−' | '‐');
    if !body.chars().all(|c| c.is_ascii_digit() || separators(c)) {
        return None;
    }
    let digits: String = body.chars().filter(char::is_ascii_digit).collect();
    if !(6..=15).contains(&digits.len()) {
        return None;
    }
    let national = if plus {
        // Only Japan's own prefix is turned into a leading 0; a foreign number keeps its +.
        match digits.strip_prefix("81") {
            Some(rest) => format!("0{}", rest.trim_start_matches('0')),
            None => format!("+{digits}"),
        }
    } else if let Some(rest) = digits.strip_prefix("0081") {
        format!("0{rest}")
    } else if let Some(rest) = digits.strip_prefix("81").filter(|r| r.len() >= 9) {
        // 81 90 1234 5678 written without the +: 81 and ten digits is never a domestic number
        // (those start with 0).
        format!("0{}", rest.trim_start_matches('0'))
    } else {
        digits
    };
    Some(national)
}

/// What can go wrong with the desk secret: each names the file and what to do.
#[derive(Debug)]
pub enum KeyError {
    Missing(PathBuf),
    Unreadable(PathBuf, std::io::Error),
    WrongSize(PathBuf, usize),
    Create(PathBuf, std::io::Error),
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            KeyError::Missing(path) => write!(
                f,
                "no caller key at {}: no caller was recorded on this workstation yet; copy \
                 caller.key from another workstation of the desk (mode 0600)",
                path.display()
            ),
            KeyError::Unreadable(path, e) => write!(
                f,
                "cannot read the desk's caller key {}: {e} (it must be readable by this user, mode 0600)",
                path.display()
            ),
            KeyError::WrongSize(path, len) => write!(
                f,
                "the desk's caller key {} is {len} bytes, not {KEY_LEN}: copy it again from another \
                 workstation of the desk (a new key would not recognise earlier callers)",
                path.display()
            ),
            KeyError::Create(path, e) => {
                write!(
                    f,
                    "cannot create the desk's caller key {}: {e}",
                    path.display()
                )
            }
        }
    }
}

impl std::error::Error for KeyError {}

/// The desk secret that keys the hash.
pub struct CallerKey([u8; KEY_LEN]);

impl CallerKey {
    /// The key in `config_dir`, which must be there: looking a caller up never makes one (a
    /// new key would match no one, and hide that this workstation lacks the desk's).
    pub fn load(config_dir: &Path) -> Result<CallerKey, KeyError> {
        let path = config_dir.join(KEY_FILE);
        if !path.exists() {
            return Err(KeyError::Missing(path));
        }
        Self::load_or_create(config_dir)
    }

    /// The key in `config_dir`, made with 32 random bytes (mode 0600) if there is none yet.
    pub fn load_or_create(config_dir: &Path) -> Result<CallerKey, KeyError> {
        let path = config_dir.join(KEY_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => {
                let key = <[u8; KEY_LEN]>::try_from(bytes.as_slice())
                    .map_err(|_| KeyError::WrongSize(path.clone(), bytes.len()))?;
                // A key copied in with a looser mode is made owner-only, as the database is.
                let _ = std::fs::set_permissions(&path, Permissions::from_mode(0o600));
                Ok(CallerKey(key))
            }
            Err(e) if e.kind() == ErrorKind::NotFound => Self::create(&path),
            Err(e) => Err(KeyError::Unreadable(path, e)),
        }
    }

    fn create(path: &Path) -> Result<CallerKey, KeyError> {
        let mut key = [0u8; KEY_LEN];
        rand::fill(&mut key);
        let failed = |e| KeyError::Create(path.to_path_buf(), e);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(failed)?;
        }
        // create_new: two workstations' first calls never overwrite each other's key.
        let mut file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
            .map_err(failed)?;
        file.write_all(&key)
            .and_then(|_| file.sync_all())
            .map_err(failed)?;
        tracing::info!("created the desk's caller key");
        Ok(CallerKey(key))
    }

    #[cfg(test)]
    pub fn from_bytes(key: [u8; KEY_LEN]) -> CallerKey {
        CallerKey(key)
    }

    /// The identifier's keyed hash, in lowercase hex: what the case keeps.
    pub fn hash(&self, identifier: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(normalise(identifier).as_bytes());
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// `soudan caller IDENTIFIER [--format json]`
#[derive(Debug, Clone, clap::Args)]
pub struct CallerArgs {
    /// The caller's phone number, e-mail or LINE name, in any format (used for the lookup
    /// only, never stored)
    pub identifier: String,
    #[arg(long, value_enum, default_value = "table")]
    pub format: QueueFormat,
}

/// Lists the cases of the caller `args` names. JSON shape (stable):
/// `{"cases":[{"case":"N1-00012","last_contact_at":"…+09:00","contacts":2}]}`.
pub fn list(
    args: &CallerArgs,
    key: &CallerKey,
    store: &Store,
    settings: &Settings,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let cases = store.cases_of_caller(&key.hash(&args.identifier))?;
    let offset = settings.desk_offset;
    let lang = settings.lang;
    match args.format {
        QueueFormat::Json => {
            let cases: Vec<Value> = cases
                .iter()
                .map(|case| {
                    json!({
                        "case": case.number,
                        "last_contact_at": case.last_contact_at.map(|t| t.with_timezone(&offset).to_rfc3339()),
                        "contacts": case.contacts,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &json!({ "cases": cases }))?;
            writeln!(out)?;
        }
        QueueFormat::Table => {
            if cases.is_empty() {
                writeln!(
                    out,
                    "{}",
                    lang.pick("この相談者の案件はありません", "no case of this caller")
                )?;
            }
            for case in &cases {
                let last = case.last_contact_at.map_or(String::new(), |t| {
                    t.with_timezone(&offset)
                        .format("%Y-%m-%d %H:%M")
                        .to_string()
                });
                writeln!(
                    out,
                    "{}  {last}  {}{}",
                    case.number,
                    case.contacts,
                    lang.pick("回", " contacts")
                )?;
            }
        }
    }
    // How many, never who.
    tracing::info!(cases = cases.len(), "caller looked up");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caller_matches_across_formats() {
        let key = CallerKey::from_bytes([7; KEY_LEN]);
        let hash = key.hash("090-1234-5678");
        for same in [
            "０９０１２３４５６７８",
            "+81 90 1234 5678",
            "81-90-1234-5678",
            " 090 1234 5678 ",
            "＋８１９０１２３４５６７８",
        ] {
            assert_eq!(key.hash(same), hash, "{same}");
        }
        assert_ne!(key.hash("090-1234-5679"), hash);
        assert_ne!(key.hash("03-1234-5678"), hash);
        assert_eq!(key.hash(" Taro@Example.JP "), key.hash("taro@example.jp"));
        assert_eq!(key.hash("ＬＩＮＥ　たろう"), key.hash("LINE たろう"));
        assert_ne!(key.hash("たろう"), key.hash("はなこ"));
        // Another desk's key gives another hash: the hash alone says nothing.
        assert_ne!(
            CallerKey::from_bytes([8; KEY_LEN]).hash("090-1234-5678"),
            hash
        );
        assert_eq!(hash.len(), 64);
    }

    #[test]
    fn the_key_is_made_once_owner_only_and_a_bad_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let first = CallerKey::load_or_create(dir.path()).unwrap();
        let path = dir.path().join(KEY_FILE);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let again = CallerKey::load_or_create(dir.path()).unwrap();
        assert_eq!(
            first.hash("x"),
            again.hash("x"),
            "the same key is read back"
        );

        std::fs::write(&path, b"short").unwrap();
        let error = CallerKey::load_or_create(dir.path()).err().unwrap();
        assert!(error.to_string().contains("5 bytes, not 32"), "{error}");
        assert_eq!(
            std::fs::read(&path).unwrap(),
            b"short",
            "a bad key is left alone"
        );

        std::fs::remove_file(&path).unwrap();
        std::fs::create_dir(&path).unwrap();
        let error = CallerKey::load_or_create(dir.path()).err().unwrap();
        assert!(error.to_string().contains("cannot read"), "{error}");
    }
}
