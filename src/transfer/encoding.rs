//! The text encodings an imported file may come in. Excel on a Japanese Windows saves
//! "CSV (comma separated)" as Shift_JIS (Microsoft's CP932); "CSV UTF-8" adds a BOM; other
//! tools write plain UTF-8.

use std::fmt;

use super::BOM;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8,
    Utf8WithBom,
    ShiftJis,
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8WithBom => "UTF-8 with BOM",
            TextEncoding::ShiftJis => "Shift_JIS (CP932)",
        })
    }
}

/// The file's text without its BOM, and the encoding it was read in: UTF-8 when the bytes
/// are UTF-8 (or start with a UTF-8 BOM), else Shift_JIS. A file that is neither is refused
/// with the UTF-8 error, whose place points at the first byte that is not UTF-8.
pub fn decode(bytes: &[u8]) -> Result<(String, TextEncoding), std::string::FromUtf8Error> {
    if let Some(rest) = bytes.strip_prefix(BOM.as_bytes()) {
        return String::from_utf8(rest.to_vec()).map(|text| (text, TextEncoding::Utf8WithBom));
    }
    let not_utf8 = match String::from_utf8(bytes.to_vec()) {
        Ok(text) => return Ok((text, TextEncoding::Utf8)),
        Err(error) => error,
    };
    // encoding_rs's Shift_JIS is the WHATWG one, which is CP932 (NEC and IBM extensions
    // included): what Excel writes.
    match encoding_rs::SHIFT_JIS.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok((text.into_owned(), TextEncoding::ShiftJis)),
        None => Err(not_utf8),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_or_without_bom_and_shift_jis_are_read() {
        let text = "手法,年代\n電話,20代\n";
        assert_eq!(
            decode(text.as_bytes()).unwrap(),
            (text.into(), TextEncoding::Utf8)
        );
        let with_bom = format!("{BOM}{text}");
        assert_eq!(
            decode(with_bom.as_bytes()).unwrap(),
            (text.into(), TextEncoding::Utf8WithBom)
        );
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        assert_eq!(
            decode(&sjis).unwrap(),
            (text.into(), TextEncoding::ShiftJis)
        );
        // ① and ㈱ are CP932's NEC extensions, common in Japanese office files.
        let (nec, _, _) = encoding_rs::SHIFT_JIS.encode("①㈱");
        assert_eq!(&nec[..2], [0x87, 0x40]);
        assert_eq!(decode(&nec).unwrap().0, "①㈱");
    }

    #[test]
    fn bytes_that_are_neither_are_refused() {
        // 0xfd is neither UTF-8 nor Shift_JIS.
        assert!(decode(b"case\n\xfd\n").is_err());
        // After a UTF-8 BOM the file must be UTF-8.
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("電話");
        let mut bytes = BOM.as_bytes().to_vec();
        bytes.extend_from_slice(&sjis);
        assert!(decode(&bytes).is_err());
    }
}
