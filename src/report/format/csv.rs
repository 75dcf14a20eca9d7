//! CSV for Excel: UTF-8 with a BOM, the printed tables' wide layout (a title row, a row of
//! labels, a row of counts, a blank row), so a desk can paste it into its report template.

use std::io::Write;

use super::Layout;
use crate::transfer::BOM;

pub fn write(layout: &Layout, out: &mut dyn Write) -> anyhow::Result<()> {
    out.write_all(BOM.as_bytes())?;
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(&mut *out);
    writer.write_record([layout.title.as_str()])?;
    for caption in &layout.captions {
        writer.write_record([caption.as_str()])?;
    }
    for section in &layout.sections {
        writer.write_record([""])?;
        writer.write_record([section.heading(layout.lang)])?;
        writer.write_record(&section.labels)?;
        writer.write_record(section.cells.iter().map(ToString::to_string))?;
        if let Some(footnote) = &section.footnote {
            writer.write_record([footnote])?;
        }
    }
    writer.flush()?;
    Ok(())
}
