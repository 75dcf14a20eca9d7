//! An Excel workbook, as desks send their numbers: one sheet in the printed tables' layout,
//! counts as numbers so that the desk's own formulas work on them.

use std::io::Write;

use rust_xlsxwriter::{Format, FormatAlign, Workbook};

use super::{Body, Cell, Layout};
use crate::text::width;

/// Excel's column width unit is roughly one half-width character: one terminal cell.
const MIN_COLUMN_WIDTH: usize = 8;

pub fn write(layout: &Layout, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(match layout.lang {
        crate::domain::Lang::Ja => "相談実績",
        crate::domain::Lang::En => "Consultations",
    })?;
    let bold = Format::new().set_bold();
    let label = Format::new().set_align(FormatAlign::Right);
    let mut widths: Vec<usize> = Vec::new();
    let mut row: u32 = 0;
    sheet.write_string_with_format(row, 0, &layout.title, &bold)?;
    for caption in &layout.captions {
        row += 1;
        sheet.write_string(row, 0, caption)?;
    }
    for section in &layout.sections {
        row += 2;
        sheet.write_string_with_format(row, 0, section.heading(layout.lang), &bold)?;
        let lines = section.body.cell_lines();
        for (at, line) in lines.iter().enumerate() {
            row += 1;
            for (col, cell) in line.iter().enumerate() {
                let col_num = u16::try_from(col)?;
                match cell {
                    Cell::Count(n) => sheet.write_number(row, col_num, *n as f64)?,
                    // The national tables' labels read from the left, as in its 図表.
                    Cell::Text(text) if col == 0 && matches!(section.body, Body::Down { .. }) => {
                        sheet.write_string(row, col_num, text)?
                    }
                    other => {
                        sheet.write_string_with_format(row, col_num, other.to_string(), &label)?
                    }
                };
                if widths.len() <= col {
                    widths.resize(col + 1, MIN_COLUMN_WIDTH);
                }
                if at == 0 || matches!(section.body, Body::Down { .. }) {
                    widths[col] = widths[col].max(width(&cell.to_string()) + 2);
                }
            }
        }
        for footnote in &section.footnotes {
            row += 1;
            sheet.write_string(row, 0, footnote)?;
        }
    }
    for (col, cells) in widths.iter().enumerate() {
        sheet.set_column_width(u16::try_from(col)?, *cells as f64)?;
    }
    out.write_all(&workbook.save_to_buffer()?)?;
    Ok(())
}
