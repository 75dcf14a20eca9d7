//! Follow-up dates as counselors type them: 今日, 明日, 明後日, +3d, 3日後, 2週間後, 金曜,
//! 6/10, 6月10日, 2024-06-10 — and nothing (or なし) to clear.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// The date `text` means, counted from `today`; `Ok(None)` clears the date.
pub fn parse_due(text: &str, today: NaiveDate) -> Result<Option<NaiveDate>, String> {
    let text: String = text
        .trim()
        .chars()
        // Full-width digits, letters and signs, as an IME may leave them, become ASCII.
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    let lower = text.to_lowercase();
    match lower.as_str() {
        "" | "-" | "なし" | "clear" | "none" => return Ok(None),
        "今日" | "きょう" | "today" => return Ok(Some(today)),
        "明日" | "あした" | "あす" | "tomorrow" => {
            return Ok(Some(today + Duration::days(1)));
        }
        "明後日" | "あさって" => return Ok(Some(today + Duration::days(2))),
        _ => {}
    }
    if let Some(date) = relative(&lower).map(|days| today + Duration::days(days)) {
        return Ok(Some(date));
    }
    if let Some(weekday) = weekday(&lower) {
        let ahead = (7 + weekday.num_days_from_monday() as i64
            - today.weekday().num_days_from_monday() as i64)
            % 7;
        return Ok(Some(
            today + Duration::days(if ahead == 0 { 7 } else { ahead }),
        ));
    }
    if let Some(date) = absolute(&text, today) {
        return Ok(Some(date));
    }
    Err(format!(
        "`{text}` is not a date (try 明日, +3d, 3日後, 金曜, 6/10, 2024-06-10, or なし to clear)"
    ))
}

/// +3, +3d, +2w, 3日後, 2週間後
fn relative(text: &str) -> Option<i64> {
    let (number, unit) = if let Some(rest) = text.strip_prefix('+') {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        (digits.clone(), rest[digits.len()..].to_string())
    } else if let Some(rest) = text.strip_suffix('後') {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        (digits.clone(), rest[digits.len()..].to_string())
    } else {
        return None;
    };
    let n: i64 = number.parse().ok()?;
    let days = match unit.as_str() {
        "" | "d" | "日" => n,
        "w" | "週" | "週間" => n * 7,
        _ => return None,
    };
    Some(days)
}

fn weekday(text: &str) -> Option<Weekday> {
    let text = text.trim_end_matches("曜日").trim_end_matches('曜');
    Some(match text {
        "月" | "mon" | "monday" => Weekday::Mon,
        "火" | "tue" | "tuesday" => Weekday::Tue,
        "水" | "wed" | "wednesday" => Weekday::Wed,
        "木" | "thu" | "thursday" => Weekday::Thu,
        "金" | "fri" | "friday" => Weekday::Fri,
        "土" | "sat" | "saturday" => Weekday::Sat,
        "日" | "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// 2024-06-10, 2024/6/10, 6/10, 6月10日: a month and day without a year is the next one to come.
fn absolute(text: &str, today: NaiveDate) -> Option<NaiveDate> {
    let text = text
        .replace(['年', '月'], "/")
        .replace('日', "")
        .replace('-', "/");
    let parts: Vec<u32> = text
        .split('/')
        .map(|p| p.trim().parse().ok())
        .collect::<Option<_>>()?;
    match parts[..] {
        [y, m, d] => NaiveDate::from_ymd_opt(y as i32, m, d),
        [m, d] => {
            let this_year = NaiveDate::from_ymd_opt(today.year(), m, d)?;
            if this_year >= today {
                Some(this_year)
            } else {
                NaiveDate::from_ymd_opt(today.year() + 1, m, d)
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn follow_up_dates_parse_the_way_counselors_write_them() {
        // 2024-06-10 is a Monday.
        let today = d(2024, 6, 10).unwrap();
        let cases = [
            ("今日", d(2024, 6, 10)),
            ("明日", d(2024, 6, 11)),
            ("明後日", d(2024, 6, 12)),
            ("tomorrow", d(2024, 6, 11)),
            ("+3d", d(2024, 6, 13)),
            ("+3", d(2024, 6, 13)),
            ("＋３ｄ", d(2024, 6, 13)),
            ("+2w", d(2024, 6, 24)),
            ("3日後", d(2024, 6, 13)),
            ("３日後", d(2024, 6, 13)),
            ("2週間後", d(2024, 6, 24)),
            ("金曜", d(2024, 6, 14)),
            ("月曜日", d(2024, 6, 17)),
            ("2024-06-20", d(2024, 6, 20)),
            ("2024/7/1", d(2024, 7, 1)),
            ("6/30", d(2024, 6, 30)),
            ("6月30日", d(2024, 6, 30)),
            ("1/15", d(2025, 1, 15)),
        ];
        for (text, expected) in cases {
            match expected {
                Some(date) => assert_eq!(parse_due(text, today), Ok(Some(date)), "{text}"),
                None => assert!(parse_due(text, today).is_err(), "{text} should not parse"),
            }
        }
    }

    #[test]
    fn nothing_clears_and_nonsense_is_explained() {
        let today = d(2024, 6, 10).unwrap();
        assert_eq!(parse_due("", today), Ok(None));
        assert_eq!(parse_due("なし", today), Ok(None));
        let error = parse_due("そのうち", today).unwrap_err();
        assert!(error.contains("そのうち"), "{error}");
        assert!(parse_due("2024-02-30", today).is_err());
        assert!(parse_due("13/1", today).is_err());
    }
}
