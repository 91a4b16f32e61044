//! Near-duplicate removal with MinHash and LSH banding, streaming against a persistent index.

use std::path::PathBuf;

use padi_core::{Batch, DropReason, Dropped, Stage, StageError, StageOutput};
use rayon::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::index::{IndexParams, NearIndex};
use crate::minhash::{bottom_k, DocSketch, MinHashParams, MinHasher};
use crate::shingle::{mark_skeleton, shingles, ShingleMode, ShingleParams};
use crate::{DedupError, MatchKey};
use xxhash_rust::xxh3::xxh3_64;

/// Settings of the `near_dedup` stage (`[[stage]] type = "near_dedup"`).
///
/// A document is a near duplicate when it shares at least one LSH band with an earlier kept
/// document (a candidate) and the Jaccard similarity of their shingle sets, computed from
/// bottom-k sketches, is at least `threshold`. With the defaults (16 bands of 7 rows) a pair
/// at Jaccard 0.8 becomes a candidate with probability 0.98, a pair at 0.5 with probability
/// 0.12. The verification is exact for documents of at most `sketch_size` shingles (about
/// `sketch_size` words or characters) and has a standard error of about
/// `sqrt(J * (1 - J) / sketch_size)` beyond (0.025 at J = 0.8), much tighter than the
/// MinHash signature's own estimate (0.038 with 112 values). Two documents whose match keys
/// differ only in marks (Thai/Lao tone marks, Khmer and Burmese vowel signs, Vietnamese
/// tones) are never near duplicates, however similar: they are different words (unless
/// `mark_variants_distinct = false`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct NearDedupConfig {
    /// MinHash signature length (bins of the one-permutation hash); must equal
    /// `bands * rows`.
    pub num_perm: usize,
    /// LSH bands.
    pub bands: usize,
    /// Signature rows per band.
    pub rows: usize,
    /// Target Jaccard similarity of the shingle sets above which documents are duplicates.
    pub threshold: f64,
    /// Shingle hashes kept per document (bottom-k sketch, 4 bytes each, on disk) to verify
    /// candidates.
    pub sketch_size: usize,
    /// `auto` (character n-grams for Thai, Lao, Khmer, Burmese, Han, Kana; word n-grams
    /// otherwise), `word` or `char`.
    pub shingle: ShingleMode,
    /// Words per shingle for spaced text.
    pub word_ngram: usize,
    /// Code points per shingle for unspaced text.
    pub char_ngram: usize,
    /// Seed of the MinHash functions; an index only matches runs with the same seed.
    pub seed: u64,
    /// Documents whose match keys differ only in marks (tone marks, vowel signs, diacritics)
    /// are kept apart however similar (GUIDE §4: they are different words). Turn off to
    /// treat a one-mark typo fix in a long text as a near duplicate.
    pub mark_variants_distinct: bool,
    /// Index directory: loaded when it exists (documents are then deduplicated against it),
    /// and written with this run's kept documents added when the stage finishes.
    pub index: Option<PathBuf>,
}

impl Default for NearDedupConfig {
    fn default() -> Self {
        NearDedupConfig {
            num_perm: 112,
            bands: 16,
            rows: 7,
            threshold: 0.8,
            sketch_size: 256,
            shingle: ShingleMode::Auto,
            word_ngram: 5,
            char_ngram: 5,
            seed: 0x7061_6469_6464_7570,
            mark_variants_distinct: true,
            index: None,
        }
    }
}

impl NearDedupConfig {
    fn index_params(&self) -> Result<IndexParams, DedupError> {
        if self.num_perm == 0 || self.bands == 0 || self.rows == 0 {
            return Err(DedupError::Config(
                "num_perm, bands and rows must be positive".into(),
            ));
        }
        if self.bands * self.rows != self.num_perm {
            return Err(DedupError::Config(format!(
                "bands * rows = {} differs from num_perm = {}",
                self.bands * self.rows,
                self.num_perm
            )));
        }
        if !(0.0..=1.0).contains(&self.threshold) || self.sketch_size == 0 {
            return Err(DedupError::Config(
                "threshold must be in [0, 1] and sketch_size positive".into(),
            ));
        }
        Ok(IndexParams {
            num_perm: self.num_perm,
            bands: self.bands,
            rows: self.rows,
            seed: self.seed,
            sketch_size: self.sketch_size,
            shingle: ShingleParams {
                mode: self.shingle,
                word_ngram: self.word_ngram.max(1),
                char_ngram: self.char_ngram.max(1),
            },
        })
    }
}

/// Computes what [`NearDedup`] indexes for one text (band keys and bottom-k sketch).
pub struct NearSketcher {
    params: IndexParams,
    hasher: MinHasher,
    match_key: MatchKey,
}

impl NearSketcher {
    pub fn new(config: &NearDedupConfig, match_key: MatchKey) -> Result<Self, DedupError> {
        let params = config.index_params()?;
        let hasher = MinHasher::new(MinHashParams {
            num_perm: params.num_perm,
            bands: params.bands,
            rows: params.rows,
            seed: params.seed,
        });
        Ok(NearSketcher {
            params,
            hasher,
            match_key,
        })
    }

    /// The sketch of `text`'s shingle set, or `None` when it has no shingles (empty after
    /// the match key).
    pub fn sketch(&self, text: &str) -> Option<DocSketch> {
        let key = (self.match_key)(text);
        let set = shingles(&key, &self.params.shingle);
        (!set.is_empty()).then(|| DocSketch {
            band_keys: self.hasher.band_keys(&self.hasher.signature(&set)),
            text_hash: xxh3_64(key.as_bytes()),
            skeleton_hash: xxh3_64(mark_skeleton(&key).as_bytes()),
            bottom: bottom_k(&set, self.params.sketch_size),
        })
    }
}

/// The `near_dedup` stage.
///
/// Streaming: a document is dropped (`near_duplicate`, detail `{"duplicate_of": id,
/// "jaccard": estimate}`) when it matches an earlier *kept* document (of this run or of the
/// loaded index); otherwise it is kept and indexed. Clusters are therefore stars around the
/// first document of each cluster in input order, and no chain of pairwise matches can drop a
/// document unlike the one it is recorded as duplicating. Documents without shingles (empty
/// text) are kept and not indexed.
///
/// A kept document is passed downstream before its later duplicates arrive, so this stage
/// cannot write `dedup_cluster_size` on it; cluster sizes follow from the removal records
/// ([`crate::cluster_sizes`]), and [`crate::dedup_jsonl`] writes them on kept documents.
pub struct NearDedup {
    sketcher: NearSketcher,
    threshold: f64,
    mark_variants_distinct: bool,
    index: NearIndex,
    index_dir: Option<PathBuf>,
}

impl NearDedup {
    /// Builds the stage, loading `config.index` when that directory holds an index.
    pub fn new(config: &NearDedupConfig, match_key: MatchKey) -> Result<Self, DedupError> {
        let sketcher = NearSketcher::new(config, match_key)?;
        let index = match &config.index {
            Some(dir) if dir.join("meta.json").exists() => NearIndex::load(dir, sketcher.params)?,
            _ => NearIndex::new(sketcher.params),
        };
        Ok(NearDedup {
            threshold: config.threshold,
            mark_variants_distinct: config.mark_variants_distinct,
            sketcher,
            index,
            index_dir: config.index.clone(),
        })
    }

    /// The index built so far (loaded documents and this run's kept documents).
    pub fn index(&self) -> &NearIndex {
        &self.index
    }

    fn process_batch(&mut self, batch: Batch) -> Result<StageOutput, DedupError> {
        let sketcher = &self.sketcher;
        // Sketching dominates the cost and is independent per document; matching against
        // the index is sequential so that the outcome follows input order only.
        let sketches: Vec<Option<DocSketch>> = batch
            .par_iter()
            .map(|doc| sketcher.sketch(&doc.text))
            .collect();
        let mut out = StageOutput::default();
        for (doc, sketch) in batch.into_iter().zip(sketches) {
            let Some(sketch) = sketch else {
                *out.counters
                    .entry("near_dedup_no_shingles".into())
                    .or_insert(0) += 1;
                out.kept.push(doc);
                continue;
            };
            match self
                .index
                .best_match(&sketch, self.threshold, self.mark_variants_distinct)?
            {
                Some((original, estimate)) => {
                    let detail = json!({
                        "duplicate_of": self.index.id(original)?,
                        "jaccard": (estimate * 1000.0).round() / 1000.0,
                    });
                    *out.counters.entry("near_dedup_removed".into()).or_insert(0) += 1;
                    out.dropped.push(Dropped {
                        document: doc,
                        reason: DropReason::new("near_duplicate").with_detail(detail),
                    });
                }
                None => {
                    self.index.insert(&doc.id, &sketch)?;
                    out.kept.push(doc);
                }
            }
        }
        Ok(out)
    }
}

impl Stage for NearDedup {
    fn name(&self) -> &str {
        "near_dedup"
    }

    fn process(&mut self, batch: Batch) -> Result<StageOutput, StageError> {
        self.process_batch(batch)
            .map_err(|e| e.into_stage_error("near_dedup"))
    }

    /// Saves the index when the stage was given an index directory.
    fn finish(&mut self) -> Result<StageOutput, StageError> {
        let mut out = StageOutput::default();
        out.counters
            .insert("near_dedup_index_docs".into(), self.index.len() as u64);
        out.counters.insert(
            "near_dedup_index_ram_bytes".into(),
            self.index.memory_bytes() as u64,
        );
        if let Some(dir) = &self.index_dir {
            self.index
                .save(dir)
                .map_err(|e| e.into_stage_error("near_dedup"))?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_keys_are_checked_and_default() {
        let config: NearDedupConfig =
            serde_json::from_str(r#"{"threshold": 0.7, "shingle": "char", "index": "idx"}"#)
                .expect("config");
        assert_eq!(config.threshold, 0.7);
        assert_eq!(config.shingle, ShingleMode::Char);
        assert_eq!(config.num_perm, 112);
        assert_eq!(config.index, Some(PathBuf::from("idx")));
        assert!(serde_json::from_str::<NearDedupConfig>(r#"{"treshold": 0.7}"#).is_err());
        assert!(config.index_params().is_ok());
        let bad = NearDedupConfig {
            rows: 8,
            ..NearDedupConfig::default()
        };
        assert!(matches!(bad.index_params(), Err(DedupError::Config(_))));
    }
}
