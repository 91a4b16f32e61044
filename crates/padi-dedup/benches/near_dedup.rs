//! Near-dedup throughput per core (single-threaded rayon pool), for spaced (word shingles)
//! and unspaced (character shingles) text, and the index RAM per document.
//!
//! Run: `cargo bench -p padi-dedup --bench near_dedup -- --quick`

use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use padi_core::{Document, Source, Stage};
use padi_dedup::{MatchKey, NearDedup, NearDedupConfig};

/// splitmix64, for reproducible synthetic text.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// About `bytes` of text: Latin words, or Thai characters with a space every ~25.
fn synthetic(state: &mut u64, bytes: usize, thai: bool) -> String {
    let mut text = String::with_capacity(bytes + 16);
    while text.len() < bytes {
        if thai {
            for _ in 0..25 {
                let c = char::from_u32(0x0E01 + (next(state) % 0x2E) as u32).unwrap_or('ก');
                text.push(c);
            }
        } else {
            for _ in 0..(3 + next(state) % 6) {
                text.push((b'a' + (next(state) % 26) as u8) as char);
            }
        }
        text.push(' ');
    }
    text
}

fn docs(n: usize, thai: bool) -> Vec<Document> {
    let mut state = 42;
    (0..n)
        .map(|i| {
            let source = Source {
                contribution: "bench".into(),
                file: "bench".into(),
                record: i as u64,
                line: None,
                byte_offset: None,
            };
            Document::new(
                format!("{i:016x}"),
                synthetic(&mut state, 2000, thai),
                source,
            )
        })
        .collect()
}

fn key() -> MatchKey {
    Arc::new(|t: &str| t.to_lowercase())
}

fn bench(c: &mut Criterion) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    let mut group = c.benchmark_group("near_dedup_1_thread");
    for (name, thai) in [("latin_words", false), ("thai_chars", true)] {
        let batch = docs(500, thai);
        let bytes: usize = batch.iter().map(|d| d.text.len()).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(name, |b| {
            b.iter_batched(
                || batch.clone(),
                |batch| {
                    pool.install(|| {
                        let mut stage =
                            NearDedup::new(&NearDedupConfig::default(), key()).expect("stage");
                        stage.process(batch).expect("process")
                    })
                },
                criterion::BatchSize::LargeInput,
            )
        });
    }
    group.finish();

    // RAM per indexed document, measured on 100k short distinct documents.
    let mut stage = NearDedup::new(&NearDedupConfig::default(), key()).expect("stage");
    let mut state = 7;
    for chunk in 0..100 {
        let batch: Vec<Document> = (0..1000)
            .map(|i| {
                let source = Source {
                    contribution: "ram".into(),
                    file: "ram".into(),
                    record: (chunk * 1000 + i) as u64,
                    line: None,
                    byte_offset: None,
                };
                let id = format!("{:032x}", chunk * 1000 + i);
                Document::new(id, synthetic(&mut state, 200, false), source)
            })
            .collect();
        pool.install(|| stage.process(batch)).expect("process");
    }
    let index = stage.index();
    eprintln!(
        "near_dedup index: {} docs, {} bytes of RAM, {:.1} bytes/doc (32-char ids kept on disk)",
        index.len(),
        index.memory_bytes(),
        index.memory_bytes() as f64 / index.len() as f64
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
