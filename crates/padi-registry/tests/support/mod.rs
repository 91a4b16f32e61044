//! Shared by the padi-registry tests and the `padi` CLI tests (included with `#[path]`):
//! small crafted releases and a fault-injecting HTTP server.
// Each test crate uses a different part of this module.
#![allow(dead_code)]

pub mod server;

#[path = "../../../padi-dataset/tests/common/mod.rs"]
mod dataset_common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dataset_common::provenance;
use padi_core::{Document, Source};
use padi_dataset::{Bump, DatasetWriter, Layout, PipelineRecord, ReleaseInfo, ReleaseSpec};

/// The labels of [`release`], in the order documents cycle through them.
pub const LABELS: [&str; 3] = ["shn_Mymr", "lao_Laoo", "khm_Khmr"];

/// Release `n` crafted documents (cycling through [`LABELS`]; `salt` changes their text) as
/// `<dir>/demo/<version>` with small shards (several per label) and the Parquet export.
pub fn release(dir: &Path, version: &str, n: u64, salt: &str) -> PathBuf {
    release_with_shards(dir, version, n, salt, 16 * 1024)
}

/// [`release`] with shards cut at `shard_max_bytes` uncompressed bytes.
pub fn release_with_shards(
    dir: &Path,
    version: &str,
    n: u64,
    salt: &str,
    shard_max_bytes: u64,
) -> PathBuf {
    std::env::set_var("SOURCE_DATE_EPOCH", "1700000000");
    let spec = ReleaseSpec {
        dataset_dir: dir.to_path_buf(),
        name: "demo".into(),
        version: Some(version.into()),
        bump: Bump::Minor,
        layout: Layout {
            shard_max_bytes,
            compression_level: 3,
            parquet: true,
        },
    };
    let docs: Vec<Document> = (0..n)
        .map(|i| {
            let word = ["ၵႂၢမ်းတႆး", "ພາສາລາວ", "ភាសាខ្មែរ"][(i % 3) as usize];
            // Numbers from a fixed LCG keep shards from compressing to almost nothing.
            let mut state = i.wrapping_mul(6364136223846793005) ^ salt.len() as u64;
            let text: String = (0..40)
                .map(|_| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    format!("{word} {salt}{} ", state >> 44)
                })
                .collect();
            let contribution = if i % 2 == 0 { "web" } else { "forum" };
            let mut d = Document::new(
                format!("{salt}-{i}"),
                text,
                Source {
                    contribution: contribution.into(),
                    file: "f.txt".into(),
                    record: i,
                    line: Some(i + 1),
                    byte_offset: None,
                },
            );
            d.lang = Some(LABELS[(i % 3) as usize].into());
            d
        })
        .collect();
    let mut writer = DatasetWriter::create(&spec, Vec::new()).expect("create release");
    for batch in docs.chunks(500) {
        writer.write(batch.to_vec()).expect("write");
    }
    let info = ReleaseInfo {
        pipeline: PipelineRecord {
            file: "demo.toml".into(),
            config_sha256: "0".repeat(64),
        },
        stages: Vec::new(),
        provenance: BTreeMap::from([
            ("web".to_string(), provenance("CC-BY-4.0")),
            ("forum".to_string(), provenance("CC0-1.0")),
        ]),
        takedown: None,
    };
    writer.finish(info).expect("finish").dir
}

/// Every file under `dir` (relative paths, `/`-separated), sorted.
pub fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).expect("prefix");
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}
