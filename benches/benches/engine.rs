//! Engine throughput: JSONL.zst in, JSONL.zst out, with no stage and with a trivial one,
//! on one and two worker threads.

use std::io::Write;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use padi_pipeline::{Pipeline, RunOptions};

const SENTENCES: [&str; 6] = [
    "ข้าวเหนียวมะม่วงเป็นของหวานที่คนไทยชอบกินในฤดูร้อน ร้านเล็ก ๆ ริมถนนขายตั้งแต่เช้าจนถึงค่ำ",
    "ມື້ນີ້ອາກາດຢູ່ວຽງຈັນຮ້ອນຫຼາຍ ຄົນສ່ວນໃຫຍ່ພາກັນໄປນັ່ງຫຼິ້ນຢູ່ແຄມແມ່ນ້ຳຂອງໃນຕອນແລງ",
    "ភ្លៀងធ្លាក់ខ្លាំងនៅរាជធានីភ្នំពេញកាលពីយប់មិញ ធ្វើឱ្យផ្លូវជាច្រើនលិចទឹក។",
    "ရန်ကုန်မြို့တွင် ယနေ့ မိုးသည်းထန်စွာ ရွာသွန်းခဲ့သည်။ လမ်းများစွာ ရေဝပ်နေသည်။",
    "Hà Nội hôm nay trời mưa to, nhiều tuyến phố bị ngập nước vào giờ tan tầm.",
    "Hujan deras mengguyur Jakarta sejak sore, sehingga beberapa ruas jalan tergenang air.",
];

/// Writes about `target` bytes of JSONL, zstd-compressed; returns the uncompressed size.
fn corpus(path: &Path, target: usize) -> u64 {
    let file = std::fs::File::create(path).expect("create corpus");
    let mut out = zstd::Encoder::new(file, 3).expect("zstd").auto_finish();
    let mut written = 0usize;
    let mut i = 0usize;
    while written < target {
        let text: Vec<&str> = (0..(i % 12 + 3)).map(|j| SENTENCES[(i + j) % 6]).collect();
        let line =
            serde_json::json!({"id": format!("doc-{i}"), "text": text.join(" ")}).to_string();
        writeln!(out, "{line}").expect("write");
        written += line.len() + 1;
        i += 1;
    }
    written as u64
}

fn engine(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tmp");
    let bytes = corpus(&dir.path().join("in.jsonl.zst"), 64 * 1024 * 1024);
    let pipelines = [
        ("passthrough", ""),
        (
            "length-stage",
            "[[stage]]\ntype = \"length\"\nmin_chars = 20\n",
        ),
    ];
    let mut group = c.benchmark_group("engine");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    for (name, stages) in pipelines {
        let path = dir.path().join(format!("{name}.toml"));
        let toml = format!(
            "[[input]]\npath = \"in.jsonl.zst\"\nid_field = \"id\"\n[output]\npath = \"out-{name}\"\n{stages}"
        );
        std::fs::write(&path, toml).expect("pipeline");
        let pipeline = Pipeline::load(&path).expect("load");
        for threads in [1, 2] {
            let options = RunOptions {
                threads: Some(threads),
                ..RunOptions::default()
            };
            group.bench_function(format!("{name}/threads-{threads}"), |b| {
                b.iter(|| pipeline.run(&options).expect("run"))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
