//! `padi serve` as a user runs it: prints its URL, answers, refuses paths outside the root.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

fn get(addr: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    reply
}

#[test]
fn serve_prints_its_url_and_serves_the_registry_only() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("secret"), "NOT-FOR-CLIENTS").unwrap();
    let root = dir.path().join("registry");
    std::fs::create_dir(&root).unwrap();
    std::fs::write(root.join("index.json"), "{\"datasets\":[]}").unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_padi"))
        .args(["serve", root.to_str().unwrap(), "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .map(str::to_owned);
    let replies = addr
        .as_deref()
        .map(|addr| (get(addr, "/index.json"), get(addr, "/../secret")));
    child.kill().unwrap();
    child.wait().unwrap();

    let (index, escape) = replies.unwrap_or_else(|| panic!("no URL in {line:?}"));
    assert!(
        index.starts_with("HTTP/1.1 200") && index.ends_with("{\"datasets\":[]}"),
        "{index}"
    );
    assert!(
        escape.starts_with("HTTP/1.1 404") && !escape.contains("NOT-FOR-CLIENTS"),
        "{escape}"
    );

    let missing = Command::new(env!("CARGO_BIN_EXE_padi"))
        .args(["serve", dir.path().join("nope").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("does not exist"));
}
