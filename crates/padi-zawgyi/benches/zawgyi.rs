//! Detector and converter throughput on Myanmar text, single thread (MB/s = criterion's
//! "thrpt" in bytes). Uses real text from ../shared/data when present, else a crafted sample.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use padi_zawgyi::{unicode_to_zawgyi, zawgyi_to_unicode, ZawgyiDetector};

/// About 1 MB of Unicode Burmese.
fn unicode_sample() -> String {
    let real = padi_core::shared_data::shared_data_dir()
        .and_then(|dir| std::fs::read_to_string(dir.join("lid/train/mya_Mymr.txt")).ok());
    let base = real.unwrap_or_else(|| "မြန်မာနိုင်ငံ ကျွန်တော် သွားမယ်။ ".repeat(200));
    base.repeat((1 << 20) / base.len().max(1) + 1)
}

fn benches(c: &mut Criterion) {
    let detector = ZawgyiDetector::load_default().expect("embedded model parses");
    let unicode = unicode_sample();
    let zawgyi = unicode_to_zawgyi(&unicode);
    let mut group = c.benchmark_group("zawgyi");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(unicode.len() as u64));
    group.bench_function("probability_unicode", |b| {
        b.iter(|| detector.probability(black_box(&unicode)))
    });
    group.throughput(Throughput::Bytes(zawgyi.len() as u64));
    group.bench_function("probability_zawgyi", |b| {
        b.iter(|| detector.probability(black_box(&zawgyi)))
    });
    group.bench_function("zawgyi_to_unicode", |b| {
        b.iter(|| zawgyi_to_unicode(black_box(&zawgyi)))
    });
    group.finish();
}

criterion_group!(zawgyi, benches);
criterion_main!(zawgyi);
