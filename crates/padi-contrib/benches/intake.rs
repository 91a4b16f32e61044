//! Intake throughput: hashing validation of a tar.gz package, and HTML text extraction.
//! Reported as MB/s of decompressed package content on one thread.

use std::io::Write;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use padi_contrib::{validate_package, Limits, TEMPLATE};

fn package(dir: &std::path::Path) -> (std::path::PathBuf, u64) {
    let path = dir.join("pkg.tar.gz");
    let gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&path).expect("create"),
        flate2::Compression::fast(),
    );
    let mut tar = tar::Builder::new(gz);
    let mut add = |name: &str, bytes: &[u8]| {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, name, bytes).expect("append");
    };
    add("contribution.json", TEMPLATE.as_bytes());
    let line = "ၵႂၢမ်းတႆး ၼႂ်းပပ်ႉ ပဵၼ်ၵႂၢမ်းဢၼ်လီ၊ Lorem tetun ho lia-fuan barak.\n";
    let mut total = 0u64;
    for i in 0..8 {
        let body = line.repeat(20_000);
        total += body.len() as u64;
        add(&format!("data/part{i}.txt"), body.as_bytes());
    }
    tar.into_inner()
        .expect("tar")
        .finish()
        .expect("gz")
        .flush()
        .expect("flush");
    (path, total)
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tmp");
    let (path, total) = package(dir.path());
    let mut group = c.benchmark_group("intake");
    group.throughput(Throughput::Bytes(total));
    group.sample_size(10);
    group.bench_function("validate_tar_gz", |b| {
        b.iter(|| validate_package(&path, &Limits::default()).expect("scan"))
    });
    let page = format!(
        "<html><head><script>var x = 1;</script></head><body><nav>menu</nav>{}</body></html>",
        "<p>ສະບາຍດີ <b>ທຸກ</b>ຄົນ &amp; friends, this is a paragraph of text.</p>\n".repeat(20_000)
    );
    group.throughput(Throughput::Bytes(page.len() as u64));
    group.bench_function("html_to_text", |b| b.iter(|| padi_io::html_to_text(&page)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
