//! Detection speed, padi-lid against whatlang on the same dev sentences, single thread.
//! Throughput is reported in bytes of input text (criterion prints MB/s or MiB/s).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use padi_core::shared_data::shared_data_dir_or_skip;
use padi_lid::{read_labelled_dir, LanguageIdentifier};

fn detection(c: &mut Criterion) {
    let Some(data) = shared_data_dir_or_skip("lid bench") else {
        return;
    };
    let Ok(dev) = read_labelled_dir(&data.join("lid/dev"), None) else {
        eprintln!("lid bench: cannot read the dev split");
        return;
    };
    let lines: Vec<String> = dev.into_iter().flat_map(|(_, lines)| lines).collect();
    let bytes: usize = lines.iter().map(String::len).sum();
    let Ok(lid) = LanguageIdentifier::load_default() else {
        eprintln!("lid bench: the default model does not load");
        return;
    };
    let mut group = c.benchmark_group("lid_dev_lines");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("padi_lid", |b| {
        b.iter(|| {
            lines
                .iter()
                .map(|l| lid.identify(l).confidence)
                .sum::<f32>()
        })
    });
    group.bench_function("whatlang", |b| {
        b.iter(|| {
            lines
                .iter()
                .filter_map(|l| whatlang::detect(l))
                .map(|i| i.confidence())
                .sum::<f64>()
        })
    });
    group.finish();
}

criterion_group!(benches, detection);
criterion_main!(benches);
