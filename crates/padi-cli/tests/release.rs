//! `padi run` with a `[release]`, `padi verify`, `padi takedown`, and a run killed halfway.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod common;
use common::{ok, padi};
#[path = "../../padi-dataset/tests/common/mod.rs"]
mod dataset_support;
use dataset_support::files;

/// A JSONL input of `n` crafted documents in three scripts and a pipeline releasing it.
fn setup(dir: &Path, n: usize, parquet: bool) -> PathBuf {
    let mut input =
        std::io::BufWriter::new(std::fs::File::create(dir.join("in.jsonl")).expect("create"));
    for i in 0..n {
        let text = match i % 3 {
            0 => format!("ພາສາລາວ ເອກະສານ {i} ").repeat(6),
            1 => format!("ភាសាខ្មែរ ឯកសារ {i} ").repeat(6),
            _ => format!("Ini dokumen nomor {i} dalam bahasa Minang. ").repeat(3),
        };
        writeln!(
            input,
            "{}",
            serde_json::json!({"id": format!("d{i}"), "text": text})
        )
        .expect("write");
    }
    input.flush().expect("flush");
    let pipeline = dir.join("p.toml");
    std::fs::write(
        &pipeline,
        format!(
            r#"name = "demo"
[[input]]
path = "in.jsonl"
contribution = "crafted"
id_field = "id"

[output]
path = "out"

[release]
dir = "datasets"
shard_max_bytes = 200000
parquet = {parquet}

[provenance.crafted]
licence = "CC-BY-4.0"
training_allowed = true
jurisdiction = "LA"
takedown_contact = "takedown@example.org"
contributor = {{ organisation = "test", contact = "test@example.org" }}
consent = {{ basis = "not-required" }}
collection = {{ method = "donation" }}
personal_data = {{ status = "none" }}

[[stage]]
type = "lid"
"#
        ),
    )
    .expect("pipeline");
    pipeline
}

fn run(pipeline: &Path, threads: usize) {
    ok(&padi()
        .args(["run", "--quiet", "--threads", &threads.to_string()])
        .arg(pipeline)
        .output()
        .expect("padi run"));
}

#[test]
fn threads_1_and_2_release_the_same_bytes_and_verify_catches_a_flipped_byte() {
    let tmp = tempfile::tempdir().expect("tmp");
    let pipeline = setup(tmp.path(), 3000, true);
    run(&pipeline, 1);
    let version = tmp.path().join("datasets/demo/1.0.0");
    std::fs::rename(tmp.path().join("datasets"), tmp.path().join("one-thread")).expect("rename");
    run(&pipeline, 2);
    let one = files(&tmp.path().join("one-thread/demo/1.0.0"));
    let two = files(&version);
    assert!(one.keys().any(|k| k.ends_with(".jsonl.zst")));
    assert!(one.keys().any(|k| k.ends_with(".parquet")));
    assert!(one == two, "a file differs between --threads 1 and 2");
    let manifest: serde_json::Value =
        serde_json::from_slice(&two["manifest.json"]).expect("manifest");
    assert_eq!(
        manifest["sources"]["crafted"]["provenance"]["licence"],
        "CC-BY-4.0"
    );
    assert_eq!(manifest["pipeline"]["file"], "p.toml");
    assert!(manifest["stages"][0]["stage"].as_str().is_some());

    ok(&padi().arg("verify").arg(&version).output().expect("verify"));

    let shard = manifest["shards"][0]["path"]
        .as_str()
        .expect("path")
        .to_string();
    let mut bytes = std::fs::read(version.join(&shard)).expect("read");
    bytes[10] ^= 0x20;
    std::fs::write(version.join(&shard), bytes).expect("write");
    let bad = padi().arg("verify").arg(&version).output().expect("verify");
    assert!(!bad.status.success());
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains(&shard), "{stderr}");
}

#[test]
fn a_killed_run_leaves_no_version_and_a_rerun_reproduces_it() {
    let tmp = tempfile::tempdir().expect("tmp");
    let pipeline = setup(tmp.path(), 60_000, false);
    let started = Instant::now();
    run(&pipeline, 2);
    let full_run = started.elapsed();
    std::fs::rename(tmp.path().join("datasets"), tmp.path().join("reference")).expect("rename");
    let reference = files(&tmp.path().join("reference/demo/1.0.0"));

    let mut child = padi()
        .args(["run", "--quiet", "--threads", "2"])
        .arg(&pipeline)
        .spawn()
        .expect("spawn");
    // Kill once the release has started writing, or halfway through a normal run's time.
    let staging = tmp.path().join("datasets/demo/.staging-1.0.0");
    let deadline = Instant::now() + full_run / 2;
    while !staging.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(full_run / 4);
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("wait");
    if status.success() {
        eprintln!(
            "the run finished before it could be killed ({full_run:?}); checking the rerun only"
        );
        std::fs::remove_dir_all(tmp.path().join("datasets")).expect("clean");
    } else {
        assert!(
            !tmp.path().join("datasets/demo/1.0.0").exists(),
            "a killed run must not leave a version"
        );
    }
    run(&pipeline, 2);
    let rerun = files(&tmp.path().join("datasets/demo/1.0.0"));
    assert!(
        rerun == reference,
        "the rerun differs from the uninterrupted run"
    );
    assert!(!staging.exists());
}

#[test]
fn takedown_and_diff_from_the_command_line() {
    let tmp = tempfile::tempdir().expect("tmp");
    let pipeline = setup(tmp.path(), 300, false);
    run(&pipeline, 2);
    let ids = tmp.path().join("ids.txt");
    std::fs::write(&ids, "d0\nd1\n\nd4\n").expect("ids");
    ok(&padi()
        .arg("takedown")
        .arg(tmp.path().join("datasets/demo"))
        .arg("--ids")
        .arg(&ids)
        .args(["--reason", "request by the author"])
        .output()
        .expect("takedown"));
    let v2 = tmp.path().join("datasets/demo/2.0.0");
    assert!(padi()
        .arg("verify")
        .arg(&v2)
        .status()
        .expect("verify")
        .success());
    let diff = ok(&padi()
        .arg("diff")
        .arg("--json")
        .arg(tmp.path().join("datasets/demo/1.0.0"))
        .arg(&v2)
        .output()
        .expect("diff"));
    let diff: serde_json::Value = serde_json::from_str(&diff).expect("json");
    assert_eq!(diff["sources"]["crafted"]["removed"], 3);
    assert_eq!(diff["sources"]["crafted"]["added"], 0);
    // The same input run again: the 3 taken-down documents are dropped with a reason, not
    // counted as written, and the release is unchanged.
    run(&pipeline, 2);
    let report: serde_json::Value = serde_json::from_slice(
        &std::fs::read(tmp.path().join("out/run-report.json")).expect("report"),
    )
    .expect("report json");
    assert_eq!(report["totals"]["written"], 297, "{report:#}");
    assert_eq!(report["totals"]["dropped"], 3, "{report:#}");
    assert_eq!(report["release_unchanged"], true);
    let dropped = zstd::decode_all(
        std::fs::File::open(tmp.path().join("out/dropped-00000.jsonl.zst")).expect("dropped"),
    )
    .expect("zstd");
    let dropped = String::from_utf8(dropped).expect("utf-8");
    assert_eq!(
        dropped
            .matches(r#""stage":"release","reason":"tombstone""#)
            .count(),
        3,
        "{dropped}"
    );
    // Neither --source nor --ids: refused.
    let none = padi()
        .arg("takedown")
        .arg(tmp.path().join("datasets/demo"))
        .args(["--reason", "x"])
        .output()
        .expect("takedown");
    assert!(!none.status.success());
}
