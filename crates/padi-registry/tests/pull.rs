//! Pulling from a registry directory and over HTTP from a fault-injecting server: only the
//! requested files, resume with Range, retries, corrupt files refused, verify passes.

mod support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use padi_dataset::{verify_selection, Manifest};
use padi_registry::{
    publish, FailureReason, Format, PullRecord, PullRequest, Registry, RegistryError, RetryPolicy,
    VersionSpec,
};
use support::server::{Fault, FaultServer};

/// A registry with demo 1.0.0 and 1.1.0 (several shards per label).
fn registry(tmp: &Path) -> PathBuf {
    let registry = tmp.join("registry");
    for (version, salt) in [("1.0.0", "old"), ("1.1.0", "new")] {
        let dir = support::release(&tmp.join(format!("src-{version}")), version, 900, salt);
        publish(&dir, &registry).expect("publish");
    }
    registry
}

fn request(dest: &Path, labels: &[&str], format: Format) -> PullRequest {
    PullRequest {
        version: VersionSpec::Exact("1.0.0".into()),
        labels: Some(labels.iter().map(|l| l.to_string()).collect()),
        format,
        parallel: 3,
        retry: RetryPolicy {
            attempts: 3,
            initial_backoff: Duration::from_millis(5),
        },
        ..PullRequest::new("demo", dest)
    }
}

fn assert_verifies(dest: &Path) {
    let record = PullRecord::load(dest).expect("load").expect("pull.json");
    let problems = verify_selection(dest, &record.selection());
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Data files of the labels in the published version, in one format.
fn data_files(registry: &Path, labels: &[&str], format: Format) -> Vec<String> {
    let m = Manifest::load(&registry.join("demo/1.0.0")).expect("manifest");
    let mut files: Vec<String> = match format {
        Format::Jsonl => m
            .shards
            .iter()
            .filter(|s| labels.contains(&s.label.as_str()))
            .map(|s| s.path.clone())
            .collect(),
        Format::Parquet => m
            .files
            .iter()
            .filter(|f| f.label.as_deref().is_some_and(|l| labels.contains(&l)))
            .map(|f| f.path.clone())
            .collect(),
    };
    files.sort();
    files
}

fn expected_dest_files(registry: &Path, labels: &[&str], format: Format) -> Vec<String> {
    let mut files = data_files(registry, labels, format);
    files.extend(
        [
            "README.md",
            "croissant.json",
            "manifest.json",
            "pull.json",
            "tombstones.jsonl",
        ]
        .map(String::from),
    );
    files.sort();
    files
}

#[test]
fn pulls_selected_labels_from_a_directory() {
    let tmp = tempfile::tempdir().expect("tmp");
    let registry = registry(tmp.path());
    let dest = tmp.path().join("pulled");
    let labels = ["lao_Laoo", "khm_Khmr"];
    let reg = Registry::open(registry.to_str().expect("utf8")).expect("open");
    let report = reg
        .pull(&request(&dest, &labels, Format::Parquet))
        .expect("pull");
    assert_eq!(report.version, "1.0.0");
    assert_eq!(report.labels, ["khm_Khmr", "lao_Laoo"]);
    assert_eq!(
        support::files(&dest),
        expected_dest_files(&registry, &labels, Format::Parquet)
    );
    assert_verifies(&dest);
    let record = PullRecord::load(&dest).expect("load").expect("record");
    assert_eq!(record.format, Format::Parquet);
    assert_eq!(record.version, "1.0.0");

    // A second run finds everything in place and fetches nothing.
    let again = reg
        .pull(&request(&dest, &labels, Format::Parquet))
        .expect("pull again");
    assert!(again.downloaded.is_empty(), "{:?}", again.downloaded);
    assert_eq!(again.bytes_received, 0);

    // The full version, latest, JSONL: every label.
    let all = tmp.path().join("all");
    let report = reg.pull(&PullRequest::new("demo", &all)).expect("pull all");
    assert_eq!(report.version, "1.1.0");
    assert_eq!(report.labels.len(), 3);
    assert_verifies(&all);
}

#[test]
fn more_labels_pulled_into_a_pull_add_to_it() {
    let tmp = tempfile::tempdir().expect("tmp");
    let registry = registry(tmp.path());
    let dest = tmp.path().join("pulled");
    let reg = Registry::open(registry.to_str().expect("utf8")).expect("open");
    reg.pull(&request(&dest, &["lao_Laoo"], Format::Jsonl))
        .expect("first pull");
    let report = reg
        .pull(&request(&dest, &["khm_Khmr"], Format::Jsonl))
        .expect("second pull");
    assert_eq!(report.labels, ["khm_Khmr", "lao_Laoo"]);
    let record = PullRecord::load(&dest).expect("load").expect("record");
    assert_eq!(record.labels, ["khm_Khmr", "lao_Laoo"]);
    assert_eq!(
        support::files(&dest),
        expected_dest_files(&registry, &["khm_Khmr", "lao_Laoo"], Format::Jsonl)
    );
    assert_verifies(&dest);

    // The other format would leave files the record cannot describe.
    let err = reg
        .pull(&request(&dest, &["khm_Khmr"], Format::Parquet))
        .expect_err("format mixed");
    assert!(err.to_string().contains("holds a jsonl pull"), "{err}");
}

#[test]
fn unknown_names_are_errors_that_list_what_exists() {
    let tmp = tempfile::tempdir().expect("tmp");
    let registry = registry(tmp.path());
    let reg = Registry::open(registry.to_str().expect("utf8")).expect("open");
    let dest = tmp.path().join("d");
    let err = reg
        .pull(&request(&dest, &["tha_Thai"], Format::Jsonl))
        .expect_err("unknown label");
    assert!(matches!(err, RegistryError::UnknownLabels { .. }));
    assert!(err.to_string().contains("tha_Thai"), "{err}");
    assert!(err.to_string().contains("lao_Laoo"), "{err}");
    let mut r = request(&dest, &["lao_Laoo"], Format::Jsonl);
    r.version = VersionSpec::Exact("3.0.0".into());
    let err = reg.pull(&r).expect_err("unknown version");
    assert!(err.to_string().contains("1.0.0, 1.1.0"), "{err}");
    r.name = "nope".into();
    let err = reg.pull(&r).expect_err("unknown dataset");
    assert!(err.to_string().contains("demo"), "{err}");
    // Checked against the index: nothing was written.
    assert!(!dest.exists());

    // A destination with unrelated files is refused.
    let busy = tmp.path().join("busy");
    std::fs::create_dir_all(&busy).expect("mkdir");
    std::fs::write(busy.join("notes.txt"), "mine").expect("write");
    let err = reg
        .pull(&request(&busy, &["lao_Laoo"], Format::Jsonl))
        .expect_err("busy dest");
    assert!(matches!(err, RegistryError::Destination { .. }), "{err}");
}

#[test]
fn over_http_only_requested_files_are_fetched() {
    let tmp = tempfile::tempdir().expect("tmp");
    let registry = registry(tmp.path());
    let server = FaultServer::start(&registry);
    let reg = Registry::open(&server.url()).expect("open");
    let dest = tmp.path().join("pulled");
    let labels = ["shn_Mymr", "khm_Khmr"];
    reg.pull(&request(&dest, &labels, Format::Jsonl))
        .expect("pull");
    let mut fetched: Vec<String> = server
        .log()
        .iter()
        .map(|l| l.path.clone())
        .filter(|p| p.contains("/data/"))
        .collect();
    fetched.sort();
    let expected: Vec<String> = data_files(&registry, &labels, Format::Jsonl)
        .iter()
        .map(|p| format!("demo/1.0.0/{p}"))
        .collect();
    assert_eq!(fetched, expected);
    assert!(server.requests("1.1.0").is_empty());
    assert!(server.requests("lao_Laoo").is_empty());
    assert!(server.log().iter().all(|l| l.range.is_none()));
    assert_eq!(
        support::files(&dest),
        expected_dest_files(&registry, &labels, Format::Jsonl)
    );
    assert_verifies(&dest);
}

#[test]
fn transient_failures_are_retried_and_resume_with_range() {
    let tmp = tempfile::tempdir().expect("tmp");
    let registry = registry(tmp.path());
    let server = FaultServer::start(&registry);
    let labels = ["lao_Laoo"];
    let files = data_files(&registry, &labels, Format::Jsonl);
    assert!(files.len() >= 2, "{files:?}");
    let dropped = format!("demo/1.0.0/{}", files[0]);
    let unavailable = format!("demo/1.0.0/{}", files[1]);
    server.inject(&dropped, &[Fault::DropAfter(1000), Fault::DropAfter(1500)]);
    server.inject(&unavailable, &[Fault::Status(503), Fault::Status(429)]);
    server.inject("index.json", &[Fault::Status(502)]);
    let dest = tmp.path().join("pulled");
    Registry::open(&server.url())
        .expect("open")
        .pull(&request(&dest, &labels, Format::Jsonl))
        .expect("pull succeeds after retries");
    let log = server.requests(&dropped);
    assert_eq!(log.len(), 3, "{log:#?}");
    assert_eq!(log[0].range, None);
    assert_eq!(log[1].range.as_deref(), Some("bytes=1000-"));
    assert_eq!(log[2].range.as_deref(), Some("bytes=2500-"));
    assert!(log[1].if_range.is_some() && log[1].status == 206);
    assert_eq!(server.requests(&unavailable).len(), 3);
    assert_verifies(&dest);
}

#[test]
fn a_rerun_resumes_and_skips_finished_files() {
    let tmp = tempfile::tempdir().expect("tmp");
    let registry = registry(tmp.path());
    let server = FaultServer::start(&registry);
    let labels = ["shn_Mymr", "lao_Laoo"];
    let files = data_files(&registry, &labels, Format::Jsonl);
    let partial = format!("demo/1.0.0/{}", files[0]);
    // Cut after 2000 bytes, then fail until the 3 attempts are used up (the cut one counts).
    server.inject(
        &partial,
        &[
            Fault::DropAfter(2000),
            Fault::Status(503),
            Fault::Status(503),
        ],
    );
    let dest = tmp.path().join("pulled");
    let reg = Registry::open(&server.url()).expect("open");
    let err = reg
        .pull(&request(&dest, &labels, Format::Jsonl))
        .expect_err("first run fails");
    let RegistryError::Incomplete { failures } = &err else {
        panic!("{err}");
    };
    assert_eq!(failures.len(), 1, "{err}");
    assert_eq!(failures[0].path, files[0]);
    assert!(
        !dest.join("manifest.json").exists(),
        "incomplete pull has no manifest"
    );
    assert!(!dest.join(&files[0]).exists());
    for f in &files[1..] {
        assert!(dest.join(f).is_file(), "{f} finished in the first run");
    }
    let part = dest.join(".partial").join(format!("{}.part", files[0]));
    assert_eq!(std::fs::metadata(&part).expect("part").len(), 2000);

    server.clear_log();
    let report = reg
        .pull(&request(&dest, &labels, Format::Jsonl))
        .expect("second run");
    let log = server.log();
    let data: Vec<_> = log.iter().filter(|l| l.path.contains("/data/")).collect();
    assert_eq!(
        data.len(),
        1,
        "only the unfinished file is fetched: {data:#?}"
    );
    assert_eq!(data[0].path, partial);
    assert_eq!(data[0].range.as_deref(), Some("bytes=2000-"));
    assert_eq!(data[0].status, 206);
    assert_eq!(report.downloaded, [files[0].clone()]);
    assert!(!dest.join(".partial").exists());
    assert_verifies(&dest);
}

#[test]
fn a_changed_file_restarts_from_zero_when_the_range_is_ignored() {
    let tmp = tempfile::tempdir().expect("tmp");
    let registry = registry(tmp.path());
    let server = FaultServer::start(&registry);
    let labels = ["khm_Khmr"];
    let files = data_files(&registry, &labels, Format::Jsonl);
    let path = format!("demo/1.0.0/{}", files[0]);
    server.inject(&path, &[Fault::DropAfter(3000), Fault::IgnoreRange]);
    let dest = tmp.path().join("pulled");
    Registry::open(&server.url())
        .expect("open")
        .pull(&request(&dest, &labels, Format::Jsonl))
        .expect("pull");
    let log = server.requests(&path);
    assert_eq!(log.len(), 2);
    assert_eq!(log[1].status, 200);
    assert_verifies(&dest);
}

#[test]
fn a_server_that_restarts_and_drops_at_the_same_place_runs_out_of_attempts() {
    let tmp = tempfile::tempdir().expect("tmp");
    let registry = registry(tmp.path());
    let server = FaultServer::start(&registry);
    let labels = ["khm_Khmr"];
    let files = data_files(&registry, &labels, Format::Jsonl);
    let path = format!("demo/1.0.0/{}", files[0]);
    // Every attempt receives bytes, but the file never grows past 2000 of them.
    server.inject(&path, &[Fault::IgnoreRangeDropAfter(2000); 10]);
    let dest = tmp.path().join("pulled");
    let err = Registry::open(&server.url())
        .expect("open")
        .pull(&request(&dest, &labels, Format::Jsonl))
        .expect_err("no progress");
    assert!(
        err.to_string().contains("gave up after 3 attempts"),
        "{err}"
    );
    assert_eq!(server.requests(&path).len(), 3);
}

#[test]
fn a_corrupted_file_is_refused_and_never_placed() {
    let tmp = tempfile::tempdir().expect("tmp");
    let registry = registry(tmp.path());
    let server = FaultServer::start(&registry);
    let labels = ["shn_Mymr", "khm_Khmr"];
    let files = data_files(&registry, &labels, Format::Parquet);
    let bad = files[0].clone();
    server.corrupt(&format!("demo/1.0.0/{bad}"));
    let dest = tmp.path().join("pulled");
    let err = Registry::open(&server.url())
        .expect("open")
        .pull(&request(&dest, &labels, Format::Parquet))
        .expect_err("corrupt file");
    let RegistryError::Incomplete { failures } = &err else {
        panic!("{err}");
    };
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].path, bad);
    let FailureReason::Checksum {
        expected_sha256,
        actual_sha256,
        ..
    } = &failures[0].reason
    else {
        panic!("{err}");
    };
    assert_ne!(expected_sha256, actual_sha256);
    let message = err.to_string();
    assert!(
        message.contains(&bad) && message.contains(expected_sha256),
        "{message}"
    );
    assert!(!dest.join(&bad).exists());
    assert!(!dest.join(".partial").join(format!("{bad}.part")).exists());
    assert!(!dest.join("manifest.json").exists());
    for f in &files[1..] {
        assert!(dest.join(f).is_file(), "{f}");
    }
}

#[test]
fn missing_files_are_not_retried() {
    let tmp = tempfile::tempdir().expect("tmp");
    let registry = registry(tmp.path());
    let labels = ["lao_Laoo"];
    let files = data_files(&registry, &labels, Format::Jsonl);
    std::fs::remove_file(registry.join("demo/1.0.0").join(&files[0])).expect("rm");
    let server = FaultServer::start(&registry);
    let dest = tmp.path().join("pulled");
    let err = Registry::open(&server.url())
        .expect("open")
        .pull(&request(&dest, &labels, Format::Jsonl))
        .expect_err("missing file");
    assert!(err.to_string().contains("404"), "{err}");
    assert_eq!(server.requests(&files[0]).len(), 1);
}

#[test]
fn a_whole_partial_file_is_checked_without_a_request() {
    let tmp = tempfile::tempdir().expect("tmp");
    let registry = registry(tmp.path());
    let server = FaultServer::start(&registry);
    let labels = ["lao_Laoo"];
    let files = data_files(&registry, &labels, Format::Jsonl);
    let dest = tmp.path().join("pulled");
    // As left by a pull killed between the last byte and the rename; and a too-long one.
    for (i, f) in files.iter().take(2).enumerate() {
        let part = dest.join(".partial").join(format!("{f}.part"));
        std::fs::create_dir_all(part.parent().expect("parent")).expect("mkdir");
        let mut bytes = std::fs::read(registry.join("demo/1.0.0").join(f)).expect("read");
        if i == 1 {
            bytes.extend_from_slice(b"junk");
        }
        std::fs::write(&part, bytes).expect("write");
    }
    Registry::open(&server.url())
        .expect("open")
        .pull(&request(&dest, &labels, Format::Jsonl))
        .expect("pull");
    assert!(server.requests(&files[0]).is_empty());
    let refetched = server.requests(&files[1]);
    assert_eq!(refetched.len(), 1);
    assert_eq!(refetched[0].range, None);
    assert_verifies(&dest);
}

#[test]
fn verify_of_a_pull_checks_what_it_holds_and_only_that() {
    let tmp = tempfile::tempdir().expect("tmp");
    let registry = registry(tmp.path());
    let reg = Registry::open(registry.to_str().expect("utf8")).expect("open");
    let dest = tmp.path().join("pulled");
    reg.pull(&request(&dest, &["khm_Khmr"], Format::Jsonl))
        .expect("pull");
    let record = PullRecord::load(&dest).expect("load").expect("record");
    // The whole-version check fails (other labels and Parquet are absent) ...
    assert!(!padi_dataset::verify(&dest).is_empty());
    // ... the selection passes, and catches a changed shard or card.
    assert!(verify_selection(&dest, &record.selection()).is_empty());
    let shard = dest.join(&data_files(&registry, &["khm_Khmr"], Format::Jsonl)[0]);
    let original = std::fs::read(&shard).expect("read");
    let mut bytes = original.clone();
    bytes[20] ^= 1;
    std::fs::write(&shard, &bytes).expect("write");
    let problems = verify_selection(&dest, &record.selection());
    assert!(
        problems.iter().any(|p| p.contains("khm_Khmr/part-00000")),
        "{problems:?}"
    );
    std::fs::write(&shard, &original).expect("write");
    let card = std::fs::read_to_string(dest.join("README.md")).expect("card");
    assert!(card.contains("config_name: khm_Khmr") && !card.contains("config_name: lao_Laoo"));
    std::fs::write(dest.join("README.md"), format!("{card}\nedited")).expect("write");
    let problems = verify_selection(&dest, &record.selection());
    assert!(
        problems.iter().any(|p| p.starts_with("README.md")),
        "{problems:?}"
    );
}

mod resume_property {
    use super::*;
    use proptest::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::OnceLock;

    static CASE: AtomicUsize = AtomicUsize::new(0);

    /// One registry and server for every case (building releases is the slow part).
    fn fixture() -> &'static (tempfile::TempDir, PathBuf, FaultServer) {
        static FIXTURE: OnceLock<(tempfile::TempDir, PathBuf, FaultServer)> = OnceLock::new();
        FIXTURE.get_or_init(|| {
            let tmp = tempfile::tempdir().expect("tmp");
            let registry = registry(tmp.path());
            let server = FaultServer::start(&registry);
            (tmp, registry, server)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(8))]

        /// Wherever connections drop, the pulled files are the published files.
        #[test]
        fn any_drop_points_give_the_published_bytes(
            drops in proptest::collection::vec(1u64..6000, 0..4),
            which in 0usize..4,
        ) {
            let (tmp, registry, server) = fixture();
            let labels = ["shn_Mymr"];
            let files = data_files(registry, &labels, Format::Jsonl);
            let target = &files[which % files.len()];
            let faults: Vec<Fault> = drops.iter().map(|n| Fault::DropAfter(*n)).collect();
            server.inject(&format!("demo/1.0.0/{target}"), &faults);
            let dest = tmp.path().join(format!("case-{}", CASE.fetch_add(1, Ordering::Relaxed)));
            let mut r = request(&dest, &labels, Format::Jsonl);
            r.retry.attempts = 6;
            Registry::open(&server.url()).expect("open").pull(&r).expect("pull");
            for f in &files {
                prop_assert_eq!(
                    std::fs::read(dest.join(f)).expect("pulled"),
                    std::fs::read(registry.join("demo/1.0.0").join(f)).expect("published")
                );
            }
        }
    }
}
