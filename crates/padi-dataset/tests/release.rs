//! Releases end to end through the library: determinism, verify, takedown, diff.

use std::path::{Path, PathBuf};

use padi_core::Document;
use padi_dataset::{
    diff, sha256_file, takedown, verify, Bump, DatasetWriter, Layout, Manifest, Release,
    ReleaseInfo, ReleaseSpec, TakedownRequest,
};

mod common;
use common::{all_records, doc, files, info, provenance};

/// Every test uses the same fixed epoch, so setting it from parallel tests is harmless.
fn fix_epoch() {
    std::env::set_var("SOURCE_DATE_EPOCH", "1700000000");
}

/// Crafted documents in several labels and two contributions, plus an unsafe label.
fn crafted(n: u64) -> Vec<Document> {
    (0..n)
        .map(|i| match i % 5 {
            0 => doc(
                i,
                "web",
                Some("shn_Mymr"),
                &format!("ၵႂၢမ်းတႆး {i} ").repeat(8),
            ),
            1 => doc(
                i,
                "web",
                Some("lao_Laoo"),
                &format!("ພາສາລາວ {i} ").repeat(8),
            ),
            2 => doc(
                i,
                "forum",
                Some("khm_Khmr"),
                &format!("ភាសាខ្មែរ {i} ").repeat(8),
            ),
            3 => doc(i, "forum", None, &format!("??? {i}")),
            _ => doc(
                i,
                "forum",
                Some("../evil"),
                &format!("Tetun {i} ").repeat(5),
            ),
        })
        .collect()
}

fn spec(dir: &Path, version: Option<&str>) -> ReleaseSpec {
    ReleaseSpec {
        dataset_dir: dir.to_path_buf(),
        name: "demo".into(),
        version: version.map(String::from),
        bump: Bump::Minor,
        layout: Layout {
            shard_max_bytes: 64 * 1024,
            compression_level: 3,
            parquet: true,
        },
    }
}

fn release(dir: &Path, docs: &[Document], threads: usize, version: Option<&str>) -> PathBuf {
    fix_epoch();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("pool");
    pool.install(|| {
        let mut w = DatasetWriter::create(&spec(dir, version), Vec::new()).expect("create");
        for batch in docs.chunks(700) {
            w.write(batch.to_vec()).expect("write");
        }
        let r = w.finish(info()).expect("finish");
        assert!(r.created);
        r.dir
    })
}

#[test]
fn thread_count_does_not_change_any_byte_and_verify_passes() {
    let docs = crafted(6000);
    let a = tempfile::tempdir().expect("tmp");
    let b = tempfile::tempdir().expect("tmp");
    let va = release(a.path(), &docs, 1, None);
    let vb = release(b.path(), &docs, 2, None);
    assert!(va.ends_with("demo/1.0.0"), "{va:?}");
    let (fa, fb) = (files(&va), files(&vb));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    assert!(fa == fb, "files differ between 1 and 2 threads");
    let m = Manifest::load(&va).expect("manifest");
    assert!(
        m.shards.len() > 4,
        "several shards per label: {:?}",
        m.shards.len()
    );
    assert_eq!(
        m.languages.keys().collect::<Vec<_>>(),
        ["khm_Khmr", "lao_Laoo", "shn_Mymr", "und"]
    );
    assert!(fa.contains_key("data/shn_Mymr/part-00000.jsonl.zst"));
    assert!(fa
        .keys()
        .any(|k| k.starts_with("data/lao_Laoo/train-00000-of-")));
    assert_eq!(m.created, "2023-11-14T22:13:20Z");
    assert_eq!(verify(&va), Vec::<String>::new());
    let records = all_records(&va);
    assert_eq!(records.len(), 6000);
    // `../evil` is not a safe directory name: the document goes to `und`, its label is kept.
    assert!(records.iter().any(|r| r.lang == "../evil"));
    assert!(records.iter().all(|r| r.added == m.created));
    let card = String::from_utf8(fa["README.md"].clone()).expect("utf8");
    assert!(card.contains("- config_name: shn_Mymr\n  data_files:\n  - split: train\n    path: \"data/shn_Mymr/train-*.parquet\""), "{card}");
    assert!(card.contains("**No provenance stated**"));
}

#[test]
fn verify_names_the_shard_with_one_flipped_byte() {
    let tmp = tempfile::tempdir().expect("tmp");
    let v = release(tmp.path(), &crafted(500), 2, None);
    let shard = v.join("data/lao_Laoo/part-00000.jsonl.zst");
    let mut bytes = std::fs::read(&shard).expect("read");
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    std::fs::write(&shard, bytes).expect("write");
    let problems = verify(&v);
    assert!(!problems.is_empty());
    assert!(
        problems
            .iter()
            .any(|p| p.contains("data/lao_Laoo/part-00000.jsonl.zst") && p.contains("sha256")),
        "{problems:?}"
    );
}

#[test]
fn verify_reports_a_bad_file_in_every_check_that_names_it() {
    let tmp = tempfile::tempdir().expect("tmp");
    let v = release(tmp.path(), &crafted(50), 1, None);
    let m = Manifest::load(&v).expect("manifest");
    let shard = &m.shards[0];
    let mut bytes = std::fs::read(v.join(&shard.path)).expect("read");
    bytes[0] ^= 0x01;
    std::fs::write(v.join(&shard.path), bytes).expect("write");
    let (actual, _) = sha256_file(&v.join(&shard.path)).expect("hash");
    let parquet = m
        .files
        .iter()
        .find(|f| f.label.is_some())
        .expect("a Parquet file");
    std::fs::remove_file(v.join(&parquet.path)).expect("remove");
    let missing = sha256_file(&v.join(&parquet.path))
        .expect_err("missing")
        .to_string();
    let (path, sha256) = (&shard.path, &shard.sha256);
    assert_eq!(
        verify(&v),
        [
            format!("{path}: sha256 {actual} does not match the manifest's {sha256}"),
            format!("{}: cannot read: {missing}", parquet.path),
            format!("{path}: sha256 {actual} does not match croissant.json's {sha256}"),
            format!("{}: cannot read: {missing}", parquet.path),
        ]
    );
}

#[test]
fn verify_reports_a_manifest_that_breaks_the_schema() {
    let tmp = tempfile::tempdir().expect("tmp");
    let v = release(tmp.path(), &crafted(50), 1, None);
    let path = v.join("manifest.json");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        text.replace("\"manifest_version\": 1", "\"manifest_version\": \"x\""),
    )
    .expect("write");
    let problems = verify(&v);
    assert!(
        problems.iter().any(|p| p.contains("manifest.json")),
        "{problems:?}"
    );
}

#[test]
fn takedown_cuts_a_major_version_with_tombstones_that_later_releases_honour() {
    let tmp = tempfile::tempdir().expect("tmp");
    let docs = crafted(1000);
    let v1 = release(tmp.path(), &docs, 2, None);
    let before = files(&v1);
    let dataset = tmp.path().join("demo");
    let request = TakedownRequest {
        source: Some("web".into()),
        ids: vec!["forum-2".into()],
        reason: "contributor withdrew consent".into(),
    };
    let r = takedown(&dataset, &request).expect("takedown");
    assert_eq!(r.manifest.version, "2.0.0");
    assert_eq!(r.manifest.parent_version.as_deref(), Some("1.0.0"));
    assert_eq!(files(&v1), before, "the previous version is untouched");
    assert_eq!(verify(&r.dir), Vec::<String>::new());
    let kept = all_records(&r.dir);
    assert!(kept
        .iter()
        .all(|d| d.source.contribution != "web" && d.id != "forum-2"));
    assert_eq!(kept.len(), 1000 - 400 - 1);
    assert_eq!(
        r.manifest.takedown.as_ref().map(|t| t.documents_removed),
        Some(401)
    );
    let tombstones = std::fs::read_to_string(r.dir.join("tombstones.jsonl")).expect("read");
    assert_eq!(
        tombstones.lines().count(),
        402,
        "one per document + one for the source"
    );
    assert!(tombstones.contains("\"id\":\"web-0\""));
    assert!(tombstones.contains("contributor withdrew consent"));

    // A later release of the same input withholds every tombstoned document.
    let v3 = release(tmp.path(), &docs, 1, None);
    assert!(v3.ends_with("demo/2.1.0"), "{v3:?}");
    let m3 = Manifest::load(&v3).expect("manifest");
    assert_eq!(m3.tombstones.count, 402);
    assert_eq!(m3.tombstones.withheld, 401);
    assert!(all_records(&v3)
        .iter()
        .all(|d| d.source.contribution != "web" && d.id != "forum-2"));
    assert_eq!(verify(&v3), Vec::<String>::new());

    let d = diff(&v1, &r.dir).expect("diff");
    assert_eq!(d.sources["web"].removed, 400);
    assert_eq!(d.sources["forum"].removed, 1);
    assert_eq!(d.labels["shn_Mymr"].removed, 200);
    assert_eq!(d.labels["khm_Khmr"].removed, 1);
    assert!(d.labels.values().all(|c| c.added == 0));
}

#[test]
fn takedown_of_an_unknown_source_changes_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    release(tmp.path(), &crafted(20), 1, None);
    let request = TakedownRequest {
        source: Some("nobody".into()),
        ids: Vec::new(),
        reason: "test".into(),
    };
    assert!(takedown(&tmp.path().join("demo"), &request).is_err());
    assert!(!tmp.path().join("demo/2.0.0").exists());
}

#[test]
fn diff_counts_added_documents_per_label_and_source() {
    let tmp = tempfile::tempdir().expect("tmp");
    let docs = crafted(100);
    let v1 = release(tmp.path(), &docs[..50], 1, None);
    let v2 = release(tmp.path(), &docs, 1, None);
    assert!(v2.ends_with("demo/1.1.0"));
    let d = diff(&v1, &v2).expect("diff");
    assert_eq!(d.sources["web"].added + d.sources["forum"].added, 50);
    assert_eq!(d.labels["lao_Laoo"].added, 10);
    assert!(d.sources.values().all(|c| c.removed == 0));
}

/// A bump release of `docs` with `info`, in the pool's default threads.
fn rerun(dir: &Path, docs: &[Document], info: ReleaseInfo) -> Release {
    fix_epoch();
    let mut w = DatasetWriter::create(&spec(dir, None), Vec::new()).expect("create");
    w.write(docs.to_vec()).expect("write");
    w.finish(info).expect("finish")
}

/// `info()` with every contribution of `crafted` under `licence`.
fn info_under(licence: &str) -> ReleaseInfo {
    let mut info = info();
    for contribution in ["web", "forum"] {
        info.provenance
            .insert(contribution.into(), provenance(licence));
    }
    info
}

#[test]
fn an_unchanged_bump_release_returns_the_latest_version_and_leaves_no_staging() {
    let tmp = tempfile::tempdir().expect("tmp");
    let docs = crafted(30);
    let first = rerun(tmp.path(), &docs, info_under("CC-BY-4.0"));
    assert!(first.created);
    let before = files(tmp.path());
    let r = rerun(tmp.path(), &docs, info_under("CC-BY-4.0"));
    assert!(!r.created);
    assert_eq!(r.dir, first.dir);
    assert_eq!(r.manifest, first.manifest);
    assert_eq!(files(tmp.path()), before, "nothing written or left behind");
    let entries: Vec<_> = std::fs::read_dir(tmp.path().join("demo"))
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(entries, ["1.0.0"], "no staging directory is left");
    // An explicit version that is not higher is refused before anything is written.
    assert!(DatasetWriter::create(&spec(tmp.path(), Some("1.0.0")), Vec::new()).is_err());
}

#[test]
fn a_rerun_with_changed_provenance_cuts_a_new_version() {
    let tmp = tempfile::tempdir().expect("tmp");
    let docs = crafted(30);
    let first = rerun(tmp.path(), &docs, info());
    assert!(first.created);
    let r = rerun(tmp.path(), &docs, info_under("CC-BY-4.0"));
    assert!(r.created, "same data, new terms: a new version");
    assert_eq!(r.manifest.version, "1.1.0");
    assert_eq!(r.manifest.parent_version.as_deref(), Some("1.0.0"));
    assert_eq!(r.manifest.shards, first.manifest.shards);
    let on_disk = Manifest::load(&r.dir).expect("manifest");
    assert_eq!(on_disk, r.manifest);
    for contribution in ["web", "forum"] {
        assert_eq!(
            on_disk.sources[contribution].provenance,
            Some(provenance("CC-BY-4.0")),
            "{contribution}"
        );
    }
    assert_eq!(verify(&r.dir), Vec::<String>::new());
}

#[test]
fn a_rerun_with_another_layout_cuts_a_new_version() {
    let tmp = tempfile::tempdir().expect("tmp");
    let docs = crafted(30);
    let first = rerun(tmp.path(), &docs, info());
    let mut other = spec(tmp.path(), None);
    other.layout.shard_max_bytes *= 2;
    let mut w = DatasetWriter::create(&other, Vec::new()).expect("create");
    w.write(docs).expect("write");
    let r = w.finish(info()).expect("finish");
    assert!(
        r.created,
        "one shard per label either way, but another layout"
    );
    assert_eq!(r.manifest.shards, first.manifest.shards);
    assert_eq!(r.manifest.version, "1.1.0");
}

#[test]
fn committed_manifest_schema_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas/manifest.schema.json");
    let committed = std::fs::read_to_string(&path).expect("schemas/manifest.schema.json");
    let current = serde_json::to_string_pretty(&padi_dataset::manifest_schema()).expect("json");
    assert_eq!(
        committed.trim_end(),
        current,
        "regenerate: cargo run -p padi-cli -- schema manifest > schemas/manifest.schema.json"
    );
}

#[test]
fn real_text_round_trips_through_jsonl_and_parquet_counts() {
    let Some(data) = padi_core::shared_data::shared_data_dir_or_skip("real_text_round_trips")
    else {
        return;
    };
    let mut docs = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(data.join("lid/dev"))
        .expect("read shared data")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    entries.sort();
    for path in entries.iter().take(6) {
        let label = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("und")
            .to_string();
        let text = std::fs::read_to_string(path).unwrap_or_default();
        for (i, line) in text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(200)
            .enumerate()
        {
            docs.push(doc(i as u64, &label, Some(&label), line));
        }
    }
    if docs.is_empty() {
        eprintln!("skip real_text_round_trips: no .txt files in shared data lid/dev");
        return;
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let v = release(tmp.path(), &docs, 2, None);
    assert_eq!(verify(&v), Vec::<String>::new());
    let records = all_records(&v);
    assert_eq!(records.len(), docs.len());
    assert!(records.iter().zip(&docs).any(|(r, d)| r.text == d.text));
    let m = Manifest::load(&v).expect("manifest");
    let parquet_rows: u64 = m.files.iter().filter_map(|f| f.documents).sum();
    assert_eq!(parquet_rows, docs.len() as u64);
}
