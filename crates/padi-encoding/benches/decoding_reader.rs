//! Throughput of `DecodingReader`: UTF-8 passthrough and windows-874 (Thai) decoding.
//! Criterion reports bytes of input per second on one thread.

use std::io::Read;

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use padi_encoding::DecodingReader;

/// Input size per iteration.
const TARGET_LEN: usize = 8 << 20;

/// Real text from the shared data if present, else a sentence of our own.
fn sample(lid_file: &str, fallback: &str) -> String {
    padi_core::shared_data::shared_data_dir()
        .and_then(|dir| std::fs::read_to_string(dir.join("lid/dev").join(lid_file)).ok())
        .unwrap_or_else(|| fallback.to_string())
}

fn repeat_to_target(unit: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(TARGET_LEN + unit.len());
    while out.len() < TARGET_LEN {
        out.extend_from_slice(unit);
    }
    out
}

fn read_all(input: &[u8]) -> usize {
    let mut reader = DecodingReader::new(input).expect("reading from memory");
    let mut buf = vec![0; 64 * 1024];
    let mut total = 0;
    loop {
        let n = reader.read(&mut buf).expect("reading from memory");
        if n == 0 {
            return total;
        }
        total += n;
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("decoding_reader");

    let vietnamese = sample(
        "vie_Latn.txt",
        "Hôm nay trời đẹp, chúng tôi đi dạo quanh hồ và uống cà phê sữa đá.\n",
    );
    let utf8 = repeat_to_target(vietnamese.as_bytes());
    group.throughput(Throughput::Bytes(utf8.len() as u64));
    group.bench_function("utf-8 passthrough", |b| {
        b.iter(|| read_all(black_box(&utf8)))
    });

    let thai = sample(
        "tha_Thai.txt",
        "วันนี้อากาศดีมาก พวกเราไปเดินเล่นที่สวนสาธารณะและกินข้าวเหนียวมะม่วง\n",
    );
    let (encoded, _, _) = encoding_rs::WINDOWS_874.encode(&thai);
    let windows_874 = repeat_to_target(&encoded);
    group.throughput(Throughput::Bytes(windows_874.len() as u64));
    group.bench_function("windows-874 decode", |b| {
        b.iter(|| read_all(black_box(&windows_874)))
    });

    group.finish();

    // The repair stage runs on every document; most need no repair.
    let mut group = c.benchmark_group("repair_mojibake");
    let portuguese = sample(
        "por_Latn.txt",
        "A cidade de São Paulo é a maior do Brasil, e não fica no litoral.\n",
    );
    // Vietnamese fails fast (letters outside windows-1252); Portuguese is the slow path (it
    // could be Vietnamese legacy text read as windows-1252, so it is scored).
    for (name, text) in [
        ("clean Vietnamese lines", &vietnamese),
        ("clean Portuguese lines", &portuguese),
    ] {
        let lines: Vec<&str> = text.lines().collect();
        let bytes: usize = lines.iter().map(|l| l.len()).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                lines
                    .iter()
                    .filter(|l| padi_encoding::repair_mojibake(black_box(l)).is_some())
                    .count()
            })
        });
    }
    group.finish();

    // Detection runs once per file on its first 64 KiB; this is its fixed cost.
    let prefix = &windows_874[..padi_encoding::SNIFF_LEN];
    let mut group = c.benchmark_group("detect");
    group.throughput(Throughput::Bytes(prefix.len() as u64));
    group.bench_function("64 KiB windows-874", |b| {
        b.iter(|| padi_encoding::detect(black_box(prefix)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
