use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use padi_core::Provenance;
use padi_dataset::Bump;
use padi_io::InputSpec;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::registry::StageConfig;

/// A pipeline file (`pipelines/*.toml`), as described by `schemas/pipeline.schema.json`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PipelineConfig {
    /// A name for reports. Defaults to the file name.
    #[serde(default)]
    pub name: Option<String>,
    /// Where documents come from, read in the order given.
    pub input: Vec<InputSpec>,
    /// Where results go.
    pub output: OutputConfig,
    #[serde(default)]
    pub limits: LimitsConfig,
    /// The stages, applied in order.
    #[serde(default)]
    pub stage: Vec<StageConfig>,
    /// Write the documents as a versioned dataset instead of `part-*` shards in the output.
    #[serde(default)]
    pub release: Option<ReleaseConfig>,
    /// Provenance of each contribution (`[provenance.<contribution-id>]`), copied into the
    /// dataset manifest (GUIDE §6).
    #[serde(default)]
    pub provenance: BTreeMap<String, Provenance>,
}

/// The `[release]` table: documents go to `<dir>/<name>/<version>/` (see `padi-dataset`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReleaseConfig {
    /// Dataset directory, relative to the pipeline file.
    pub dir: String,
    /// Dataset name. Defaults to the pipeline's name.
    #[serde(default)]
    pub name: Option<String>,
    /// An explicit version (MAJOR.MINOR.PATCH), higher than every existing one.
    #[serde(default)]
    pub version: Option<String>,
    /// Without `version`: bump the latest version by this (`major`, `minor`, `patch`); the
    /// first release is 1.0.0.
    #[serde(default = "default_bump")]
    pub bump: Bump,
    /// A new shard starts after this many uncompressed bytes.
    #[serde(default = "default_shard_bytes")]
    pub shard_max_bytes: u64,
    /// zstd level of the JSONL shards.
    #[serde(default = "default_level")]
    pub compression_level: i32,
    /// Also export Parquet in the Hugging Face layout.
    #[serde(default = "default_parquet")]
    pub parquet: bool,
}

fn default_bump() -> Bump {
    Bump::Minor
}
fn default_parquet() -> bool {
    true
}

/// The `[output]` table.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutputConfig {
    /// Output directory, relative to the pipeline file. Replaced as a whole when a run succeeds.
    pub path: String,
    /// A new shard starts after this many uncompressed bytes.
    #[serde(default = "default_shard_bytes")]
    pub shard_max_bytes: u64,
    /// zstd compression level for shards.
    #[serde(default = "default_level")]
    pub compression_level: i32,
    /// Also write the text of dropped documents (not only id, source and reason).
    #[serde(default)]
    pub write_dropped_text: bool,
}

/// The `[limits]` table.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LimitsConfig {
    /// Records larger than this are quarantined without being loaded whole.
    #[serde(default = "default_max_record")]
    pub max_record_bytes: u64,
    /// Documents per batch handed to the stages.
    #[serde(default = "default_batch_documents")]
    pub batch_documents: usize,
    /// Input bytes per batch handed to the stages.
    #[serde(default = "default_batch_bytes")]
    pub batch_bytes: usize,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        LimitsConfig {
            max_record_bytes: default_max_record(),
            batch_documents: default_batch_documents(),
            batch_bytes: default_batch_bytes(),
        }
    }
}

fn default_shard_bytes() -> u64 {
    256 * 1024 * 1024
}
fn default_level() -> i32 {
    3
}
fn default_max_record() -> u64 {
    16 * 1024 * 1024
}
fn default_batch_documents() -> usize {
    8192
}
fn default_batch_bytes() -> usize {
    16 * 1024 * 1024
}

/// A pipeline file that could not be used. The message names the file, the key and what was
/// expected.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read pipeline file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

impl PipelineConfig {
    /// Read and check a pipeline file.
    pub fn load(path: &Path) -> Result<PipelineConfig, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        PipelineConfig::parse(&text, path)
    }

    /// Parse pipeline TOML; `path` is used in messages only.
    pub fn parse(text: &str, path: &Path) -> Result<PipelineConfig, ConfigError> {
        let invalid = |message: String| ConfigError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        let config: PipelineConfig = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
        if config.input.is_empty() {
            return Err(invalid(
                "`input` is empty: add at least one [[input]] table with a `path`".into(),
            ));
        }
        let limits = &config.limits;
        if limits.batch_documents == 0 || limits.batch_bytes == 0 || limits.max_record_bytes == 0 {
            return Err(invalid(
                "[limits]: `batch_documents`, `batch_bytes` and `max_record_bytes` must be at least 1"
                    .into(),
            ));
        }
        if !(1..=22).contains(&config.output.compression_level) {
            return Err(invalid(format!(
                "[output] compression_level = {}: expected a zstd level from 1 to 22",
                config.output.compression_level
            )));
        }
        if let Some(release) = &config.release {
            if let Some(version) = &release.version {
                version
                    .parse::<padi_dataset::Version>()
                    .map_err(|e| invalid(format!("[release] version: {e}")))?;
            }
            if !(1..=22).contains(&release.compression_level) || release.shard_max_bytes == 0 {
                return Err(invalid(
                    "[release]: `compression_level` must be 1 to 22 and `shard_max_bytes` at least 1"
                        .into(),
                ));
            }
        }
        Ok(config)
    }

    /// The JSON Schema of pipeline files, generated from these types.
    pub fn json_schema() -> serde_json::Value {
        let schema = schemars::schema_for!(PipelineConfig);
        serde_json::to_value(schema).unwrap_or_else(|e| unreachable!("schema serializes: {e}"))
    }
}
