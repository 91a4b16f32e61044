//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::io::Read;

use padi_encoding::{Detection, DecodingReader, Encoding};

/// A reader that hands out at most `step` bytes per call, to exercise chunk boundaries.
pub struct Trickle<'a> {
    pub data: &'a [u8],
    pub step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// Reads `data` through a `DecodingReader`, `step` input bytes at a time, in reads of
/// `read_len` output bytes.
pub fn read_through(data: &[u8], step: usize, read_len: usize) -> (Detection, Vec<u8>) {
    let mut reader = DecodingReader::new(Trickle { data, step }).unwrap();
    let mut out = Vec::new();
    let mut buf = vec![0; read_len];
    loop {
        let n = reader.read(&mut buf).unwrap();
        if n == 0 {
            return (reader.detection().clone(), out);
        }
        out.extend_from_slice(&buf[..n]);
    }
}

/// Decodes `data` as a given encoding.
pub fn decode_as(data: &[u8], encoding: Encoding) -> String {
    let mut out = String::new();
    DecodingReader::with_encoding(data, encoding)
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    out
}

/// Encodes text in a single-byte encoding by inverting its decoding of every byte; `None`
/// if a character has no byte.
pub fn encode_single_byte(text: &str, encoding: Encoding) -> Option<Vec<u8>> {
    let mut table = std::collections::HashMap::new();
    for byte in (0..=255u8).rev() {
        let decoded = decode_as(&[byte], encoding);
        let mut chars = decoded.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            table.insert(c, byte);
        }
    }
    text.chars().map(|c| table.get(&c).copied()).collect()
}
