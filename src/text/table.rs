//! Text set in columns measured in terminal cells, so that 60歳以上 (8 cells, 5 characters)
//! lines up with 10代 and with a count under it. `soudan report`, `soudan queue` and
//! `soudan referrals` all print their tables with it.

use std::ops::Range;

use super::{fit, width};

/// Which side of its column a cell keeps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// Columns of known widths. A cell wider than its column is cut with "…"; a line never
/// ends in spaces.
#[derive(Debug, Clone)]
pub struct Table {
    columns: Vec<(Align, usize)>,
    gap: &'static str,
    indent: &'static str,
}

impl Table {
    /// Columns of these widths, one space apart. Rows can then be written as they come.
    pub fn with_widths(columns: impl IntoIterator<Item = (Align, usize)>) -> Table {
        Table {
            columns: columns.into_iter().collect(),
            gap: " ",
            indent: "",
        }
    }

    /// Columns aligned as `aligns` says, each as wide as its widest cell in `rows`.
    pub fn fitting<S: AsRef<str>>(aligns: &[Align], rows: &[Vec<S>]) -> Table {
        let columns: Vec<(Align, usize)> = aligns
            .iter()
            .enumerate()
            .map(|(i, align)| {
                let widest = rows
                    .iter()
                    .filter_map(|row| row.get(i))
                    .map(|cell| width(cell.as_ref()))
                    .max()
                    .unwrap_or(0);
                (*align, widest)
            })
            .collect();
        Table::with_widths(columns)
    }

    /// What goes between two columns.
    pub fn gap(mut self, gap: &'static str) -> Table {
        self.gap = gap;
        self
    }

    /// What goes before the first column.
    pub fn indent(mut self, indent: &'static str) -> Table {
        self.indent = indent;
        self
    }

    /// One row across every column.
    pub fn line<S: AsRef<str>>(&self, row: &[S]) -> String {
        self.band_line(0..self.columns.len(), row)
    }

    /// One row across the columns of `band`.
    pub fn band_line<S: AsRef<str>>(&self, band: Range<usize>, row: &[S]) -> String {
        let cells: Vec<String> = self.columns[band.clone()]
            .iter()
            .zip(row.iter().skip(band.start))
            .map(|(&(align, cells), text)| {
                let fitted = fit(text.as_ref(), cells);
                let room = " ".repeat(cells.saturating_sub(width(&fitted)));
                match align {
                    Align::Left => fitted + &room,
                    Align::Right => room + &fitted,
                }
            })
            .collect();
        format!("{}{}", self.indent, cells.join(self.gap))
            .trim_end()
            .to_string()
    }

    /// The columns split into runs that each fit in `max` cells (a single column too wide
    /// for it still gets a band of its own), for a table wider than a terminal to continue
    /// below itself.
    pub fn bands(&self, max: usize) -> Vec<Range<usize>> {
        let mut bands = Vec::new();
        let (mut start, mut used) = (0, width(self.indent));
        for (i, (_, cells)) in self.columns.iter().enumerate() {
            let needed = if i == start {
                *cells
            } else {
                width(self.gap) + cells
            };
            if i > start && used + needed > max {
                bands.push(start..i);
                start = i;
                used = width(self.indent) + cells;
            } else {
                used += needed;
            }
        }
        if start < self.columns.len() {
            bands.push(start..self.columns.len());
        }
        bands
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<Vec<&'static str>> {
        vec![
            vec!["ID", "名称", "件数"],
            vec!["houterasu", "法テラス（日本司法支援センター）", "12"],
            vec!["police_cyber", "警察 サイバー犯罪相談窓口", "3"],
            vec!["lawyer", "弁護士", "147"],
            vec!["ihaho", "違法・有害情報相談センター", ""],
        ]
    }

    #[test]
    fn full_width_rows_line_up_in_terminal_cells() {
        let rows = rows();
        let table = Table::fitting(&[Align::Left, Align::Left, Align::Right], &rows).gap("  ");
        let text: Vec<String> = rows.iter().map(|r| table.line(r)).collect();
        insta::assert_snapshot!(text.join("\n"), @r"
        ID            名称                              件数
        houterasu     法テラス（日本司法支援センター）    12
        police_cyber  警察 サイバー犯罪相談窓口            3
        lawyer        弁護士                             147
        ihaho         違法・有害情報相談センター
        ");
        // Every count ends in the same cell, whatever the names before it are made of.
        for line in &text[..4] {
            assert_eq!(width(line), width(&text[0]), "{line}");
        }
    }

    #[test]
    fn fixed_columns_cut_what_does_not_fit() {
        let table = Table::with_widths([(Align::Left, 6), (Align::Left, 4)]);
        assert_eq!(table.line(&["誹謗・中傷", "x"]), "誹謗…  x");
        assert_eq!(table.line(&["a", ""]), "a");
    }

    #[test]
    fn a_wide_table_splits_into_bands_that_fit() {
        let table = Table::with_widths([(Align::Right, 10); 5])
            .indent("  ")
            .gap("  ");
        assert_eq!(table.bands(40), [0..3, 3..5]);
        assert_eq!(table.bands(10), [0..1, 1..2, 2..3, 3..4, 4..5]);
        let row = ["一", "二", "三", "四", "五"];
        assert_eq!(table.band_line(3..5, &row), "          四          五");
    }
}
