//! Diagnostics that point at a place in a file a person edited: `file:line:column: message`.
//! Keymaps, the config, override files and imports all report problems this way, before the
//! terminal enters raw mode.

use std::fmt;
use std::ops::Range;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based line (or row, for tabular files).
    pub line: usize,
    /// 1-based column in characters (or the column number, for tabular files).
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for Diagnostic {}

/// A source text with a name, able to turn byte offsets into line and column.
pub struct Source<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

impl<'a> Source<'a> {
    pub fn new(name: &'a str, text: &'a str) -> Self {
        Source { name, text }
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..floor_char_boundary(self.text, offset)];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        (line, column)
    }

    pub fn at(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.line_column(span.start);
        Diagnostic {
            file: self.name.to_string(),
            line,
            column,
            message: message.into(),
        }
    }

    /// A TOML parse error, placed where the parser says it is.
    pub fn toml_error(&self, error: &toml::de::Error) -> Diagnostic {
        let span = error.span().unwrap_or(0..0);
        // The parser's message repeats the location and a code excerpt; keep the first line.
        let message = error.message().lines().next().unwrap_or("invalid TOML");
        self.at(span, message.trim().to_string())
    }
}

/// Reads a file a person edits, which must be UTF-8 text; `Ok(None)` when it does not exist.
/// Text that is not UTF-8 is refused at the line and column of its first bad byte.
pub fn read_text(path: &Path) -> Result<Option<String>, Diagnostic> {
    let name = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Diagnostic {
                file: name,
                line: 1,
                column: 1,
                message: e.to_string(),
            });
        }
    };
    String::from_utf8(bytes).map(Some).map_err(|e| {
        not_utf8(
            &name,
            e.as_bytes(),
            e.utf8_error(),
            "not UTF-8 text: save the file as UTF-8",
        )
    })
}

/// A diagnostic at the first byte of `bytes` that is not UTF-8.
pub fn not_utf8(
    name: &str,
    bytes: &[u8],
    error: std::str::Utf8Error,
    message: impl Into<String>,
) -> Diagnostic {
    let valid = std::str::from_utf8(&bytes[..error.valid_up_to()]).unwrap_or_default();
    let (line, column) = Source::new(name, valid).line_column(valid.len());
    Diagnostic {
        file: name.to_string(),
        line,
        column,
        message: message.into(),
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Several diagnostics, printed one per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let src = Source::new("f.toml", "a = 1\n年代 = \"x\"\n");
        assert_eq!(src.line_column(0), (1, 1));
        // "年代 = " is 5 characters but 9 bytes.
        let offset = "a = 1\n年代 = ".len();
        assert_eq!(src.line_column(offset), (2, 6));
    }

    #[test]
    fn a_file_that_is_not_utf8_is_refused_where_its_first_bad_byte_is() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keymap.toml");
        let mut bytes = "[call]\n\"c\" = \"".as_bytes().to_vec();
        bytes.extend_from_slice(&[0x93, 0x64]); // 電 in Shift_JIS
        bytes.extend_from_slice(b"\"\n");
        std::fs::write(&path, bytes).unwrap();
        let error = read_text(&path).unwrap_err();
        assert_eq!((error.line, error.column), (2, 8), "{error}");
        assert!(error.message.contains("not UTF-8"), "{error}");
        assert_eq!(read_text(&dir.path().join("missing.toml")), Ok(None));
    }
}
