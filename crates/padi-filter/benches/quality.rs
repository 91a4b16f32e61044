//! Throughput on mixed real text, single thread (MB/s per core): the quality filter alone,
//! and the quality filter followed by PII redaction (`filter_and_pii`, the pipeline's order).
//!
//! Documents are 5 consecutive dev lines of each label in `shared/data/lid/dev/` (all
//! scripts), labelled with their label; for `filter_and_pii` every 20th line carries a piece of
//! personal data, as in padi-pii's bench. Skipped without the shared data.

use std::collections::BTreeMap;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use padi_core::{Document, DocumentFilter, Source, Verdict};
use padi_filter::{QualityConfig, QualityFilter};
use padi_pii::PiiFilter;

const PII_SAMPLES: [&str; 8] = [
    "budi.santoso@contoh.co.id",
    "+62 812-3456-7890",
    "081-234-5678",
    "10.20.30.40",
    "4111 1111 1111 1111",
    "1-1017-00207-04-8",
    "S1234567D",
    "900101-14-5678",
];

/// Puts a PII sample after the 10th character of every 20th line.
fn with_pii(line_number: usize, line: &str) -> String {
    if !line_number.is_multiple_of(20) {
        return line.to_string();
    }
    let cut = line.char_indices().nth(10).map_or(line.len(), |(at, _)| at);
    let sample = PII_SAMPLES[line_number / 20 % PII_SAMPLES.len()];
    format!("{} {sample} {}", &line[..cut], &line[cut..])
}

fn mixed_documents(insert_pii: bool) -> Option<Vec<Document>> {
    let dir = padi_core::shared_data::shared_data_dir_or_skip("quality bench")?.join("lid/dev");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let mut docs = Vec::new();
    let mut line_number = 0;
    for path in files {
        let label = path.file_stem()?.to_str()?.to_string();
        let text = std::fs::read_to_string(&path).ok()?;
        let lines: Vec<String> = text
            .lines()
            .map(|line| {
                line_number += 1;
                if insert_pii {
                    with_pii(line_number, line)
                } else {
                    line.to_string()
                }
            })
            .collect();
        for (i, chunk) in lines.chunks(5).enumerate() {
            let source = Source {
                contribution: "bench".into(),
                file: label.clone(),
                record: i as u64,
                line: None,
                byte_offset: None,
            };
            let mut doc = Document::new(format!("{label}-{i}"), chunk.join("\n"), source);
            doc.lang = Some(label.clone());
            doc.lang_confidence = Some(0.9);
            docs.push(doc);
        }
    }
    Some(docs)
}

fn bench(c: &mut Criterion) {
    let (Some(docs), Some(pii_docs)) = (mixed_documents(false), mixed_documents(true)) else {
        return;
    };
    let quality = QualityFilter::new(&QualityConfig::default());
    let pii = PiiFilter::default();
    let mut group = c.benchmark_group("quality");
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("mixed_dev_text", |b| {
        b.iter(|| {
            let mut counters = BTreeMap::new();
            let mut kept = 0;
            for doc in &docs {
                if let Verdict::Keep(_) = quality.apply(doc.clone(), &mut counters) {
                    kept += 1;
                }
            }
            kept
        })
    });
    let bytes: usize = pii_docs.iter().map(|d| d.text.len()).sum();
    group.throughput(Throughput::Bytes(bytes as u64));
    // Kept documents go on to PII redaction, as in a pipeline with both stages.
    group.bench_function("filter_and_pii", |b| {
        b.iter(|| {
            let mut counters = BTreeMap::new();
            let mut kept = 0;
            for doc in &pii_docs {
                if let Verdict::Keep(doc) = quality.apply(doc.clone(), &mut counters) {
                    if let Verdict::Keep(_) = pii.apply(doc, &mut counters) {
                        kept += 1;
                    }
                }
            }
            kept
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
