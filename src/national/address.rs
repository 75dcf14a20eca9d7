//! A web address as a counselor types or pastes it, reduced to what names a service: the
//! host (lower case, ASCII/punycode, without www., m. or mobile.) and the path.

use unicode_normalization::UnicodeNormalization;
use url::{Host, Url};

/// Leading labels that name a variant of a site (desktop, mobile) rather than another site.
const VARIANT_LABELS: [&str; 3] = ["www", "m", "mobile"];

/// Schemes written so that a link does not work (2ch-style `ttp://`, defanged `hxxp://`).
const DISARMED_SCHEMES: [(&str, &str); 4] = [
    ("ttp", "http"),
    ("ttps", "https"),
    ("hxxp", "http"),
    ("hxxps", "https"),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub host: String,
    pub path: String,
}

impl Address {
    /// The address of `written`, or `None` when it names no web host (an IP address, a
    /// `mailto:`, text that is not an address).
    pub fn parse(written: &str) -> Option<Address> {
        // Full-width letters and punctuation from a Japanese IME (ｈｔｔｐｓ：／／) become ASCII.
        let text: String = written.trim().nfkc().collect();
        let url = web_url(&text)?;
        // The url crate has lower-cased the host and turned an internationalised name into
        // punycode (xn--), so both spellings of a name compare equal.
        let Some(Host::Domain(host)) = url.host() else {
            return None;
        };
        let mut host = host.trim_end_matches('.');
        // A single label is a word typed where an address was meant, not a site.
        if !host.contains('.') {
            return None;
        }
        while let Some((first, rest)) = host.split_once('.') {
            if !VARIANT_LABELS.contains(&first) || !rest.contains('.') {
                break;
            }
            host = rest;
        }
        Some(Address {
            host: host.to_string(),
            path: url.path().to_string(),
        })
    }
}

/// The URL `text` means: a bare `twitter.com/…` (with or without a port) gets https, a
/// disarmed scheme its working spelling; `None` for another scheme (mailto:, ftp:).
fn web_url(text: &str) -> Option<Url> {
    match Url::parse(text) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => Some(url),
        Ok(url) => {
            let scheme = url.scheme();
            if let Some((_, working)) = DISARMED_SCHEMES.iter().find(|(d, _)| *d == scheme) {
                Url::parse(&format!("{working}{}", &text[scheme.len()..])).ok()
            } else if scheme.contains('.') {
                // `twitter.com:8080/x` reads as the scheme `twitter.com`.
                Url::parse(&format!("https://{text}")).ok()
            } else {
                None
            }
        }
        Err(_) => Url::parse(&format!("https://{}", text.trim_start_matches('/'))).ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(written: &str) -> Option<String> {
        Address::parse(written).map(|a| a.host)
    }

    #[test]
    fn variants_of_one_host_reduce_to_it() {
        for written in [
            "https://twitter.com/a",
            "https://www.twitter.com/a",
            "https://mobile.twitter.com/a",
            "http://m.twitter.com:8080/a",
            "twitter.com:8080/a",
            "HTTPS://TWITTER.COM/a",
            "twitter.com/a",
            "//twitter.com/a",
            "ttps://twitter.com/a",
            "hxxps://twitter.com/a",
            "https://twitter.com./a",
            "ｈｔｔｐｓ：／／ｔｗｉｔｔｅｒ．ｃｏｍ／a",
            "  https://twitter.com/a\n",
        ] {
            assert_eq!(host(written).as_deref(), Some("twitter.com"), "{written}");
        }
    }

    #[test]
    fn a_variant_label_that_is_the_whole_name_stays() {
        assert_eq!(host("https://m.com/").as_deref(), Some("m.com"));
        assert_eq!(host("https://www.m.com/").as_deref(), Some("m.com"));
    }

    #[test]
    fn internationalised_names_compare_as_punycode() {
        assert_eq!(host("https://例え.jp/").as_deref(), Some("xn--r8jz45g.jp"));
        assert_eq!(
            host("https://XN--R8JZ45G.jp/").as_deref(),
            Some("xn--r8jz45g.jp")
        );
    }

    #[test]
    fn what_names_no_web_host_is_none() {
        for written in [
            "",
            "mailto:someone@example.jp",
            "ftp://example.jp/",
            "https://192.168.0.1/",
            "https://[::1]/",
            "ツイッターの投稿",
            "http://",
        ] {
            assert_eq!(host(written), None, "{written:?}");
        }
    }

    #[test]
    fn the_path_is_kept() {
        let a = Address::parse("https://www.google.com/maps/place/x?hl=ja#top").unwrap();
        assert_eq!(
            (a.host.as_str(), a.path.as_str()),
            ("google.com", "/maps/place/x")
        );
    }
}
