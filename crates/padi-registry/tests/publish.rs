//! Publishing: verified, atomic, idempotent, index rebuilt from the manifests, safe under
//! concurrent publishers; and `index()`/`ls` data from a registry directory.

mod support;

use std::path::Path;

use padi_registry::{publish, Registry, RegistryError, RegistryIndex};

/// Nothing is left staged (the `.staging` directory itself may remain, empty).
fn nothing_staged(registry: &Path) -> bool {
    std::fs::read_dir(registry.join(".staging")).map_or(true, |mut d| d.next().is_none())
}

fn read_index(registry: &Path) -> RegistryIndex {
    serde_json::from_slice(&std::fs::read(registry.join("index.json")).expect("index.json"))
        .expect("parse index")
}

#[test]
fn publish_copies_verbatim_indexes_and_is_idempotent() {
    let tmp = tempfile::tempdir().expect("tmp");
    let version = support::release(&tmp.path().join("datasets"), "1.0.0", 300, "a");
    let registry = tmp.path().join("registry");
    let published = publish(&version, &registry).expect("publish");
    assert!(!published.already_present);
    assert_eq!(published.dir, registry.join("demo/1.0.0"));
    assert_eq!(support::files(&version), support::files(&published.dir));
    for f in support::files(&version) {
        assert_eq!(
            std::fs::read(version.join(&f)).expect("read"),
            std::fs::read(published.dir.join(&f)).expect("read"),
            "{f}"
        );
    }
    let index = read_index(&registry);
    let demo = &index.datasets["demo"];
    assert_eq!(demo.latest, "1.0.0");
    let v = demo.version("1.0.0").expect("indexed");
    assert_eq!(v.path, "demo/1.0.0");
    assert_eq!(
        v.labels.keys().map(String::as_str).collect::<Vec<_>>(),
        ["khm_Khmr", "lao_Laoo", "shn_Mymr"]
    );
    assert_eq!(v.labels.values().map(|l| l.documents).sum::<u64>(), 300);
    assert!(v
        .labels
        .values()
        .all(|l| l.jsonl_bytes > 0 && l.parquet_bytes > 0));
    assert_eq!(v.licences, ["CC-BY-4.0", "CC0-1.0"]);
    let on_disk: u64 = support::files(&published.dir)
        .iter()
        .map(|f| {
            std::fs::metadata(published.dir.join(f))
                .expect("meta")
                .len()
        })
        .sum();
    assert_eq!(v.total_bytes, on_disk);
    let manifest_sha = padi_dataset::sha256_file(&published.dir.join("manifest.json"))
        .expect("sha")
        .0;
    assert_eq!(v.metadata[0].sha256, manifest_sha);

    // Again: nothing copied, index unchanged; a deleted index is rebuilt.
    let before = std::fs::read(registry.join("index.json")).expect("index");
    std::fs::remove_file(registry.join("index.json")).expect("rm");
    let again = publish(&version, &registry).expect("publish again");
    assert!(again.already_present);
    assert_eq!(
        std::fs::read(registry.join("index.json")).expect("index"),
        before
    );
    assert!(nothing_staged(&registry));
    assert_eq!(
        read_index(&registry),
        RegistryIndex::scan(&registry).expect("scan")
    );
}

#[test]
fn refuses_broken_and_different_versions() {
    let tmp = tempfile::tempdir().expect("tmp");
    let registry = tmp.path().join("registry");
    let good = support::release(&tmp.path().join("a"), "1.0.0", 90, "a");
    publish(&good, &registry).expect("publish");

    // Same name and version, other documents: refused, the published copy untouched.
    let other = support::release(&tmp.path().join("b"), "1.0.0", 90, "b");
    let err = publish(&other, &registry).expect_err("different content");
    assert!(matches!(err, RegistryError::VersionDiffers { .. }), "{err}");
    assert!(err.to_string().contains("demo 1.0.0"), "{err}");
    assert!(padi_dataset::verify(&registry.join("demo/1.0.0")).is_empty());

    // A corrupted version: refused with the problem named, nothing staged or indexed.
    let broken = support::release(&tmp.path().join("c"), "2.0.0", 90, "c");
    let shard = broken.join("data/lao_Laoo/part-00000.jsonl.zst");
    let mut bytes = std::fs::read(&shard).expect("read");
    bytes[10] ^= 0xff;
    std::fs::write(&shard, bytes).expect("write");
    let err = publish(&broken, &registry).expect_err("broken");
    assert!(matches!(err, RegistryError::BrokenVersion { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("data/lao_Laoo/part-00000.jsonl.zst"),
        "{err}"
    );
    assert!(!registry.join("demo/2.0.0").exists());
    assert_eq!(read_index(&registry).datasets["demo"].versions.len(), 1);
}

#[test]
fn a_killed_publishers_temporaries_are_removed_and_never_published() {
    let tmp = tempfile::tempdir().expect("tmp");
    let registry = tmp.path().join("registry");
    let version = support::release(&tmp.path().join("a"), "1.0.0", 30, "a");
    // What publishers killed before their renames leave behind: a half copy of the very
    // version published next (with a file it does not have), another copy, an index.
    let half = registry.join(".staging/demo-1.0.0");
    std::fs::create_dir_all(half.join("data")).expect("mkdir");
    std::fs::write(half.join("manifest.json"), "{}").expect("write");
    std::fs::write(half.join("data/stray.txt"), "stray").expect("write");
    let other = registry.join(".staging/123-456-0");
    std::fs::create_dir_all(&other).expect("mkdir");
    std::fs::write(other.join("manifest.json"), "{}").expect("write");
    std::fs::write(registry.join(".staging/index.json"), "{ not an index").expect("write");

    let published = publish(&version, &registry).expect("publish");
    assert!(nothing_staged(&registry));
    assert_eq!(support::files(&published.dir), support::files(&version));
    assert!(padi_dataset::verify(&published.dir).is_empty());
    assert_eq!(
        read_index(&registry),
        RegistryIndex::scan(&registry).expect("scan")
    );
    assert_eq!(read_index(&registry).datasets.len(), 1);
    let mut top: Vec<String> = std::fs::read_dir(&registry)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(top, [".lock", ".staging", "demo", "index.json"]);
}

#[test]
fn concurrent_publishes_all_land_in_the_index() {
    let tmp = tempfile::tempdir().expect("tmp");
    let registry = tmp.path().join("registry");
    let versions: Vec<_> = ["1.0.0", "1.1.0", "1.2.0", "2.0.0"]
        .iter()
        .map(|v| support::release(&tmp.path().join(format!("src-{v}")), v, 60, v))
        .collect();
    std::thread::scope(|s| {
        for v in &versions {
            let registry = &registry;
            s.spawn(move || publish(v, registry).expect("publish"));
        }
    });
    let index = read_index(&registry);
    let demo = &index.datasets["demo"];
    assert_eq!(
        demo.versions
            .iter()
            .map(|v| v.version.as_str())
            .collect::<Vec<_>>(),
        ["1.0.0", "1.1.0", "1.2.0", "2.0.0"]
    );
    assert_eq!(demo.latest, "2.0.0");
}

#[test]
fn semver_order_and_index_through_the_library() {
    let tmp = tempfile::tempdir().expect("tmp");
    let registry = tmp.path().join("registry");
    for v in ["1.9.0", "1.10.0"] {
        let dir = support::release(&tmp.path().join(v), v, 30, v);
        publish(&dir, &registry).expect("publish");
    }
    let index = Registry::open(registry.to_str().expect("utf8"))
        .expect("open")
        .index()
        .expect("index");
    assert_eq!(index.datasets["demo"].latest, "1.10.0");
    assert!(matches!(
        Registry::open("/no/such/registry"),
        Err(RegistryError::NoRegistry(_))
    ));
}

#[test]
fn publishes_the_released_samples_when_present() {
    // `cargo run -p padi-cli -- run pipelines/samples.toml` writes this; skip without it.
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../out/datasets/samples");
    let Some(version) = padi_dataset::latest_version(&samples)
        .ok()
        .flatten()
        .map(|v| samples.join(v.to_string()))
    else {
        eprintln!("skipping: no released samples in {}", samples.display());
        return;
    };
    // Written by whichever padi build ran last; only a version this build accepts is a test.
    if !padi_dataset::verify(&version).is_empty() {
        eprintln!(
            "skipping: {} does not verify with this build",
            version.display()
        );
        return;
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let published = publish(&version, tmp.path()).expect("publish samples");
    let index = read_index(tmp.path());
    assert!(index.datasets["samples"]
        .version(&published.version)
        .is_some());
}
