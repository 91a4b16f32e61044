//! Helpers shared by the release tests (also included by padi-cli's release tests). Each
//! test file compiles its own copy and uses only some of it.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use padi_core::{Document, Provenance, Source};
use padi_dataset::{read_shard, DatasetRecord, Manifest, PipelineRecord, ReleaseInfo};

/// Document `n` of `contribution`, with a language label and line `n + 1` of `f.txt`.
pub fn doc(n: u64, contribution: &str, lang: Option<&str>, text: &str) -> Document {
    let mut d = Document::new(
        format!("{contribution}-{n}"),
        text,
        Source {
            contribution: contribution.into(),
            file: "f.txt".into(),
            record: n,
            line: Some(n + 1),
            byte_offset: None,
        },
    );
    d.lang = lang.map(String::from);
    d
}

/// Release information of a pipeline `demo.toml` with no stages and no provenance.
pub fn info() -> ReleaseInfo {
    ReleaseInfo {
        pipeline: PipelineRecord {
            file: "demo.toml".into(),
            config_sha256: "0".repeat(64),
        },
        stages: Vec::new(),
        provenance: BTreeMap::new(),
        takedown: None,
    }
}

/// Terms of a contribution under `licence`, otherwise fixed.
pub fn provenance(licence: &str) -> Provenance {
    serde_json::from_value(serde_json::json!({
        "contributor": {"organisation": "test", "contact": "test@example.org"},
        "licence": licence,
        "training_allowed": true,
        "consent": {"basis": "not-required"},
        "jurisdiction": "LA",
        "collection": {"method": "donation"},
        "personal_data": {"status": "none"},
        "takedown_contact": "takedown@example.org"
    }))
    .expect("provenance")
}

/// Every record of a version, shard by shard in manifest order.
pub fn all_records(version_dir: &Path) -> Vec<DatasetRecord> {
    let m = Manifest::load(version_dir).expect("manifest");
    m.shards
        .iter()
        .flat_map(|s| {
            read_shard(&version_dir.join(&s.path))
                .expect("open")
                .map(|r| r.expect("record"))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Every file under `dir`, relative path -> bytes.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).expect("prefix").display().to_string();
                out.insert(rel, std::fs::read(&p).expect("read"));
            }
        }
    }
    out
}
