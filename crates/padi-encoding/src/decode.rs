//! Chunk-by-chunk decoding of every non-UTF-8 encoding this crate detects.

use crate::compose::{Composer, Scheme};
use crate::detect::Encoding;
use crate::tables::{ByteTable, TCVN3, VISCII};

/// Decodes bytes of one encoding to UTF-8 text, chunk by chunk; every byte decodes (invalid
/// sequences become U+FFFD), and a character split between chunks decodes whole.
#[derive(Debug)]
pub(crate) struct TextDecoder {
    bytes: ByteDecoder,
    /// For VNI and VIQR: turns the decoded characters into Vietnamese letters.
    composer: Option<Composer>,
    /// Decoded text the composer has not consumed yet (a few characters at most).
    pending: String,
}

#[derive(Debug)]
enum ByteDecoder {
    EncodingRs(encoding_rs::Decoder),
    Table(ByteTable),
}

impl TextDecoder {
    /// A decoder for `encoding`, which must not be UTF-8 (UTF-8 input is passed through as
    /// bytes, never decoded); the byte order mark, if any, must already be skipped.
    pub(crate) fn new(encoding: Encoding) -> Self {
        let from_rs = |e: &'static encoding_rs::Encoding| {
            ByteDecoder::EncodingRs(e.new_decoder_without_bom_handling())
        };
        let (bytes, scheme) = match encoding {
            Encoding::Utf8 => (from_rs(encoding_rs::UTF_8), None),
            Encoding::Viqr => (from_rs(encoding_rs::UTF_8), Some(Scheme::Viqr)),
            Encoding::Utf16Le => (from_rs(encoding_rs::UTF_16LE), None),
            Encoding::Utf16Be => (from_rs(encoding_rs::UTF_16BE), None),
            Encoding::Tcvn3 => (ByteDecoder::Table(TCVN3), None),
            Encoding::Viscii => (ByteDecoder::Table(VISCII), None),
            Encoding::Vni => (from_rs(encoding_rs::WINDOWS_1252), Some(Scheme::Vni)),
            Encoding::Standard(e) => (from_rs(e), None),
        };
        Self {
            bytes,
            composer: scheme.map(Composer::new),
            pending: String::new(),
        }
    }

    /// Decodes `input`, appending to `out`; `last` says no more input follows.
    pub(crate) fn decode(&mut self, input: &[u8], last: bool, out: &mut String) {
        match &mut self.composer {
            None => self.bytes.decode(input, last, out),
            Some(composer) => {
                self.bytes.decode(input, last, &mut self.pending);
                let used = composer.convert(&self.pending, last, out);
                self.pending.drain(..used);
            }
        }
    }
}

impl ByteDecoder {
    fn decode(&mut self, input: &[u8], last: bool, out: &mut String) {
        match self {
            ByteDecoder::Table(table) => table.decode_into(input, out),
            ByteDecoder::EncodingRs(decoder) => {
                let mut rest = input;
                loop {
                    let needed = decoder
                        .max_utf8_buffer_length(rest.len())
                        .unwrap_or(rest.len().saturating_mul(3).saturating_add(16));
                    out.reserve(needed);
                    let (result, read, _replaced) = decoder.decode_to_string(rest, out, last);
                    rest = &rest[read..];
                    if result == encoding_rs::CoderResult::InputEmpty {
                        break;
                    }
                }
            }
        }
    }
}

/// Decodes a whole buffer (after its byte order mark).
pub(crate) fn decode_all(encoding: Encoding, bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    TextDecoder::new(encoding).decode(bytes, true, &mut out);
    out
}
