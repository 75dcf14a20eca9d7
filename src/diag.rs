//! Diagnostics that point at a place in a file a person edited: `file:line:column: message`.
//! Keymaps, the config, override files and imports all report problems this way, before the
//! terminal enters raw mode.

use std::fmt;
use std::ops::Range;

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
}
