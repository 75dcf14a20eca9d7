//! Text measured in terminal cells: a full-width character (漢字, かな) takes two. The screens,
//! the report tables and the command-line listings all measure with it, so it sits at the
//! bottom and uses nothing of soudan.

mod table;

use std::ops::Range;

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

pub use table::{Align, Table};

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
    let lines: Vec<&str> = text.split('\n').collect();
    rows(&lines, cells)
        .into_iter()
        .map(|row| lines[row.line][row.bytes].trim_end().to_string())
        .collect()
}

/// Wraps a styled line the same way as [`wrap`]; each piece keeps its span's style.
pub fn wrap_styled(line: &Line<'_>, cells: usize) -> Vec<Line<'static>> {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    styled_rows(line, &text, line_rows(&text, cells), "")
}

/// Wraps a styled line as [`wrap_styled`] does, with its rows after the first indented by
/// `indent` (a hanging indent: where one entry of a list goes on, and where the next starts).
pub fn wrap_hanging(line: &Line<'_>, cells: usize, indent: &str) -> Vec<Line<'static>> {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let mut rows = line_rows(&text, cells);
    rows.truncate(1);
    // The rest, from where the first row ends and without the spaces the break swallows.
    let after = rows[0].end;
    let start = after + text[after..].len() - text[after..].trim_start_matches(' ').len();
    if start < text.len() {
        let rest = line_rows(&text[start..], cells.saturating_sub(width(indent)));
        rows.extend(rest.into_iter().map(|r| r.start + start..r.end + start));
    }
    styled_rows(line, &text, rows, indent)
}

/// `line` cut into `rows` (byte ranges of `text`, its spans' text), each piece with its span's
/// style, and the rows after the first behind `indent`.
fn styled_rows(
    line: &Line<'_>,
    text: &str,
    rows: Vec<Range<usize>>,
    indent: &str,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for row in rows {
        let row = row.start..row.start + text[row].trim_end().len();
        let mut spans = Vec::new();
        if !lines.is_empty() && !indent.is_empty() {
            spans.push(Span::raw(indent.to_string()));
        }
        let mut at = 0;
        for span in &line.spans {
            let bytes = at..at + span.content.len();
            at = bytes.end;
            let (start, end) = (bytes.start.max(row.start), bytes.end.min(row.end));
            if start < end {
                spans.push(Span::styled(text[start..end].to_string(), span.style));
            }
        }
        lines.push(Line::from(spans).style(line.style));
    }
    lines
}

/// One row of wrapped text on screen: which line of the text it shows, and which bytes of
/// that line (the spaces a break swallows belong to no row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub bytes: Range<usize>,
}

/// The rows `lines` take at `cells` cells, wrapped as [`wrap`] does; an empty line is one
/// empty row.
pub fn rows<S: AsRef<str>>(lines: &[S], cells: usize) -> Vec<Row> {
    lines
        .iter()
        .enumerate()
        .flat_map(|(line, text)| {
            line_rows(text.as_ref(), cells)
                .into_iter()
                .map(move |bytes| Row { line, bytes })
        })
        .collect()
}

/// Where a cursor before character `col` of line `line` shows: its row and cell. At a
/// break it shows at the start of the next row, as typing there would put it; after a row
/// that fills every cell, on the row below it (which may be one past the last).
pub fn cursor_cell<S: AsRef<str>>(
    lines: &[S],
    rows: &[Row],
    cells: usize,
    (line, col): (usize, usize),
) -> (usize, usize) {
    let Some(text) = lines.get(line).map(AsRef::as_ref) else {
        return (rows.len(), 0);
    };
    let at = text
        .char_indices()
        .nth(col)
        .map_or(text.len(), |(at, _)| at);
    let Some(index) = rows
        .iter()
        .rposition(|row| row.line == line && row.bytes.start <= at)
    else {
        return (rows.len(), 0);
    };
    let row = &rows[index];
    let cell = width(&text[row.bytes.start..at.min(row.bytes.end)]);
    if cell >= cells.max(2) {
        (index + 1, 0)
    } else {
        (index, cell)
    }
}

/// The cursor position (line, character) nearest to cell `cell` of row `row`, never right
/// of it: where moving up or down a row lands.
pub fn cell_cursor<S: AsRef<str>>(
    lines: &[S],
    rows: &[Row],
    (row, cell): (usize, usize),
) -> (usize, usize) {
    let Some(this) = rows.get(row) else {
        return (0, 0);
    };
    let text = lines[this.line].as_ref();
    let before = text[..this.bytes.start].chars().count();
    let mut shown = text[this.bytes.clone()].chars();
    // The end of a row the line goes on from is the start of the next one.
    if rows.get(row + 1).is_some_and(|next| next.line == this.line) {
        shown.next_back();
    }
    let mut used = 0;
    let mut taken = 0;
    for c in shown {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > cell {
            break;
        }
        used += w;
        taken += 1;
    }
    (this.line, before + taken)
}

/// Pieces that break as one, as byte ranges: a Latin word (a run of ASCII letters, digits
/// and punctuation: `pupil),` or a whole URL), or one other character.
fn pieces(line: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (at, c) in line.char_indices() {
        let latin = c.is_ascii_graphic();
        match (latin, start) {
            (true, None) => start = Some(at),
            (true, Some(_)) => {}
            (false, begun) => {
                if let Some(begun) = begun {
                    out.push(begun..at);
                    start = None;
                }
                out.push(at..at + c.len_utf8());
            }
        }
    }
    if let Some(begun) = start {
        out.push(begun..line.len());
    }
    out
}

/// The byte ranges of `line` (one line, no line break) that make its rows.
fn line_rows(line: &str, cells: usize) -> Vec<Range<usize>> {
    let cells = cells.max(2);
    // A word wider than a line is cut into characters first.
    let mut units: Vec<Range<usize>> = Vec::new();
    for piece in pieces(line) {
        if width(&line[piece.clone()]) > cells {
            units.extend(
                line[piece.clone()]
                    .char_indices()
                    .map(|(at, c)| piece.start + at..piece.start + at + c.len_utf8()),
            );
        } else {
            units.push(piece);
        }
    }
    let text = |unit: &Range<usize>| &line[unit.clone()];
    let starts = |unit: &Range<usize>| {
        text(unit)
            .chars()
            .next()
            .is_some_and(|c| NO_LINE_START.contains(c))
    };
    let ends = |unit: &Range<usize>| {
        text(unit)
            .chars()
            .last()
            .is_some_and(|c| NO_LINE_END.contains(c))
    };
    let mut rows = Vec::new();
    let mut first = 0;
    while first < units.len() {
        // Spaces at the start of a wrapped line are the break itself.
        if !rows.is_empty() && text(&units[first]) == " " {
            first += 1;
            continue;
        }
        let mut used = 0;
        let mut end = first;
        while end < units.len() && used + width(text(&units[end])) <= cells {
            used += width(text(&units[end]));
            end += 1;
        }
        if end < units.len() {
            let mut moved = end;
            while moved > first + 1
                && end - moved < MOST_MOVED
                && (starts(&units[moved]) || ends(&units[moved - 1]))
            {
                moved -= 1;
            }
            if !(starts(&units[moved]) || ends(&units[moved - 1])) {
                end = moved;
            }
        }
        rows.push(units[first].start..units[end - 1].end);
        first = end;
    }
    if rows.is_empty() {
        rows.push(0..0);
    }
    rows
}

#[cfg(test)]
mod tests {
    use ratatui::style::{Modifier, Style};

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
    fn a_cursor_shows_where_typing_goes_in_the_wrapped_rows() {
        let lines = ["投稿の削除を希望。", "", "abc"];
        let rows = rows(&lines, 16);
        let shown: Vec<&str> = rows
            .iter()
            .map(|r| &lines[r.line][r.bytes.clone()])
            .collect();
        assert_eq!(shown, ["投稿の削除を希", "望。", "", "abc"]);
        // Before 望: the start of the second row, not past the end of the first.
        assert_eq!(cursor_cell(&lines, &rows, 16, (0, 7)), (1, 0));
        assert_eq!(cursor_cell(&lines, &rows, 16, (0, 9)), (1, 4));
        assert_eq!(cursor_cell(&lines, &rows, 16, (1, 0)), (2, 0));
        assert_eq!(cursor_cell(&lines, &rows, 16, (2, 3)), (3, 3));
        // After a row that fills every cell, typing goes on below it.
        let full = ["投稿の削除を希望"];
        assert_eq!(
            cursor_cell(&full, &super::rows(&full, 16), 16, (0, 8)),
            (1, 0)
        );
        // Moving to a row keeps the cell, and stops short of the start of the next row.
        assert_eq!(cell_cursor(&lines, &rows, (0, 4)), (0, 2));
        assert_eq!(cell_cursor(&lines, &rows, (0, 15)), (0, 6));
        assert_eq!(cell_cursor(&lines, &rows, (1, 15)), (0, 9));
        assert_eq!(cell_cursor(&lines, &rows, (3, 15)), (2, 3));
    }

    #[test]
    fn styled_text_wraps_the_same_way_and_keeps_its_styles() {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let line = Line::from(vec![
            Span::styled("•証拠：", bold),
            Span::raw("削除の前に保存。"),
        ]);
        let wrapped = wrap_styled(&line, 16);
        let text: Vec<String> = wrapped.iter().map(ToString::to_string).collect();
        assert_eq!(text, wrap("•証拠：削除の前に保存。", 16));
        assert_eq!(text, ["•証拠：削除の前", "に保存。"]);
        assert_eq!(wrapped[0].spans[0].style, bold);
        assert_eq!(wrapped[0].spans[1].style, Style::new());
    }

    #[test]
    fn a_hanging_indent_moves_the_rows_after_the_first_in() {
        let dim = Style::new().add_modifier(Modifier::DIM);
        let line = Line::from(vec![
            Span::styled(" 06/10 相談員A ", dim),
            Span::raw("侵害種別 → 誹謗・中傷、差別、違法情報"),
        ]);
        let text: Vec<String> = wrap_hanging(&line, 24, "   ")
            .iter()
            .map(ToString::to_string)
            .collect();
        // 24 cells, then 21 after the indent.
        assert_eq!(
            text,
            [
                " 06/10 相談員A 侵害種別",
                "   → 誹謗・中傷、差別、",
                "   違法情報"
            ]
        );
        assert_eq!(wrap_hanging(&line, 24, "   ")[0].spans[0].style, dim);
        // Without an indent, as wrap_styled.
        assert_eq!(wrap_hanging(&line, 24, ""), wrap_styled(&line, 24));
    }

    #[test]
    fn latin_words_stay_whole_and_breaks_are_kept() {
        assert_eq!(
            wrap("see https://x.com/a now", 20),
            ["see https://x.com/a", "now"]
        );
        assert_eq!(wrap("一行目\n二行目", 20), ["一行目", "二行目"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        // A URL moves down whole, and English punctuation stays with its word.
        assert_eq!(
            wrap("deleted. https://example.com/board/1", 30),
            ["deleted.", "https://example.com/board/1"]
        );
        assert_eq!(wrap("(a pupil), then", 10), ["(a pupil),", "then"]);
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
