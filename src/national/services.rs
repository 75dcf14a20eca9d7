//! The directory of operators (事業者) and their services, and recognising the service of a
//! post from its URL. The shipped directory is `services.toml`; a desk's `services.toml` in
//! the config directory changes it (see `load.rs`).

use std::fmt;

use super::address::Address;
use crate::domain::Lang;

/// The stable id of a service (`twitter`, `google_maps`), stored on work items.
pub type ServiceId = String;
/// The code of a 場所 (`sns`, `board`).
pub type PlaceCode = String;

/// An operator: the （合計） row its services are counted under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub id: String,
    pub ja: String,
    pub en: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub id: ServiceId,
    pub group: String,
    pub ja: String,
    pub en: String,
    pub hosts: Vec<HostPattern>,
    /// The 場所 its posts are in, where that follows from the service.
    pub place: Option<PlaceCode>,
}

/// Where a service's posts are: a host, with or without its subdomains, and a path under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostPattern {
    /// Lower case, punycode, without www./m./mobile., as [`Address`] makes a URL's host.
    host: String,
    subdomains: bool,
    /// `""` or a path without a trailing `/` (`/maps`).
    path: String,
}

/// How closely a pattern matched: a longer host, then an exact host, then a longer path.
pub(super) type Specificity = (usize, bool, usize);

impl HostPattern {
    /// Reads `example.com`, `*.example.com` or `example.com/maps`.
    pub fn parse(written: &str) -> Result<HostPattern, String> {
        let trimmed = written.trim();
        let (subdomains, rest) = match trimmed.strip_prefix("*.") {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        if rest.contains(['?', '#', '*']) {
            return Err(format!(
                "`{written}`: write a host and path only (example.com, *.example.com, example.com/maps)"
            ));
        }
        let address = Address::parse(rest)
            .ok_or_else(|| format!("`{written}` is not a host name (like example.com)"))?;
        Ok(HostPattern {
            host: address.host,
            subdomains,
            path: address.path.trim_end_matches('/').to_ascii_lowercase(),
        })
    }

    pub(super) fn matches(&self, address: &Address) -> Option<Specificity> {
        let host_matches = address.host == self.host
            || (self.subdomains
                && address
                    .host
                    .strip_suffix(&self.host)
                    .is_some_and(|head| head.ends_with('.')));
        // Paths compare without case: an address read out over the phone loses it.
        let path = address.path.to_ascii_lowercase();
        let path_matches = self.path.is_empty()
            || path == self.path
            || path
                .strip_prefix(&self.path)
                .is_some_and(|rest| rest.starts_with('/'));
        (host_matches && path_matches).then_some((
            self.host.len(),
            !self.subdomains,
            self.path.len(),
        ))
    }
}

impl fmt::Display for HostPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let star = if self.subdomains { "*." } else { "" };
        write!(f, "{star}{}{}", self.host, self.path)
    }
}

/// What a URL says about its work item. Both are `None` for a URL on an unknown or own
/// domain: the caller shows 上記以外の事業者/サービス等 and guesses nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recognised {
    pub service: Option<ServiceId>,
    pub place: Option<PlaceCode>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceDirectory {
    pub(super) groups: Vec<Group>,
    pub(super) services: Vec<Service>,
}

impl ServiceDirectory {
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// In the order of the centre's table (a desk's additions after).
    pub fn services(&self) -> &[Service] {
        &self.services
    }

    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id == id)
    }

    pub fn services_of<'a>(&'a self, group: &'a str) -> impl Iterator<Item = &'a Service> {
        self.services.iter().filter(move |s| s.group == group)
    }

    /// A service's name with its operator's (`Google 検索`; `Twitter (X)` once); an id the
    /// directory no longer has is shown as itself.
    pub fn label(&self, id: &str, lang: Lang) -> String {
        let Some(service) = self.service(id) else {
            return id.to_string();
        };
        let own = lang.pick(&service.ja, &service.en);
        match self.group(&service.group) {
            Some(group) if lang.pick(&group.ja, &group.en) != own => {
                format!("{} {own}", lang.pick(&group.ja, &group.en))
            }
            _ => own.to_string(),
        }
    }

    /// The service a person wrote: its id, its name with or without its operator's
    /// (`Google 検索`, `YouTube`), in Japanese or English. A name two services share
    /// (`検索`) is an error that names both ways to write it.
    pub fn lookup(&self, written: &str) -> Result<&Service, String> {
        let written = written.trim();
        let same = |a: &str| a == written || a.eq_ignore_ascii_case(written);
        if let Some(service) = self.services.iter().find(|s| s.id == written) {
            return Ok(service);
        }
        let full = |s: &Service| [Lang::Ja, Lang::En].map(|lang| self.label(&s.id, lang));
        if let Some(service) = self
            .services
            .iter()
            .find(|s| full(s).iter().any(|l| same(l)))
        {
            return Ok(service);
        }
        let named: Vec<&Service> = self
            .services
            .iter()
            .filter(|s| same(&s.ja) || same(&s.en))
            .collect();
        match named.as_slice() {
            [one] => Ok(one),
            [] => Err(format!(
                "unknown service `{written}` (write a name from services.toml, like {})",
                self.services
                    .iter()
                    .take(3)
                    .map(|s| format!("`{}`", self.label(&s.id, Lang::Ja)))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            several => Err(format!(
                "`{written}` is the name of several services: write {}",
                several
                    .iter()
                    .map(|s| format!("`{}`", self.label(&s.id, Lang::Ja)))
                    .collect::<Vec<_>>()
                    .join(" or ")
            )),
        }
    }

    /// The service a post's URL is on, and the 場所 that follows from it.
    pub fn recognise(&self, url: &str) -> Recognised {
        let Some(address) = Address::parse(url) else {
            return Recognised::default();
        };
        let mut best: Option<(Specificity, &Service)> = None;
        for service in &self.services {
            for pattern in &service.hosts {
                if let Some(specificity) = pattern.matches(&address)
                    && best.is_none_or(|(b, _)| specificity > b)
                {
                    best = Some((specificity, service));
                }
            }
        }
        best.map_or_else(Recognised::default, |(_, service)| Recognised {
            service: Some(service.id.clone()),
            place: service.place.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(written: &str) -> HostPattern {
        HostPattern::parse(written).unwrap()
    }

    fn address(url: &str) -> Address {
        Address::parse(url).unwrap()
    }

    #[test]
    fn patterns_are_read_like_addresses() {
        assert_eq!(
            pattern("www.google.com/maps/").to_string(),
            "google.com/maps"
        );
        assert_eq!(pattern("*.5ch.net").to_string(), "*.5ch.net");
        assert_eq!(pattern("例え.jp").to_string(), "xn--r8jz45g.jp");
        assert!(HostPattern::parse("twitter").is_err());
        assert!(HostPattern::parse("x.com/?q").is_err());
        assert!(HostPattern::parse("*.*.x.com").is_err());
    }

    #[test]
    fn a_host_pattern_matches_subdomains_only_when_it_says_so() {
        let exact = pattern("google.com");
        let wild = pattern("*.fc2.com");
        assert!(
            exact
                .matches(&address("https://google.com/search"))
                .is_some()
        );
        assert!(
            exact
                .matches(&address("https://docs.google.com/"))
                .is_none()
        );
        assert!(wild.matches(&address("https://fc2.com/")).is_some());
        assert!(
            wild.matches(&address("https://abc.blog.fc2.com/"))
                .is_some()
        );
        // A name that merely ends the same is another site.
        assert!(wild.matches(&address("https://notfc2.com/")).is_none());
    }

    #[test]
    fn a_path_pattern_matches_whole_segments() {
        let maps = pattern("google.com/maps");
        assert!(
            maps.matches(&address("https://www.google.com/maps"))
                .is_some()
        );
        assert!(
            maps.matches(&address("https://www.google.com/maps/place/x"))
                .is_some()
        );
        assert!(
            maps.matches(&address("https://www.google.com/MAPS/place/x"))
                .is_some()
        );
        assert!(
            maps.matches(&address("https://www.google.com/mapsearch"))
                .is_none()
        );
        assert!(
            maps.matches(&address("https://www.google.com/search?q=maps"))
                .is_none()
        );
    }
}
