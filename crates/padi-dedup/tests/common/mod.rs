//! Helpers shared by the integration tests: a simple match key (the pipeline injects
//! `padi_normalize::match_key`), a seeded RNG, and documents built from ../shared/data.

#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;

use padi_core::{Document, Source};
use padi_dedup::MatchKey;
use unicode_normalization::UnicodeNormalization;

/// NFKC, lowercase, whitespace collapsed: a stand-in for the real match key.
pub fn test_key() -> MatchKey {
    Arc::new(|text: &str| {
        let folded: String = text.nfkc().collect::<String>().to_lowercase();
        folded.split_whitespace().collect::<Vec<_>>().join(" ")
    })
}

/// splitmix64: deterministic test randomness without a dependency.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

pub fn doc(id: impl Into<String>, text: impl Into<String>, record: u64) -> Document {
    Document::new(
        id,
        text,
        Source {
            contribution: "test".into(),
            file: "test.jsonl".into(),
            record,
            line: None,
            byte_offset: None,
        },
    )
}

/// Documents of `sentences_per_doc` consecutive sentences of `lid/dev/<label>.txt`.
pub fn real_documents(data: &Path, label: &str, sentences_per_doc: usize) -> Vec<String> {
    let path = data.join("lid/dev").join(format!("{label}.txt"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    lines
        .chunks(sentences_per_doc)
        .filter(|c| c.len() == sentences_per_doc)
        .map(|c| c.join(" "))
        .collect()
}

/// Writes `(id, text)` records as JSONL.
pub fn write_jsonl(path: &Path, docs: &[(String, String)]) {
    let mut out = String::new();
    for (id, text) in docs {
        out.push_str(&serde_json::json!({"id": id, "text": text}).to_string());
        out.push('\n');
    }
    std::fs::write(path, out).expect("write input");
}

/// `(id, duplicate_of, reason)` of every line of a removal file, sorted.
pub fn read_removed(path: &Path) -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(path).expect("removed file");
    let mut rows: Vec<(String, String, String)> = text
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json");
            (
                v["id"].as_str().unwrap_or_default().to_string(),
                v["duplicate_of"].as_str().unwrap_or_default().to_string(),
                v["reason"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    rows.sort();
    rows
}
