//! Fuzzes detection, streaming decoding (checked against whole-buffer decoding) and
//! mojibake repair. Run with `cargo +nightly fuzz run decode` in crates/padi-encoding.
#![no_main]

use std::io::Read;

use libfuzzer_sys::fuzz_target;
use padi_encoding::{decode_to_utf8, repair_mojibake, DecodingReader, Encoding};

/// Hands out the input in reads of a fuzzer-chosen size.
struct Chunked<'a> {
    data: &'a [u8],
    step: usize,
}

impl Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

fuzz_target!(|input: &[u8]| {
    let Some((&step, data)) = input.split_first() else {
        return;
    };
    let step = usize::from(step % 64) + 1;
    let mut reader =
        DecodingReader::new(Chunked { data, step }).expect("in-memory reads never fail");
    let mut streamed = Vec::new();
    reader
        .read_to_end(&mut streamed)
        .expect("in-memory reads never fail");
    let (detection, whole) = decode_to_utf8(data);
    assert_eq!(reader.detection(), &detection);
    assert_eq!(streamed, whole.as_ref());
    if detection.encoding != Encoding::Utf8 {
        assert!(std::str::from_utf8(&streamed).is_ok());
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = repair_mojibake(text);
    }
});
