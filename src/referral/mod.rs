//! The referral sheet: where to send a caller, and whether it is open now.

pub mod schedule;
