//! Stages small enough to live with the engine.

use std::collections::BTreeMap;

use padi_core::{Document, DocumentFilter, DropReason, Verdict};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

/// `[[stage]] type = "length"`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LengthConfig {
    /// Fewest characters (Unicode scalar values) a document may have.
    #[serde(default)]
    pub min_chars: usize,
    /// Most characters a document may have.
    #[serde(default)]
    pub max_chars: Option<usize>,
}

/// Drops documents whose length in characters is outside `[min_chars, max_chars]`.
pub struct LengthFilter {
    config: LengthConfig,
}

impl LengthFilter {
    pub fn new(config: LengthConfig) -> Self {
        LengthFilter { config }
    }
}

impl DocumentFilter for LengthFilter {
    fn name(&self) -> &str {
        "length"
    }

    fn apply(&self, doc: Document, _counters: &mut BTreeMap<String, u64>) -> Verdict {
        let chars = doc.text.chars().count();
        if chars < self.config.min_chars {
            let detail = json!({"chars": chars, "min_chars": self.config.min_chars});
            return Verdict::drop(doc, DropReason::new("too_short").with_detail(detail));
        }
        match self.config.max_chars {
            Some(max) if chars > max => {
                let detail = json!({"chars": chars, "max_chars": max});
                Verdict::drop(doc, DropReason::new("too_long").with_detail(detail))
            }
            _ => Verdict::Keep(doc),
        }
    }
}
