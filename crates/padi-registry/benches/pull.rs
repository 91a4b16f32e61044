//! Pull throughput from a local registry (copy + sha256 + rename), single thread, and over
//! HTTP from the test server on loopback. Bytes are the data files' sizes.

#[path = "../tests/support/mod.rs"]
mod support;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use padi_registry::{publish, Format, PullRequest, Registry};

fn pull(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("tmp");
    // About 10 MB of JSONL in 4 MiB shards: per-file costs (requests, fsync) stay small.
    let version =
        support::release_with_shards(&tmp.path().join("src"), "1.0.0", 20_000, "bench", 4 << 20);
    let registry = tmp.path().join("registry");
    publish(&version, &registry).expect("publish");
    let index = Registry::open(registry.to_str().expect("utf8"))
        .expect("open")
        .index()
        .expect("index");
    let bytes: u64 = index.datasets["demo"].versions[0]
        .labels
        .values()
        .map(|l| l.jsonl_bytes)
        .sum();
    let server = support::server::FaultServer::start(&registry);
    let mut group = c.benchmark_group("pull");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    for (name, location) in [
        (
            "local_dir_1_thread",
            registry.to_string_lossy().into_owned(),
        ),
        ("http_loopback_1_thread", server.url()),
    ] {
        let reg = Registry::open(&location).expect("open");
        let mut n = 0;
        group.bench_function(name, |b| {
            b.iter(|| {
                n += 1;
                let dest = tmp.path().join(format!("{name}-{n}"));
                let request = PullRequest {
                    format: Format::Jsonl,
                    parallel: 1,
                    ..PullRequest::new("demo", &dest)
                };
                reg.pull(&request).expect("pull");
                std::fs::remove_dir_all(&dest).expect("rm");
            })
        });
    }
    group.finish();
}

criterion_group!(benches, pull);
criterion_main!(benches);
