//! Normalizer throughput per CPU-second on `shared/data/lid/dev` (all files), for a machine
//! shared with other work where criterion's wall-clock numbers understate it. Linux only
//! (reads this thread's CPU time from `/proc/thread-self/schedstat`).
//!
//! `cargo run --release -p padi-normalize --example throughput`

use std::collections::BTreeMap;
use std::time::Instant;

use padi_core::{Document, DocumentFilter, Source, Verdict};
use padi_normalize::{NormalizeConfig, NormalizeFilter, Normalizer};

/// CPU time of the calling thread, in nanoseconds.
fn thread_cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

fn main() -> std::io::Result<()> {
    let Some(dir) = padi_core::shared_data::shared_data_dir() else {
        eprintln!("../shared/data not found (set PADI_SHARED_DATA)");
        return Ok(());
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir.join("lid/dev"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    let mut lines = Vec::new();
    for path in paths {
        lines.extend(std::fs::read_to_string(path)?.lines().map(str::to_string));
    }
    let bytes: usize = lines.iter().map(String::len).sum();
    println!("{} lines, {bytes} bytes", lines.len());
    let normalizer = Normalizer::default();
    measure("Normalizer::normalize", bytes, || {
        lines
            .iter()
            .map(|l| normalizer.normalize(l).text.len())
            .sum::<usize>()
    });
    let filter = NormalizeFilter::new(NormalizeConfig::default());
    let documents: Vec<Document> = lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let source = Source {
                contribution: "throughput".into(),
                file: "dev".into(),
                record: i as u64,
                line: None,
                byte_offset: None,
            };
            Document::new(i.to_string(), line.as_str(), source)
        })
        .collect();
    measure(
        "NormalizeFilter::apply (document clone included)",
        bytes,
        || {
            let mut counters = BTreeMap::new();
            documents
                .iter()
                .map(|doc| match filter.apply(doc.clone(), &mut counters) {
                    Verdict::Keep(doc) => doc.text.len(),
                    Verdict::Drop(_) => 0,
                })
                .sum::<usize>()
        },
    );
    Ok(())
}

/// Runs `work` over the text `ROUNDS` times; prints wall-clock and per-CPU-second rates.
fn measure(name: &str, bytes: usize, mut work: impl FnMut() -> usize) {
    const ROUNDS: usize = 40;
    let (cpu_start, wall_start) = (thread_cpu_ns(), Instant::now());
    let mut out = 0usize;
    for _ in 0..ROUNDS {
        out += work();
    }
    let wall = wall_start.elapsed().as_secs_f64();
    let total_mb = (bytes * ROUNDS) as f64 / 1e6;
    print!("{name}: {:.1} MB/s wall", total_mb / wall);
    if let (Some(start), Some(end)) = (cpu_start, thread_cpu_ns()) {
        print!(
            ", {:.1} MB/s per CPU-second",
            total_mb / ((end - start) as f64 / 1e9)
        );
    }
    println!(" ({out} bytes out)");
}
