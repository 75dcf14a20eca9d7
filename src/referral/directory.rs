//! The entries of the referral sheet: who does what, when to send someone there, how to reach
//! them and when they are open. Fields follow Open Referral's HSDS in spirit (organization,
//! service, phones, schedule), flattened to what a counselor reads mid-call.

use std::fmt;

use chrono::{DateTime, FixedOffset, Months, NaiveDate};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use super::schedule::{OpenStatus, Schedule, status_at};
use crate::domain::Lang;

/// Text written in Japanese, with an English version where someone wrote one. In a file it is
/// either a plain string (Japanese only) or `{ ja = "…", en = "…" }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub ja: String,
    pub en: Option<String>,
}

impl Text {
    /// The text in `lang`, falling back to Japanese (the desks' own language).
    pub fn pick(&self, lang: Lang) -> &str {
        match (lang, &self.en) {
            (Lang::En, Some(en)) => en,
            _ => &self.ja,
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, or a table { ja = \"…\", en = \"…\" }")
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Text, E> {
                Ok(Text {
                    ja: text.to_string(),
                    en: None,
                })
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Text, A::Error> {
                #[derive(Deserialize)]
                #[serde(deny_unknown_fields)]
                struct Both {
                    ja: String,
                    en: Option<String>,
                }
                let both = Both::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Text {
                    ja: both.ja,
                    en: both.en,
                })
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

/// A Japanese field and its optional English version, in `lang`.
fn in_lang<'a>(ja: &'a Option<String>, en: &'a Option<String>, lang: Lang) -> Option<&'a str> {
    match lang {
        Lang::En => en.as_deref().or(ja.as_deref()),
        Lang::Ja => ja.as_deref(),
    }
}

/// What a place can do for a caller, from a fixed set so the sheet can say at a glance that
/// a centre advises but does not delete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Capability {
    /// Hears the caller out (傾聴).
    Listening,
    /// Advises the caller what to do themselves.
    Advice,
    /// Asks providers to delete posts on the caller's behalf.
    DeletionRequest,
    /// Contacts providers to act under their own terms of service.
    ContactsProviders,
    /// Takes reports of illegal content and passes them on (police, site admins).
    TakesReports,
    /// The operator itself removes or hides content (platforms, search engines).
    RemovesContent,
    /// Investigates crimes.
    Investigation,
    /// Acts for the caller in legal procedures (disclosure, deletion, damages).
    LegalRepresentation,
    /// A consult with a lawyer or psychologist that the desk arranges (専門家連携).
    ExpertConsult,
}

impl Capability {
    pub const ALL: [Capability; 9] = [
        Capability::Listening,
        Capability::Advice,
        Capability::DeletionRequest,
        Capability::ContactsProviders,
        Capability::TakesReports,
        Capability::RemovesContent,
        Capability::Investigation,
        Capability::LegalRepresentation,
        Capability::ExpertConsult,
    ];

    /// The name used in files and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Capability::Listening => "listening",
            Capability::Advice => "advice",
            Capability::DeletionRequest => "deletion_request",
            Capability::ContactsProviders => "contacts_providers",
            Capability::TakesReports => "takes_reports",
            Capability::RemovesContent => "removes_content",
            Capability::Investigation => "investigation",
            Capability::LegalRepresentation => "legal_representation",
            Capability::ExpertConsult => "expert_consult",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Capability::Listening => lang.pick("傾聴", "Listening"),
            Capability::Advice => lang.pick("助言", "Advice"),
            Capability::DeletionRequest => lang.pick("削除要請", "Deletion requests"),
            Capability::ContactsProviders => lang.pick("事業者への連絡", "Contacts providers"),
            Capability::TakesReports => lang.pick("通報受付", "Takes reports"),
            Capability::RemovesContent => lang.pick("削除・非表示", "Removes content"),
            Capability::Investigation => lang.pick("捜査", "Investigation"),
            Capability::LegalRepresentation => lang.pick("法的手続の代理", "Legal representation"),
            Capability::ExpertConsult => lang.pick("専門家相談", "Expert consult"),
        }
    }
}

/// How a caller can reach a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Phone,
    Email,
    Line,
    Sns,
    Chat,
    /// A form or consultation system on the web.
    Web,
    InPerson,
}

impl Channel {
    /// The name used in files and JSON.
    pub fn key(self) -> &'static str {
        match self {
            Channel::Phone => "phone",
            Channel::Email => "email",
            Channel::Line => "line",
            Channel::Sns => "sns",
            Channel::Chat => "chat",
            Channel::Web => "web",
            Channel::InPerson => "in_person",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Channel::Phone => lang.pick("電話", "Phone"),
            Channel::Email => lang.pick("メール", "E-mail"),
            Channel::Line => "LINE",
            Channel::Sns => "SNS",
            Channel::Chat => lang.pick("チャット", "Chat"),
            Channel::Web => lang.pick("ウェブ", "Web"),
            Channel::InPerson => lang.pick("面談", "In person"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    pub number: String,
    pub note: Option<Text>,
}

/// One place on the sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Stable ascii id, stored on contacts that were referred here.
    pub id: String,
    pub name: String,
    pub name_en: String,
    /// The name in hiragana, so typing the sound finds a kanji name (警察 → けいさつ).
    pub reading: String,
    pub organization: Option<String>,
    /// Who runs it, in English (the English sheet falls back to `organization`).
    pub organization_en: Option<String>,
    /// The area it serves when it is not national (a prefecture's own desk).
    pub area: Option<String>,
    pub area_en: Option<String>,
    pub does: Text,
    /// What callers often expect but this place does not do ("advice only").
    pub does_not: Option<Text>,
    pub capabilities: Vec<Capability>,
    /// When to send someone there.
    pub when: Text,
    pub channels: Vec<Channel>,
    /// Only numbers the agencies publish; most entries have none.
    pub phones: Vec<Phone>,
    pub urls: Vec<String>,
    /// `None` when the hours are not known.
    pub schedule: Option<Schedule>,
    pub keywords: Vec<String>,
    /// When someone last checked these facts.
    pub verified: NaiveDate,
}

impl Entry {
    pub fn name(&self, lang: Lang) -> &str {
        lang.pick(&self.name, &self.name_en)
    }

    /// Who runs it, in `lang` where someone wrote it so, else in Japanese.
    pub fn organization(&self, lang: Lang) -> Option<&str> {
        in_lang(&self.organization, &self.organization_en, lang)
    }

    pub fn area(&self, lang: Lang) -> Option<&str> {
        in_lang(&self.area, &self.area_en, lang)
    }

    /// Not verified for more than a year: the sheet marks it so nobody reads out an old
    /// number with confidence.
    pub fn is_stale(&self, today: NaiveDate) -> bool {
        today
            .checked_sub_months(Months::new(12))
            .is_some_and(|year_ago| self.verified < year_ago)
    }

    /// Whether it takes contacts at `at`; `None` when its hours are not known.
    pub fn status_at(&self, at: DateTime<FixedOffset>) -> Option<OpenStatus> {
        self.schedule.as_ref().map(|s| status_at(s, at))
    }

    pub fn can(&self, capability: Capability) -> bool {
        self.capabilities.contains(&capability)
    }
}

/// The referral sheet: the shipped entries with a desk's overrides applied.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Directory {
    pub(super) entries: Vec<Entry>,
}

impl Directory {
    /// The entries in sheet order (the shipped order, then the desk's own additions).
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// A place's name in `lang`, as the screens show a recorded referral; an id the sheet
    /// no longer has (a desk removed the place) as itself.
    pub fn name_of<'a>(&'a self, id: &'a str, lang: Lang) -> &'a str {
        self.get(id).map_or(id, |e| e.name(lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(verified: NaiveDate) -> Entry {
        Entry {
            id: "x".into(),
            name: "名前".into(),
            name_en: "Name".into(),
            reading: "なまえ".into(),
            organization: None,
            organization_en: None,
            area: None,
            area_en: None,
            does: Text {
                ja: "する".into(),
                en: None,
            },
            does_not: None,
            capabilities: vec![Capability::Advice],
            when: Text {
                ja: "いつ".into(),
                en: Some("when".into()),
            },
            channels: vec![],
            phones: vec![],
            urls: vec![],
            schedule: None,
            keywords: vec![],
            verified,
        }
    }

    #[test]
    fn an_entry_goes_stale_a_year_after_it_was_verified() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let e = entry(day(2024, 11, 1));
        assert!(!e.is_stale(day(2025, 11, 1)));
        assert!(e.is_stale(day(2025, 11, 2)));
        assert!(!e.is_stale(day(2024, 11, 1)));
    }

    #[test]
    fn text_falls_back_to_japanese_and_labels_come_in_pairs() {
        let e = entry(NaiveDate::MIN);
        assert_eq!(e.does.pick(Lang::En), "する");
        assert_eq!(e.when.pick(Lang::En), "when");
        assert_eq!(e.name(Lang::En), "Name");
        assert!(e.can(Capability::Advice) && !e.can(Capability::DeletionRequest));
        assert_eq!(e.status_at(DateTime::UNIX_EPOCH.fixed_offset()), None);
        for c in Capability::ALL {
            assert!(!c.label(Lang::Ja).is_empty() && !c.key().is_empty());
        }
    }
}
