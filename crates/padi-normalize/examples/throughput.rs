//! Normalizer throughput per CPU-second on `shared/data/lid/dev` (all files), for a machine
//! shared with other work where criterion's wall-clock numbers understate it. Linux only
//! (reads this thread's CPU time from `/proc/thread-self/schedstat`).
//!
//! `cargo run --release -p padi-normalize --example throughput`

use std::time::Instant;

use padi_normalize::Normalizer;

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
    let normalizer = Normalizer::default();
    let rounds = 40;
    let (cpu_start, wall_start) = (thread_cpu_ns(), Instant::now());
    let mut out = 0usize;
    for _ in 0..rounds {
        out += lines
            .iter()
            .map(|l| normalizer.normalize(l).text.len())
            .sum::<usize>();
    }
    let wall = wall_start.elapsed().as_secs_f64();
    let total_mb = (bytes * rounds) as f64 / 1e6;
    println!(
        "{} lines, {bytes} bytes x {rounds} rounds ({out} bytes out)",
        lines.len()
    );
    println!("wall: {:.1} MB/s", total_mb / wall);
    if let (Some(start), Some(end)) = (cpu_start, thread_cpu_ns()) {
        println!(
            "cpu:  {:.1} MB/s per core",
            total_mb / ((end - start) as f64 / 1e9)
        );
    }
    Ok(())
}
