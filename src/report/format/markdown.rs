//! Markdown: a heading and a one-row table per section, for a wiki or an e-mail.

use std::io::Write;

use super::{Body, Layout};

pub fn write(layout: &Layout, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "# {}", escape(&layout.title))?;
    for caption in &layout.captions {
        writeln!(out, "\n{}", escape(caption))?;
    }
    for section in &layout.sections {
        writeln!(out, "\n## {}\n", escape(&section.heading(layout.lang)))?;
        let row = |cells: &[String]| {
            let cells: Vec<String> = cells.iter().map(|c| escape(c)).collect();
            format!("| {} |", cells.join(" | "))
        };
        let lines = section.body.lines();
        let mut rule = vec!["---:".to_string(); lines[0].len()];
        if matches!(section.body, Body::Down { .. }) {
            rule[0] = "---".into();
        }
        writeln!(out, "{}", row(&lines[0]))?;
        writeln!(out, "| {} |", rule.join(" | "))?;
        for line in &lines[1..] {
            writeln!(out, "{}", row(line))?;
        }
        for footnote in &section.footnotes {
            writeln!(out, "\n{}", escape(footnote))?;
        }
    }
    Ok(())
}

/// Labels come from the taxonomy and the referral directory, both editable by a desk: keep
/// a `|` from breaking the table and a `<` that could open an HTML tag from being read as
/// one. `<5` (a suppressed count) stays as it is.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '<' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')) =>
            {
                out.push_str("&lt;")
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn table_breaking_and_tag_opening_characters_are_escaped() {
        assert_eq!(escape("<5"), "<5");
        assert_eq!(escape("a|b"), "a\\|b");
        assert_eq!(escape("<script>"), "&lt;script>");
        assert_eq!(escape("誹謗・中傷"), "誹謗・中傷");
    }
}
