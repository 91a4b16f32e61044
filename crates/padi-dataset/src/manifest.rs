use std::collections::BTreeMap;
use std::path::Path;

use padi_core::Provenance;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::DatasetError;

/// `manifest.json` of one dataset version (`schemas/manifest.schema.json`): what the version
/// holds, how it was made, and the terms of every source, so any document can be traced to
/// its licence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Format of this file; 1 for now.
    pub manifest_version: u32,
    pub name: String,
    /// Semantic version (MAJOR.MINOR.PATCH).
    pub version: String,
    /// The version this one was derived from (its tombstones are carried forward).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_version: Option<String>,
    /// RFC 3339 UTC; from `SOURCE_DATE_EPOCH` when set.
    pub created: String,
    pub padi: PadiBuild,
    pub pipeline: PipelineRecord,
    /// How the shards were cut; a takedown re-cuts with the same layout.
    pub layout: Layout,
    /// Per-stage statistics of the run that produced the data (no timings: they would make
    /// the manifest differ between identical runs).
    pub stages: Vec<StageStatistics>,
    /// Totals per language label (shard directory name).
    pub languages: BTreeMap<String, LanguageTotals>,
    /// Every JSONL shard, in label then index order.
    pub shards: Vec<ShardEntry>,
    /// Every other data file (Parquet export, tombstones), with checksums.
    pub files: Vec<FileEntry>,
    /// Every contribution with documents in this version, with its provenance (GUIDE §6).
    /// A document's `source.contribution` is its key here.
    pub sources: BTreeMap<String, SourceEntry>,
    pub tombstones: TombstoneSummary,
    /// Set on versions cut by `padi takedown`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub takedown: Option<TakedownRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PadiBuild {
    pub version: String,
    /// Git commit padi was built from, or `unknown`.
    pub commit: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PipelineRecord {
    /// File name of the pipeline file (no directory, so it does not depend on the machine).
    pub file: String,
    /// sha256 (hex) of the fully resolved configuration, defaults included.
    pub config_sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// A new shard starts once the current one holds this many uncompressed bytes.
    pub shard_max_bytes: u64,
    pub compression_level: i32,
    /// Whether the Parquet export was written.
    pub parquet: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StageStatistics {
    pub stage: String,
    pub documents_in: u64,
    pub documents_out: u64,
    pub bytes_in: u64,
    pub bytes_out: u64,
    /// Dropped documents by reason code.
    pub dropped: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LanguageTotals {
    pub documents: u64,
    /// Unicode scalar values of text.
    pub characters: u64,
    /// UTF-8 bytes of text.
    pub bytes: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShardEntry {
    /// Path relative to the version directory (`data/<label>/part-00000.jsonl.zst`).
    pub path: String,
    pub label: String,
    /// sha256 (hex) of the file.
    pub sha256: String,
    /// Size of the file.
    pub bytes: u64,
    /// Uncompressed JSONL bytes.
    pub uncompressed_bytes: u64,
    pub documents: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
    /// Rows, for Parquet files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documents: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    pub documents: u64,
    /// `None` when the pipeline file states no provenance for this contribution: such data
    /// is flagged in the dataset card and must not be published.
    pub provenance: Option<Provenance>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TombstoneSummary {
    /// `tombstones.jsonl`, relative to the version directory.
    pub file: String,
    /// Tombstones in the file (carried forward from every earlier version).
    pub count: u64,
    /// Documents this release withheld because a tombstone names them.
    pub withheld: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TakedownRecord {
    pub reason: String,
    pub date: String,
    /// The contribution taken down, when the request named one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub documents_removed: u64,
}

/// The JSON Schema of `manifest.json` (`schemas/manifest.schema.json`).
pub fn manifest_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Manifest))
        .unwrap_or_else(|e| unreachable!("schema serializes: {e}"))
}

impl Manifest {
    /// Read `manifest.json` from a version directory.
    pub fn load(version_dir: &Path) -> Result<Manifest, DatasetError> {
        let path = version_dir.join("manifest.json");
        let text = std::fs::read(&path).map_err(DatasetError::io(&path))?;
        serde_json::from_slice(&text).map_err(|e| DatasetError::invalid(&path, e.to_string()))
    }
}
