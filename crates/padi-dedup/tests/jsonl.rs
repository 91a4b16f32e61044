//! `dedup_jsonl` end to end: determinism, incremental runs against an index, index format
//! errors, bad input lines, zstd input, kept fields and cluster sizes.

mod common;

use std::io::Read;
use std::path::Path;

use common::{read_removed, test_key, write_jsonl, Rng};
use padi_dedup::{dedup_jsonl, DedupError, DedupOptions, DedupReport, KEPT_FILE, REMOVED_FILE};

const SYLLABLES: [&str; 12] = [
    "ka", "lo", "mi", "tu", "ren", "sa", "po", "ni", "ve", "da", "ung", "hai",
];

fn random_text(rng: &mut Rng, words: usize) -> String {
    (0..words)
        .map(|_| {
            (0..2 + rng.below(2))
                .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One word changed out of 60: word 5-gram Jaccard about 0.84.
fn near_copy(text: &str, rng: &mut Rng) -> String {
    let mut words: Vec<String> = text.split(' ').map(String::from).collect();
    let at = rng.below(words.len());
    words[at] = "zzzword".into();
    words.join(" ")
}

/// `n` unique documents, each followed later by an exact copy (upper-cased, same match
/// key) or a near copy, shuffled.
fn corpus(prefix: &str, n: usize, seed: u64) -> Vec<(String, String)> {
    let mut rng = Rng(seed);
    let mut docs = Vec::new();
    for i in 0..n {
        let text = random_text(&mut rng, 60);
        let copy = match i % 3 {
            0 => Some(text.to_uppercase()),
            1 => Some(near_copy(&text, &mut rng)),
            _ => None,
        };
        docs.push((format!("{prefix}{i}"), text));
        if let Some(copy) = copy {
            docs.push((format!("{prefix}{i}-copy"), copy));
        }
    }
    // Keep every original before its copy: shuffle, then restore that order per pair.
    for i in (1..docs.len()).rev() {
        let j = rng.below(i + 1);
        docs.swap(i, j);
    }
    for i in 0..docs.len() {
        if let Some(base) = docs[i].0.strip_suffix("-copy").map(String::from) {
            if let Some(j) = docs[i..].iter().position(|(id, _)| *id == base) {
                docs.swap(i, i + j);
            }
        }
    }
    docs
}

fn kept_lines(dir: &Path) -> Vec<serde_json::Value> {
    let file = std::fs::File::open(dir.join(KEPT_FILE)).expect("kept");
    let mut text = String::new();
    zstd::Decoder::new(file)
        .expect("zstd")
        .read_to_string(&mut text)
        .expect("read");
    text.lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect()
}

fn run(input: &Path, out: &Path, index: Option<&Path>) -> Result<DedupReport, DedupError> {
    let mut opts = DedupOptions::new(test_key());
    if let Some(near) = opts.near.as_mut() {
        near.index = index.map(Path::to_path_buf);
    }
    opts.batch_size = 37;
    dedup_jsonl(input, out, opts)
}

#[test]
fn removes_exact_and_near_copies_and_records_cluster_sizes() {
    let tmp = tempfile::tempdir().expect("tmp");
    let input = tmp.path().join("in.jsonl");
    let docs = corpus("d", 90, 1);
    write_jsonl(&input, &docs);
    let report = run(&input, &tmp.path().join("out"), None).expect("dedup");
    assert_eq!(report.documents, 150);
    assert_eq!(report.removed.get("exact_duplicate"), Some(&30));
    assert_eq!(report.removed.get("near_duplicate"), Some(&30));
    assert_eq!(report.kept, 90);
    let removed = read_removed(&tmp.path().join("out").join(REMOVED_FILE));
    for (id, duplicate_of, _) in &removed {
        assert_eq!(id, &format!("{duplicate_of}-copy"));
    }
    for kept in kept_lines(&tmp.path().join("out")) {
        let id: usize = kept["id"].as_str().expect("id")[1..]
            .parse()
            .expect("number");
        let expected = if id % 3 == 2 { 1 } else { 2 };
        assert_eq!(kept["metadata"]["dedup_cluster_size"], expected, "{kept}");
    }
}

#[test]
fn same_result_on_reruns_batch_sizes_and_thread_counts() {
    let tmp = tempfile::tempdir().expect("tmp");
    let input = tmp.path().join("in.jsonl");
    write_jsonl(&input, &corpus("d", 120, 2));
    let outputs: Vec<(Vec<u8>, Vec<u8>)> = [1usize, 2, 1]
        .iter()
        .enumerate()
        .map(|(run_no, &threads)| {
            let out = tmp.path().join(format!("out{run_no}"));
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("pool");
            pool.install(|| {
                let mut opts = DedupOptions::new(test_key());
                opts.batch_size = [5, 64, 1000][run_no];
                dedup_jsonl(&input, &out, opts)
            })
            .expect("dedup");
            (
                std::fs::read(out.join(REMOVED_FILE)).expect("removed"),
                std::fs::read(out.join(KEPT_FILE)).expect("kept"),
            )
        })
        .collect();
    assert!(!outputs[0].0.is_empty());
    assert!(outputs.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn second_run_dedups_against_the_index_without_the_old_documents() {
    let tmp = tempfile::tempdir().expect("tmp");
    let index = tmp.path().join("index");
    let old = corpus("old", 60, 3);
    let old_input = tmp.path().join("old.jsonl");
    write_jsonl(&old_input, &old);
    let first = run(&old_input, &tmp.path().join("out1"), Some(&index)).expect("run 1");
    assert_eq!(first.counters.get("near_dedup_index_docs"), Some(&60));
    std::fs::remove_file(&old_input).expect("old input is gone");

    // New contributions: near and exact copies of old documents, and new documents.
    let mut rng = Rng(4);
    let originals: Vec<&(String, String)> = old
        .iter()
        .filter(|(id, _)| !id.ends_with("-copy"))
        .collect();
    let mut new_docs = Vec::new();
    for (i, (id, text)) in originals.iter().take(20).enumerate() {
        let copy = if i % 2 == 0 {
            near_copy(text, &mut rng)
        } else {
            text.clone()
        };
        new_docs.push((format!("new-dup-of-{id}"), copy));
        new_docs.push((format!("new{i}"), random_text(&mut rng, 60)));
    }
    let new_input = tmp.path().join("new.jsonl");
    write_jsonl(&new_input, &new_docs);
    let second = run(&new_input, &tmp.path().join("out2"), Some(&index)).expect("run 2");
    let removed = read_removed(&tmp.path().join("out2").join(REMOVED_FILE));
    assert_eq!(removed.len(), 20, "{removed:?}");
    for (id, duplicate_of, reason) in &removed {
        assert_eq!(id, &format!("new-dup-of-{duplicate_of}"));
        assert_eq!(reason, "near_duplicate");
    }
    assert_eq!(second.kept, 20);
    assert_eq!(second.counters.get("near_dedup_index_docs"), Some(&80));

    // The index now holds the new documents too.
    let third = run(&new_input, &tmp.path().join("out3"), Some(&index)).expect("run 3");
    assert_eq!(third.kept, 0);
}

#[test]
fn index_version_or_parameter_mismatch_is_a_clear_error() {
    let tmp = tempfile::tempdir().expect("tmp");
    let index = tmp.path().join("index");
    let input = tmp.path().join("in.jsonl");
    write_jsonl(&input, &corpus("d", 10, 5));
    run(&input, &tmp.path().join("out"), Some(&index)).expect("build index");

    let mut opts = DedupOptions::new(test_key());
    if let Some(near) = opts.near.as_mut() {
        near.index = Some(index.clone());
        near.word_ngram = 3;
    }
    let err = dedup_jsonl(&input, &tmp.path().join("out2"), opts).expect_err("params differ");
    assert!(matches!(err, DedupError::IndexParams { .. }), "{err}");

    let meta_path = index.join("meta.json");
    let meta = std::fs::read_to_string(&meta_path).expect("meta");
    std::fs::write(
        &meta_path,
        meta.replace("\"version\": 1", "\"version\": 99"),
    )
    .expect("write");
    let err = run(&input, &tmp.path().join("out3"), Some(&index)).expect_err("version differs");
    assert!(
        matches!(
            err,
            DedupError::IndexVersion {
                found: 99,
                expected: 1,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("version 99"), "{err}");

    std::fs::write(&meta_path, meta).expect("restore");
    std::fs::write(index.join("sketches_offsets.bin"), [1u8, 2, 3]).expect("truncate");
    let err = run(&input, &tmp.path().join("out4"), Some(&index)).expect_err("corrupt");
    assert!(matches!(err, DedupError::IndexCorrupt { .. }), "{err}");
}

#[test]
fn bad_lines_are_reported_with_line_numbers_and_fields_are_kept() {
    let tmp = tempfile::tempdir().expect("tmp");
    let input = tmp.path().join("in.jsonl.zst");
    let mut raw = Vec::new();
    raw.extend_from_slice(b"{\"text\": \"first doc here\", \"id\": 7, \"url\": \"http://x\", \"metadata\": {\"a\": 1}}\n");
    raw.extend_from_slice(b"{not json\n\n");
    raw.extend_from_slice(b"{\"id\": \"no-text\"}\n");
    raw.extend_from_slice(b"{\"id\": \"bad\", \"text\": \"\xff\xfe\"}\n");
    raw.extend_from_slice(b"[1, 2]\n");
    raw.extend_from_slice(b"{\"id\": \"b\", \"text\": \"FIRST  doc here\", \"n\": [1.50, null]}\n");
    raw.extend_from_slice(b"{\"id\": \"c\", \"text\": \"\", \"metadata\": 2}");
    std::fs::write(&input, zstd::encode_all(&raw[..], 3).expect("zstd")).expect("write");
    let report = run(&input, &tmp.path().join("out"), None).expect("dedup");
    let lines: Vec<u64> = report.bad_lines.iter().map(|b| b.line).collect();
    assert_eq!(lines, vec![2, 4, 5, 6]);
    assert_eq!(report.documents, 3);
    assert_eq!(report.removed.get("exact_duplicate"), Some(&1));
    let kept = kept_lines(&tmp.path().join("out"));
    assert_eq!(kept.len(), 2);
    assert_eq!(kept[0]["id"], 7);
    assert_eq!(kept[0]["url"], "http://x");
    assert_eq!(kept[0]["metadata"]["a"], 1);
    assert_eq!(kept[0]["metadata"]["dedup_cluster_size"], 2);
    assert_eq!(kept[1]["id"], "c");
    assert_eq!(kept[1]["metadata"], 2);
    assert_eq!(kept[1]["dedup_cluster_size"], 1);
    let first_line = {
        let file = std::fs::File::open(tmp.path().join("out").join(KEPT_FILE)).expect("kept");
        let mut text = String::new();
        zstd::Decoder::new(file)
            .expect("zstd")
            .read_to_string(&mut text)
            .expect("read");
        text.lines().next().unwrap_or_default().to_string()
    };
    assert!(
        first_line.starts_with("{\"text\":\"first doc here\",\"id\":7,\"url\""),
        "{first_line}"
    );
    let removed = read_removed(&tmp.path().join("out").join(REMOVED_FILE));
    assert_eq!(
        removed,
        vec![("b".into(), "7".into(), "exact_duplicate".into())]
    );
}

#[test]
fn incremental_run_on_real_unspaced_text() {
    let Some(data) = padi_core::shared_data::shared_data_dir_or_skip("incremental real text")
    else {
        return;
    };
    let tmp = tempfile::tempdir().expect("tmp");
    let index = tmp.path().join("index");
    let mut old = Vec::new();
    let mut new = Vec::new();
    for label in ["tha_Thai", "khm_Khmr", "mya_Mymr", "lao_Laoo"] {
        let docs = common::real_documents(&data, label, 2);
        let (released, fresh) = docs.split_at(docs.len() / 2);
        for (i, text) in released.iter().enumerate() {
            old.push((format!("{label}-old{i}"), text.clone()));
            if i % 2 == 0 {
                // A re-crawl with a changed ending and extra spacing: still a near duplicate.
                let cut: String = text.chars().take(text.chars().count() * 19 / 20).collect();
                new.push((
                    format!("{label}-recrawl-of-{label}-old{i}"),
                    format!("{cut}  "),
                ));
            }
        }
        for (i, text) in fresh.iter().enumerate() {
            new.push((format!("{label}-new{i}"), text.clone()));
        }
    }
    let old_input = tmp.path().join("old.jsonl");
    write_jsonl(&old_input, &old);
    run(&old_input, &tmp.path().join("out1"), Some(&index)).expect("run 1");
    std::fs::remove_file(&old_input).expect("old input is gone");
    let new_input = tmp.path().join("new.jsonl");
    write_jsonl(&new_input, &new);
    let report = run(&new_input, &tmp.path().join("out2"), Some(&index)).expect("run 2");
    let removed = read_removed(&tmp.path().join("out2").join(REMOVED_FILE));
    let recrawls = new.iter().filter(|(id, _)| id.contains("recrawl")).count();
    assert_eq!(removed.len(), recrawls, "{removed:?}");
    for (id, duplicate_of, _) in &removed {
        assert!(
            id.ends_with(&format!("recrawl-of-{duplicate_of}")),
            "{id} -> {duplicate_of}"
        );
    }
    assert_eq!(report.kept as usize, new.len() - recrawls);
}

#[test]
fn line_dedup_edits_the_kept_texts() {
    let tmp = tempfile::tempdir().expect("tmp");
    let input = tmp.path().join("in.jsonl");
    let mut rng = Rng(9);
    let docs: Vec<(String, String)> = (0..4)
        .map(|i| {
            (
                format!("p{i}"),
                format!("Accept all cookies\n{}", random_text(&mut rng, 30)),
            )
        })
        .chain(std::iter::once((
            "only".to_string(),
            "accept ALL cookies".to_string(),
        )))
        .collect();
    write_jsonl(&input, &docs);
    let mut opts = DedupOptions::new(test_key());
    opts.line = Some(padi_dedup::LineDedupConfig {
        min_docs: 2,
        ..padi_dedup::LineDedupConfig::default()
    });
    let report = dedup_jsonl(&input, &tmp.path().join("out"), opts).expect("dedup");
    assert_eq!(report.counters.get("line_dedup_lines_removed"), Some(&3));
    assert_eq!(report.removed.get("boilerplate_only"), Some(&1));
    let kept = kept_lines(&tmp.path().join("out"));
    let texts: Vec<&str> = kept
        .iter()
        .map(|k| k["text"].as_str().expect("text"))
        .collect();
    assert_eq!(texts.len(), 4);
    assert!(texts[1].starts_with("Accept all cookies\n"));
    assert!(
        !texts[2].contains("cookies") && !texts[3].contains("cookies"),
        "{texts:?}"
    );
}
