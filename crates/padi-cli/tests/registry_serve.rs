//! Acceptance: `padi serve` on a registry with two versions on loopback, `padi pull` of two
//! languages at the older version, verified; a corrupt shard refused; `../` and absolute
//! paths never reach a file outside the registry.

mod common;
#[path = "../../padi-registry/tests/support/mod.rs"]
mod support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};

use common::{ok, padi};

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
    let registry = tmp.path().join("registry");
    for (version, salt) in [("1.0.0", "old"), ("1.1.0", "new")] {
        let dir = support::release(
            &tmp.path().join(format!("src-{version}")),
            version,
            900,
            salt,
        );
        ok(&padi()
            .arg("publish")
            .arg(&dir)
            .arg("--registry")
            .arg(&registry)
            .output()
            .expect("publish"));
    }
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
