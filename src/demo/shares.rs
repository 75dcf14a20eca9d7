//! How often each value occurs in the demo data: the shares of the desks' own tables
//! (domain.md), so that a demo report looks like a real one.

use rand::RngExt;
use rand_chacha::ChaCha8Rng;

/// Codes with weights; picking is proportional to the weight.
pub struct Shares(pub &'static [(&'static str, u32)]);

impl Shares {
    pub fn pick(&self, rng: &mut ChaCha8Rng) -> &'static str {
        draw(self.0, rng).map_or("", |at| self.0[at].0)
    }

    /// `n` different codes, each picked by weight among those not yet taken.
    pub fn pick_distinct(&self, rng: &mut ChaCha8Rng, n: usize) -> Vec<&'static str> {
        let mut left: Vec<(&'static str, u32)> = self.0.to_vec();
        let mut picked = Vec::with_capacity(n);
        while picked.len() < n {
            let Some(at) = draw(&left, rng) else { break };
            picked.push(left.remove(at).0);
        }
        picked
    }
}

/// The index of one item, drawn in proportion to the weights; None when all weigh nothing.
fn draw(items: &[(&'static str, u32)], rng: &mut ChaCha8Rng) -> Option<usize> {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    if total == 0 {
        return None;
    }
    let mut ticket = rng.random_range(0..total);
    items.iter().position(|(_, weight)| {
        let hit = ticket < *weight;
        ticket = ticket.saturating_sub(*weight);
        hit
    })
}

/// 年代別 of the prefectural report (per case).
pub const AGE: Shares = Shares(&[
    ("10s", 16),
    ("20s", 19),
    ("30s", 22),
    ("40s", 33),
    ("50s", 29),
    ("60plus", 11),
    ("unknown", 167),
]);

/// 状況別 (per case).
pub const ROLE: Shares = Shares(&[
    ("victim", 205),
    ("perpetrator", 20),
    ("other", 20),
    ("unknown", 52),
]);

/// 侵害種別 (per case, 重複あり: 375 values over 297 cases).
pub const INFRINGEMENT: Shares = Shares(&[
    ("defamation", 161),
    ("discrimination", 17),
    ("illegal", 13),
    ("harmful", 7),
    ("other", 119),
    ("out_of_scope", 9),
    ("unknown", 49),
]);

/// 手法別 (per contact); fax, letter and visits are rare, not never.
pub const CHANNEL: Shares = Shares(&[
    ("phone", 307),
    ("sns", 194),
    ("email", 36),
    ("fax", 1),
    ("letter", 1),
    ("in_person", 1),
]);

/// 対応別 (the primary response of each contact).
pub const RESPONSE: Shares = Shares(&[
    ("advice", 188),
    ("information", 21),
    ("referral", 61),
    ("sorting_out", 1),
    ("listening", 61),
    ("expert", 10),
    ("interrupted", 97),
    ("continuing", 71),
    ("other", 27),
]);

/// The services named in the national centre's responses, in tenths of a percent; its
/// "others" (41.7%) spread over boards, review sites, blogs and the rest.
pub const PLATFORM: Shares = Shares(&[
    ("x", 118),
    ("google_search", 60),
    ("google_maps", 33),
    ("youtube", 15),
    ("instagram", 30),
    ("facebook", 12),
    ("5ch", 33),
    ("bakusai", 30),
    ("line", 28),
    ("bankruptcy_sites", 27),
    ("fc2", 13),
    ("yahoo", 10),
    ("2ch", 9),
    ("other_board", 90),
    ("review", 80),
    ("blog", 60),
    ("other", 187),
    ("unknown", 153),
]);

/// Where a demo work item is: a service of the national directory, in tenths of a percent
/// of 図表9 (seed 002: Twitter 11.8%, Google 検索 6.0%, … 上記以外 41.7%, その他・不明 15.3%).
pub const SERVICE: Shares = Shares(&[
    ("twitter", 118),
    ("google_search", 60),
    ("youtube", 15),
    ("google_maps", 33),
    ("google_other", 4),
    ("instagram", 30),
    ("facebook", 12),
    ("5ch", 33),
    ("bakusai", 30),
    ("livedoor", 19),
    ("line_app", 9),
    ("bankruptcy_sites", 27),
    ("fc2", 13),
    ("yahoo_search", 2),
    ("yahoo_chiebukuro", 2),
    ("yahoo_auctions", 2),
    ("yahoo_finance", 1),
    ("yahoo_other", 4),
    ("2ch", 9),
    ("tameki", 7),
    (OWN_DOMAIN, 417),
    (NO_ADDRESS, 153),
]);
/// A post on a site of its own domain: 上記以外の事業者/サービス等.
pub const OWN_DOMAIN: &str = "own_domain";
/// No address known: その他・不明.
pub const NO_ADDRESS: &str = "no_address";

/// Where an own-domain site's posts are (the directory says it for the known services).
pub const OWN_DOMAIN_PLACE: Shares = Shares(&[
    ("board", 30),
    ("blog", 25),
    ("news_summary", 15),
    ("other", 30),
]);

/// 相談内容 of a work item: defamation and privacy lead, as in the centre's reports.
pub const CONTENT: Shares = Shares(&[
    ("defamation", 30),
    ("privacy_contact", 12),
    ("privacy_image", 8),
    ("privacy_revenge_porn", 3),
    ("privacy_criminal_record", 4),
    ("privacy_other", 8),
    ("copyright", 4),
    ("impersonation", 8),
    ("bullying", 4),
    ("illegal", 2),
    ("harmful_to_minors", 2),
    ("suicide", 1),
    ("provider_law", 6),
    ("agency_request", 3),
    ("other", 5),
]);

/// 対応手段: mostly how to ask for deletion, with evidence and disclosure close behind.
pub const MEANS: Shares = Shares(&[
    ("deletion_request", 45),
    ("search_removal", 8),
    ("evidence", 15),
    ("disclosure", 15),
    ("referral", 10),
    ("information", 5),
    ("other", 2),
]);

pub const TROUBLED: Shares = Shares(&[("self", 70), ("family", 20), ("other", 10)]);

pub const WANT: Shares = Shares(&[
    ("delete", 40),
    ("identify", 15),
    ("compensation", 8),
    ("punish", 7),
    ("listen", 15),
    ("advice", 15),
]);

/// Risk flags of the cases that have one.
pub const RISK: Shares = Shares(&[
    ("suicide", 2),
    ("danger", 3),
    ("minor", 3),
    ("sexual_image", 2),
    ("money_demand", 2),
]);

/// Referral agencies (ids of the referral directory).
pub const AGENCY: Shares = Shares(&[
    ("police_cyber", 20),
    ("houterasu", 15),
    ("ihaho", 20),
    ("jinken_moj", 15),
    ("sia_hotline", 10),
    ("mamorouyokokoro", 8),
    ("lawyer", 7),
    ("school_board", 5),
]);

/// 当事者の属性, by 年代.
pub fn attribute_for(age: &str) -> Shares {
    match age {
        "10s" => Shares(&[("elementary", 2), ("junior_high", 5), ("high_school", 6)]),
        "20s" => Shares(&[("university", 5), ("employee", 6), ("unemployed", 1)]),
        "60plus" => Shares(&[("homemaker", 3), ("unemployed", 4), ("self_employed", 2)]),
        "unknown" => Shares(&[("unknown", 8), ("employee", 1), ("other", 1)]),
        _ => Shares(&[
            ("employee", 8),
            ("self_employed", 3),
            ("civil_servant", 1),
            ("homemaker", 2),
            ("unemployed", 1),
            ("other", 1),
        ]),
    }
}

/// A counselor's note for a contact: short, generic, never a name, number or address.
pub fn note_for(response: &str) -> &'static str {
    match response {
        "advice" => "経緯を聞き取り、証拠の保存と削除依頼の手順を助言した。",
        "information" => "関連する制度と手続きの情報を伝えた。",
        "referral" => "相談内容に合う窓口を紹介した。",
        "sorting_out" => "状況を時系列で一緒に整理した。",
        "listening" => "不安な気持ちを傾聴した。",
        "expert" => "弁護士相談の予約を取った。",
        "interrupted" => "途中で通話が切れた。",
        "continuing" => "経過を確認し、次回も継続して対応する。",
        _ => "対応内容を記録した。",
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;
    use crate::domain::{Dim, Taxonomy};

    #[test]
    fn every_code_is_in_the_taxonomy() {
        let tax = Taxonomy::builtin();
        for (dim, shares) in [
            (Dim::Age, &AGE),
            (Dim::Role, &ROLE),
            (Dim::Infringement, &INFRINGEMENT),
            (Dim::Channel, &CHANNEL),
            (Dim::Response, &RESPONSE),
            (Dim::Platform, &PLATFORM),
            (Dim::Troubled, &TROUBLED),
            (Dim::Want, &WANT),
            (Dim::Risk, &RISK),
        ] {
            for (code, _) in shares.0 {
                assert!(tax.option(dim, code).is_some(), "{dim:?} {code}");
            }
        }
        for age in AGE.0 {
            for (code, _) in attribute_for(age.0).0 {
                assert!(tax.option(Dim::Attribute, code).is_some(), "{code}");
            }
        }
    }

    #[test]
    fn picks_follow_the_weights_and_distinct_picks_do_not_repeat() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let phone = (0..10_000)
            .filter(|_| CHANNEL.pick(&mut rng) == "phone")
            .count();
        // 307 of 540.
        assert!((5400..6000).contains(&phone), "{phone}");
        for _ in 0..100 {
            let mut two = INFRINGEMENT.pick_distinct(&mut rng, 2);
            two.dedup();
            assert_eq!(two.len(), 2);
        }
        assert_eq!(TROUBLED.pick_distinct(&mut rng, 5).len(), 3);
    }
}
