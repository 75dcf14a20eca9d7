//! Markdown: a heading and a one-row table per section, for a wiki or an e-mail.

use std::io::Write;

use super::Layout;

pub fn write(layout: &Layout, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "# {}", escape(&layout.title))?;
    if let Some(caption) = &layout.caption {
        writeln!(out, "\n{}", escape(caption))?;
    }
    for section in &layout.sections {
        writeln!(out, "\n## {}\n", escape(&section.heading(layout.lang)))?;
        let row = |cells: Vec<String>| format!("| {} |", cells.join(" | "));
        writeln!(
            out,
            "{}",
            row(section.labels.iter().map(|l| escape(l)).collect())
        )?;
        writeln!(out, "{}", row(vec!["---:".into(); section.labels.len()]))?;
        writeln!(
            out,
            "{}",
            row(section
                .cells
                .iter()
                .map(|c| escape(&c.to_string()))
                .collect())
        )?;
    }
    Ok(())
}

/// Labels come from the taxonomy and the referral directory, both editable by a desk: keep
/// a `|` or `<` in them from breaking the table or being read as HTML.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
