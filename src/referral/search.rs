//! Search as you type over the sheet, in kanji and kana.
//!
//! Queries and fields are first folded to one form, so ケイサツ, けいさつ and ｹｲｻﾂ are the same
//! word and Ｌｉｎｅ is LINE: full-width ASCII and half-width katakana to their ordinary
//! widths, katakana to hiragana, letters to lower case. Then each word of the query is
//! matched fuzzily (nucleo, the matcher of helix) against the entry's fields; a word found
//! in the name or its reading counts more than one found in the description. Every word must
//! match somewhere.

use nucleo_matcher::pattern::{AtomKind, CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::directory::{Directory, Entry};

/// How much a match in each kind of field counts.
const NAME_WEIGHT: u32 = 4;
const KEYWORD_WEIGHT: u32 = 3;
const ORGANIZATION_WEIGHT: u32 = 2;
const DESCRIPTION_WEIGHT: u32 = 1;

/// The entries matching `query`, best first (ties keep sheet order). An empty query lists
/// the whole sheet.
pub fn search<'a>(directory: &'a Directory, query: &str) -> Vec<&'a Entry> {
    let words: Vec<Pattern> = fold(query)
        .split_whitespace()
        .map(|word| {
            Pattern::new(
                word,
                CaseMatching::Ignore,
                Normalization::Smart,
                AtomKind::Fuzzy,
            )
        })
        .collect();
    if words.is_empty() {
        return directory.entries().iter().collect();
    }
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buf = Vec::new();
    let mut scored: Vec<(u32, &Entry)> = directory
        .entries()
        .iter()
        .filter_map(|entry| {
            let fields = fields(entry);
            let mut total = 0;
            for word in &words {
                total += fields
                    .iter()
                    .filter_map(|(weight, text)| {
                        word.score(Utf32Str::new(text, &mut buf), &mut matcher)
                            .map(|score| score * weight)
                    })
                    .max()?;
            }
            Some((total, entry))
        })
        .collect();
    scored.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    scored.into_iter().map(|(_, entry)| entry).collect()
}

/// The searchable text of an entry, folded, with the weight of each field.
fn fields(entry: &Entry) -> Vec<(u32, String)> {
    let mut fields = vec![
        (NAME_WEIGHT, fold(&entry.name)),
        (NAME_WEIGHT, fold(&entry.name_en)),
        (NAME_WEIGHT, fold(&entry.reading)),
        (NAME_WEIGHT, fold(&entry.id)),
    ];
    fields.extend(entry.keywords.iter().map(|k| (KEYWORD_WEIGHT, fold(k))));
    for organization in [&entry.organization, &entry.organization_en]
        .into_iter()
        .flatten()
    {
        fields.push((ORGANIZATION_WEIGHT, fold(organization)));
    }
    fields.push((DESCRIPTION_WEIGHT, fold(&entry.does.ja)));
    if let Some(en) = &entry.does.en {
        fields.push((DESCRIPTION_WEIGHT, fold(en)));
    }
    fields
}

/// One form for every way of typing the same thing: half-width katakana and full-width ASCII
/// to their usual widths, katakana to hiragana, lower case.
pub fn fold(text: &str) -> String {
    to_hiragana(&widths(text)).to_lowercase()
}

/// Katakana to hiragana (ー and ・ stay), after folding widths.
pub fn to_hiragana(text: &str) -> String {
    widths(text)
        .chars()
        .map(|c| match c {
            // ァ..ヶ map onto ぁ..ゖ; ヽヾ onto ゝゞ.
            'ァ'..='ヶ' | 'ヽ' | 'ヾ' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Full-width ASCII and the ideographic space to ASCII; half-width katakana (with their
/// separate voicing marks) to full-width katakana.
fn widths(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '！'..='～' => out.push(char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)),
            '\u{3000}' => out.push(' '),
            'ﾞ' | 'ﾟ' => {
                let semi = c == 'ﾟ';
                match out.chars().last().and_then(|base| voice(base, semi)) {
                    Some(voiced) => {
                        out.pop();
                        out.push(voiced);
                    }
                    None => out.push(if semi { '゜' } else { '゛' }),
                }
            }
            '｡'..='ﾝ' => out.push(HALF_WIDTH_KANA[(c as u32 - '｡' as u32) as usize]),
            _ => out.push(c),
        }
    }
    out
}

/// ｡ (U+FF61) to ﾝ (U+FF9D), in order.
const HALF_WIDTH_KANA: [char; 61] = [
    '。', '「', '」', '、', '・', 'ヲ', 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ャ', 'ュ', 'ョ', 'ッ', 'ー',
    'ア', 'イ', 'ウ', 'エ', 'オ', 'カ', 'キ', 'ク', 'ケ', 'コ', 'サ', 'シ', 'ス', 'セ', 'ソ', 'タ',
    'チ', 'ツ', 'テ', 'ト', 'ナ', 'ニ', 'ヌ', 'ネ', 'ノ', 'ハ', 'ヒ', 'フ', 'ヘ', 'ホ', 'マ', 'ミ',
    'ム', 'メ', 'モ', 'ヤ', 'ユ', 'ヨ', 'ラ', 'リ', 'ル', 'レ', 'ロ', 'ワ', 'ン',
];

/// The voiced (ガ) or semi-voiced (パ) form of a katakana, if it has one.
fn voice(base: char, semi: bool) -> Option<char> {
    let code = base as u32;
    match (base, semi) {
        ('ウ', false) => Some('ヴ'),
        // カ..ト: the voiced form follows each base (カガ キギ … トド), except the small ッ.
        ('カ'..='ト', false)
            if base != 'ッ' && (code - 'カ' as u32).is_multiple_of(2) == (code < 'ッ' as u32) =>
        {
            char::from_u32(code + 1)
        }
        // ハ..ホ come in threes: ハバパ.
        ('ハ'..='ホ', _) if (code - 'ハ' as u32).is_multiple_of(3) => {
            char::from_u32(code + if semi { 2 } else { 1 })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(query: &str) -> Vec<String> {
        search(&Directory::builtin(), query)
            .into_iter()
            .map(|e| e.id.clone())
            .collect()
    }

    fn top(query: &str, n: usize) -> Vec<String> {
        ids(query).into_iter().take(n).collect()
    }

    fn police() -> Vec<String> {
        vec!["police_station".into(), "police_cyber".into()]
    }

    fn sorted(mut v: Vec<String>) -> Vec<String> {
        v.sort();
        v
    }

    #[test]
    fn police_is_found_in_kanji_hiragana_katakana_and_half_width() {
        for query in ["警察", "けいさつ", "ケイサツ", "ｹｲｻﾂ", "けいさつ　"] {
            assert_eq!(sorted(top(query, 2)), sorted(police()), "{query}");
        }
    }

    #[test]
    fn houterasu_is_found_by_its_sound() {
        for query in ["ほうてらす", "ホウテラス", "法テラス", "ﾎｳﾃﾗｽ", "houterasu"]
        {
            assert_eq!(top(query, 1), ["houterasu"], "{query}");
        }
    }

    #[test]
    fn names_outrank_descriptions() {
        // 弁護士 is also in the descriptions of the desk's lawyer consult and of 法テラス;
        // the entry named 弁護士 comes first.
        let found = ids("弁護士");
        assert!(found.starts_with(&["lawyer".to_string()]), "{found:?}");
        assert_eq!(top("じんけん", 1), ["jinken_moj"]);
        assert_eq!(top("ネットハーモニー", 1), ["net_harmony"]);
        assert_eq!(top("こころ", 1), ["mamorouyokokoro"]);
        assert_eq!(top("がっこう", 1), ["school_board"]);
        assert_eq!(top("誹謗中傷ホットライン", 1), ["sia_hotline"]);
    }

    #[test]
    fn every_word_must_match_somewhere() {
        assert_eq!(top("警察 サイバー", 1), ["police_cyber"]);
        assert!(ids("警察 オークション").is_empty());
        assert!(ids("zzzz").is_empty());
    }

    #[test]
    fn full_width_ascii_and_english_find_entries() {
        assert_eq!(top("ＳＩＡ", 2).len(), 2);
        assert!(top("ＳＩＡ", 3).contains(&"safeline".to_string()));
        assert_eq!(top("Police", 2).len(), 2);
        assert_eq!(sorted(top("police", 2)), sorted(police()));
    }

    #[test]
    fn an_empty_query_lists_the_sheet_in_order() {
        let all = ids("  ");
        assert_eq!(all.len(), Directory::builtin().entries().len());
        assert_eq!(all[0], "mamorouyokokoro");
    }

    #[test]
    fn folding() {
        assert_eq!(fold("ケイサツ"), "けいさつ");
        assert_eq!(fold("ｶﾞｯｺｳ"), "がっこう");
        assert_eq!(fold("ﾊﾟﾊﾞﾋﾟ"), "ぱばぴ");
        assert_eq!(fold("ｳﾞｧ"), "ゔぁ");
        assert_eq!(fold("ﾃﾞｰﾀ"), "でーた");
        assert_eq!(fold("ｱﾞ"), "あ゛");
        assert_eq!(fold("ＬＩＮＥ　ｱｶｳﾝﾄ"), "line あかうんと");
        assert_eq!(fold("法テラス"), "法てらす");
        assert_eq!(to_hiragana("ヴァイオリン・ケース"), "ゔぁいおりん・けーす");
    }
}
