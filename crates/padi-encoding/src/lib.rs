//! Decoding of raw input to UTF-8: the first step of padi's normalization (GUIDE.md §3.1).
//!
//! - [`detect`] decides a file's encoding from its first 64 KiB: UTF-8 (a leading byte order
//!   mark is dropped), UTF-16 by byte order mark, Thai windows-874 (also for TIS-620 and
//!   ISO-8859-11), Vietnamese windows-1258, TCVN3, VISCII, VNI and VIQR, and whatever else
//!   chardetng recognises. A file that is mostly valid UTF-8 is UTF-8.
//! - [`DecodingReader`] streams any of them as UTF-8 with bounded memory. UTF-8 passes through
//!   unchanged, invalid bytes included: quarantining bad records is the record parser's job.
//! - [`repair_mojibake`] undoes text-level damage in valid UTF-8: UTF-8 read as windows-1252,
//!   TIS-620 read as Latin-1, and TCVN3/VISCII/VNI/windows-1258 text read as windows-1252.
//!
//! The detected encoding ([`Detection::file_metadata`]) and any [`Repair`] are recorded per
//! document: the reader's [`DecodeConfig`] and the `repair_mojibake` stage
//! ([`MojibakeRepairFilter`]) are what the pipeline configures.
//!
//! Not here: Unicode normalization (windows-1258 and TCVN3 decode to combining tone marks;
//! NFC is the normalizer's next step), and legacy font encodings of other scripts (Zawgyi,
//! Burmese WinResearcher).

mod compose;
mod decode;
mod detect;
mod mojibake;
mod reader;
mod stage;
mod tables;
mod thai;
mod vietnamese;

pub use detect::{detect, Detection, Encoding, SNIFF_LEN};
pub use mojibake::{repair_mojibake, Repair};
pub use reader::{decode_to_utf8, DecodingReader};
pub use stage::{DecodeConfig, DecodeError, MojibakeRepairConfig, MojibakeRepairFilter};
