//! Append-only lists of byte strings kept on disk, with only their offsets in RAM, and the
//! file helpers of the index.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::DedupError;

/// Bytes of this run's blobs held in RAM before they are moved to the spill file (small in
/// unit tests, so that they exercise the spill file).
const SPILL_AT: usize = if cfg!(test) { 64 } else { 1 << 20 };

/// An append-only list of byte strings (sketches, ids) kept on disk: those of a loaded index
/// in its `<name>.bin`, this run's in an anonymous temporary file (after a small RAM buffer).
/// Only the end offsets live in RAM.
#[derive(Debug)]
pub(crate) struct BlobStore {
    name: &'static str,
    stored: Option<(PathBuf, File)>,
    stored_len: u64,
    spill: Option<File>,
    spilled_len: u64,
    pending: Vec<u8>,
    /// End offset of every blob in `stored ++ spill ++ pending`.
    ends: Vec<u64>,
}

impl BlobStore {
    pub(crate) fn new(name: &'static str) -> Self {
        BlobStore {
            name,
            stored: None,
            stored_len: 0,
            spill: None,
            spilled_len: 0,
            pending: Vec::new(),
            ends: Vec::new(),
        }
    }

    pub(crate) fn data_path(&self, dir: &Path) -> PathBuf {
        dir.join(format!("{}.bin", self.name))
    }

    pub(crate) fn offsets_path(&self, dir: &Path) -> PathBuf {
        dir.join(format!("{}_offsets.bin", self.name))
    }

    pub(crate) fn load(dir: &Path, name: &'static str, count: u64) -> Result<Self, DedupError> {
        let mut store = BlobStore::new(name);
        let offsets_path = store.offsets_path(dir);
        let data_path = store.data_path(dir);
        let mut reader = BufReader::new(
            File::open(&offsets_path).map_err(|e| DedupError::io(&offsets_path, e))?,
        );
        let first = read_u64(&mut reader, &offsets_path)?;
        let mut previous = first;
        store.ends.reserve(count as usize);
        for _ in 0..count {
            let end = read_u64(&mut reader, &offsets_path)?;
            if end < previous {
                return Err(corrupt(&offsets_path, "offsets decrease"));
            }
            store.ends.push(end);
            previous = end;
        }
        let file = File::open(&data_path).map_err(|e| DedupError::io(&data_path, e))?;
        let len = file
            .metadata()
            .map_err(|e| DedupError::io(&data_path, e))?
            .len();
        if first != 0 || previous != len {
            return Err(corrupt(&offsets_path, "offsets do not match the data file"));
        }
        store.stored = Some((data_path, file));
        store.stored_len = len;
        Ok(store)
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(crate) fn push(&mut self, blob: &[u8]) -> Result<(), DedupError> {
        self.pending.extend_from_slice(blob);
        self.ends
            .push(self.stored_len + self.spilled_len + self.pending.len() as u64);
        if self.pending.len() >= SPILL_AT {
            let spill = match &mut self.spill {
                Some(file) => file,
                None => self.spill.insert(
                    tempfile::tempfile().map_err(|e| DedupError::io(std::env::temp_dir(), e))?,
                ),
            };
            // Reads move the file position, so appends must seek to the end first.
            spill
                .seek(SeekFrom::End(0))
                .and_then(|_| spill.write_all(&self.pending))
                .map_err(|e| DedupError::io(std::env::temp_dir(), e))?;
            self.spilled_len += self.pending.len() as u64;
            self.pending.clear();
        }
        Ok(())
    }

    /// Blob `i`, into `buf`.
    pub(crate) fn get(&self, i: usize, buf: &mut Vec<u8>) -> Result<(), DedupError> {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        let end = self.ends[i];
        buf.clear();
        buf.resize((end - start) as usize, 0);
        let spill_start = self.stored_len;
        let pending_start = self.stored_len + self.spilled_len;
        if start >= pending_start {
            let at = (start - pending_start) as usize;
            let len = buf.len();
            buf.copy_from_slice(&self.pending[at..at + len]);
            return Ok(());
        }
        let (path, file, at) = match (&self.stored, &self.spill) {
            (Some((path, file)), _) if start < spill_start => (path.clone(), file, start),
            (_, Some(file)) => (std::env::temp_dir(), file, start - spill_start),
            _ => return Err(corrupt(Path::new(self.name), "blob offset out of range")),
        };
        let mut reader = file;
        reader
            .seek(SeekFrom::Start(at))
            .and_then(|_| reader.read_exact(buf))
            .map_err(|e| DedupError::io(path, e))
    }

    pub(crate) fn memory_bytes(&self) -> usize {
        8 * self.ends.capacity() + self.pending.capacity()
    }

    /// Writes `<name>.bin` (stored, spilled and pending blobs) and `<name>_offsets.bin`.
    pub(crate) fn save(&self, dir: &Path) -> Result<(), DedupError> {
        write_file(dir, &format!("{}.bin", self.name), |w| {
            if let Some((_, file)) = &self.stored {
                let mut reader = file;
                reader.seek(SeekFrom::Start(0))?;
                std::io::copy(&mut reader.take(self.stored_len), w)?;
            }
            if let Some(file) = &self.spill {
                let mut reader = file;
                reader.seek(SeekFrom::Start(0))?;
                std::io::copy(&mut reader.take(self.spilled_len), w)?;
            }
            w.write_all(&self.pending)
        })?;
        write_file(dir, &format!("{}_offsets.bin", self.name), |w| {
            w.write_all(&0u64.to_le_bytes())?;
            for end in &self.ends {
                w.write_all(&end.to_le_bytes())?;
            }
            Ok(())
        })
    }
}

pub(crate) fn corrupt(path: &Path, message: &str) -> DedupError {
    DedupError::IndexCorrupt {
        path: path.to_path_buf(),
        message: message.to_string(),
    }
}

pub(crate) fn read_u64(reader: &mut impl Read, path: &Path) -> Result<u64, DedupError> {
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
pub(crate) fn write_file(
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
    fn blobs_survive_spilling_interleaved_reads_and_a_save_load_round_trip() {
        let blob = |i: usize| format!("blob-{i}-{}", "x".repeat(i % 13)).into_bytes();
        let mut store = BlobStore::new("ids");
        let mut buf = Vec::new();
        for i in 0..500 {
            store.push(&blob(i)).expect("push");
            store.get(i / 2, &mut buf).expect("get");
            assert_eq!(buf, blob(i / 2));
        }
        assert!(store.spilled_len > 0);
        let dir = tempfile::tempdir().expect("tmp");
        store.save(dir.path()).expect("save");
        let mut loaded = BlobStore::load(dir.path(), "ids", 500).expect("load");
        for i in 500..600 {
            loaded.push(&blob(i)).expect("push");
        }
        for i in (0..600).rev() {
            loaded.get(i, &mut buf).expect("get");
            assert_eq!(buf, blob(i), "blob {i}");
        }
        // Saving over the directory it was loaded from.
        loaded.save(dir.path()).expect("save again");
        let reloaded = BlobStore::load(dir.path(), "ids", 600).expect("reload");
        reloaded.get(599, &mut buf).expect("get");
        assert_eq!(buf, blob(599));
        assert!(BlobStore::load(dir.path(), "ids", 601).is_err());
    }
}
