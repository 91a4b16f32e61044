//! End-to-end behaviour of the engine: determinism, accounting on hostile input, clear errors.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use padi_pipeline::{Pipeline, RunError, RunOptions, RunReport};

fn write(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, bytes).expect("write");
}

fn pipeline(dir: &Path, toml: &str) -> PathBuf {
    let path = dir.join("p.toml");
    write(&path, toml.as_bytes());
    path
}

fn run(path: &Path, threads: usize, output: &Path) -> Result<RunReport, RunError> {
    let options = RunOptions {
        threads: Some(threads),
        output: Some(output.to_path_buf()),
        ..RunOptions::default()
    };
    Pipeline::load(path).expect("load").run(&options)
}

/// Every output file except the report (which holds timings), name → bytes.
fn output_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.file_name().is_some_and(|n| n != "run-report.json"))
        .map(|p| {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            (name, std::fs::read(&p).expect("read"))
        })
        .collect();
    files.sort();
    files
}

fn decode_lines(bytes: &[u8]) -> Vec<serde_json::Value> {
    let mut text = String::new();
    zstd::stream::read::Decoder::new(bytes)
        .expect("zstd")
        .read_to_string(&mut text)
        .expect("decode");
    text.lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect()
}

const WORDS: [&str; 8] = [
    "ພາສາລາວ",
    "ภาษาไทย",
    "ភាសាខ្មែរ",
    "မြန်မာ",
    "tiếng Việt",
    "bahasa",
    "wika",
    "basa",
];

fn generated_corpus(dir: &Path, docs: usize) {
    let mut jsonl = String::new();
    for i in 0..docs {
        let text: Vec<&str> = (0..(i % 50 + 1))
            .map(|j| WORDS[(i + j) % WORDS.len()])
            .collect();
        if i % 97 == 0 {
            jsonl.push_str("{\"text\": broken\n");
        }
        jsonl.push_str(
            &serde_json::json!({"id": format!("d{i}"), "text": text.join(" ")}).to_string(),
        );
        jsonl.push('\n');
    }
    write(&dir.join("in/a.jsonl"), jsonl.as_bytes());
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(jsonl.as_bytes()).expect("gz");
    write(&dir.join("in/b.jsonl.gz"), &gz.finish().expect("gz"));
    write(
        &dir.join("in/c.txt"),
        "ຍ່ອຍໜຶ່ງ\n\nຍ່ອຍສອງ\n".repeat(500).as_bytes(),
    );
}

#[test]
fn output_is_byte_identical_for_any_thread_count() {
    let dir = tempfile::tempdir().expect("tmp");
    generated_corpus(dir.path(), 20_000);
    let p = pipeline(
        dir.path(),
        r#"
[[input]]
path = "in"
id_field = "id"
[output]
path = "unused"
shard_max_bytes = 200000
[limits]
batch_documents = 777
[[stage]]
type = "length"
min_chars = 12
"#,
    );
    let one = run(&p, 1, &dir.path().join("out1")).expect("run 1");
    let two = run(&p, 2, &dir.path().join("out2")).expect("run 2");
    let three = run(&p, 3, &dir.path().join("out3")).expect("run 3");
    assert!(one.totals.balanced());
    assert_eq!(one.totals, two.totals);
    assert!(
        one.shards.len() > 3,
        "several shards: {:?}",
        one.shards.len()
    );
    let files = output_files(&dir.path().join("out1"));
    assert_eq!(files, output_files(&dir.path().join("out2")));
    assert_eq!(files, output_files(&dir.path().join("out3")));
    assert_eq!(three.totals, one.totals);
    // Input order is kept: a.jsonl's documents come first, in order (d0 is too short).
    let first = decode_lines(
        &files
            .iter()
            .find(|(n, _)| n == "part-00000.jsonl.zst")
            .expect("part")
            .1,
    );
    assert_eq!(first[0]["id"], "d1");
    assert_eq!(first[1]["id"], "d2");
    assert_eq!(first[0]["source"]["file"], "a.jsonl");
}

#[test]
fn hostile_inputs_are_quarantined_and_counts_balance() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path().join("in");
    // Mostly UTF-8 (so detected as UTF-8) with two records that are not.
    let mut mostly_utf8 = "{\"text\":\"ภาษาไทย ok\"}\n".repeat(20).into_bytes();
    mostly_utf8
        .extend_from_slice(b"{\"text\":\"\xc3\x28 bad\"}\n\xff\xfe\xfd\n{\"text\":\"ok two\"}\n");
    write(&d.join("01-invalid-utf8.jsonl"), &mostly_utf8);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    for i in 0..50_000 {
        writeln!(gz, "{{\"text\":\"ລາວ {i}\"}}").expect("gz");
    }
    let gz = gz.finish().expect("gz");
    write(&d.join("02-truncated.jsonl.gz"), &gz[..gz.len() * 2 / 3]);
    let mut long = b"{\"text\":\"".to_vec();
    long.resize(100 * 1024 * 1024, b'a');
    long.extend_from_slice(b"\"}\n{\"text\":\"after the long line\"}\n");
    write(&d.join("03-long-line.jsonl"), &long);
    drop(long);
    write(
        &d.join("04-array.jsonl"),
        b"[{\"text\":\"a\"},{\"text\":\"b\"}]\n",
    );
    write(
        &d.join("05-pretty-array.jsonl"),
        b"[\n  {\"text\": \"a\"},\n  {\"text\": \"b\"}\n]\n",
    );
    write(&d.join("06-empty.jsonl"), b"");
    write(
        &d.join("07-binary.txt"),
        &(0..=255u8).cycle().take(5000).collect::<Vec<u8>>(),
    );
    write(&d.join("08-unknown.bin"), b"who knows");
    write(
        &d.join("09-zstd-garbage.jsonl"),
        b"\x28\xb5\x2f\xfd garbage after a zstd magic",
    );
    let p = pipeline(
        dir.path(),
        "[[input]]\npath = \"in\"\n[output]\npath = \"out\"\n[limits]\nmax_record_bytes = 1000000\n",
    );
    let out = dir.path().join("out");
    let report = run(&p, 2, &out).expect("a hostile input never stops the run");
    let t = &report.totals;
    assert!(t.balanced(), "{t:?}");
    assert!(
        t.written > 1000,
        "the readable part of the truncated gzip is kept: {t:?}"
    );
    let q = &report.quarantined;
    for reason in [
        "invalid_utf8",
        "read_error",
        "record_too_large",
        "not_an_object",
        "invalid_json",
        "unsupported_format",
    ] {
        assert!(q.contains_key(reason), "no {reason} in {q:?}");
    }
    assert_eq!(report.empty_files, ["in:06-empty.jsonl"]);
    let quarantine = std::fs::read_to_string(out.join("quarantine.jsonl")).expect("quarantine");
    let entries: Vec<serde_json::Value> = quarantine
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(entries.len() as u64, t.quarantined);
    let long_line = entries
        .iter()
        .find(|e| e["reason"] == "record_too_large")
        .expect("long line");
    assert_eq!(
        (long_line["file"].as_str(), long_line["line"].as_u64()),
        (Some("03-long-line.jsonl"), Some(1))
    );
    assert!(long_line["excerpt"].as_str().expect("excerpt").len() < 200);
    let truncated = entries
        .iter()
        .find(|e| e["reason"] == "read_error")
        .expect("truncated");
    assert_eq!(truncated["file"], "02-truncated.jsonl.gz");
    let array = entries
        .iter()
        .find(|e| e["file"] == "04-array.jsonl")
        .expect("array");
    assert!(array["message"]
        .as_str()
        .expect("message")
        .contains("JSON array"));
    // Every document written is one of the good records.
    let written: Vec<serde_json::Value> = output_files(&out)
        .iter()
        .filter(|(n, _)| n.starts_with("part-"))
        .flat_map(|(_, b)| decode_lines(b))
        .collect();
    assert_eq!(written.len() as u64, t.written);
    assert!(written.iter().any(|d| d["text"] == "after the long line"));
}

#[test]
fn config_errors_name_the_file_the_key_and_what_was_expected() {
    let dir = tempfile::tempdir().expect("tmp");
    write(&dir.path().join("in.jsonl"), b"{\"text\":\"x\"}\n");
    let cases = [
        ("[[input]]\npath = \"in.jsonl\"\n[output]\npath = \"o\"\n[[stage]]\ntype = \"length\"\nmin_char = 3\n", "unknown field `min_char`"),
        ("[[input]]\npath = \"in.jsonl\"\n[output]\npath = \"o\"\n[[stage]]\ntype = \"lenght\"\n", "unknown variant `lenght`"),
        ("[[input]]\npath = \"in.jsonl\"\n[output]\npath = \"o\"\n[[stage]]\ntype = \"length\"\nmin_chars = \"ten\"\n", "invalid type: string \"ten\""),
        ("[[input]]\npath = \"in.jsonl\"\nformat = \"xml\"\n[output]\npath = \"o\"\n", "unknown variant `xml`"),
        ("[[input]]\npath = \"in.jsonl\"\n", "missing field `output`"),
        ("input = []\n[output]\npath = \"o\"\n", "`input` is empty"),
        ("[[input]]\npath = \"in.jsonl\"\n[output]\npath = \"o\"\ncompression_level = 40\n", "compression_level = 40"),
    ];
    for (toml, expected) in cases {
        let p = pipeline(dir.path(), toml);
        let err = Pipeline::load(&p)
            .err()
            .unwrap_or_else(|| panic!("accepted: {toml}"))
            .to_string();
        assert!(err.contains("p.toml"), "names the file: {err}");
        assert!(err.contains(expected), "expected {expected:?} in: {err}");
    }
    let p = pipeline(
        dir.path(),
        "[[input]]\npath = \"missing.jsonl\"\n[output]\npath = \"o\"\n",
    );
    let err = run(&p, 1, &dir.path().join("o")).expect_err("missing input");
    assert!(matches!(err, RunError::Input(_)), "{err}");
    assert!(err.to_string().contains("missing.jsonl"), "{err}");
}

#[test]
fn unwritable_output_stops_the_run_with_a_clear_error() {
    let dir = tempfile::tempdir().expect("tmp");
    write(&dir.path().join("in.jsonl"), b"{\"text\":\"x\"}\n");
    write(&dir.path().join("a-file"), b"not a directory");
    let p = pipeline(
        dir.path(),
        "[[input]]\npath = \"in.jsonl\"\n[output]\npath = \"o\"\n",
    );
    let err = run(&p, 1, &dir.path().join("a-file/out")).expect_err("cannot write");
    assert!(matches!(err, RunError::Output { .. }), "{err}");
    assert!(err.to_string().contains("a-file/out"), "{err}");
}

#[test]
fn a_second_run_replaces_the_output_and_leaves_no_staging_directory() {
    let dir = tempfile::tempdir().expect("tmp");
    write(&dir.path().join("in.jsonl"), b"{\"text\":\"first\"}\n");
    let p = pipeline(
        dir.path(),
        "[[input]]\npath = \"in.jsonl\"\n[output]\npath = \"o\"\n",
    );
    let out = dir.path().join("o");
    run(&p, 1, &out).expect("run");
    write(&out.join("stale-file"), b"x");
    run(&p, 1, &out).expect("run again");
    assert!(!out.join("stale-file").exists());
    assert!(!dir.path().join("o.partial").exists());
    assert!(out.join("run-report.json").exists());
}
