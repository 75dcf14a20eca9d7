//! The national 違法・有害情報相談センター's way of classifying its work: one work item per
//! site or post, tagged with 相談内容 (placed in the legal frame), 場所, 対応手段 and the
//! 事業者/サービス its URL is on.
//!
//! - [`Classification`]: the embedded `classification.toml`; the desk changes 対応手段 with
//!   `means.toml` in the config directory.
//! - [`ServiceDirectory`]: the embedded `services.toml` (operators, their services and the
//!   hosts each is recognised by); the desk extends it with its own `services.toml`.
//! - [`ServiceDirectory::recognise`]: the service and place a URL names, or nothing.
//!
//! Both override files report problems as `file:line:column`, and a bad entry is left out
//! while the rest of the file applies (`load.rs`).

mod address;
mod advice;
mod classification;
mod load;
mod services;
#[cfg(test)]
mod tests;

use std::path::Path;

pub use address::Address;
pub use advice::{Advice, advice_for};
pub use classification::{Classification, Content, ContentSpec, Frame, Label};
pub use load::{MEANS_FILE, SERVICES_FILE};
pub use services::{
    Group, HostPattern, PlaceCode, Recognised, Service, ServiceDirectory, ServiceId,
};

use crate::diag::Diagnostic;

/// The national classification as a desk has it: shipped lists with its changes applied.
#[derive(Debug, Clone)]
pub struct National {
    pub classification: Classification,
    pub services: ServiceDirectory,
}

impl National {
    pub fn builtin() -> National {
        National {
            classification: Classification::builtin().clone(),
            services: ServiceDirectory::builtin().clone(),
        }
    }

    /// The shipped lists with `means.toml` and `services.toml` from `config_dir` applied;
    /// problems come back beside lists that always work.
    pub fn load(config_dir: &Path) -> (National, Vec<Diagnostic>) {
        let (classification, mut problems) = Classification::load(config_dir);
        let (services, more) = ServiceDirectory::load(config_dir);
        problems.extend(more);
        (
            National {
                classification,
                services,
            },
            problems,
        )
    }
}
