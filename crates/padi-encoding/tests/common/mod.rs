//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::io::Read;

use padi_encoding::{DecodingReader, Detection, Encoding};

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

/// An encoder for a Vietnamese encoding, built by inverting its decoder on every byte and on
/// every vowel + diacritic byte pair (VNI); letters it has no code for are written as base
/// letter + combining tone mark (windows-1258, TCVN3).
pub struct TestEncoder {
    codes: std::collections::HashMap<char, Vec<u8>>,
}

impl TestEncoder {
    pub fn new(encoding: Encoding) -> Self {
        let mut codes = std::collections::HashMap::new();
        let mut learn = |bytes: Vec<u8>| {
            let decoded = decode_as(&bytes, encoding);
            let mut chars = decoded.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                codes.entry(c).or_insert(bytes);
            }
        };
        for byte in 0..=255u8 {
            learn(vec![byte]);
        }
        if encoding == Encoding::Vni {
            for first in b"aeouyAEOUY\xD4\xD6\xF4\xF6" {
                for second in 0x80..=0xFFu8 {
                    learn(vec![*first, second]);
                }
            }
        }
        Self { codes }
    }

    /// `None` if a character cannot be encoded.
    pub fn encode(&self, text: &str) -> Option<Vec<u8>> {
        use unicode_normalization::UnicodeNormalization;
        let mut out = Vec::with_capacity(text.len());
        for c in text.chars() {
            if let Some(code) = self.codes.get(&c) {
                out.extend_from_slice(code);
                continue;
            }
            let decomposed: Vec<char> = std::iter::once(c).nfd().collect();
            let is_tone = |m: &char| "\u{300}\u{301}\u{303}\u{309}\u{323}".contains(*m);
            let tone = decomposed.iter().find(|m| is_tone(m))?;
            let base: String = decomposed
                .iter()
                .filter(|m| !is_tone(m))
                .collect::<String>()
                .nfc()
                .collect();
            let mut base = base.chars();
            let (Some(base), None) = (base.next(), base.next()) else {
                return None;
            };
            out.extend_from_slice(self.codes.get(&base)?);
            out.extend_from_slice(self.codes.get(tone)?);
        }
        Some(out)
    }
}
