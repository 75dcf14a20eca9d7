//! Which counts of a table may be published (`--suppress-below N`).
//!
//! Primary suppression hides the counts from 1 to N−1. That alone can be undone: a table's
//! 合計 is the sum of its rows, so `0 <3 0 5 5 0 17 | 28` gives the hidden count as
//! 28 − 27 = 1. Where a hidden count could be worked out from what is printed (by
//! subtraction, or because the few values it could take are pinned by the others), the
//! smallest other non-zero counts are hidden too, as statistics offices do (secondary
//! suppression, 二次秘匿). In such a table every hidden count prints as `x`, the small ones
//! and the ones hidden with them alike: telling them apart would say which is the small one.
//!
//! A reader is assumed to know this rule. A hidden count counts as recoverable when the
//! printed cells, the rows summing to 合計 and the ranges the marks imply leave it one
//! possible value; the property test below also re-runs the rule on every table that
//! prints the same, as a reader who knows the rule could.

/// How one count is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Shown,
    /// `<N`: a count from 1 to N−1, in a table where nothing else needed hiding.
    Below,
    /// `x`: hidden so that no small count can be worked out (secondary suppression).
    Hidden,
}

/// The marks of a table's rows and of its 合計 (the sum of the rows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protected {
    pub rows: Vec<Mark>,
    pub total: Mark,
}

impl Protected {
    /// Whether counts were hidden beyond the small ones.
    pub fn secondary(&self) -> bool {
        self.total == Mark::Hidden || self.rows.contains(&Mark::Hidden)
    }
}

/// The marks for a table whose 合計 is the sum of `rows`, hiding counts below `below`.
pub fn protect(rows: &[u64], below: u64) -> Protected {
    let small = |n: u64| (1..below).contains(&n);
    let total = rows.iter().sum::<u64>();
    let mut hidden: Vec<bool> = rows.iter().map(|&n| small(n)).collect();
    let total_hidden = small(total);
    let marks = |hidden: &[bool], mark: Mark| Protected {
        rows: hidden
            .iter()
            .map(|&h| if h { mark } else { Mark::Shown })
            .collect(),
        total: if total_hidden { mark } else { Mark::Shown },
    };
    if !hidden.contains(&true) && !total_hidden {
        return marks(&hidden, Mark::Shown);
    }
    // A table of fewer than N people shows no breakdown at all: which rows are zero would
    // already tell too much (1 + 1 = 2 is the only way to split a small 2 over two rows).
    if total_hidden {
        return marks(&vec![true; rows.len()], Mark::Hidden);
    }
    if !pinned(rows, &hidden, total_hidden, Mark::Below, below) {
        return marks(&hidden, Mark::Below);
    }
    // At least one count that is not small goes with them: were only the small ones
    // printed as `x`, a reader who knows the rule would know they are all 1 (or all N−1),
    // since that is when `<N` alone gives them away.
    loop {
        // The smallest non-zero count still shown (all rows of that count, so that a
        // reader cannot tell from the order of the rows which of equal counts was taken);
        // the zeros only once no other count is left.
        let smallest = rows
            .iter()
            .zip(&hidden)
            .filter(|&(&n, &h)| !h && n > 0)
            .map(|(&n, _)| n)
            .min()
            .unwrap_or(0);
        let mut changed = false;
        for (h, &n) in hidden.iter_mut().zip(rows) {
            if !*h && n == smallest {
                *h = true;
                changed = true;
            }
        }
        if !changed || !pinned(rows, &hidden, total_hidden, Mark::Hidden, below) {
            break;
        }
    }
    marks(&hidden, Mark::Hidden)
}

/// A value too large to matter, standing for "no upper bound".
const UNBOUNDED: i128 = 1 << 60;

/// Whether a reader could pin one of the hidden counts to a single value. `mark` is how
/// they would be printed, which tells the reader their range: `<N` says 1 to N−1; `x` says
/// at most one less than the smallest non-zero count shown (the smallest ones are taken
/// first, equal ones together), and not zero while a non-zero row or a zero is shown
/// (zeros are taken last, all together). A hidden 合計 is always a small one.
fn pinned(rows: &[u64], hidden: &[bool], total_hidden: bool, mark: Mark, below: u64) -> bool {
    let below = i128::from(below);
    let shown = || {
        rows.iter()
            .zip(hidden)
            .filter(|&(_, &h)| !h)
            .map(|(&n, _)| n)
    };
    let (low, high) = match mark {
        Mark::Below => (1, below - 1),
        _ => {
            let smallest_shown = shown().filter(|&n| n > 0).min();
            let zero_shown = shown().any(|n| n == 0);
            let low = i128::from(smallest_shown.is_some() || zero_shown);
            (low, smallest_shown.map_or(UNBOUNDED, |n| i128::from(n) - 1))
        }
    };
    // Σ hidden rows − (合計 if hidden) = (合計 if shown) − Σ shown rows.
    let total = i128::from(rows.iter().sum::<u64>());
    let shown_sum: i128 = shown().map(i128::from).sum();
    let known = if total_hidden { 0 } else { total } - shown_sum;
    // Each unknown as (coefficient, lowest, highest).
    let mut unknowns: Vec<(i128, i128, i128)> = hidden
        .iter()
        .filter(|&&h| h)
        .map(|_| (1, low, high))
        .collect();
    if total_hidden {
        unknowns.push((-1, 1, below - 1));
    }
    (0..unknowns.len()).any(|i| {
        let (mut least, mut most) = (0i128, 0i128);
        for (j, &(c, lo, hi)) in unknowns.iter().enumerate() {
            if j != i {
                least += (c * lo).min(c * hi);
                most += (c * lo).max(c * hi);
            }
        }
        let (c, lo, hi) = unknowns[i];
        // c·xᵢ = known − (the others), so xᵢ lies in this range as well as in [lo, hi].
        let (from, to) = if c > 0 {
            (known - most, known - least)
        } else {
            (least - known, most - known)
        };
        from.max(lo) >= to.min(hi)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use Mark::{Below, Hidden, Shown};

    #[test]
    fn a_small_count_beside_a_shown_total_takes_the_smallest_other_count_with_it() {
        // The 年代別: 0 <3 0 5 5 0 17 | 28 gave 28 − 27 = 1.
        let protected = protect(&[0, 1, 0, 5, 5, 0, 17], 3);
        assert_eq!(
            protected.rows,
            [Shown, Hidden, Shown, Hidden, Hidden, Shown, Shown]
        );
        assert_eq!(protected.total, Shown);
        assert!(protected.secondary());
    }

    #[test]
    fn small_counts_that_cannot_be_worked_out_stay_as_below_n() {
        // 1 + 2 = 3 hidden, either way round.
        assert_eq!(protect(&[1, 2, 7], 3).rows, [Below, Below, Shown]);
        assert_eq!(protect(&[0, 8, 7], 3).rows, [Shown, Shown, Shown]);
        // Two hidden counts that must both be 1 are not safe.
        assert!(protect(&[1, 1, 7], 3).secondary());
    }

    /// Every hidden cell's possible values, to a reader who sees what `protect` printed and
    /// knows its rule: every table of the same shape that prints the same.
    fn possible_values(rows: &[u64], below: u64) -> Vec<std::collections::BTreeSet<u64>> {
        let printed = protect(rows, below);
        let total: u64 = rows.iter().sum();
        let hidden: Vec<usize> = (0..rows.len())
            .filter(|&i| printed.rows[i] != Shown)
            .collect();
        // With 合計 shown the hidden rows sum to what the shown ones leave of it; a hidden
        // 合計 is below N, and so is every row.
        let budget = match printed.total {
            Shown => Some(
                total
                    - (0..rows.len())
                        .filter(|i| !hidden.contains(i))
                        .map(|i| rows[i])
                        .sum::<u64>(),
            ),
            _ => None,
        };
        let mut seen = vec![std::collections::BTreeSet::new(); rows.len() + 1];
        let mut candidate = rows.to_vec();
        fn fill(
            at: usize,
            hidden: &[usize],
            budget: Option<u64>,
            cap: u64,
            candidate: &mut Vec<u64>,
            check: &mut dyn FnMut(&[u64]),
        ) {
            if at == hidden.len() {
                if budget.is_none_or(|left| left == 0) {
                    check(candidate);
                }
                return;
            }
            for value in 0..=budget.unwrap_or(cap) {
                candidate[hidden[at]] = value;
                let left = budget.map(|left| left - value);
                fill(at + 1, hidden, left, cap, candidate, check);
            }
        }
        let mut check = |candidate: &[u64]| {
            let candidate_total: u64 = candidate.iter().sum();
            if printed.total == Shown && candidate_total != total {
                return;
            }
            if protect(candidate, below) != printed {
                return;
            }
            for &i in &hidden {
                seen[i].insert(candidate[i]);
            }
            seen[rows.len()].insert(candidate_total);
        };
        fill(0, &hidden, budget, below - 1, &mut candidate, &mut check);
        seen
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn no_hidden_count_can_be_recovered_from_what_is_printed(
            counts in prop::collection::vec(prop_oneof![3 => 0u64..5, 2 => 0u64..12], 1..6),
            zero_at in 0usize..6,
            below in 3u64..6,
        ) {
            // The desks' tables list every option, so a row of zero is the usual case.
            let mut rows = counts;
            rows.insert(zero_at.min(rows.len()), 0);
            let printed = protect(&rows, below);
            let possible = possible_values(&rows, below);
            for (i, mark) in printed.rows.iter().enumerate() {
                // Every count below N is hidden, and every hidden count could be another.
                prop_assert!(*mark != Shown || !(1..below).contains(&rows[i]));
                if *mark != Shown {
                    prop_assert!(
                        possible[i].len() >= 2,
                        "row {i} of {rows:?} (<{below}) printed {printed:?} can only be {:?}",
                        possible[i]
                    );
                }
            }
            if printed.total != Shown {
                prop_assert!(possible[rows.len()].len() >= 2, "{rows:?} {printed:?}");
            }
        }
    }
}
