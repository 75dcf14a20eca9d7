//! Times in files: ISO 8601 with an offset on the way out; on the way in also the forms a
//! spreadsheet writes (2024-05-01 14:00, 2024/05/01 14:00:30), read in the desk's offset.

use std::fmt::Write;
use std::sync::LazyLock;

use chrono::format::{Item, StrftimeItems};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDateTime, TimeZone, Timelike, Utc};

/// The written form, for chrono's formatter.
static WRITTEN: LazyLock<Vec<Item<'static>>> = LazyLock::new(|| {
    StrftimeItems::new("%Y-%m-%dT%H:%M:%S%:z")
        .parse_to_owned()
        .expect("a valid format")
});

/// Appends `at` in the desk's offset to `out`, as `%Y-%m-%dT%H:%M:%S%:z`.
pub fn write(out: &mut String, at: DateTime<Utc>, offset: FixedOffset) {
    let local = at.with_timezone(&offset);
    let offset_minutes = offset.local_minus_utc() / 60;
    // Export writes three a contact: the usual case by hand, byte for byte what chrono's
    // formatter writes (a test compares them), anything unusual by chrono.
    let usual = (0..=9999).contains(&local.year())
        && local.nanosecond() < 1_000_000_000
        && offset.local_minus_utc() % 60 == 0;
    if !usual {
        // Writing to a String cannot fail.
        let _ = write!(out, "{}", local.format_with_items(WRITTEN.iter()));
        return;
    }
    push_digits(out, local.year() as u32, 4);
    out.push('-');
    push_digits(out, local.month(), 2);
    out.push('-');
    push_digits(out, local.day(), 2);
    out.push('T');
    push_digits(out, local.hour(), 2);
    out.push(':');
    push_digits(out, local.minute(), 2);
    out.push(':');
    push_digits(out, local.second(), 2);
    out.push(if offset_minutes < 0 { '-' } else { '+' });
    let offset_minutes = offset_minutes.unsigned_abs();
    push_digits(out, offset_minutes / 60, 2);
    out.push(':');
    push_digits(out, offset_minutes % 60, 2);
}

/// `n` in `width` (at most 4) decimal digits, zero-padded.
fn push_digits(out: &mut String, n: u32, width: usize) {
    let mut buf = [b'0'; 4];
    let mut n = n;
    for slot in buf[..width].iter_mut().rev() {
        *slot = b'0' + (n % 10) as u8;
        n /= 10;
    }
    out.extend(buf[..width].iter().map(|&b| char::from(b)));
}

pub fn read(text: &str, offset: FixedOffset) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Some(at.with_timezone(&Utc));
    }
    const LOCAL_FORMATS: [&str; 6] = [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ];
    LOCAL_FORMATS.iter().find_map(|format| {
        let naive = NaiveDateTime::parse_from_str(text, format).ok()?;
        offset
            .from_local_datetime(&naive)
            .single()
            .map(|at| at.with_timezone(&Utc))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreadsheet_times_are_read_in_the_desk_offset() {
        let jst = FixedOffset::east_opt(9 * 3600).unwrap();
        let expected = read("2024-05-01T14:00:00+09:00", jst).unwrap();
        assert_eq!(read("2024/05/01 14:00", jst), Some(expected));
        assert_eq!(read("2024-05-01 14:00:00", jst), Some(expected));
        let mut written = String::new();
        write(&mut written, expected, jst);
        assert_eq!(written, "2024-05-01T14:00:00+09:00");
        assert_eq!(read("2024-05-01T05:00:00Z", jst), Some(expected));
        assert_eq!(read("5月1日", jst), None);
    }

    #[test]
    fn times_are_written_as_chronos_formatter_writes_them() {
        let start = Utc.with_ymd_and_hms(1969, 12, 31, 23, 59, 59).unwrap();
        for step in 0..2000i64 {
            // Spread over two centuries, at odd seconds, in every quarter-hour offset.
            let at = start + chrono::Duration::seconds(step * 3_156_277 + step * step);
            let offset = FixedOffset::east_opt(((step % 105) as i32 - 48) * 15 * 60).unwrap();
            let mut written = String::new();
            write(&mut written, at, offset);
            let expected = at
                .with_timezone(&offset)
                .format("%Y-%m-%dT%H:%M:%S%:z")
                .to_string();
            assert_eq!(written, expected);
        }
    }
}
