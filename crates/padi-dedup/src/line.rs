//! Removal of lines that repeat across many documents (navigation, cookie banners, footers).

use std::collections::HashMap;

use padi_core::{Batch, DropReason, Dropped, Stage, StageError, StageOutput};
use rayon::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::json;
use xxhash_rust::xxh3::xxh3_64;

use crate::MatchKey;

/// Settings of the `line_dedup` stage (`[[stage]] type = "line_dedup"`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct LineDedupConfig {
    /// A line is removed from a document once it has occurred in this many earlier
    /// documents, so its first `min_docs` occurrences are kept.
    pub min_docs: u32,
    /// Lines shorter than this (in characters of the match key, trimmed) are never removed
    /// and not counted; blank lines are always left alone.
    pub min_line_chars: usize,
    /// At most this many distinct lines are counted (16 bytes of hash table each, plus
    /// table slack); lines first seen after the table is full are never removed. Bounds memory
    /// while staying deterministic.
    pub max_tracked_lines: usize,
    /// What is compared: `line` (each line) or `paragraph` (text up to and including a
    /// blank line).
    pub unit: LineUnit,
}

/// The unit [`LineDedup`] counts and removes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LineUnit {
    #[default]
    Line,
    Paragraph,
}

impl LineUnit {
    /// The units of `text`, each with its trailing separator, so that concatenating the
    /// kept units restores the original layout.
    fn split(self, text: &str) -> Vec<&str> {
        match self {
            LineUnit::Line => text.split_inclusive('\n').collect(),
            LineUnit::Paragraph => text.split_inclusive("\n\n").collect(),
        }
    }
}

impl Default for LineDedupConfig {
    fn default() -> Self {
        LineDedupConfig {
            min_docs: 5,
            min_line_chars: 1,
            max_tracked_lines: 8_000_000,
            unit: LineUnit::Line,
        }
    }
}

/// The `line_dedup` stage.
///
/// Streaming, one pass: documents are visited in input order; a line (compared by the
/// 64-bit hash of its trimmed match key) is removed from a document when it occurred in at
/// least `min_docs` earlier documents. Each document counts once per distinct line. Line
/// endings of the remaining lines are kept as they were. A document left with only blank
/// lines is dropped (`boilerplate_only`, detail `{"lines_removed": n}`). Counters:
/// `line_dedup_lines_removed`, `line_dedup_docs_changed`.
pub struct LineDedup {
    config: LineDedupConfig,
    match_key: MatchKey,
    docs_with_line: HashMap<u64, u32>,
}

impl LineDedup {
    pub fn new(config: &LineDedupConfig, match_key: MatchKey) -> Self {
        LineDedup {
            config: config.clone(),
            match_key,
            docs_with_line: HashMap::new(),
        }
    }

    /// Hash of each line of `text` (`None`: too short to count).
    fn line_hashes(&self, text: &str) -> Vec<Option<u64>> {
        self.config
            .unit
            .split(text)
            .into_iter()
            .map(|line| {
                let key = (self.match_key)(line);
                let key = key.trim();
                (key.chars().count() >= self.config.min_line_chars.max(1))
                    .then(|| xxh3_64(key.as_bytes()))
            })
            .collect()
    }
}

impl Stage for LineDedup {
    fn name(&self) -> &str {
        "line_dedup"
    }

    fn process(&mut self, batch: Batch) -> Result<StageOutput, StageError> {
        let hashes: Vec<Vec<Option<u64>>> = {
            let this = &*self;
            batch
                .par_iter()
                .map(|doc| this.line_hashes(&doc.text))
                .collect()
        };
        let mut out = StageOutput::default();
        let (mut lines_removed, mut docs_changed) = (0u64, 0u64);
        for (mut doc, line_hashes) in batch.into_iter().zip(hashes) {
            let remove: Vec<bool> = line_hashes
                .iter()
                .map(|h| {
                    h.and_then(|h| self.docs_with_line.get(&h))
                        .is_some_and(|&seen| seen >= self.config.min_docs)
                })
                .collect();
            let mut distinct: Vec<u64> = line_hashes.iter().flatten().copied().collect();
            distinct.sort_unstable();
            distinct.dedup();
            for h in distinct {
                if let Some(count) = self.docs_with_line.get_mut(&h) {
                    *count = count.saturating_add(1);
                } else if self.docs_with_line.len() < self.config.max_tracked_lines {
                    self.docs_with_line.insert(h, 1);
                }
            }
            let removed = remove.iter().filter(|&&r| r).count() as u64;
            if removed == 0 {
                out.kept.push(doc);
                continue;
            }
            lines_removed += removed;
            docs_changed += 1;
            doc.text = self
                .config
                .unit
                .split(&doc.text)
                .into_iter()
                .zip(&remove)
                .filter(|(_, &r)| !r)
                .map(|(line, _)| line)
                .collect();
            if doc.text.trim().is_empty() {
                let reason = DropReason::new("boilerplate_only")
                    .with_detail(json!({ "lines_removed": removed }));
                out.dropped.push(Dropped {
                    document: doc,
                    reason,
                });
            } else {
                out.kept.push(doc);
            }
        }
        out.counters
            .insert("line_dedup_lines_removed".into(), lines_removed);
        out.counters
            .insert("line_dedup_docs_changed".into(), docs_changed);
        Ok(out)
    }
}
