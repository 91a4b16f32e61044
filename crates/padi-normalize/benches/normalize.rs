//! Throughput of the normalize stage on mixed real text: every file of
//! `shared/data/lid/dev` concatenated (a small generated text when it is absent). Criterion
//! reports bytes per second on one thread, i.e. MB/s per core.

use std::collections::BTreeMap;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use padi_core::{Document, DocumentFilter, Source};
use padi_normalize::{match_key, NormalizeConfig, NormalizeFilter, Normalizer};

fn mixed_lines() -> Vec<String> {
    let from_data = padi_core::shared_data::shared_data_dir().and_then(|dir| {
        let mut paths: Vec<_> = std::fs::read_dir(dir.join("lid/dev"))
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        paths.sort();
        let mut lines = Vec::new();
        for path in paths {
            let text = std::fs::read_to_string(path).ok()?;
            lines.extend(text.lines().map(str::to_string));
        }
        Some(lines)
    });
    from_data.unwrap_or_else(|| {
        let samples = [
            "Hòa bình và thuý   ",
            "ภาษาไทย\u{200B}น้ำ",
            "ខ្មែរ\u{200B}ភាសា",
            "မြန်မာစာ",
            "The quick brown fox.\r\n",
        ];
        (0..20_000)
            .map(|i| samples[i % samples.len()].repeat(1 + i % 7))
            .collect()
    })
}

fn bench(c: &mut Criterion) {
    let lines = mixed_lines();
    let bytes: usize = lines.iter().map(String::len).sum();
    let mut group = c.benchmark_group("normalize");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);

    let normalizer = Normalizer::default();
    group.bench_function("normalizer_mixed_lid_dev", |b| {
        b.iter(|| {
            lines
                .iter()
                .map(|line| normalizer.normalize(line).text.len())
                .sum::<usize>()
        })
    });

    let filter = NormalizeFilter::new(NormalizeConfig::default());
    let documents: Vec<Document> = lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let source = Source {
                contribution: "bench".into(),
                file: "dev".into(),
                record: i as u64,
                line: None,
                byte_offset: None,
            };
            Document::new(i.to_string(), line.as_str(), source)
        })
        .collect();
    group.bench_function("filter_mixed_lid_dev", |b| {
        b.iter_batched(
            || documents.clone(),
            |docs| {
                let mut counters = BTreeMap::new();
                for doc in docs {
                    std::hint::black_box(filter.apply(doc, &mut counters));
                }
                counters
            },
            criterion::BatchSize::LargeInput,
        )
    });

    group.bench_function("match_key_mixed_lid_dev", |b| {
        b.iter(|| {
            lines
                .iter()
                .map(|line| match_key(line).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
