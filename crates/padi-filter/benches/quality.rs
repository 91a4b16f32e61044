//! QualityFilter throughput on mixed real text, single thread (MB/s per core).
//!
//! Documents are 5 consecutive dev lines of each label in `shared/data/lid/dev/`, labelled
//! with their label; skipped without the shared data.

use std::collections::BTreeMap;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use padi_core::{Document, DocumentFilter, Source};
use padi_filter::{QualityConfig, QualityFilter};

fn mixed_documents() -> Option<Vec<Document>> {
    let dir = padi_core::shared_data::shared_data_dir_or_skip("quality bench")?.join("lid/dev");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let mut docs = Vec::new();
    for path in files {
        let label = path.file_stem()?.to_str()?.to_string();
        let text = std::fs::read_to_string(&path).ok()?;
        let lines: Vec<&str> = text.lines().collect();
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
    let Some(docs) = mixed_documents() else {
        return;
    };
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let filter = QualityFilter::new(&QualityConfig::default());
    let mut group = c.benchmark_group("quality");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("mixed_dev_text", |b| {
        b.iter(|| {
            let mut counters = BTreeMap::new();
            let mut kept = 0;
            for doc in &docs {
                if let padi_core::Verdict::Keep(_) = filter.apply(doc.clone(), &mut counters) {
                    kept += 1;
                }
            }
            kept
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
