//! The server over real sockets: raw requests (so nothing normalises `..` away), path safety,
//! ranges, validators, methods, streaming and concurrency.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use padi_serve::{bind, resolve_path, PathRejection, ServeError};
use proptest::prelude::*;
use sha2::{Digest, Sha256};

const SECRET: &str = "OUTSIDE-THE-REGISTRY-7f3a";
const STAGED: &str = "STAGED-NOT-PUBLISHED-91c2";
const BIG_LEN: usize = 20 * 1024 * 1024;

/// A registry in a temp dir, a secret file next to it and a server on a free port; the
/// server stops (and its thread is joined) on drop.
struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<Result<(), ServeError>>>,
}

impl Drop for Fixture {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let result = thread.join().expect("server thread panicked");
            result.expect("server failed");
        }
    }
}

fn shard_bytes() -> Vec<u8> {
    (0..1000u32).map(|i| (i % 251) as u8).collect()
}

fn big_bytes() -> Vec<u8> {
    let mut state = 0x2545_f491_u32;
    (0..BIG_LEN)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as u8
        })
        .collect()
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

fn fixture(with_big: bool) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("secret"), SECRET.as_bytes());
    let root = dir.path().join("registry");
    write(&root.join("index.json"), b"{\"datasets\":[]}\n");
    let version = root.join("shan/1.0.0");
    write(&version.join("manifest.json"), b"{\"name\":\"shan\"}\n");
    write(&version.join("README.md"), "# ၽႃႇသႃႇတႆး\n".as_bytes());
    write(
        &version.join("data/shn/part-00000.jsonl.zst"),
        &shard_bytes(),
    );
    write(&root.join("a/b/empty.json"), b"");
    write(
        &root.join(".staging/shan/2.0.0/manifest.json"),
        STAGED.as_bytes(),
    );
    write(&root.join(".lock"), STAGED.as_bytes());
    if with_big {
        write(&root.join("big.bin"), &big_bytes());
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.path().join("secret"), root.join("escape")).unwrap();
        std::os::unix::fs::symlink(dir.path(), root.join("parent-link")).unwrap();
        std::os::unix::fs::symlink(root.join(".staging"), root.join("staged-link")).unwrap();
        std::os::unix::fs::symlink(version.join("manifest.json"), root.join("latest.json"))
            .unwrap();
    }
    let server = bind(&root, "127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = server.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        server.run_until(async {
            let _ = stopped.await;
        })
    });
    Fixture {
        _dir: dir,
        root,
        addr,
        stop: Some(stop),
        thread: Some(thread),
    }
}

struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

/// Send `request_line` and `headers` exactly as written; read the whole reply.
fn send(addr: SocketAddr, request_line: &str, headers: &[(&str, &str)]) -> Reply {
    let mut stream = TcpStream::connect(addr).unwrap();
    let mut request = format!("{request_line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("no end of headers");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("no status");
    Reply {
        status,
        head,
        body: raw[split + 4..].to_vec(),
    }
}

fn get(addr: SocketAddr, path: &str, headers: &[(&str, &str)]) -> Reply {
    send(addr, &format!("GET {path} HTTP/1.1"), headers)
}

fn assert_refused(reply: &Reply, what: &str) {
    assert!(
        reply.status == 400 || reply.status == 404,
        "{what}: status {}",
        reply.status
    );
    let all = format!("{}{}", reply.head, String::from_utf8_lossy(&reply.body));
    assert!(!all.contains(SECRET), "{what}: the secret leaked");
    assert!(!all.contains(STAGED), "{what}: staged content leaked");
    assert!(!all.contains("root:"), "{what}: /etc/passwd leaked");
}

#[test]
fn no_path_outside_the_registry_or_hidden_is_served() {
    let f = fixture(false);
    let attacks = [
        "/../secret",
        "/%2e%2e/secret",
        "/%2E%2E%2Fsecret",
        "/a/../../secret",
        "/a/b/../../../secret",
        "//etc/passwd",
        "/etc/passwd",
        "/..%5csecret",
        "/..%2f..%2fsecret",
        "/%00",
        "/index.json%00.txt",
        "/escape",
        "/parent-link/secret",
        "/staged-link/shan/2.0.0/manifest.json",
        "/.staging/shan/2.0.0/manifest.json",
        "/%2estaging/shan/2.0.0/manifest.json",
        "/.lock",
        "/./index.json",
        "/shan/1.0.0/",
        "/shan",
        "/",
        "/%ff%fe",
        "/a\\..\\..\\secret",
        "*",
    ];
    for path in attacks {
        assert_refused(&get(f.addr, path, &[]), path);
    }
    for line in [
        "GET http://127.0.0.1/../secret HTTP/1.1",
        "GET http://evil.example/index.json HTTP/1.1",
        "GET file:///etc/passwd HTTP/1.1",
        "GET 127.0.0.1:80 HTTP/1.1",
    ] {
        let reply = send(f.addr, line, &[]);
        assert!(
            reply.status == 400 || reply.status == 404,
            "{line}: status {}",
            reply.status
        );
        assert!(!String::from_utf8_lossy(&reply.body).contains(SECRET));
    }
    // The same files are there for well-formed requests: the refusals are about the paths.
    assert_eq!(get(f.addr, "/index.json", &[]).status, 200);
    assert_eq!(get(f.addr, "/%69ndex.json", &[]).status, 200);
    let absolute = send(f.addr, "GET http://127.0.0.1/index.json HTTP/1.1", &[]);
    assert_eq!(absolute.status, 200);
    #[cfg(unix)]
    assert_eq!(
        get(f.addr, "/latest.json", &[]).body,
        b"{\"name\":\"shan\"}\n"
    );
}

#[test]
fn files_carry_type_length_validators_and_cache_policy() {
    let f = fixture(false);
    let shard = get(f.addr, "/shan/1.0.0/data/shn/part-00000.jsonl.zst", &[]);
    assert_eq!(shard.status, 200);
    assert_eq!(shard.body, shard_bytes());
    assert_eq!(shard.header("content-length"), Some("1000"));
    assert_eq!(shard.header("content-type"), Some("application/zstd"));
    assert_eq!(shard.header("accept-ranges"), Some("bytes"));
    assert!(shard.header("cache-control").unwrap().contains("immutable"));
    assert!(shard.header("etag").unwrap().starts_with('"'));
    assert!(shard.header("last-modified").unwrap().ends_with("GMT"));

    let index = get(f.addr, "/index.json?fresh=1", &[]);
    assert_eq!(index.status, 200);
    assert_eq!(index.header("cache-control"), Some("no-cache"));
    assert_eq!(index.header("content-type"), Some("application/json"));

    let card = get(f.addr, "/shan/1.0.0/README.md", &[]);
    assert_eq!(
        card.header("content-type"),
        Some("text/markdown; charset=utf-8")
    );
    assert_eq!(card.body, "# ၽႃႇသႃႇတႆး\n".as_bytes());

    let empty = get(f.addr, "/a/b/empty.json", &[]);
    assert_eq!((empty.status, empty.body.len()), (200, 0));
    assert_eq!(empty.header("content-length"), Some("0"));

    // Unchanged file, unchanged tag.
    let again = get(f.addr, "/shan/1.0.0/data/shn/part-00000.jsonl.zst", &[]);
    assert_eq!(again.header("etag"), shard.header("etag"));
    assert_ne!(index.header("etag"), shard.header("etag"));
}

#[test]
fn ranges() {
    let f = fixture(false);
    let path = "/shan/1.0.0/data/shn/part-00000.jsonl.zst";
    let bytes = shard_bytes();
    let range = |spec: &str| get(f.addr, path, &[("Range", spec)]);

    let first = range("bytes=0-99");
    assert_eq!(first.status, 206);
    assert_eq!(first.body, &bytes[..100]);
    assert_eq!(first.header("content-range"), Some("bytes 0-99/1000"));
    assert_eq!(first.header("content-length"), Some("100"));

    let suffix = range("bytes=-10");
    assert_eq!(suffix.status, 206);
    assert_eq!(suffix.body, &bytes[990..]);
    assert_eq!(suffix.header("content-range"), Some("bytes 990-999/1000"));

    let open = range("bytes=500-");
    assert_eq!((open.status, open.body.as_slice()), (206, &bytes[500..]));

    let clamped = range("bytes=990-5000");
    assert_eq!(clamped.header("content-range"), Some("bytes 990-999/1000"));

    for beyond in ["bytes=1000-", "bytes=5000-6000", "bytes=-0"] {
        let reply = range(beyond);
        assert_eq!(reply.status, 416, "{beyond}");
        assert_eq!(
            reply.header("content-range"),
            Some("bytes */1000"),
            "{beyond}"
        );
    }

    // Malformed and multi-range requests get the whole file (RFC 9110 §14.2 allows it).
    for odd in [
        "bytes=9-1",
        "bytes=x-y",
        "lines=0-1",
        "bytes=0-1,5-6",
        "bytes=",
    ] {
        let reply = range(odd);
        assert_eq!((reply.status, reply.body.len()), (200, 1000), "{odd}");
    }
}

#[test]
fn conditional_requests() {
    let f = fixture(false);
    let path = "/shan/1.0.0/manifest.json";
    let plain = get(f.addr, path, &[]);
    let etag = plain.header("etag").unwrap().to_owned();
    let date = plain.header("last-modified").unwrap().to_owned();

    let cached = get(f.addr, path, &[("If-None-Match", &etag)]);
    assert_eq!((cached.status, cached.body.len()), (304, 0));
    assert_eq!(cached.header("etag"), Some(etag.as_str()));
    let weak = format!("W/{etag}");
    assert_eq!(get(f.addr, path, &[("If-None-Match", &weak)]).status, 304);
    assert_eq!(
        get(f.addr, path, &[("If-None-Match", "\"other\"")]).status,
        200
    );
    assert_eq!(
        get(f.addr, path, &[("If-Modified-Since", &date)]).status,
        304
    );

    let resume = |if_range: &str| {
        get(
            f.addr,
            path,
            &[("Range", "bytes=2-"), ("If-Range", if_range)],
        )
    };
    let matched = resume(&etag);
    assert_eq!(
        (matched.status, matched.body.as_slice()),
        (206, &plain.body[2..])
    );
    assert_eq!(resume(&date).status, 206);
    let changed = resume("\"an-older-version\"");
    assert_eq!(
        (changed.status, changed.body.as_slice()),
        (200, plain.body.as_slice())
    );
    assert_eq!(resume(&weak).status, 200, "a weak tag never allows a range");
    assert_eq!(resume("Thu, 01 Jan 1970 00:00:00 GMT").status, 200);

    assert_eq!(get(f.addr, path, &[("If-Match", "\"other\"")]).status, 412);
    assert_eq!(get(f.addr, path, &[("If-Match", &etag)]).status, 200);

    // A changed file gets a new tag, so a resume against the old one restarts.
    std::fs::write(
        f.root.join("shan/1.0.0/manifest.json"),
        b"{\"name\":\"shan\",\"v\":2}\n",
    )
    .unwrap();
    let after = resume(&etag);
    assert_eq!(after.status, 200);
    assert_ne!(after.header("etag"), Some(etag.as_str()));
}

#[test]
fn methods() {
    let f = fixture(false);
    let head = send(
        f.addr,
        "HEAD /shan/1.0.0/data/shn/part-00000.jsonl.zst HTTP/1.1",
        &[],
    );
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-length"), Some("1000"));
    assert!(head.body.is_empty());
    assert!(head.header("etag").is_some());

    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let reply = send(
            f.addr,
            &format!("{method} /index.json HTTP/1.1"),
            &[("Content-Length", "0")],
        );
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("allow"), Some("GET, HEAD"), "{method}");
    }
    assert_eq!(
        std::fs::read(f.root.join("index.json")).unwrap(),
        b"{\"datasets\":[]}\n",
        "nothing was written"
    );
}

#[test]
fn large_files_stream_intact_and_clients_run_concurrently() {
    let f = fixture(true);
    let expected = Sha256::digest(big_bytes());
    let whole = get(f.addr, "/big.bin", &[]);
    assert_eq!(whole.status, 200);
    assert_eq!(whole.body.len(), BIG_LEN);
    assert_eq!(Sha256::digest(&whole.body), expected);

    // Eight clients each fetch one slice at the same time; together they are the file.
    let slice = BIG_LEN / 8;
    let addr = f.addr;
    let parts: Vec<Vec<u8>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|i| {
                scope.spawn(move || {
                    let spec = format!("bytes={}-{}", i * slice, (i + 1) * slice - 1);
                    let reply = get(addr, "/big.bin", &[("Range", &spec)]);
                    assert_eq!(reply.status, 206);
                    reply.body
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(Sha256::digest(parts.concat()), expected);
}

#[test]
fn keep_alive_serves_several_requests_on_one_connection() {
    let f = fixture(false);
    let mut stream = TcpStream::connect(f.addr).unwrap();
    let request = "GET /index.json HTTP/1.1\r\nHost: x\r\n\r\nGET /shan/1.0.0/manifest.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    assert_eq!(raw.matches("HTTP/1.1 200 OK").count(), 2);
    assert!(raw.contains("{\"name\":\"shan\"}"));
}

#[test]
fn startup_errors_name_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let missing = bind(&dir.path().join("nope"), "127.0.0.1:0".parse().unwrap());
    assert!(matches!(missing, Err(ServeError::RootMissing { .. })));
    let file = dir.path().join("file");
    std::fs::write(&file, b"x").unwrap();
    assert!(matches!(
        bind(&file, "127.0.0.1:0".parse().unwrap()),
        Err(ServeError::RootNotDirectory { .. })
    ));

    // A root without index.json is served (with a warning), and a taken port is reported.
    let first = bind(dir.path(), "127.0.0.1:0".parse().unwrap()).unwrap();
    let taken = first.local_addr().unwrap();
    let err = bind(dir.path(), taken).unwrap_err();
    assert!(matches!(err, ServeError::Bind { .. }));
    let message = err.to_string();
    assert!(
        message.contains(&taken.to_string()) && message.contains("--addr"),
        "{message}"
    );
}

#[test]
fn real_text_round_trips_through_ranges() {
    let Some(data) =
        padi_core::shared_data::shared_data_dir_or_skip("real_text_round_trips_through_ranges")
    else {
        return;
    };
    let source = data.join("khmer/normalizer_pairs.tsv");
    let Ok(text) = std::fs::read(&source) else {
        eprintln!("skipping: {} missing", source.display());
        return;
    };
    let f = fixture(false);
    write(&f.root.join("khm/1.0.0/pairs.tsv"), &text);
    // Pieces of 777 bytes cut through multi-byte Khmer characters; joined they must be exact.
    let len = text.len();
    let mut joined = Vec::with_capacity(len);
    while joined.len() < len {
        let spec = format!("bytes={}-{}", joined.len(), joined.len() + 776);
        let reply = get(f.addr, "/khm/1.0.0/pairs.tsv", &[("Range", &spec)]);
        assert_eq!(reply.status, 206);
        joined.extend_from_slice(&reply.body);
    }
    assert_eq!(joined, text);
}

/// Paths built from the pieces of path tricks: dot segments, encoded separators, NUL,
/// hidden names, links out of the root, real names.
fn path_strategy() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "",
        ".",
        "..",
        "%2e",
        "%2E",
        "%2e%2e",
        "%2f",
        "%2F",
        "%5c",
        "\\",
        "%00",
        "%",
        "%25",
        "a",
        "b",
        "secret",
        "escape",
        "parent-link",
        "staged-link",
        ".staging",
        ".lock",
        "shan",
        "1.0.0",
        "2.0.0",
        "manifest.json",
        "index.json",
        "etc",
        "passwd",
        "~",
        ":",
        "%c0%ae",
        "?",
    ]);
    let segment = prop::collection::vec(pieces, 1..3).prop_map(|p| p.concat());
    prop::collection::vec(segment, 1..6).prop_map(|s| format!("/{}", s.join("/")))
}

fn assert_inside(root: &Path, resolved: &Path) {
    assert!(resolved.starts_with(root), "{} escaped", resolved.display());
    let inside = resolved.strip_prefix(root).unwrap();
    assert!(!inside
        .to_string_lossy()
        .split('/')
        .any(|c| c.starts_with('.')));
    assert_ne!(std::fs::read(resolved).unwrap(), SECRET.as_bytes());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn random_paths_never_resolve_outside_the_root(path in path_strategy()) {
        let canonical = FIXTURE.with(|f| f.canonical.clone());
        match resolve_path(&canonical, &path) {
            Ok(resolved) => assert_inside(&canonical, &resolved),
            Err(PathRejection::BadRequest | PathRejection::NotFound) => {}
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn random_paths_over_http_never_leak(path in path_strategy()) {
        let addr = SERVER.with(|f| f.addr);
        let mut stream = TcpStream::connect(addr).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        let text = String::from_utf8_lossy(&raw);
        prop_assert!(!text.contains(SECRET) && !text.contains(STAGED), "{path} leaked");
    }
}

struct PathFixture {
    _server: Fixture,
    canonical: PathBuf,
}

thread_local! {
    static FIXTURE: PathFixture = {
        let server = fixture(false);
        let canonical = std::fs::canonicalize(&server.root).unwrap();
        PathFixture { _server: server, canonical }
    };
    static SERVER: Fixture = fixture(false);
}
