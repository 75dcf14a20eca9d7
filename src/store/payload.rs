//! The on-disk form of an op's payload: the same field → value map as the JSON that the UI
//! and sync see, in well under half the bytes.
//!
//! A payload is mostly field names, ids and times: as JSON text every contact op spelt
//! `"started_at":"2026-…T…Z"` (40 bytes) and a 36-character case id. Here a known field name
//! is one byte, an id is its 16 bytes and a time its microseconds. The encoding is exact: a
//! value is stored compactly only if it reads back as the very same text (a time in soudan's
//! own format, an id in lowercase hyphenated form), anything else is kept as it came, so an
//! op from a newer soudan or another tool survives unchanged. postcard does the bytes (a
//! stable, documented wire format); this module only decides which form each value takes.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};
use uuid::Uuid;

use crate::domain::{format_utc, parse_utc};

/// Field names written as one byte, by position. Append only: a shipped position never
/// changes meaning, or old payloads would read back with the wrong field names.
const KNOWN_KEYS: &[&str] = &[
    // case
    "number",
    "opened_at",
    "status",
    "owner",
    "due",
    "priority",
    "close_reason",
    // contact
    "case",
    "workstation",
    "counselor",
    "started_at",
    "ended_at",
    "closed_at",
    "urls",
    "referrals",
    "notes",
    // tag dimensions
    "channel",
    "age",
    "role",
    "troubled",
    "attribute",
    "infringement",
    "platform",
    "want",
    "response",
    "risk",
    // consult
    "expert",
    "booked_for",
    "advice",
    "result",
    // case, later
    "caller",
    // work item
    "contact",
    "place",
    "service",
    "content",
    "means",
    "removed",
];

#[derive(Serialize, Deserialize)]
enum Key {
    Known(u8),
    Other(String),
}

#[derive(Serialize, Deserialize)]
enum Compact {
    Null,
    Bool(bool),
    Int(i64),
    /// A JSON number above i64's range.
    Unsigned(u64),
    Float(f64),
    Text(String),
    Id([u8; 16]),
    /// Microseconds since 1970 of a time written as soudan writes times.
    Time(i64),
    List(Vec<Compact>),
    Object(Vec<(String, Compact)>),
}

pub fn encode(payload: &Map<String, Value>) -> Vec<u8> {
    let fields: Vec<(Key, Compact)> = payload
        .iter()
        .map(|(key, value)| (encode_key(key), compact(value)))
        .collect();
    // Serialising owned, plain data into a Vec cannot fail.
    postcard::to_stdvec(&fields).unwrap_or_default()
}

pub fn decode(bytes: &[u8]) -> Option<Map<String, Value>> {
    let fields: Vec<(Key, Compact)> = postcard::from_bytes(bytes).ok()?;
    fields
        .into_iter()
        .map(|(key, value)| Some((decode_key(key)?, expand(value))))
        .collect()
}

fn encode_key(key: &str) -> Key {
    match KNOWN_KEYS.iter().position(|k| *k == key) {
        Some(index) => Key::Known(index as u8),
        None => Key::Other(key.to_string()),
    }
}

fn decode_key(key: Key) -> Option<String> {
    match key {
        Key::Known(index) => KNOWN_KEYS.get(usize::from(index)).map(|k| k.to_string()),
        Key::Other(key) => Some(key),
    }
}

fn compact(value: &Value) -> Compact {
    match value {
        Value::Null => Compact::Null,
        Value::Bool(b) => Compact::Bool(*b),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => Compact::Int(i),
            (None, Some(u)) => Compact::Unsigned(u),
            _ => Compact::Float(n.as_f64().unwrap_or_default()),
        },
        Value::String(text) => compact_text(text),
        Value::Array(items) => Compact::List(items.iter().map(compact).collect()),
        Value::Object(map) => Compact::Object(
            map.iter()
                .map(|(key, value)| (key.clone(), compact(value)))
                .collect(),
        ),
    }
}

fn compact_text(text: &str) -> Compact {
    if let Some(id) = Uuid::try_parse(text)
        .ok()
        .filter(|id| id.to_string() == text)
    {
        return Compact::Id(id.into_bytes());
    }
    if let Some(at) = parse_utc(text).filter(|at| format_utc(*at) == text) {
        return Compact::Time(at.timestamp_micros());
    }
    Compact::Text(text.to_string())
}

fn expand(value: Compact) -> Value {
    match value {
        Compact::Null => Value::Null,
        Compact::Bool(b) => Value::Bool(b),
        Compact::Int(i) => Value::from(i),
        Compact::Unsigned(u) => Value::from(u),
        Compact::Float(f) => Number::from_f64(f).map_or(Value::Null, Value::Number),
        Compact::Text(text) => Value::String(text),
        Compact::Id(bytes) => Value::String(Uuid::from_bytes(bytes).to_string()),
        Compact::Time(micros) => chrono::DateTime::from_timestamp_micros(micros)
            .map_or(Value::Null, |at| Value::String(format_utc(at))),
        Compact::List(items) => Value::Array(items.into_iter().map(expand).collect()),
        Compact::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(key, value)| (key, expand(value)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CaseField, ConsultField, ContactField, Dim};
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn every_field_soudan_writes_has_a_one_byte_name() {
        let keys = CaseField::SCALARS
            .iter()
            .map(|f| f.key())
            .chain(ContactField::SCALARS.iter().map(|f| f.key()))
            .chain(["urls", "referrals"])
            .chain(ConsultField::ALL.iter().map(|f| f.key()))
            .chain(Dim::ALL.iter().map(|d| d.key()));
        for key in keys {
            assert!(KNOWN_KEYS.contains(&key), "{key} is spelt out in every op");
        }
    }

    #[test]
    fn a_contact_payload_takes_under_half_of_its_json() {
        let payload = json!({
            "case": "0193c7a2-5b1e-7f00-8a4b-1c2d3e4f5a6b",
            "counselor": "相談員A",
            "started_at": "2026-12-03T01:02:03.456789Z",
            "ended_at": "2026-12-03T01:12:03.000000Z",
            "channel": "phone",
            "response": ["advice", "referral"],
        });
        let map = payload.as_object().unwrap();
        let bytes = encode(map);
        assert_eq!(decode(&bytes).as_ref(), Some(map));
        let json_len = payload.to_string().len();
        assert!(bytes.len() * 2 < json_len, "{} vs {json_len}", bytes.len());
    }

    #[test]
    fn text_that_only_looks_like_an_id_or_a_time_is_kept_as_written() {
        let payload = json!({
            "notes": "0193C7A2-5B1E-7F00-8A4B-1C2D3E4F5A6B",
            "due": "2026-12-03T01:02:03Z",
            "x-newer": {"nested": [1, 2.5, 18446744073709551615u64, null, true]},
        });
        let map = payload.as_object().unwrap();
        assert_eq!(decode(&encode(map)).as_ref(), Some(map));
    }

    #[test]
    fn garbage_is_refused_not_misread() {
        assert_eq!(decode(&[0xff, 0xff, 0xff]), None);
        assert_eq!(decode(&[1, 0, 200, 0]), None, "an unknown one-byte name");
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            "[a-f0-9-]{0,40}|.{0,12}|2026-12-0[1-9]T0[0-9]:00:00\\.[0-9]{6}Z"
                .prop_map(Value::String),
            any::<u128>().prop_map(|n| Value::String(Uuid::from_u128(n).to_string())),
        ];
        leaf.prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::btree_map(".{0,6}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn any_payload_reads_back_exactly(
            fields in proptest::collection::btree_map("[a-z_]{1,12}", json_value(), 0..8)
        ) {
            let map: Map<String, Value> = fields.into_iter().collect();
            prop_assert_eq!(decode(&encode(&map)), Some(map));
        }
    }
}
