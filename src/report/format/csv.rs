//! CSV for Excel: UTF-8 with a BOM, the printed tables' layout (a title row, a row of labels
//! and a row of counts, or the national tables' row per label; a blank row), so a desk can
//! paste it into its report template.

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
        for line in section.body.lines() {
            writer.write_record(&line)?;
        }
        for footnote in &section.footnotes {
            writer.write_record([footnote])?;
        }
    }
    writer.flush()?;
    Ok(())
}
