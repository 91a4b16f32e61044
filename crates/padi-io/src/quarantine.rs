use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use serde::Serialize;

/// Bytes of the offending record kept in a quarantine entry, so a person can find it.
const EXCERPT_BYTES: usize = 120;

/// Why a record could not become a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuarantineReason {
    InvalidUtf8,
    InvalidJson,
    NotAnObject,
    MissingTextField,
    InvalidField,
    RecordTooLarge,
    ReadError,
    UnsupportedFormat,
}

impl QuarantineReason {
    pub fn as_str(self) -> &'static str {
        match self {
            QuarantineReason::InvalidUtf8 => "invalid_utf8",
            QuarantineReason::InvalidJson => "invalid_json",
            QuarantineReason::NotAnObject => "not_an_object",
            QuarantineReason::MissingTextField => "missing_text_field",
            QuarantineReason::InvalidField => "invalid_field",
            QuarantineReason::RecordTooLarge => "record_too_large",
            QuarantineReason::ReadError => "read_error",
            QuarantineReason::UnsupportedFormat => "unsupported_format",
        }
    }
}

/// A record (or the unreadable rest of a file) that was set aside, with where it was.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuarantineEntry {
    pub contribution: String,
    pub file: String,
    /// 1-based line where the record starts, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// 0-based record index within the file, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<u64>,
    /// Byte offset in the decompressed stream, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byte_offset: Option<u64>,
    pub reason: QuarantineReason,
    pub message: String,
    /// The first bytes of the record, decoded lossily.
    pub excerpt: String,
}

/// The start of `bytes` as text for a quarantine entry.
pub(crate) fn excerpt(bytes: &[u8]) -> String {
    let mut s = String::from_utf8_lossy(&bytes[..bytes.len().min(EXCERPT_BYTES)]).into_owned();
    if bytes.len() > EXCERPT_BYTES {
        s.push('…');
    }
    s
}

/// Writes quarantine entries as JSON lines.
pub struct QuarantineWriter {
    out: BufWriter<File>,
}

impl QuarantineWriter {
    pub fn create(path: &Path) -> io::Result<Self> {
        Ok(QuarantineWriter {
            out: BufWriter::new(File::create(path)?),
        })
    }

    pub fn write(&mut self, entry: &QuarantineEntry) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, entry)?;
        self.out.write_all(b"\n")
    }

    pub fn finish(mut self) -> io::Result<()> {
        self.out.flush()?;
        self.out
            .into_inner()
            .map_err(|e| e.into_error())?
            .sync_all()
    }
}
