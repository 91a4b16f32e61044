//! Redaction throughput (MB/s, one thread) on mixed text: the real sentences of
//! `../shared/data/lid/dev` (all scripts) with PII inserted into every 20th line, or generated
//! text when the shared data is absent.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use padi_pii::Redactor;

const SAMPLES: [&str; 8] = [
    "budi.santoso@contoh.co.id",
    "+62 812-3456-7890",
    "081-234-5678",
    "10.20.30.40",
    "4111 1111 1111 1111",
    "1-1017-00207-04-8",
    "S1234567D",
    "900101-14-5678",
];

fn corpus() -> Vec<String> {
    let lines: Vec<String> = match padi_core::shared_data::shared_data_dir() {
        Some(dir) => {
            let mut files: Vec<_> = std::fs::read_dir(dir.join("lid/dev"))
                .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            files.sort();
            files
                .iter()
                .filter_map(|p| std::fs::read_to_string(p).ok())
                .flat_map(|t| t.lines().map(str::to_string).collect::<Vec<_>>())
                .collect()
        }
        None => Vec::new(),
    };
    let lines = if lines.is_empty() {
        eprintln!("../shared/data not found: benchmarking generated text");
        (0..4000)
            .map(|i| {
                format!(
                    "Pada tahun {} sebanyak {} orang membayar Rp {}.000 pada {}-0{}-2024 \
                     ภาษาไทย ตัวเลข {} และ tiếng Việt có dấu.",
                    1990 + i % 30,
                    i * 37,
                    i % 900,
                    1 + i % 28,
                    1 + i % 9,
                    i
                )
            })
            .collect()
    } else {
        lines
    };
    lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            if i % 20 == 0 {
                let cut = line.char_indices().nth(10).map_or(line.len(), |(at, _)| at);
                format!(
                    "{} {} {}",
                    &line[..cut],
                    SAMPLES[i / 20 % SAMPLES.len()],
                    &line[cut..]
                )
            } else {
                line
            }
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let lines = corpus();
    let bytes: usize = lines.iter().map(String::len).sum();
    let redactor = Redactor::default();
    let mut group = c.benchmark_group("pii");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("redact_mixed_lines", |b| {
        b.iter(|| {
            lines
                .iter()
                .map(|l| redactor.redact(l).counts.total())
                .sum::<u64>()
        })
    });
    let ascii: Vec<&String> = lines.iter().filter(|l| l.is_ascii()).collect();
    let ascii_bytes: usize = ascii.iter().map(|l| l.len()).sum();
    group.throughput(Throughput::Bytes(ascii_bytes as u64));
    group.bench_function("redact_latin_script_lines", |b| {
        b.iter(|| {
            ascii
                .iter()
                .map(|l| redactor.redact(l).counts.total())
                .sum::<u64>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
