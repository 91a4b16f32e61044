//! The near-duplicate index: LSH band tables in RAM, verification sketches and document ids
//! on disk, persisted to a directory so later runs dedup against it.
//!
//! # On-disk format, version 1
//!
//! An index is a directory of these files. Integers are little-endian.
//!
//! | file | content |
//! |---|---|
//! | `meta.json` | `{"format": "padi-dedup-index", "version": 1, "docs": N, "params": {...}}`; `params` holds `num_perm`, `bands`, `rows`, `seed`, `sketch_size` and `shingle` (`mode`, `word_ngram`, `char_ngram`). A reader refuses another `version` or other `params`. |
//! | `bands.bin` | for each band `0..bands`: `u64` entry count, then that many `u64` entries sorted ascending; an entry is `band_key << 32 \| doc` (`band_key`: 32-bit xxh3 of the band's `rows` MinHash values; `doc`: document number `0..N`). |
//! | `sketches.bin` | per document, concatenated: `u64` xxh3 of the match key, `u64` xxh3 of the match key without marks (NFD, General_Category=Mark removed), then its bottom-k sketch: up to `sketch_size` `u32` (high 32 bits of the smallest shingle hashes), ascending. |
//! | `sketches_offsets.bin` | `N + 1` `u64` byte offsets into `sketches.bin`: document `d` is `[off[d], off[d+1])`. |
//! | `ids.bin` | the document ids, UTF-8, concatenated. |
//! | `ids_offsets.bin` | `N + 1` `u64` byte offsets into `ids.bin`. |
//!
//! Only kept (unique) documents are indexed. The match-key function is not recorded: an index
//! must be used with the normalization that built it.
//!
//! # Memory
//!
//! RAM per indexed document: `8 * bands` bytes of band entries plus two 8-byte offsets
//! (144 bytes with 16 bands), whatever the id or text length. Sketches and ids stay on disk
//! (a temporary file for this run's documents) and are read only for LSH candidates, which
//! are rare. [`NearIndex::memory_bytes`] measures it; the band tables are the only part that
//! must be searched for every document, and they are split by band, so they can be
//! partitioned further by key prefix if needed.

use std::fs::File;
use std::io::{BufReader, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::blob::{corrupt, read_u64, write_file, BlobStore};
use crate::minhash::{estimate_jaccard, DocSketch};
use crate::shingle::ShingleParams;
use crate::DedupError;

/// Version of the on-disk format described in this module's documentation.
pub const INDEX_FORMAT_VERSION: u32 = 1;
const FORMAT_NAME: &str = "padi-dedup-index";

/// Everything that decides a document's band keys and sketch; an index only makes sense with
/// the parameters that built it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexParams {
    pub num_perm: usize,
    pub bands: usize,
    pub rows: usize,
    pub seed: u64,
    pub sketch_size: usize,
    pub shingle: ShingleParams,
}

#[derive(Debug, Serialize, Deserialize)]
struct Meta {
    format: String,
    version: u32,
    docs: u64,
    params: IndexParams,
}

/// Entries of one LSH band: sorted runs merged like a binary counter (a run is merged into
/// its predecessor when they are the same size), so inserts are amortised O(log n), lookups
/// are a binary search per run, and memory is 8 bytes per entry plus one merge buffer.
#[derive(Debug, Default)]
struct BandTable {
    runs: Vec<Vec<u64>>,
    /// Newest entries, kept sorted; becomes a run when full.
    pending: Vec<u64>,
}

const PENDING_CAPACITY: usize = 1024;

impl BandTable {
    fn insert(&mut self, entry: u64) {
        let at = self.pending.partition_point(|&e| e < entry);
        self.pending.insert(at, entry);
        if self.pending.len() >= PENDING_CAPACITY {
            self.runs.push(std::mem::take(&mut self.pending));
            while self.runs.len() >= 2
                && self.runs[self.runs.len() - 2].len() <= self.runs[self.runs.len() - 1].len()
            {
                let newer = self.runs.pop().unwrap_or_default();
                let older = self.runs.pop().unwrap_or_default();
                self.runs.push(merge_sorted(&older, &newer));
            }
        }
    }

    /// Calls `found` with every document filed under `key`.
    fn for_each_doc(&self, key: u32, mut found: impl FnMut(u32)) {
        let lo = u64::from(key) << 32;
        for run in self.runs.iter().chain(std::iter::once(&self.pending)) {
            let start = lower_bound(run, lo);
            for &e in run[start..]
                .iter()
                .take_while(|&&e| e >> 32 == u64::from(key))
            {
                found(e as u32);
            }
        }
    }

    fn sorted_entries(&self) -> Vec<u64> {
        self.runs
            .iter()
            .chain(std::iter::once(&self.pending))
            .fold(Vec::new(), |acc, run| merge_sorted(&acc, run))
    }

    fn memory_bytes(&self) -> usize {
        8 * (self.pending.capacity() + self.runs.iter().map(Vec::capacity).sum::<usize>())
    }
}

/// First position in sorted `run` whose entry is `>= target`. Band keys are uniform hashes,
/// so the position is first guessed by interpolation, then found by galloping outwards
/// and a binary search: a few cache lines per lookup instead of ~log2(n) misses.
fn lower_bound(run: &[u64], target: u64) -> usize {
    if run.is_empty() {
        return 0;
    }
    let guess = ((u128::from(target) * run.len() as u128) >> 64) as usize;
    let guess = guess.min(run.len() - 1);
    let (mut lo, mut hi) = if run[guess] < target {
        // Answer is after `guess`: gallop right.
        let mut step = 1;
        let mut lo = guess + 1;
        while lo + step < run.len() && run[lo + step] < target {
            lo += step;
            step *= 2;
        }
        (lo, (lo + step + 1).min(run.len()))
    } else {
        // Answer is at or before `guess`: gallop left.
        let mut step = 1;
        let mut hi = guess;
        while hi >= step && run[hi - step] >= target {
            hi -= step;
            step *= 2;
        }
        (hi.saturating_sub(step), hi)
    };
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if run[mid] < target {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

fn merge_sorted(a: &[u64], b: &[u64]) -> Vec<u64> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i] <= b[j] {
            out.push(a[i]);
            i += 1;
        } else {
            out.push(b[j]);
            j += 1;
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// A near-duplicate index: find the best earlier document for a sketch, add documents, save.
#[derive(Debug)]
pub struct NearIndex {
    params: IndexParams,
    bands: Vec<BandTable>,
    sketches: BlobStore,
    ids: BlobStore,
}

impl NearIndex {
    pub fn new(params: IndexParams) -> Self {
        NearIndex {
            params,
            bands: (0..params.bands).map(|_| BandTable::default()).collect(),
            sketches: BlobStore::new("sketches"),
            ids: BlobStore::new("ids"),
        }
    }

    /// Number of indexed documents (loaded and added).
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The indexed document most similar to `sketch` among those sharing a band with it,
    /// if its estimated Jaccard is at least `accept`: `(doc, estimate)`. Ties go to the
    /// earlier document, so the answer does not depend on lookup order. With
    /// `mark_variants_distinct`, documents that differ from `sketch` only in marks are
    /// never a match.
    pub fn best_match(
        &self,
        sketch: &DocSketch,
        accept: f64,
        mark_variants_distinct: bool,
    ) -> Result<Option<(u32, f64)>, DedupError> {
        let mut candidates = Vec::new();
        for (table, &key) in self.bands.iter().zip(&sketch.band_keys) {
            table.for_each_doc(key, |doc| candidates.push(doc));
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut best: Option<(u32, f64)> = None;
        let mut bytes = Vec::new();
        for doc in candidates {
            self.sketches.get(doc as usize, &mut bytes)?;
            let other = DocSketch::from_verification_bytes(&bytes)
                .ok_or_else(|| corrupt(Path::new("sketches.bin"), "malformed sketch"))?;
            if mark_variants_distinct && sketch.differs_only_in_marks(&other) {
                continue;
            }
            let est = estimate_jaccard(&sketch.bottom, &other.bottom, self.params.sketch_size);
            let better = match best {
                Some((_, b)) => est > b,
                None => true,
            };
            if est >= accept && better {
                best = Some((doc, est));
            }
        }
        Ok(best)
    }

    /// Adds a document; returns its number.
    pub fn insert(&mut self, id: &str, sketch: &DocSketch) -> Result<u32, DedupError> {
        let doc = u32::try_from(self.len())
            .map_err(|_| DedupError::Config("near-dup index is full (2^32 documents)".into()))?;
        for (table, &key) in self.bands.iter_mut().zip(&sketch.band_keys) {
            table.insert((u64::from(key) << 32) | u64::from(doc));
        }
        self.sketches.push(&sketch.verification_bytes())?;
        self.ids.push(id.as_bytes())?;
        Ok(doc)
    }

    /// The id of an indexed document.
    pub fn id(&self, doc: u32) -> Result<String, DedupError> {
        let mut bytes = Vec::new();
        self.ids.get(doc as usize, &mut bytes)?;
        String::from_utf8(bytes).map_err(|_| corrupt(Path::new("ids.bin"), "id is not UTF-8"))
    }

    /// Bytes of RAM held by the index (band tables, blob offsets and write buffers).
    pub fn memory_bytes(&self) -> usize {
        self.bands
            .iter()
            .map(BandTable::memory_bytes)
            .sum::<usize>()
            + self.sketches.memory_bytes()
            + self.ids.memory_bytes()
    }

    /// Loads an index directory written by [`NearIndex::save`], checking its version and
    /// that it was built with `params`.
    pub fn load(dir: &Path, params: IndexParams) -> Result<Self, DedupError> {
        let meta_path = dir.join("meta.json");
        let meta_text =
            std::fs::read_to_string(&meta_path).map_err(|e| DedupError::io(&meta_path, e))?;
        let raw: serde_json::Value = serde_json::from_str(&meta_text)
            .map_err(|e| corrupt(&meta_path, &format!("not JSON: {e}")))?;
        if raw.get("format").and_then(|f| f.as_str()) != Some(FORMAT_NAME) {
            return Err(corrupt(&meta_path, "not a padi dedup index"));
        }
        // Check the version before the rest, which a later version may have changed.
        let version = raw.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
        if version != u64::from(INDEX_FORMAT_VERSION) {
            return Err(DedupError::IndexVersion {
                path: meta_path,
                found: u32::try_from(version).unwrap_or(u32::MAX),
                expected: INDEX_FORMAT_VERSION,
            });
        }
        let meta: Meta =
            serde_json::from_value(raw).map_err(|e| corrupt(&meta_path, &e.to_string()))?;
        if meta.params != params {
            return Err(DedupError::IndexParams {
                path: meta_path,
                message: format!("index {:?}, run {:?}", meta.params, params),
            });
        }
        let docs = meta.docs;
        let mut index = NearIndex::new(params);
        let bands_path = dir.join("bands.bin");
        let mut reader =
            BufReader::new(File::open(&bands_path).map_err(|e| DedupError::io(&bands_path, e))?);
        for table in &mut index.bands {
            let count = read_u64(&mut reader, &bands_path)?;
            if count > docs {
                return Err(corrupt(&bands_path, "band has more entries than documents"));
            }
            let mut run = Vec::with_capacity(count as usize);
            for _ in 0..count {
                run.push(read_u64(&mut reader, &bands_path)?);
            }
            let in_range = run.iter().all(|&e| u64::from(e as u32) < docs);
            if !in_range || run.windows(2).any(|w| w[0] > w[1]) {
                return Err(corrupt(
                    &bands_path,
                    "band entries unsorted or out of range",
                ));
            }
            table.runs.push(run);
        }
        index.sketches = BlobStore::load(dir, "sketches", docs)?;
        index.ids = BlobStore::load(dir, "ids", docs)?;
        Ok(index)
    }

    /// Writes the index (loaded documents and those added since) to `dir`, creating it.
    /// Files are written under temporary names and renamed, `meta.json` last, so `dir` may
    /// be the directory the index was loaded from.
    pub fn save(&self, dir: &Path) -> Result<(), DedupError> {
        std::fs::create_dir_all(dir).map_err(|e| DedupError::io(dir, e))?;
        write_file(dir, "bands.bin", |w| {
            for table in &self.bands {
                let entries = table.sorted_entries();
                w.write_all(&(entries.len() as u64).to_le_bytes())?;
                for e in entries {
                    w.write_all(&e.to_le_bytes())?;
                }
            }
            Ok(())
        })?;
        self.sketches.save(dir)?;
        self.ids.save(dir)?;
        let meta = Meta {
            format: FORMAT_NAME.to_string(),
            version: INDEX_FORMAT_VERSION,
            docs: self.len() as u64,
            params: self.params,
        };
        let text = serde_json::to_string_pretty(&meta)
            .map_err(|e| DedupError::Config(format!("cannot serialize index metadata: {e}")))?;
        write_file(dir, "meta.json", |w| w.write_all(text.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_table_finds_every_entry_across_merged_runs() {
        let mut table = BandTable::default();
        let n = 3 * PENDING_CAPACITY as u64 + 17;
        for doc in 0..n {
            table.insert(((doc % 1000) << 32) | doc);
        }
        assert!(
            table.runs.len() <= 3,
            "runs are merged: {}",
            table.runs.len()
        );
        let mut found = Vec::new();
        table.for_each_doc(7, |d| found.push(d));
        found.sort_unstable();
        let expected: Vec<u32> = (0..n).filter(|d| d % 1000 == 7).map(|d| d as u32).collect();
        assert_eq!(found, expected);
        let all = table.sorted_entries();
        assert_eq!(all.len() as u64, n);
        assert!(all.windows(2).all(|w| w[0] <= w[1]));
    }

    proptest::proptest! {
        #[test]
        fn lower_bound_matches_partition_point(
            mut run in proptest::collection::vec(proptest::prelude::any::<u64>(), 0..300),
            small in proptest::collection::vec(0u64..50, 0..50),
            target in proptest::prelude::any::<u64>(),
        ) {
            run.sort_unstable();
            proptest::prop_assert_eq!(lower_bound(&run, target), run.partition_point(|&e| e < target));
            for &t in &run {
                proptest::prop_assert_eq!(lower_bound(&run, t), run.partition_point(|&e| e < t));
            }
            let mut small = small;
            small.sort_unstable();
            for t in 0..52 {
                proptest::prop_assert_eq!(lower_bound(&small, t), small.partition_point(|&e| e < t));
            }
        }
    }
}
