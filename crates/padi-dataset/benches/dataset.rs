//! Release throughput: documents through `DatasetWriter` into per-label JSONL.zst shards
//! (serialize, group by label, compress), single thread, reported in text MB/s.

use std::collections::BTreeMap;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use padi_core::{Document, Source};
use padi_dataset::{Bump, DatasetWriter, Layout, PipelineRecord, ReleaseInfo, ReleaseSpec};

fn docs() -> Vec<Document> {
    let labels = ["lao_Laoo", "khm_Khmr", "shn_Mymr", "min_Latn"];
    let texts = [
        "ພາສາລາວ ເອກະສານ ",
        "ភាសាខ្មែរ ឯកសារ ",
        "ၵႂၢမ်းတႆး ",
        "Ini dokumen bahasa Minang ",
    ];
    (0..20_000u64)
        .map(|i| {
            let k = (i % 4) as usize;
            let mut d = Document::new(
                format!("d{i}"),
                format!("{}{i} ", texts[k]).repeat(20),
                Source {
                    contribution: "bench".into(),
                    file: "bench.jsonl".into(),
                    record: i,
                    line: Some(i + 1),
                    byte_offset: None,
                },
            );
            d.lang = Some(labels[k].into());
            d
        })
        .collect()
}

fn release(c: &mut Criterion) {
    let docs = docs();
    let bytes: u64 = docs.iter().map(|d| d.text.len() as u64).sum();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    let mut group = c.benchmark_group("release");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    group.bench_function("write_jsonl_shards_1_thread", |b| {
        // The writer takes its documents; copying them is setup, not measured.
        let batches = || {
            docs.chunks(8192)
                .map(<[Document]>::to_vec)
                .collect::<Vec<_>>()
        };
        b.iter_batched(
            batches,
            |batches| {
                let tmp = tempfile::tempdir().expect("tmp");
                let spec = ReleaseSpec {
                    dataset_dir: tmp.path().to_path_buf(),
                    name: "bench".into(),
                    version: None,
                    bump: Bump::Minor,
                    layout: Layout {
                        shard_max_bytes: 256 << 20,
                        compression_level: 3,
                        parquet: false,
                    },
                };
                pool.install(|| {
                    let mut w = DatasetWriter::create(&spec, Vec::new()).expect("create");
                    for batch in batches {
                        w.write(batch).expect("write");
                    }
                    w.finish(ReleaseInfo {
                        pipeline: PipelineRecord {
                            file: "bench.toml".into(),
                            config_sha256: String::new(),
                        },
                        stages: Vec::new(),
                        provenance: BTreeMap::new(),
                        takedown: None,
                    })
                    .expect("finish")
                })
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, release);
criterion_main!(benches);
