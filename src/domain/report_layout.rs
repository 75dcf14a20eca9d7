//! The two ways desks count their work.

/// Which desk's tables: the prefectural report's (the default), or the national centre's,
/// counted per work item (`--layout national`, `[report] layout`; see `report::national`).
/// Here, not in `report`, because the config names it too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportLayout {
    /// 都道府県の相談実績: per case and per contact
    #[default]
    Prefectural,
    /// 違法・有害情報相談センターの図表: per person and per work item (作業)
    National,
}
