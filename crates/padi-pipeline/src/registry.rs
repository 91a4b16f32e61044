//! The stages a pipeline file can name, and how each is built from its table.

use padi_core::{FilterStage, Stage};
use schemars::JsonSchema;
use serde::Deserialize;

use std::path::Path;
use std::sync::Arc;

use padi_dedup::{
    ExactDedup, ExactDedupConfig, LineDedup, LineDedupConfig, MatchKey, NearDedup, NearDedupConfig,
};
use padi_encoding::{MojibakeRepairConfig, MojibakeRepairFilter};
use padi_filter::{QualityConfig, QualityFilter};
use padi_lid::{LidConfig, LidStage};
use padi_normalize::{NormalizeConfig, NormalizeFilter};
use padi_pii::{PiiConfig, PiiFilter};

use crate::builtin::{LengthConfig, LengthFilter};

/// One `[[stage]]` table: `type` picks the stage, the other keys are its parameters.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
// `deny_unknown_fields` here only shapes the generated schema (`additionalProperties: false`
// per variant); the variants' own structs reject unknown keys when parsing.
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum StageConfig {
    /// Drop documents outside a range of lengths in characters.
    Length(LengthConfig),
    /// Repair mojibake: UTF-8 or legacy Vietnamese read as windows-1252, TIS-620 read as Latin-1.
    RepairMojibake(MojibakeRepairConfig),
    /// Zawgyi conversion, NFC, script repair, invisible characters and spaces.
    Normalize(NormalizeConfig),
    /// Replace personal data (e-mail, phones, IPs, cards, national ids) with placeholders.
    Pii(PiiConfig),
    /// Label each document's language (FLORES-style labels, calibrated confidence).
    Lid(LidConfig),
    /// Drop low-quality documents, with thresholds per language label.
    Quality(Box<QualityConfig>),
    /// Drop documents whose match key equals an earlier document's.
    ExactDedup(ExactDedupConfig),
    /// Remove lines (or paragraphs) repeated across many documents.
    LineDedup(LineDedupConfig),
    /// Drop near-duplicates (MinHash + LSH), optionally against a persisted index.
    NearDedup(NearDedupConfig),
}

/// A stage that could not be built (a model that will not load, an index that cannot be opened).
#[derive(Debug, thiserror::Error)]
#[error("[[stage]] #{index} (type = \"{kind}\"): {message}")]
pub struct BuildError {
    pub index: usize,
    pub kind: &'static str,
    pub message: String,
}

impl StageConfig {
    /// The `type` name as written in pipeline files.
    pub fn kind(&self) -> &'static str {
        match self {
            StageConfig::Length(_) => "length",
            StageConfig::RepairMojibake(_) => "repair_mojibake",
            StageConfig::Normalize(_) => "normalize",
            StageConfig::Pii(_) => "pii",
            StageConfig::Lid(_) => "lid",
            StageConfig::Quality(_) => "quality",
            StageConfig::ExactDedup(_) => "exact_dedup",
            StageConfig::LineDedup(_) => "line_dedup",
            StageConfig::NearDedup(_) => "near_dedup",
        }
    }

    /// Build the stage; `index` is its 1-based position, for messages. Relative paths in the
    /// stage's settings are relative to `base_dir` (the pipeline file's directory).
    pub fn build(&self, index: usize, base_dir: &Path) -> Result<Box<dyn Stage>, BuildError> {
        let error = |message: String| BuildError {
            index,
            kind: self.kind(),
            message,
        };
        Ok(match self {
            StageConfig::Length(c) => Box::new(FilterStage(LengthFilter::new(c.clone()))),
            StageConfig::RepairMojibake(c) => {
                Box::new(FilterStage(MojibakeRepairFilter::new(c.clone())))
            }
            StageConfig::Normalize(c) => {
                c.zawgyi.validate().map_err(|e| error(e.to_string()))?;
                Box::new(FilterStage(NormalizeFilter::new(c.clone())))
            }
            StageConfig::Pii(c) => Box::new(FilterStage(
                PiiFilter::new(c).map_err(|e| error(e.to_string()))?,
            )),
            StageConfig::Lid(c) => {
                Box::new(LidStage::with_default_model(c.clone()).map_err(|e| error(e.message))?)
            }
            StageConfig::Quality(c) => Box::new(FilterStage(QualityFilter::new(c))),
            StageConfig::ExactDedup(c) => Box::new(ExactDedup::new(c, dedup_key())),
            StageConfig::LineDedup(c) => Box::new(LineDedup::new(c, dedup_key())),
            StageConfig::NearDedup(c) => {
                let mut c = c.clone();
                c.index = c.index.map(|dir| base_dir.join(dir));
                Box::new(NearDedup::new(&c, dedup_key()).map_err(|e| error(e.to_string()))?)
            }
        })
    }
}

/// Dedup stages compare normalization's match key, never the stored text.
pub fn dedup_key() -> MatchKey {
    Arc::new(|text: &str| padi_normalize::match_key(text))
}
