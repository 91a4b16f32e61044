//! Exact duplicate removal on the match key.

use std::collections::HashMap;

use padi_core::{Batch, DropReason, Dropped, Stage, StageError, StageOutput};
use rayon::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::json;
use xxhash_rust::xxh3::xxh3_128;

use crate::blob::BlobStore;
use crate::{DedupError, MatchKey};

/// Settings of the `exact_dedup` stage (`[[stage]] type = "exact_dedup"`); it has none yet,
/// the table exists so that pipeline files are checked for unknown keys.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ExactDedupConfig {}

/// The `exact_dedup` stage: drops a document whose match key equals that of an earlier
/// document (`exact_duplicate`, detail `{"duplicate_of": id}`), keeping the first in input
/// order. The engine feeds documents in a deterministic order (sources by priority, then
/// record order), so "first" is deterministic.
///
/// Keys are 128-bit xxh3 hashes of the match key (collision odds ~ n^2 / 2^129). Memory: a
/// hash table entry (32 bytes, plus table slack) and an 8-byte offset per distinct document;
/// the ids of first documents are kept on disk.
pub struct ExactDedup {
    match_key: MatchKey,
    first: HashMap<u128, u32>,
    ids: BlobStore,
}

impl ExactDedup {
    pub fn new(_config: &ExactDedupConfig, match_key: MatchKey) -> Self {
        ExactDedup {
            match_key,
            first: HashMap::new(),
            ids: BlobStore::new("exact_ids"),
        }
    }

    fn process_batch(&mut self, batch: Batch) -> Result<StageOutput, DedupError> {
        let key = &self.match_key;
        let hashes: Vec<u128> = batch
            .par_iter()
            .map(|doc| xxh3_128(key(&doc.text).as_bytes()))
            .collect();
        let mut out = StageOutput::default();
        let mut id = Vec::new();
        for (doc, hash) in batch.into_iter().zip(hashes) {
            match self.first.get(&hash) {
                Some(&first) => {
                    self.ids.get(first as usize, &mut id)?;
                    let reason = DropReason::new("exact_duplicate")
                        .with_detail(json!({ "duplicate_of": String::from_utf8_lossy(&id) }));
                    out.dropped.push(Dropped {
                        document: doc,
                        reason,
                    });
                }
                None => {
                    let number = u32::try_from(self.ids.len()).map_err(|_| {
                        DedupError::Config("exact dedup is full (2^32 documents)".into())
                    })?;
                    self.ids.push(doc.id.as_bytes())?;
                    self.first.insert(hash, number);
                    out.kept.push(doc);
                }
            }
        }
        if !out.dropped.is_empty() {
            out.counters
                .insert("exact_dedup_removed".into(), out.dropped.len() as u64);
        }
        Ok(out)
    }
}

impl Stage for ExactDedup {
    fn name(&self) -> &str {
        "exact_dedup"
    }

    fn process(&mut self, batch: Batch) -> Result<StageOutput, StageError> {
        self.process_batch(batch)
            .map_err(|e| e.into_stage_error("exact_dedup"))
    }
}
