//! Throughput of a whole file over loopback (server and client on one machine) and the cost
//! of resolving a request path.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const FILE_LEN: usize = 8 * 1024 * 1024;

fn fetch(addr: SocketAddr, path: &str) -> usize {
    let mut stream = TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut sink = vec![0u8; 256 * 1024];
    let mut total = 0;
    loop {
        match stream.read(&mut sink) {
            Ok(0) => return total,
            Ok(n) => total += n,
            Err(e) => panic!("read: {e}"),
        }
    }
}

fn serving(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let version = dir.path().join("shan/1.0.0/data/shn");
    std::fs::create_dir_all(&version).expect("mkdir");
    let bytes: Vec<u8> = (0..FILE_LEN).map(|i| (i % 251) as u8).collect();
    std::fs::write(version.join("part-00000.jsonl.zst"), &bytes).expect("write");
    std::fs::write(dir.path().join("index.json"), b"{}").expect("write");

    let server = padi_serve::bind(dir.path(), "127.0.0.1:0".parse().expect("addr")).expect("bind");
    let addr = server.local_addr().expect("addr");
    std::thread::spawn(move || server.run_until(std::future::pending()));

    let path = "/shan/1.0.0/data/shn/part-00000.jsonl.zst";
    let mut group = c.benchmark_group("serve");
    group.throughput(Throughput::Bytes(FILE_LEN as u64));
    group.bench_function("get_8MiB_loopback", |b| {
        b.iter(|| assert!(fetch(addr, path) > FILE_LEN))
    });
    group.finish();

    let root = std::fs::canonicalize(dir.path()).expect("canonical");
    let mut group = c.benchmark_group("resolve");
    group.throughput(Throughput::Elements(1));
    group.bench_function("resolve_path", |b| {
        b.iter(|| padi_serve::resolve_path(&root, path).expect("resolves"))
    });
    group.finish();
}

criterion_group!(benches, serving);
criterion_main!(benches);
