use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

const BUFFER_BYTES: usize = 256 * 1024;

/// Compression of an input file, told by its first bytes (not its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

impl Compression {
    fn sniff(head: &[u8]) -> Compression {
        if head.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else {
            Compression::None
        }
    }
}

/// Counts bytes read from the underlying file, for progress reporting.
struct CountingReader<R> {
    inner: R,
    counter: Arc<AtomicU64>,
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Open a file and return a buffered reader of its decompressed bytes. `progress` counts the
/// compressed bytes consumed.
pub fn open_decompressed(
    path: &Path,
    progress: Arc<AtomicU64>,
) -> io::Result<(Box<dyn BufRead + Send>, Compression)> {
    let file = File::open(path)?;
    let mut raw = BufReader::with_capacity(
        BUFFER_BYTES,
        CountingReader {
            inner: file,
            counter: progress,
        },
    );
    let compression = Compression::sniff(raw.fill_buf()?);
    let reader: Box<dyn BufRead + Send> = match compression {
        Compression::None => Box::new(raw),
        Compression::Gzip => Box::new(BufReader::with_capacity(
            BUFFER_BYTES,
            flate2::bufread::MultiGzDecoder::new(raw),
        )),
        Compression::Zstd => Box::new(BufReader::with_capacity(
            BUFFER_BYTES,
            zstd::stream::read::Decoder::with_buffer(raw)?,
        )),
    };
    Ok((reader, compression))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn compression_is_detected_by_content_not_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        let text = "ສະບາຍດີ\nhello\n".repeat(100);
        let gz = dir.path().join("looks-plain.txt");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(text.as_bytes()).expect("gz");
        std::fs::write(&gz, enc.finish().expect("gz")).expect("write");
        let zst = dir.path().join("b.jsonl");
        std::fs::write(&zst, zstd::encode_all(text.as_bytes(), 3).expect("zstd")).expect("write");
        let plain = dir.path().join("c.gz");
        std::fs::write(&plain, &text).expect("write");
        for (path, want) in [
            (&gz, Compression::Gzip),
            (&zst, Compression::Zstd),
            (&plain, Compression::None),
        ] {
            let counter = Arc::new(AtomicU64::new(0));
            let (mut r, c) = open_decompressed(path, counter.clone()).expect("open");
            assert_eq!(c, want);
            let mut out = String::new();
            r.read_to_string(&mut out).expect("read");
            assert_eq!(out, text);
            assert_eq!(
                counter.load(Ordering::Relaxed),
                std::fs::metadata(path).expect("meta").len()
            );
        }
    }
}
