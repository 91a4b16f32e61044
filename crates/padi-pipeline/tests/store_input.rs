//! A stored contribution read by a pipeline: every released document traces back to its
//! contribution, file and licence.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

use padi_contrib::{Limits, Store};
use padi_pipeline::{Pipeline, RunOptions};

fn documents(output: &Path) -> Vec<serde_json::Value> {
    let mut docs = Vec::new();
    let mut shards: Vec<_> = std::fs::read_dir(output)
        .expect("output")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".jsonl.zst"))
        .collect();
    shards.sort();
    for shard in shards {
        let mut text = String::new();
        zstd::stream::read::Decoder::new(std::fs::File::open(shard).expect("open"))
            .expect("zstd")
            .read_to_string(&mut text)
            .expect("read");
        docs.extend(
            text.lines()
                .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json")),
        );
    }
    docs
}

#[test]
fn stored_contribution_runs_through_a_pipeline_with_its_provenance() {
    let work = tempfile::tempdir().expect("tmp");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/contribution");
    let store_dir = work.path().join("store");
    let store = Store::open_or_create(&store_dir).expect("store");
    let id = store.add(&sample, &Limits::default()).expect("add").id;

    let toml = format!(
        "[[input]]\nstore = \"store\"\ncontribution = \"{id}\"\n\n[output]\npath = \"out\"\n\n[[stage]]\ntype = \"normalize\"\n"
    );
    let pipeline_path = work.path().join("p.toml");
    std::fs::write(&pipeline_path, toml).expect("pipeline");
    let options = RunOptions {
        threads: Some(2),
        ..RunOptions::default()
    };
    let report = Pipeline::load(&pipeline_path)
        .expect("load")
        .run(&options)
        .expect("run");
    let accounting = &report.contributions[&id];
    assert_eq!(accounting.quarantined, 0);

    let docs = documents(&work.path().join("out"));
    // 2 paragraphs, 2 JSON lines, 1 page, 2 text records of the archive.
    assert_eq!(docs.len(), 7, "{docs:#?}");
    let files: BTreeSet<&str> = docs
        .iter()
        .map(|d| d["source"]["file"].as_str().expect("file"))
        .collect();
    assert_eq!(
        files,
        BTreeSet::from([
            "posts.jsonl",
            "stories.txt",
            "web/crawl.warc",
            "web/market.html"
        ])
    );
    for doc in &docs {
        let contribution = doc["source"]["contribution"]
            .as_str()
            .expect("contribution");
        assert_eq!(contribution, id);
        let provenance = store.provenance(contribution).expect("provenance");
        assert_eq!(provenance.licence, "CC0-1.0");
        assert!(provenance.training_allowed);
    }
    let page = docs
        .iter()
        .find(|d| d["source"]["file"] == "web/market.html")
        .expect("page");
    let text = page["text"].as_str().expect("text");
    assert!(text.starts_with("ຕະຫຼາດເຊົ້າ\n"), "{text}");
    assert!(
        !text.contains("ໜ້າຫຼັກ") && !text.contains("analytics"),
        "{text}"
    );
    let archived: Vec<&serde_json::Value> = docs
        .iter()
        .filter(|d| d["source"]["file"] == "web/crawl.warc")
        .collect();
    assert_eq!(
        archived[0]["metadata"]["url"],
        "https://news.example/kh/rain"
    );
    assert_eq!(archived[0]["metadata"]["date"], "2024-05-01T10:00:00Z");
    assert_eq!(archived[0]["source"]["record"], 1);
    assert!(!archived[0]["text"].as_str().expect("text").contains("Menu"));
}

#[test]
fn a_store_input_without_a_contribution_is_a_clear_error() {
    let work = tempfile::tempdir().expect("tmp");
    Store::open_or_create(&work.path().join("store")).expect("store");
    let toml = "[[input]]\nstore = \"store\"\n\n[output]\npath = \"out\"\n";
    let pipeline_path = work.path().join("p.toml");
    std::fs::write(&pipeline_path, toml).expect("pipeline");
    let err = Pipeline::load(&pipeline_path)
        .expect("load")
        .run(&RunOptions::default())
        .expect_err("no contribution");
    assert!(err.to_string().contains("contribution"), "{err}");
}
