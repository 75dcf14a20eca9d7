//! The national 違法・有害情報相談センター's way of classifying its work: one work item per
//! site or post, tagged with 相談内容 (placed in the legal frame), 場所 and 対応手段.

mod classification;

pub use classification::{Classification, Content, ContentSpec, Frame, Label};
