//! Streaming input and output for padi.
//!
//! Readers turn files (plain text, JSONL, CSV/TSV, HTML, WARC/WET, Markdown; optionally gzip- or zstd-compressed, detected
//! by content) into a stream of [`Item`]s: raw records with their exact location, or quarantine
//! entries for what could not be read. Turning a raw record into a
//! [`padi_core::Document`] ([`RawRecord::into_document`]) is a separate, pure step so the
//! engine can run it in parallel.
//!
//! Writers: [`ShardWriter`] writes documents as `part-NNNNN.jsonl.zst` files,
//! [`QuarantineWriter`] writes what could not be read, with file and line.
//!
//! Memory is bounded: no reader holds more than one record (capped at
//! `max_record_bytes`) plus its buffers, whatever the file size.
//!
//! Not here: the pipeline engine (`padi-pipeline`), text normalization, dataset layout.

mod error;
mod html;
mod input;
mod lines;
mod markdown;
mod open;
mod quarantine;
mod reader;
mod record;
mod shard;
mod warc;

pub use error::InputError;
pub use html::html_to_text;
pub use input::{format_from_name, resolve_input, Format, InputFile, InputSpec, TextMode};
pub use markdown::markdown_to_text;
pub use open::{open_decompressed, Compression};
pub use quarantine::{QuarantineEntry, QuarantineReason, QuarantineWriter};
pub use reader::{FileReader, ReadLimits, ReaderSettings};
pub use record::{FileContext, Item, Payload, RawRecord};
pub use shard::{ShardInfo, ShardWriter, ShardWriterOptions};
pub use warc::{warc_text, WarcParser, WarcRecord, WarcText};
