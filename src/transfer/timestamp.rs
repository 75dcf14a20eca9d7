//! Times in files: ISO 8601 with an offset on the way out; on the way in also the forms a
//! spreadsheet writes (2024-05-01 14:00, 2024/05/01 14:00:30), read in the desk's offset.

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};

pub fn write(at: DateTime<Utc>, offset: FixedOffset) -> String {
    at.with_timezone(&offset)
        .format("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
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
        assert_eq!(write(expected, jst), "2024-05-01T14:00:00+09:00");
        assert_eq!(read("2024-05-01T05:00:00Z", jst), Some(expected));
        assert_eq!(read("5月1日", jst), None);
    }
}
