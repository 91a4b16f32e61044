//! Versioned datasets that researchers can trust and auditors can check (GUIDE §6).
//!
//! A release turns pipeline output into `<dataset-dir>/<name>/<version>/` holding
//! `data/<label>/part-NNNNN.jsonl.zst` shards (one directory per language label), an optional
//! Parquet export in the Hugging Face layout, `tombstones.jsonl`, `manifest.json`
//! (`schemas/manifest.schema.json`), a dataset card `README.md` and `croissant.json`.
//! [`verify`] rechecks a version, [`diff`] compares two, [`takedown`] cuts a new MAJOR version
//! without named documents and records tombstones that every later release honours.
//!
//! Invariants: shard bytes depend only on the documents and the layout, never on the thread
//! count; a version directory appears (by rename) only when complete and is never modified
//! afterwards; `created` and each new document's `added` come from `SOURCE_DATE_EPOCH` when
//! set, so a rerun reproduces a version byte for byte. A document the parent version holds
//! keeps the parent's `added`, so a bump release of unchanged data, terms and pipeline equals
//! the parent and no new version is cut.
//!
//! Not here: running pipelines (`padi-pipeline` drives [`DatasetWriter`]), the command line.

mod diff;
mod error;
mod export;
mod first_added;
mod manifest;
mod record;
mod takedown;
mod verify;
mod version;
mod writer;

use std::path::Path;

use sha2::{Digest, Sha256};

pub use diff::{diff, Change, VersionDiff};
pub use error::DatasetError;
pub use export::{croissant, dataset_card, restrict_card_configs};
pub use manifest::{
    manifest_schema, FileEntry, LanguageTotals, Layout, Manifest, PadiBuild, PipelineRecord,
    ShardEntry, SourceEntry, StageStatistics, TakedownRecord, TombstoneSummary,
};
pub use padi_core::time::timestamp;
pub use record::{read_shard, DatasetRecord, Tombstone, Tombstones};
pub use takedown::{takedown, TakedownRequest};
pub use verify::{verify, verify_selection, VerifySelection};
pub use version::{latest_version, plan_version, Bump, Version};
pub use writer::{DatasetWriter, Release, ReleaseInfo, ReleaseSpec};

/// sha256 (lowercase hex) and size of a file, streamed.
pub fn sha256_file(path: &Path) -> Result<(String, u64), DatasetError> {
    let mut file = std::fs::File::open(path).map_err(DatasetError::io(path))?;
    let mut hasher = Sha256::new();
    let size = std::io::copy(&mut file, &mut hasher).map_err(DatasetError::io(path))?;
    Ok((format!("{:x}", hasher.finalize()), size))
}

/// sha256 (lowercase hex) of bytes, e.g. of a resolved configuration.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}
