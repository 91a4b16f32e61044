use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use rayon::prelude::*;
use serde::Serialize;

/// Where and how a [`ShardWriter`] writes.
#[derive(Debug, Clone)]
pub struct ShardWriterOptions {
    pub dir: PathBuf,
    /// File name prefix: shards are `<prefix>-00000.jsonl.zst`, `<prefix>-00001.jsonl.zst`, …
    pub prefix: String,
    /// A new shard starts once the current one holds this many uncompressed bytes.
    pub max_shard_bytes: u64,
    /// zstd level.
    pub level: i32,
}

/// One finished shard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShardInfo {
    /// File name within the writer's directory.
    pub file: String,
    pub records: u64,
    /// Uncompressed JSONL bytes.
    pub bytes: u64,
    pub compressed_bytes: u64,
}

/// Uncompressed bytes per zstd frame. Frames are compressed independently and in parallel;
/// concatenated frames are one valid zstd stream.
const FRAME_BYTES: usize = 1024 * 1024;

/// Writes records as JSON lines into zstd-compressed shards.
///
/// Output bytes depend only on the sequence of records and the options: frames are cut at
/// record boundaries by size, never by timing or thread count, so any `--threads` gives the
/// same files.
pub struct ShardWriter {
    options: ShardWriterOptions,
    current: Option<(BufWriter<File>, ShardInfo)>,
    finished: Vec<ShardInfo>,
}

impl ShardWriter {
    /// Creates the directory if needed. No file is created until the first record.
    pub fn new(options: ShardWriterOptions) -> io::Result<Self> {
        std::fs::create_dir_all(&options.dir)?;
        Ok(ShardWriter {
            options,
            current: None,
            finished: Vec::new(),
        })
    }

    /// Serialize and compress `records` (in parallel on the current rayon pool) and append them.
    /// `approx_len` estimates a record's serialized size; frames are cut by it before any
    /// serialization, so every frame is serialized and compressed independently, and the cut
    /// depends only on the records.
    pub fn write<T, F>(&mut self, records: &[T], approx_len: F) -> io::Result<()>
    where
        T: Serialize + Sync,
        F: Fn(&T) -> usize,
    {
        let mut frames: Vec<&[T]> = Vec::new();
        let (mut start, mut size) = (0, 0);
        for (i, record) in records.iter().enumerate() {
            size += approx_len(record);
            if size >= FRAME_BYTES {
                frames.push(&records[start..=i]);
                (start, size) = (i + 1, 0);
            }
        }
        if start < records.len() {
            frames.push(&records[start..]);
        }
        let level = self.options.level;
        let compressed: Vec<(Vec<u8>, u64, u64)> = frames
            .into_par_iter()
            .map(|frame| {
                let mut buf = Vec::with_capacity(FRAME_BYTES + FRAME_BYTES / 4);
                for record in frame {
                    serde_json::to_writer(&mut buf, record).map_err(io::Error::other)?;
                    buf.push(b'\n');
                }
                let packed = zstd::bulk::compress(&buf, level)?;
                Ok((packed, buf.len() as u64, frame.len() as u64))
            })
            .collect::<io::Result<_>>()?;
        for (frame, bytes, n) in compressed {
            let (out, info) = self.shard_for_next_frame()?;
            out.write_all(&frame)?;
            info.records += n;
            info.bytes += bytes;
            info.compressed_bytes += frame.len() as u64;
        }
        Ok(())
    }

    fn shard_for_next_frame(&mut self) -> io::Result<&mut (BufWriter<File>, ShardInfo)> {
        let full =
            matches!(&self.current, Some((_, info)) if info.bytes >= self.options.max_shard_bytes);
        if full {
            self.close_current()?;
        }
        if self.current.is_none() {
            let file = format!(
                "{}-{:05}.jsonl.zst",
                self.options.prefix,
                self.finished.len()
            );
            let out = BufWriter::new(File::create(self.options.dir.join(&file))?);
            let info = ShardInfo {
                file,
                records: 0,
                bytes: 0,
                compressed_bytes: 0,
            };
            self.current = Some((out, info));
        }
        self.current
            .as_mut()
            .ok_or_else(|| io::Error::other("no open shard"))
    }

    fn close_current(&mut self) -> io::Result<()> {
        if let Some((out, info)) = self.current.take() {
            out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
            self.finished.push(info);
        }
        Ok(())
    }

    /// Flush and close; returns every shard written, in order.
    pub fn finish(mut self) -> io::Result<Vec<ShardInfo>> {
        self.close_current()?;
        Ok(self.finished)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[derive(Serialize)]
    struct Rec {
        n: u64,
        text: String,
    }

    fn write_all(
        dir: &std::path::Path,
        recs: &[Rec],
        chunk: usize,
        threads: usize,
    ) -> Vec<ShardInfo> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        pool.install(|| {
            let mut w = ShardWriter::new(ShardWriterOptions {
                dir: dir.to_path_buf(),
                prefix: "part".into(),
                max_shard_bytes: 3 * 1024 * 1024,
                level: 3,
            })
            .expect("writer");
            for c in recs.chunks(chunk) {
                w.write(c, |r| r.text.len() + 16).expect("write");
            }
            w.finish().expect("finish")
        })
    }

    #[test]
    fn shards_rotate_decode_and_do_not_depend_on_threads() {
        let recs: Vec<Rec> = (0..40_000)
            .map(|n| Rec {
                n,
                text: format!("ເອກະສານ {n} ") + &"ກ".repeat((n % 97) as usize),
            })
            .collect();
        let a = tempfile::tempdir().expect("tmp");
        let b = tempfile::tempdir().expect("tmp");
        let shards_a = write_all(a.path(), &recs, 5000, 1);
        let shards_b = write_all(b.path(), &recs, 5000, 2);
        assert_eq!(shards_a, shards_b);
        assert!(shards_a.len() > 1, "{shards_a:?}");
        let mut all = String::new();
        for s in &shards_a {
            let bytes_a = std::fs::read(a.path().join(&s.file)).expect("read");
            assert_eq!(
                bytes_a,
                std::fs::read(b.path().join(&s.file)).expect("read")
            );
            zstd::stream::read::Decoder::new(&bytes_a[..])
                .expect("zstd")
                .read_to_string(&mut all)
                .expect("decode");
        }
        assert_eq!(all.lines().count(), 40_000);
        assert_eq!(shards_a.iter().map(|s| s.records).sum::<u64>(), 40_000);
        assert!(all
            .lines()
            .last()
            .expect("last")
            .starts_with("{\"n\":39999"));
    }
}
