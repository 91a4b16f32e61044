//! The near-duplicate index: LSH band tables, verification sketches and document ids, kept
//! compact in memory and persisted to a directory so later runs dedup against it.
//!
//! # On-disk format, version 1
//!
//! An index is a directory with five files. Integers are little-endian.
//!
//! | file | content |
//! |---|---|
//! | `meta.json` | `{"format": "padi-dedup-index", "version": 1, "docs": N, "params": {...}}`; `params` holds `num_perm`, `bands`, `rows`, `seed` and `shingle` (`mode`, `word_ngram`, `char_ngram`). A reader refuses another `version` or other `params`. |
//! | `bands.bin` | for each band `0..bands`: `u64` entry count, then that many `u64` entries sorted ascending; an entry is `band_key << 32 \| doc` (`band_key`: 32-bit hash of the band's `rows` signature values; `doc`: document number `0..N`). |
//! | `sketches.bin` | `N` records of `ceil(num_perm / 2)` bytes: the low 4 bits of each MinHash value, value `2k` in the low nibble of byte `k`. |
//! | `ids.bin` | the document ids, UTF-8, concatenated. |
//! | `id_offsets.bin` | `N + 1` `u64` byte offsets into `ids.bin`; id `d` is `ids.bin[off[d]..off[d+1]]`. |
//!
//! Only kept (unique) documents are indexed. The match-key function is not recorded: an index
//! must be used with the same normalization that built it.
//!
//! # Memory
//!
//! In RAM each document costs `8 * bands` bytes of band entries plus `ceil(num_perm / 2)` bytes
//! of sketch (112 + 56 = 168 bytes with the defaults), plus, for documents added in this run,
//! its id bytes and an 8-byte offset. Ids of documents loaded from disk stay on disk and are
//! read only when a duplicate of them is found. [`NearIndex::memory_bytes`] measures it.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

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

const PENDING_CAPACITY: usize = 4096;

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
            let start = run.partition_point(|&e| e < lo);
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

/// Ids of documents loaded from an index directory, read from disk on demand.
#[derive(Debug)]
struct StoredIds {
    dir: PathBuf,
    offsets: File,
    ids: File,
    count: u64,
}

impl StoredIds {
    fn get(&self, doc: u64) -> Result<String, DedupError> {
        let offsets_path = self.dir.join("id_offsets.bin");
        let ids_path = self.dir.join("ids.bin");
        let mut pair = [0u8; 16];
        (&self.offsets)
            .seek(SeekFrom::Start(doc * 8))
            .and_then(|_| (&self.offsets).read_exact(&mut pair))
            .map_err(|e| DedupError::io(&offsets_path, e))?;
        let start = u64::from_le_bytes(pair[..8].try_into().unwrap_or_default());
        let end = u64::from_le_bytes(pair[8..].try_into().unwrap_or_default());
        let len = end
            .checked_sub(start)
            .filter(|&len| len <= 1 << 20)
            .ok_or_else(|| corrupt(&offsets_path, "id offsets are not increasing"))?;
        let mut bytes = vec![0u8; len as usize];
        (&self.ids)
            .seek(SeekFrom::Start(start))
            .and_then(|_| (&self.ids).read_exact(&mut bytes))
            .map_err(|e| DedupError::io(&ids_path, e))?;
        String::from_utf8(bytes).map_err(|_| corrupt(&ids_path, "id is not UTF-8"))
    }
}

fn corrupt(path: &Path, message: &str) -> DedupError {
    DedupError::IndexCorrupt {
        path: path.to_path_buf(),
        message: message.to_string(),
    }
}

/// A near-duplicate index: find the best earlier document for a sketch, add documents, save.
#[derive(Debug)]
pub struct NearIndex {
    params: IndexParams,
    bands: Vec<BandTable>,
    /// `sketch_len` bytes per document, in document order.
    nibbles: Vec<u8>,
    stored_ids: Option<StoredIds>,
    /// Ids of documents added in this run, concatenated; `new_id_ends[k]` ends the k-th.
    new_ids: String,
    new_id_ends: Vec<u64>,
}

impl NearIndex {
    pub fn new(params: IndexParams) -> Self {
        NearIndex {
            params,
            bands: (0..params.bands).map(|_| BandTable::default()).collect(),
            nibbles: Vec::new(),
            stored_ids: None,
            new_ids: String::new(),
            new_id_ends: Vec::new(),
        }
    }

    fn sketch_len(&self) -> usize {
        self.params.num_perm.div_ceil(2)
    }

    /// Number of indexed documents (loaded and added).
    pub fn len(&self) -> usize {
        self.nibbles.len() / self.sketch_len().max(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn stored_count(&self) -> u64 {
        self.stored_ids.as_ref().map_or(0, |s| s.count)
    }

    /// The indexed document most similar to `sketch` among those sharing a band with it,
    /// if its estimated Jaccard is at least `accept`: `(doc, estimate)`. Ties go to the
    /// earlier document, so the answer does not depend on lookup order.
    pub fn best_match(&self, sketch: &DocSketch, accept: f64) -> Option<(u32, f64)> {
        let mut candidates = Vec::new();
        for (table, &key) in self.bands.iter().zip(&sketch.band_keys) {
            table.for_each_doc(key, |doc| candidates.push(doc));
        }
        candidates.sort_unstable();
        candidates.dedup();
        let len = self.sketch_len();
        let mut best: Option<(u32, f64)> = None;
        for doc in candidates {
            let start = doc as usize * len;
            let Some(other) = self.nibbles.get(start..start + len) else {
                continue;
            };
            let est = estimate_jaccard(&sketch.nibbles, other, self.params.num_perm);
            let better = match best {
                Some((_, b)) => est > b,
                None => true,
            };
            if est >= accept && better {
                best = Some((doc, est));
            }
        }
        best
    }

    /// Adds a document; returns its number.
    pub fn insert(&mut self, id: &str, sketch: &DocSketch) -> Result<u32, DedupError> {
        let doc = u32::try_from(self.len())
            .map_err(|_| DedupError::Config("near-dup index is full (2^32 documents)".into()))?;
        for (table, &key) in self.bands.iter_mut().zip(&sketch.band_keys) {
            table.insert((u64::from(key) << 32) | u64::from(doc));
        }
        self.nibbles.extend_from_slice(&sketch.nibbles);
        self.new_ids.push_str(id);
        self.new_id_ends.push(self.new_ids.len() as u64);
        Ok(doc)
    }

    /// The id of an indexed document.
    pub fn id(&self, doc: u32) -> Result<String, DedupError> {
        let doc = u64::from(doc);
        let stored = self.stored_count();
        match &self.stored_ids {
            Some(ids) if doc < stored => ids.get(doc),
            _ => {
                let k = (doc - stored) as usize;
                let start = if k == 0 {
                    0
                } else {
                    self.new_id_ends[k - 1] as usize
                };
                let end = self.new_id_ends[k] as usize;
                Ok(self.new_ids[start..end].to_string())
            }
        }
    }

    /// Bytes of RAM held by the index (band tables, sketches, ids added in this run).
    pub fn memory_bytes(&self) -> usize {
        self.bands
            .iter()
            .map(BandTable::memory_bytes)
            .sum::<usize>()
            + self.nibbles.capacity()
            + self.new_ids.capacity()
            + 8 * self.new_id_ends.capacity()
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
            if run.windows(2).any(|w| w[0] > w[1]) || run.iter().any(|&e| (e as u32) as u64 >= docs)
            {
                return Err(corrupt(
                    &bands_path,
                    "band entries unsorted or out of range",
                ));
            }
            table.runs.push(run);
        }

        let sketches_path = dir.join("sketches.bin");
        index.nibbles =
            std::fs::read(&sketches_path).map_err(|e| DedupError::io(&sketches_path, e))?;
        if index.nibbles.len() as u64 != docs * index.sketch_len() as u64 {
            return Err(corrupt(
                &sketches_path,
                "size does not match the document count",
            ));
        }

        let offsets_path = dir.join("id_offsets.bin");
        let ids_path = dir.join("ids.bin");
        let offsets = File::open(&offsets_path).map_err(|e| DedupError::io(&offsets_path, e))?;
        let ids = File::open(&ids_path).map_err(|e| DedupError::io(&ids_path, e))?;
        let offsets_len = offsets
            .metadata()
            .map_err(|e| DedupError::io(&offsets_path, e))?
            .len();
        if offsets_len != (docs + 1) * 8 {
            return Err(corrupt(
                &offsets_path,
                "size does not match the document count",
            ));
        }
        index.stored_ids = Some(StoredIds {
            dir: dir.to_path_buf(),
            offsets,
            ids,
            count: docs,
        });
        Ok(index)
    }

    /// Writes the index (loaded documents and those added since) to `dir`, creating it.
    /// Files are written under temporary names and renamed, so `dir` may be the directory
    /// the index was loaded from.
    pub fn save(&self, dir: &Path) -> Result<(), DedupError> {
        std::fs::create_dir_all(dir).map_err(|e| DedupError::io(dir, e))?;
        let docs = self.len() as u64;

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
        write_file(dir, "sketches.bin", |w| w.write_all(&self.nibbles))?;

        // Ids: the stored ones are copied through, then this run's are appended.
        let mut copied = 0u64;
        write_file(dir, "ids.bin", |w| {
            if let Some(stored) = &self.stored_ids {
                let mut ids = &stored.ids;
                ids.seek(SeekFrom::Start(0))?;
                copied = std::io::copy(&mut ids, w)?;
            }
            w.write_all(self.new_ids.as_bytes())
        })?;
        write_file(dir, "id_offsets.bin", |w| {
            if let Some(stored) = &self.stored_ids {
                let mut offsets = BufReader::new(&stored.offsets);
                offsets.seek(SeekFrom::Start(0))?;
                std::io::copy(&mut offsets.take((stored.count + 1) * 8), w)?;
            } else {
                w.write_all(&0u64.to_le_bytes())?;
            }
            for &end in &self.new_id_ends {
                w.write_all(&(copied + end).to_le_bytes())?;
            }
            Ok(())
        })?;

        let meta = Meta {
            format: FORMAT_NAME.to_string(),
            version: INDEX_FORMAT_VERSION,
            docs,
            params: self.params,
        };
        let text = serde_json::to_string_pretty(&meta)
            .map_err(|e| DedupError::Config(format!("cannot serialize index metadata: {e}")))?;
        write_file(dir, "meta.json", |w| w.write_all(text.as_bytes()))?;
        Ok(())
    }
}

fn read_u64(reader: &mut impl Read, path: &Path) -> Result<u64, DedupError> {
    let mut buf = [0u8; 8];
    reader.read_exact(&mut buf).map_err(|e| {
        if e.kind() == std::io::ErrorKind::UnexpectedEof {
            corrupt(path, "file is truncated")
        } else {
            DedupError::io(path, e)
        }
    })?;
    Ok(u64::from_le_bytes(buf))
}

/// Writes `dir/name` through a temporary file renamed into place once complete.
fn write_file(
    dir: &Path,
    name: &str,
    fill: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> Result<(), DedupError> {
    let path = dir.join(name);
    let tmp = dir.join(format!("{name}.tmp"));
    let result = File::create(&tmp).and_then(|file| {
        let mut writer = BufWriter::new(file);
        fill(&mut writer)?;
        writer.into_inner().map_err(|e| e.into_error())?.sync_all()
    });
    result.map_err(|e| DedupError::io(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| DedupError::io(&path, e))
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
}
