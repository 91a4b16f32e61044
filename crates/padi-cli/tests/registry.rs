//! `padi publish`, `padi ls`, `padi pull`, `padi verify` of a pulled directory, a pull
//! killed halfway then resumed, and the acceptance run against `padi serve`: two versions on
//! loopback, two languages pulled at the older one and verified, a corrupt shard refused,
//! `../` and absolute paths never reaching a file outside the registry.

mod common;
#[path = "../../padi-registry/tests/support/mod.rs"]
mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use common::{ok, padi};
use support::server::FaultServer;

/// A registry holding demo 1.0.0 and 1.1.0, published through the binary.
fn published_registry(tmp: &Path, docs: u64) -> std::path::PathBuf {
    let registry = tmp.join("registry");
    for (version, salt) in [("1.0.0", "old"), ("1.1.0", "new")] {
        let dir = support::release(&tmp.join(format!("src-{version}")), version, docs, salt);
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
    let registry = published_registry(tmp.path(), 1200);
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
    let registry = published_registry(tmp.path(), 1200);
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

/// The `padi serve` child, killed on drop.
struct Served(Child, String);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn serve(registry: &Path) -> Served {
    let mut child = padi()
        .arg("serve")
        .arg(registry)
        .args(["--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("padi serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("first line");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .map(str::to_owned)
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    Served(child, addr)
}

fn raw_get(addr: &str, target: &str) -> String {
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("write");
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    String::from_utf8_lossy(&reply).into_owned()
}

#[test]
fn pull_two_languages_of_the_older_version_from_padi_serve() {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::write(tmp.path().join("secret.txt"), "NOT-FOR-CLIENTS").expect("write");
    let registry = published_registry(tmp.path(), 900);
    let served = serve(&registry);
    let url = format!("http://{}", served.1);

    let listed = ok(&padi().args(["ls", &url, "demo"]).output().expect("ls"));
    assert!(
        listed.contains("1.0.0") && listed.contains("1.1.0"),
        "{listed}"
    );

    let dest = tmp.path().join("pulled");
    let out = ok(&padi()
        .args([
            "pull",
            &url,
            "demo@1.0.0",
            "--lang",
            "lao_Laoo,khm_Khmr",
            "--dest",
        ])
        .arg(&dest)
        .output()
        .expect("pull"));
    assert!(out.contains("pulled demo 1.0.0"), "{out}");
    let data: Vec<String> = support::files(&dest)
        .into_iter()
        .filter(|f| f.starts_with("data/"))
        .collect();
    assert!(!data.is_empty());
    assert!(
        data.iter()
            .all(|f| f.starts_with("data/lao_Laoo/") || f.starts_with("data/khm_Khmr/")),
        "{data:?}"
    );
    let verified = ok(&padi().arg("verify").arg(&dest).output().expect("verify"));
    assert!(verified.contains("partial pull"), "{verified}");

    // A shard corrupted on the server: refused, named, not in --dest, exit 1.
    let manifest = padi_dataset::Manifest::load(&registry.join("demo/1.1.0")).expect("manifest");
    let shard = manifest
        .shards
        .iter()
        .find(|s| s.label == "shn_Mymr")
        .expect("shard")
        .path
        .clone();
    let on_server = registry.join("demo/1.1.0").join(&shard);
    let mut bytes = std::fs::read(&on_server).expect("read");
    bytes[100] ^= 0x5a;
    std::fs::write(&on_server, bytes).expect("write");
    let corrupt_dest = tmp.path().join("corrupt");
    let out = padi()
        .args(["pull", &url, "demo", "--lang", "shn_Mymr", "--dest"])
        .arg(&corrupt_dest)
        .output()
        .expect("pull");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&shard) && stderr.contains("sha256"),
        "{stderr}"
    );
    assert!(!corrupt_dest.join(&shard).exists());

    // Paths outside the registry are never served.
    for target in [
        "/../secret.txt",
        "/demo/../../secret.txt",
        "/%2e%2e/secret.txt",
        &format!("/{}", tmp.path().join("secret.txt").display()),
    ] {
        let reply = raw_get(&served.1, target);
        assert!(
            reply.starts_with("HTTP/1.1 404") || reply.starts_with("HTTP/1.1 400"),
            "{target}: {reply}"
        );
        assert!(!reply.contains("NOT-FOR-CLIENTS"), "{target}");
    }
}
