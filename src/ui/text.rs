//! Text measured in terminal cells: a full-width character (漢字, かな) takes two.

use unicode_width::UnicodeWidthStr;

pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Cuts `text` to at most `max` cells, ending with "…" when something was cut.
pub fn fit(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Pads `text` with spaces to exactly `cells` cells (cutting it if longer).
pub fn pad(text: &str, cells: usize) -> String {
    let fitted = fit(text, cells);
    let w = width(&fitted);
    format!("{fitted}{}", " ".repeat(cells.saturating_sub(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_text_is_cut_by_cells_not_characters() {
        assert_eq!(width("誹謗・中傷"), 10);
        assert_eq!(fit("誹謗・中傷", 10), "誹謗・中傷");
        assert_eq!(fit("誹謗・中傷", 7), "誹謗・…");
        assert_eq!(width(&fit("誹謗・中傷", 6)), 5);
        assert_eq!(pad("年代", 6), "年代  ");
    }
}
