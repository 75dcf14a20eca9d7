//! The terminal table: each section as right-aligned columns measured in terminal cells, so
//! 60歳以上 (8 cells, 5 characters) lines up with its count. A section wider than a
//! terminal continues in a second band below.

use std::io::Write;

use super::{Body, Layout};
use crate::text::{Align, Table};

/// Widest line written, in cells: fits an 80-column terminal.
const MAX_WIDTH: usize = 80;
const INDENT: &str = "  ";
const GAP: &str = "  ";

pub fn write(layout: &Layout, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{}", layout.title)?;
    for caption in &layout.captions {
        writeln!(out, "{caption}")?;
    }
    for section in &layout.sections {
        writeln!(out)?;
        writeln!(out, "{}", section.heading(layout.lang))?;
        let lines = section.body.lines();
        match &section.body {
            // One column per label, its count right-aligned under it.
            Body::Across { labels, .. } => {
                let aligns = vec![Align::Right; labels.len()];
                let table = Table::fitting(&aligns, &lines).indent(INDENT).gap(GAP);
                for band in table.bands(MAX_WIDTH) {
                    for line in &lines {
                        writeln!(out, "{}", table.band_line(band.clone(), line))?;
                    }
                }
            }
            // A line per row: the label, then its count (and share) right-aligned.
            Body::Down { headings, .. } => {
                let mut aligns = vec![Align::Right; headings.len()];
                aligns[0] = Align::Left;
                let table = Table::fitting(&aligns, &lines).indent(INDENT).gap(GAP);
                for line in &lines {
                    writeln!(out, "{}", table.line(line).trim_end())?;
                }
            }
        }
        for footnote in &section.footnotes {
            writeln!(out, "{INDENT}{footnote}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Lang;
    use crate::report::format::{Body, Cell, Section};
    use crate::text::width;

    fn layout(labels: &[&str], counts: &[u64]) -> Layout {
        Layout {
            lang: Lang::Ja,
            title: "相談実績".into(),
            captions: Vec::new(),
            sections: vec![Section {
                title: "年代別".into(),
                note: "相談者単位".into(),
                body: Body::Across {
                    labels: labels.iter().map(|l| l.to_string()).collect(),
                    cells: counts.iter().map(|n| Cell::Count(*n)).collect(),
                },
                footnotes: Vec::new(),
            }],
        }
    }

    fn text(layout: &Layout) -> String {
        let mut out = Vec::new();
        write(layout, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn full_width_labels_and_counts_end_in_the_same_cell() {
        let printed = text(&layout(
            &["10代", "60歳以上", "不明", "合計"],
            &[16, 11, 167, 297],
        ));
        let lines: Vec<&str> = printed.lines().collect();
        assert_eq!(lines[2], "年代別（相談者単位）");
        assert_eq!(lines[3], "  10代  60歳以上  不明  合計");
        assert_eq!(lines[4], "    16        11   167   297");
        assert_eq!(width(lines[3]), width(lines[4]));
    }

    #[test]
    fn a_wide_section_continues_in_bands_that_fit_the_terminal() {
        let labels: Vec<String> = (0..20).map(|i| format!("サービス{i}")).collect();
        let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
        let printed = text(&layout(&labels, &[1; 20]));
        let body: Vec<&str> = printed.lines().skip(3).collect();
        assert!(body.len() >= 4, "{printed}");
        for pair in body.chunks(2) {
            assert!(width(pair[0]) <= MAX_WIDTH, "{}", pair[0]);
            assert_eq!(width(pair[0]), width(pair[1]));
        }
        assert!(printed.contains("サービス0") && printed.contains("サービス19"));
    }
}
