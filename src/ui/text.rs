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

/// Characters that may not start a line (行頭禁則): closing brackets, punctuation, small kana,
/// the long-vowel mark and iteration marks.
const NO_LINE_START: &str = "、。，．,.・：:；;？?！!）)］]｝}」』】〕〉》〙〗〟’”ー～…‥々ゝゞヽヾぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ";
/// Characters that may not end a line (行末禁則): opening brackets.
const NO_LINE_END: &str = "（(［[｛{「『【〔〈《〘〖〝‘“";

/// How far a break may move back to keep the rules before it gives up and cuts anyway.
const MOST_MOVED: usize = 3;

/// Wraps `text` to lines of at most `cells` cells, as Japanese is typeset: no 。、）」 at a
/// line start and no （「 at a line end (the characters around the break move down
/// together); a Latin word stays whole where it fits on a line. Line breaks in `text` are
/// kept.
pub fn wrap(text: &str, cells: usize) -> Vec<String> {
    let cells = cells.max(2);
    text.split('\n')
        .flat_map(|line| wrap_line(line, cells))
        .collect()
}

/// Pieces that break as one: a Latin word, or one other character.
fn pieces(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (at, c) in line.char_indices() {
        let latin = c.is_ascii_alphanumeric() || "-_/:'@#%&=+~".contains(c);
        match (latin, start) {
            (true, None) => start = Some(at),
            (true, Some(_)) => {}
            (false, begun) => {
                if let Some(begun) = begun {
                    out.push(&line[begun..at]);
                    start = None;
                }
                out.push(&line[at..at + c.len_utf8()]);
            }
        }
    }
    if let Some(begun) = start {
        out.push(&line[begun..]);
    }
    out
}

fn wrap_line(line: &str, cells: usize) -> Vec<String> {
    // A word wider than a line is cut into characters first.
    let mut units: Vec<&str> = Vec::new();
    for piece in pieces(line) {
        if width(piece) > cells {
            units.extend(
                piece
                    .char_indices()
                    .map(|(at, c)| &piece[at..at + c.len_utf8()]),
            );
        } else {
            units.push(piece);
        }
    }
    let starts = |unit: &str| {
        unit.chars()
            .next()
            .is_some_and(|c| NO_LINE_START.contains(c))
    };
    let ends = |unit: &str| unit.chars().last().is_some_and(|c| NO_LINE_END.contains(c));
    let mut lines = Vec::new();
    let mut first = 0;
    while first < units.len() {
        // Spaces at the start of a wrapped line are the break itself.
        if !lines.is_empty() && units[first] == " " {
            first += 1;
            continue;
        }
        let mut used = 0;
        let mut end = first;
        while end < units.len() && used + width(units[end]) <= cells {
            used += width(units[end]);
            end += 1;
        }
        if end < units.len() {
            let mut moved = end;
            while moved > first + 1
                && end - moved < MOST_MOVED
                && (starts(units[moved]) || ends(units[moved - 1]))
            {
                moved -= 1;
            }
            if !(starts(units[moved]) || ends(units[moved - 1])) {
                end = moved;
            }
        }
        let text: String = units[first..end].concat();
        lines.push(text.trim_end().to_string());
        first = end;
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_never_start_with_closing_punctuation() {
        // 10 cells: "削除を希望。" would leave 。 alone at the start of the second line.
        assert_eq!(wrap("投稿の削除を希望。", 16), ["投稿の削除を希", "望。"]);
        assert_eq!(
            wrap("「死ね」と書かれた", 8),
            ["「死ね」", "と書かれ", "た"]
        );
        // An opening bracket moves down with what it opens.
        assert_eq!(wrap("実名を「晒す」", 8), ["実名を", "「晒す」"]);
        for line in wrap(
            "大学のゼミの同級生らしきアカウントにXで実名と学校名を晒され、「死ね」と書かれた。",
            14,
        ) {
            assert!(width(&line) <= 14, "{line}");
            let c = line.chars().next().unwrap();
            assert!(!NO_LINE_START.contains(c), "{line}");
        }
    }

    #[test]
    fn latin_words_stay_whole_and_breaks_are_kept() {
        assert_eq!(
            wrap("see https://x.com/a now", 20),
            ["see https://x.com/a", "now"]
        );
        assert_eq!(wrap("一行目\n二行目", 20), ["一行目", "二行目"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
    }

    #[test]
    fn full_width_text_is_cut_by_cells_not_characters() {
        assert_eq!(width("誹謗・中傷"), 10);
        assert_eq!(fit("誹謗・中傷", 10), "誹謗・中傷");
        assert_eq!(fit("誹謗・中傷", 7), "誹謗・…");
        assert_eq!(width(&fit("誹謗・中傷", 6)), 5);
        assert_eq!(pad("年代", 6), "年代  ");
    }
}
