//! A streaming reader that turns any detected encoding into UTF-8.

use std::borrow::Cow;
use std::io::{self, BufRead, ErrorKind, Read};

use crate::decode::{decode_all, TextDecoder};
use crate::detect::{detect, Detection, Encoding, SNIFF_LEN};

/// Bytes read from the inner reader at a time after the sniffed prefix.
const CHUNK_LEN: usize = 64 * 1024;

/// Reads UTF-8 from a reader of any encoding [`detect`] knows.
///
/// It sniffs the first [`SNIFF_LEN`] bytes, detects their encoding, and then streams: UTF-8
/// input passes through byte for byte (only a leading byte order mark is dropped; invalid
/// sequences stay, for the record parser to quarantine), other encodings are decoded and every
/// byte becomes a character. Memory stays bounded (a few buffers of 64 KiB) whatever the
/// input's size or line length.
#[derive(Debug)]
pub struct DecodingReader<R> {
    inner: R,
    detection: Detection,
    /// `None` for UTF-8 input, which is passed through.
    decoder: Option<TextDecoder>,
    /// The sniffed prefix until it is used, then raw input (passed through or being decoded).
    bytes: Vec<u8>,
    /// Decoded text waiting to be read.
    text: String,
    /// Read position in `bytes` (passthrough) or `text` (decoding).
    pos: usize,
    /// Whether `bytes` still holds the sniffed prefix.
    prefix_pending: bool,
    /// Whether the inner reader is exhausted and the decoder flushed.
    done: bool,
}

impl<R: Read> DecodingReader<R> {
    /// Sniffs the start of `inner` and detects its encoding.
    pub fn new(mut inner: R) -> io::Result<Self> {
        let prefix = read_prefix(&mut inner)?;
        let detection = detect(&prefix);
        Ok(Self::from_prefix(inner, prefix, detection))
    }

    /// Decodes `inner` as `encoding` without detection (a byte order mark of that encoding
    /// is still dropped), for callers that know the encoding.
    pub fn with_encoding(mut inner: R, encoding: Encoding) -> io::Result<Self> {
        let prefix = read_prefix(&mut inner)?;
        let mut detection = Detection::new(encoding, 1.0, "given by the caller".into());
        detection.bom = !encoding.bom().is_empty() && prefix.starts_with(encoding.bom());
        Ok(Self::from_prefix(inner, prefix, detection))
    }

    fn from_prefix(inner: R, prefix: Vec<u8>, detection: Detection) -> Self {
        let bom_len = detection.bom_len();
        let decoder = match detection.encoding {
            Encoding::Utf8 => None,
            other => Some(TextDecoder::new(other)),
        };
        Self {
            inner,
            detection,
            decoder,
            bytes: prefix,
            text: String::new(),
            pos: bom_len,
            prefix_pending: true,
            done: false,
        }
    }

    /// The detected encoding, to record with every document of this input.
    pub fn detection(&self) -> &Detection {
        &self.detection
    }

    /// The inner reader.
    pub fn into_inner(self) -> R {
        self.inner
    }

    /// Reads the next chunk of raw input into `bytes`; an empty chunk means the end.
    fn read_chunk(&mut self) -> io::Result<()> {
        self.bytes.resize(CHUNK_LEN, 0);
        loop {
            match self.inner.read(&mut self.bytes) {
                Ok(n) => {
                    self.bytes.truncate(n);
                    return Ok(());
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => {
                    self.bytes.clear();
                    return Err(e);
                }
            }
        }
    }

    /// Refills `bytes` (passthrough) from the inner reader.
    fn refill_passthrough(&mut self) -> io::Result<()> {
        if self.prefix_pending {
            self.prefix_pending = false;
            if self.pos < self.bytes.len() {
                return Ok(());
            }
        }
        self.pos = 0;
        self.read_chunk()?;
        self.done = self.bytes.is_empty();
        Ok(())
    }

    /// Decodes input into `text` until some text is there or the input ends.
    fn refill_decoded(&mut self) -> io::Result<()> {
        self.text.clear();
        self.pos = 0;
        while self.text.is_empty() && !self.done {
            let start = if self.prefix_pending {
                self.prefix_pending = false;
                self.detection.bom_len()
            } else {
                self.read_chunk()?;
                0
            };
            let last = self.bytes.is_empty();
            if let Some(decoder) = &mut self.decoder {
                decoder.decode(
                    &self.bytes[start.min(self.bytes.len())..],
                    last,
                    &mut self.text,
                );
            }
            self.done = last;
        }
        Ok(())
    }
}

impl<R: Read> BufRead for DecodingReader<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.decoder.is_none() {
            if self.pos >= self.bytes.len() && !self.done {
                self.refill_passthrough()?;
            }
            return Ok(self.bytes.get(self.pos..).unwrap_or_default());
        }
        if self.pos >= self.text.len() && !self.done {
            self.refill_decoded()?;
        }
        Ok(self.text.as_bytes().get(self.pos..).unwrap_or_default())
    }

    fn consume(&mut self, amount: usize) {
        self.pos += amount;
    }
}

impl<R: Read> Read for DecodingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        buf[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

/// Reads up to [`SNIFF_LEN`] bytes, fewer only at the end of the input.
fn read_prefix(inner: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut prefix = vec![0; SNIFF_LEN];
    let mut filled = 0;
    while filled < SNIFF_LEN {
        match inner.read(&mut prefix[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    prefix.truncate(filled);
    Ok(prefix)
}

/// Decodes a whole buffer as [`DecodingReader`] would: UTF-8 is borrowed unchanged (after
/// its byte order mark), anything else decoded.
pub fn decode_to_utf8(bytes: &[u8]) -> (Detection, Cow<'_, [u8]>) {
    let detection = detect(bytes);
    let body = &bytes[detection.bom_len()..];
    let utf8 = match detection.encoding {
        Encoding::Utf8 => Cow::Borrowed(body),
        other => Cow::Owned(decode_all(other, body).into_bytes()),
    };
    (detection, utf8)
}
