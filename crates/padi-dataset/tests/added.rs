//! A document keeps the `added` date of the version it first appeared in, so a rerun on the
//! same input, days later, cuts no new version. One test in its own process: it changes
//! `SOURCE_DATE_EPOCH` between releases.

use std::collections::BTreeMap;
use std::path::Path;

use padi_core::Document;
use padi_dataset::{Bump, DatasetWriter, Layout, Release, ReleaseSpec};

mod common;
use common::{all_records, doc, info};

fn docs(n: u64) -> Vec<Document> {
    (0..n)
        .map(|i| doc(i, "web", Some("lao_Laoo"), &format!("ພາສາລາວ ບົດທີ {i}")))
        .collect()
}

fn release_at(epoch: &str, dir: &Path, docs: Vec<Document>) -> Release {
    std::env::set_var("SOURCE_DATE_EPOCH", epoch);
    let spec = ReleaseSpec {
        dataset_dir: dir.to_path_buf(),
        name: "demo".into(),
        version: None,
        bump: Bump::Minor,
        layout: Layout {
            shard_max_bytes: 1024,
            compression_level: 3,
            parquet: false,
        },
    };
    let mut w = DatasetWriter::create(&spec, Vec::new()).expect("create");
    w.write(docs).expect("write");
    w.finish(info()).expect("finish")
}

fn added_by_id(version_dir: &Path) -> BTreeMap<String, String> {
    all_records(version_dir)
        .into_iter()
        .map(|r| (r.id, r.added))
        .collect()
}

#[test]
fn documents_keep_their_first_added_date_and_unchanged_reruns_cut_no_version() {
    let tmp = tempfile::tempdir().expect("tmp");
    let first = release_at("1700000000", tmp.path(), docs(40));
    assert!(first.created);
    assert_eq!(first.manifest.version, "1.0.0");

    // Later, two more documents: the 40 keep their date, the new ones get the new one.
    let second = release_at("1800000000", tmp.path(), docs(42));
    assert!(second.created);
    assert_eq!(second.manifest.version, "1.1.0");
    let added = added_by_id(&second.dir);
    assert_eq!(added.len(), 42);
    for (id, date) in &added {
        let n: u64 = id.trim_start_matches("web-").parse().expect("id");
        let expected = if n < 40 {
            "2023-11-14T22:13:20Z"
        } else {
            "2027-01-15T08:00:00Z"
        };
        assert_eq!(date, expected, "{id}");
    }

    // Rerun on the same input later still: the data equals 1.1.0, so no 1.2.0.
    let third = release_at("1900000000", tmp.path(), docs(42));
    assert!(!third.created);
    assert_eq!(third.manifest.version, "1.1.0");
    assert!(!tmp.path().join("demo/1.2.0").exists());
}
