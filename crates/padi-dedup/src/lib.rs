//! Deduplication stages for padi: exact, line-level and near-duplicate (MinHash + LSH).
//!
//! - [`ExactDedup`] (`exact_dedup`): drops documents whose match key was seen before.
//! - [`LineDedup`] (`line_dedup`): removes lines repeated across many documents
//!   (navigation, cookie banners).
//! - [`NearDedup`] (`near_dedup`): drops documents whose shingle set is close (Jaccard) to an
//!   earlier kept document's, using script-aware shingles (character n-grams for Thai, Lao,
//!   Khmer, Burmese; word n-grams for spaced scripts) and never folding away marks. Its
//!   [`NearIndex`] is compact in RAM and persisted on disk (versioned format documented in
//!   [`index`]), so new data is deduplicated against a released dataset without re-reading it.
//! - [`dedup_jsonl`]: the stages alone over a JSONL file (`padi dedup`).
//!
//! All stages are streaming and deterministic: the first document in input order wins,
//! whatever the thread count or batch size. They compare texts through an injected
//! [`MatchKey`] function (the pipeline passes `padi_normalize::match_key`); this crate does
//! no normalization of its own. It does not read pipeline files or drive stages: that is
//! `padi-pipeline`'s job.

mod blob;
mod cluster;
mod error;
mod exact;
pub mod index;
mod jsonl;
mod line;
pub mod minhash;
mod near;
pub mod shingle;

use std::sync::Arc;

pub use cluster::{components_partitioned, UnionFind};
pub use error::DedupError;
pub use exact::{ExactDedup, ExactDedupConfig};
pub use index::{IndexParams, NearIndex, INDEX_FORMAT_VERSION};
pub use jsonl::{
    cluster_sizes, dedup_jsonl, BadLine, DedupOptions, DedupReport, KEPT_FILE, REMOVED_FILE,
};
pub use line::{LineDedup, LineDedupConfig, LineUnit};
pub use near::{NearDedup, NearDedupConfig, NearSketcher};
pub use shingle::ShingleMode;

/// The text a document is compared by (normalized, case-folded, invisible characters
/// removed). Must keep every mark that distinguishes words.
pub type MatchKey = Arc<dyn Fn(&str) -> String + Send + Sync>;
