//! Packages end to end: hostile archives are refused with each problem named and nothing
//! written outside the store; valid ones are stored once, immutably.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use padi_contrib::{validate_package, ContribError, Limits, Store};

fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples/contribution")
}

fn manifest() -> String {
    std::fs::read_to_string(sample_dir().join("contribution.json")).expect("sample manifest")
}

/// Every path under `dir`, sorted, relative.
fn listing(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read_dir") {
            let p = e.expect("entry").path();
            out.push(p.strip_prefix(dir).expect("prefix").display().to_string());
            if p.is_dir() && !p.is_symlink() {
                stack.push(p);
            }
        }
    }
    out.sort();
    out
}

fn tar_header(size: u64, kind: tar::EntryType) -> tar::Header {
    let mut h = tar::Header::new_gnu();
    h.set_size(size);
    h.set_mode(0o644);
    h.set_entry_type(kind);
    h
}

/// Raw name bytes, since `tar::Builder` itself refuses `..` and absolute paths.
fn append_raw(builder: &mut tar::Builder<impl Write>, name: &str, data: &[u8]) {
    let mut h = tar_header(data.len() as u64, tar::EntryType::Regular);
    let gnu = h.as_gnu_mut().expect("gnu");
    gnu.name[..name.len()].copy_from_slice(name.as_bytes());
    h.set_cksum();
    builder.append(&h, data).expect("append");
}

#[test]
fn hostile_tar_is_refused_with_each_entry_named() {
    let work = tempfile::tempdir().expect("tmp");
    let pkg = work.path().join("evil.tar.gz");
    let gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&pkg).expect("create"),
        flate2::Compression::fast(),
    );
    let mut b = tar::Builder::new(gz);
    let bad_manifest = manifest().replace("\"CC0-1.0\"", "\"CC zero\"");
    append_raw(&mut b, "contribution.json", bad_manifest.as_bytes());
    append_raw(&mut b, "../evil.txt", b"escaped\n");
    append_raw(&mut b, "/tmp/padi-absolute-evil.txt", b"absolute\n");
    let mut link = tar_header(0, tar::EntryType::Symlink);
    link.set_cksum();
    b.append_link(&mut link, "stories.txt", "/etc/passwd")
        .expect("symlink");
    let mut dev = tar_header(0, tar::EntryType::Char);
    dev.set_cksum();
    b.append_data(&mut dev, "dev/null", &[][..])
        .expect("device");
    b.into_inner().expect("tar").finish().expect("gz");

    let store_dir = work.path().join("store");
    let before = listing(work.path());
    let store = Store::open_or_create(&store_dir).expect("store");
    let err = store.add(&pkg, &Limits::default()).expect_err("refused");
    let ContribError::Rejected { problems } = err else {
        panic!("expected rejection, got {err}")
    };
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    let named = |needle: &str, why: &str| {
        assert!(
            text.iter().any(|t| t.contains(needle) && t.contains(why)),
            "{needle}/{why} not in {text:#?}"
        )
    };
    named("../evil.txt", "traversal");
    named("/tmp/padi-absolute-evil.txt", "absolute");
    named("stories.txt", "link");
    named("dev/null", "device");
    named("/provenance/licence", "SPDX");
    // Nothing outside the store, nothing stored inside it.
    let mut after = listing(work.path());
    after.retain(|p| !p.starts_with("store"));
    assert_eq!(before, after);
    assert!(!Path::new("/tmp/padi-absolute-evil.txt").exists());
    assert_eq!(store.ids().expect("ids"), Vec::<String>::new());
    assert_eq!(
        listing(&store_dir.join("objects/sha256")),
        Vec::<String>::new()
    );
}

#[test]
fn zip_bomb_is_stopped_quickly() {
    let work = tempfile::tempdir().expect("tmp");
    let pkg = work.path().join("bomb.zip");
    let started = Instant::now();
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&pkg).expect("create"));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    zip.start_file("contribution.json", options).expect("start");
    zip.write_all(manifest().as_bytes()).expect("manifest");
    zip.start_file("stories.txt", options).expect("start");
    let zeros = vec![b'0'; 1 << 20];
    for _ in 0..1024 {
        zip.write_all(&zeros).expect("write");
    }
    zip.finish().expect("finish");
    let built = started.elapsed();
    let size = std::fs::metadata(&pkg).expect("meta").len();
    assert!(size < 8 << 20, "the bomb is {size} bytes");

    let started = Instant::now();
    let scan = validate_package(&pkg, &Limits::default()).expect("scan");
    let checked = started.elapsed();
    assert!(
        scan.problems
            .iter()
            .any(|p| p.location == "stories.txt" && p.message.contains("decompression bomb")),
        "{:#?}",
        scan.problems
    );
    // Refused from the declared size, before inflating anything.
    assert!(
        checked.as_secs() < 5,
        "checking took {checked:?} (building {built:?})"
    );

    // The total limit applies when it is the tighter bound.
    let tight = Limits {
        max_total_bytes: 1 << 20,
        max_ratio: 1_000_000,
        ..Limits::default()
    };
    let scan = validate_package(&pkg, &tight).expect("scan");
    assert!(scan
        .problems
        .iter()
        .any(|p| p.message.contains("total size limit")));
}

#[test]
fn a_valid_package_is_stored_once_and_immutably() {
    let work = tempfile::tempdir().expect("tmp");
    let store_dir = work.path().join("store");
    let store = Store::open_or_create(&store_dir).expect("store");
    let first = store.add(&sample_dir(), &Limits::default()).expect("added");
    assert!(!first.already_stored);
    assert_eq!(
        first.new_files,
        [
            "posts.jsonl",
            "stories.txt",
            "web/crawl.warc",
            "web/market.html"
        ]
    );
    assert!(first.id.starts_with("samples-partner-"), "{}", first.id);
    let objects = listing(&store_dir.join("objects"));
    let record = store.contribution(&first.id).expect("record");
    assert_eq!(record.files.len(), 4);
    for f in &record.files {
        let path = store.object_path(&f.sha256);
        assert!(std::fs::metadata(&path)
            .expect("object")
            .permissions()
            .readonly());
    }
    assert_eq!(
        store.provenance(&first.id).expect("provenance").licence,
        "CC0-1.0"
    );

    let again = store.add(&sample_dir(), &Limits::default()).expect("again");
    assert!(again.already_stored);
    assert_eq!(again.id, first.id);
    assert_eq!(listing(&store_dir.join("objects")), objects);
    assert!(listing(&store_dir.join("tmp")).is_empty());

    // The same files in a tar under a top folder, with a different description: a new
    // contribution whose files are all duplicates.
    let pkg = work.path().join("same.tar");
    let mut b = tar::Builder::new(std::fs::File::create(&pkg).expect("create"));
    let changed = manifest().replace("Short texts", "The same short texts");
    let mut h = tar_header(changed.len() as u64, tar::EntryType::Regular);
    h.set_cksum();
    b.append_data(&mut h, "pkg/contribution.json", changed.as_bytes())
        .expect("manifest");
    for f in [
        "README.md",
        "stories.txt",
        "posts.jsonl",
        "web/market.html",
        "web/crawl.warc",
    ] {
        b.append_path_with_name(sample_dir().join(f), format!("pkg/{f}"))
            .expect("file");
    }
    b.into_inner().expect("tar");
    let second = store.add(&pkg, &Limits::default()).expect("added");
    assert_ne!(second.id, first.id);
    assert!(second.new_files.is_empty());
    assert_eq!(second.duplicate_files.len(), 4);
    assert_eq!(listing(&store_dir.join("objects")), objects);
    assert_eq!(store.ids().expect("ids").len(), 2);
}

#[test]
fn a_folder_that_is_not_a_store_is_refused() {
    let work = tempfile::tempdir().expect("tmp");
    std::fs::write(work.path().join("notes.txt"), "mine").expect("write");
    assert!(matches!(
        Store::open_or_create(work.path()),
        Err(ContribError::NotAStore { .. })
    ));
}

#[test]
fn folder_packages_refuse_symlinks_and_unknown_formats() {
    let work = tempfile::tempdir().expect("tmp");
    let pkg = work.path().join("pkg");
    std::fs::create_dir(&pkg).expect("mkdir");
    std::fs::write(pkg.join("contribution.json"), manifest()).expect("manifest");
    std::fs::write(pkg.join("stories.txt"), "Bondia\n").expect("txt");
    std::fs::write(pkg.join("scan.pdf"), "%PDF").expect("pdf");
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/hostname", pkg.join("posts.jsonl")).expect("symlink");
    let scan = validate_package(&pkg, &Limits::default()).expect("scan");
    let text: Vec<String> = scan.problems.iter().map(ToString::to_string).collect();
    assert!(
        text.iter()
            .any(|t| t.starts_with("scan.pdf: cannot tell the format")),
        "{text:#?}"
    );
    #[cfg(unix)]
    assert!(
        text.iter()
            .any(|t| t.starts_with("posts.jsonl: is a symbolic link")),
        "{text:#?}"
    );
    // Overrides naming missing files are reported too.
    assert!(
        text.iter().any(|t| t.contains("/files/web/market.html")),
        "{text:#?}"
    );
}

#[test]
fn real_text_in_every_shared_label_makes_a_valid_package() {
    let Some(shared) = padi_core::shared_data::shared_data_dir_or_skip(
        "real_text_in_every_shared_label_makes_a_valid_package",
    ) else {
        return;
    };
    let work = tempfile::tempdir().expect("tmp");
    let pkg = work.path().join("pkg");
    std::fs::create_dir(&pkg).expect("mkdir");
    let mut labels = Vec::new();
    let mut train: Vec<PathBuf> = std::fs::read_dir(shared.join("lid/train"))
        .expect("train dir")
        .map(|e| e.expect("entry").path())
        .collect();
    train.sort();
    for path in train {
        let label = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&path).expect("read");
        let head: String = text.lines().take(5).collect::<Vec<_>>().join("\n");
        std::fs::write(pkg.join(format!("{label}.txt")), head).expect("write");
        labels.push(label);
    }
    let mut manifest: serde_json::Value =
        serde_json::from_str(&padi_contrib::strip_comments(&manifest())).expect("json");
    manifest["languages"] = serde_json::json!(labels);
    manifest["files"] = serde_json::json!({});
    std::fs::write(pkg.join("contribution.json"), manifest.to_string()).expect("manifest");
    let scan = validate_package(&pkg, &Limits::default()).expect("scan");
    assert_eq!(scan.problems, [], "every shared label is known to padi");
    assert_eq!(scan.files.len(), labels.len());
}
