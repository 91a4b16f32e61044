//! `padi publish`, `padi ls`, `padi pull`, `padi verify` of a pulled directory, and a pull
//! killed halfway then resumed.

mod common;
#[path = "../../padi-registry/tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{ok, padi};
use support::server::FaultServer;

fn published_registry(tmp: &Path) -> std::path::PathBuf {
    let registry = tmp.join("registry");
    for (version, salt) in [("1.0.0", "old"), ("1.1.0", "new")] {
        let dir = support::release(&tmp.join(format!("src-{version}")), version, 1200, salt);
        let out = ok(&padi()
            .arg("publish")
            .arg(&dir)
            .arg("--registry")
            .arg(&registry)
            .output()
            .expect("publish"));
        assert!(out.contains(&format!("published demo {version}")), "{out}");
    }
    registry
}

#[test]
fn publish_ls_pull_verify() {
    let tmp = tempfile::tempdir().expect("tmp");
    let registry = published_registry(tmp.path());
    let again = ok(&padi()
        .arg("publish")
        .arg(tmp.path().join("src-1.0.0/demo/1.0.0"))
        .arg("--registry")
        .arg(&registry)
        .output()
        .expect("publish"));
    assert!(again.contains("identical content"), "{again}");

    let table = ok(&padi().arg("ls").arg(&registry).output().expect("ls"));
    assert!(table.contains("demo") && table.contains("1.1.0"), "{table}");
    assert!(table.contains("CC-BY-4.0, CC0-1.0"), "{table}");
    let versions = ok(&padi()
        .arg("ls")
        .arg(&registry)
        .arg("demo")
        .output()
        .expect("ls demo"));
    assert!(
        versions.contains("1.0.0") && versions.contains("khm_Khmr"),
        "{versions}"
    );
    assert!(versions.contains("KiB"), "{versions}");
    let json = ok(&padi()
        .args(["ls", "--json"])
        .arg(&registry)
        .output()
        .expect("ls --json"));
    let index: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(index["datasets"]["demo"]["latest"], "1.1.0");

    let dest = tmp.path().join("pulled");
    let out = ok(&padi()
        .arg("pull")
        .arg(&registry)
        .args([
            "demo@1.0.0",
            "--lang",
            "shn_Mymr,khm_Khmr",
            "--format",
            "parquet",
        ])
        .arg("--dest")
        .arg(&dest)
        .output()
        .expect("pull"));
    assert!(out.contains("pulled demo 1.0.0"), "{out}");
    let verified = ok(&padi().arg("verify").arg(&dest).output().expect("verify"));
    assert!(
        verified.contains("partial pull") && verified.contains("khm_Khmr, shn_Mymr"),
        "{verified}"
    );

    let bad = padi()
        .arg("pull")
        .arg(&registry)
        .args(["demo@9.9.9", "--dest"])
        .arg(tmp.path().join("x"))
        .output()
        .expect("pull");
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("1.0.0, 1.1.0"));
}

#[test]
fn committed_registry_index_schema_is_current() {
    let out = ok(&padi()
        .args(["schema", "registry-index"])
        .output()
        .expect("schema"));
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas/registry-index.schema.json"),
    )
    .expect("committed schema");
    assert_eq!(
        out, committed,
        "run `cargo run -p padi-cli -- schema registry-index > schemas/registry-index.schema.json`"
    );
}

#[test]
fn a_killed_pull_resumes_without_fetching_finished_files_again() {
    let tmp = tempfile::tempdir().expect("tmp");
    let registry = published_registry(tmp.path());
    let server = FaultServer::start(&registry);
    let total: u64 = {
        let m = padi_dataset::Manifest::load(&registry.join("demo/1.0.0")).expect("manifest");
        m.shards.iter().map(|s| s.bytes).sum()
    };
    // Stall once about half of the data has been sent, then kill the pull.
    server.stall_after(total / 2);
    let dest = tmp.path().join("pulled");
    let pull = || {
        let mut c = padi();
        c.arg("pull")
            .arg(server.url())
            .args(["demo@1.0.0", "--quiet", "--parallel", "2", "--dest"])
            .arg(&dest);
        c
    };
    let mut child = pull().spawn().expect("spawn pull");
    let started = Instant::now();
    while server.sent() < total / 2 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "pull made no progress"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    child.kill().expect("kill");
    child.wait().expect("wait");
    let finished: Vec<String> = support::files(&dest)
        .into_iter()
        .filter(|f| f.starts_with("data/"))
        .collect();
    let parts: Vec<String> = support::files(&dest.join(".partial"))
        .into_iter()
        .filter(|f| f.ends_with(".part"))
        .collect();
    assert!(!finished.is_empty(), "some files finished before the kill");
    assert!(!parts.is_empty(), "some files were cut by the kill");
    assert!(!dest.join("manifest.json").exists());

    server.release_stall();
    server.clear_log();
    ok(&pull().output().expect("rerun"));
    let log = server.log();
    for f in &finished {
        assert!(
            log.iter().all(|l| !l.path.ends_with(f.as_str())),
            "{f} was fetched again"
        );
    }
    let resumed = log
        .iter()
        .filter(|l| l.range.is_some() && l.status == 206)
        .count();
    assert!(resumed > 0, "no request resumed with a range: {log:#?}");
    ok(&padi().arg("verify").arg(&dest).output().expect("verify"));
}
