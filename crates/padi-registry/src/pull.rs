use std::collections::BTreeSet;
use std::fmt;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use padi_dataset::{Manifest, VerifySelection};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{FailureReason, FileFailure};
use crate::index::{IndexedFile, RegistryIndex, VersionIndex};
use crate::names::{check_component, check_relative};
use crate::publish::{sync_dir, write_synced};
use crate::transport::{FetchError, HttpTransport, LocalTransport, Resume, Transport};
use crate::RegistryError;

/// `index.json` and `manifest.json` are read whole; anything larger is not one of ours.
const MAX_DOCUMENT_BYTES: u64 = 256 << 20;
/// Per download thread: memory does not grow with file size.
const BUFFER_BYTES: usize = 64 << 10;
/// The longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// Which version to pull.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionSpec {
    /// The highest version in the index.
    Latest,
    Exact(String),
}

impl fmt::Display for VersionSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            VersionSpec::Latest => f.write_str("latest"),
            VersionSpec::Exact(v) => f.write_str(v),
        }
    }
}

/// Parses `name`, `name@latest` or `name@1.2.0` into the name and version.
pub fn parse_reference(reference: &str) -> (String, VersionSpec) {
    match reference.split_once('@') {
        Some((name, "latest")) | Some((name, "")) => (name.to_string(), VersionSpec::Latest),
        Some((name, version)) => (name.to_string(), VersionSpec::Exact(version.to_string())),
        None => (reference.to_string(), VersionSpec::Latest),
    }
}

/// Which data files of a version to pull.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// The JSONL.zst shards (`data/<label>/part-*.jsonl.zst`).
    Jsonl,
    /// The Parquet export (`data/<label>/train-*.parquet`), for Hugging Face `datasets`.
    Parquet,
}

impl FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Format, String> {
        match s {
            "jsonl" => Ok(Format::Jsonl),
            "parquet" => Ok(Format::Parquet),
            _ => Err(format!("unknown format `{s}`: jsonl or parquet")),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Jsonl => "jsonl",
            Format::Parquet => "parquet",
        })
    }
}

/// How transient failures are retried: `attempts` tries per file without progress, waiting
/// `initial_backoff`, then twice as long each time (at most 30 s). An attempt that took the
/// file past its largest size so far resets the count, since the next one resumes after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub attempts: u32,
    pub initial_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            attempts: 5,
            initial_backoff: Duration::from_millis(250),
        }
    }
}

/// What to pull and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullRequest {
    pub name: String,
    pub version: VersionSpec,
    /// Labels to pull; `None` pulls every label.
    pub labels: Option<Vec<String>>,
    pub format: Format,
    /// The directory that becomes the (partial) dataset version.
    pub dest: PathBuf,
    /// Files downloaded at once.
    pub parallel: usize,
    /// Show a progress bar on stderr (never drawn when stderr is not a terminal).
    pub progress: bool,
    pub retry: RetryPolicy,
}

impl PullRequest {
    /// The latest version, every label, JSONL, 4 files at once, no progress bar.
    pub fn new(name: impl Into<String>, dest: impl Into<PathBuf>) -> PullRequest {
        PullRequest {
            name: name.into(),
            version: VersionSpec::Latest,
            labels: None,
            format: Format::Jsonl,
            dest: dest.into(),
            parallel: 4,
            progress: false,
            retry: RetryPolicy::default(),
        }
    }
}

/// `pull.json` in a pulled directory: what it holds, so `padi verify` checks just that.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PullRecord {
    /// The registry pulled from (directory or URL).
    pub source: String,
    pub name: String,
    pub version: String,
    pub labels: Vec<String>,
    pub format: Format,
    pub manifest_sha256: String,
    /// sha256 of `README.md` as written here: the registry's card (verified on download)
    /// with its configs limited to the pulled labels, so `datasets.load_dataset` works.
    pub card_sha256: String,
}

impl PullRecord {
    pub const FILE: &'static str = "pull.json";

    /// The record of a pulled directory, `None` for a directory that was not pulled.
    pub fn load(dir: &Path) -> Result<Option<PullRecord>, RegistryError> {
        let path = dir.join(PullRecord::FILE);
        match std::fs::read(&path) {
            Ok(bytes) => {
                serde_json::from_slice(&bytes)
                    .map(Some)
                    .map_err(|e| RegistryError::BadDocument {
                        location: path.display().to_string(),
                        what: "pull record",
                        message: e.to_string(),
                    })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(RegistryError::io(path)(e)),
        }
    }

    /// The part of the version this directory holds, for [`padi_dataset::verify_selection`].
    pub fn selection(&self) -> VerifySelection {
        VerifySelection {
            labels: Some(self.labels.clone()),
            jsonl: self.format == Format::Jsonl,
            parquet: self.format == Format::Parquet,
            card_sha256: Some(self.card_sha256.clone()),
        }
    }
}

/// What a pull did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullReport {
    pub name: String,
    pub version: String,
    pub labels: Vec<String>,
    pub format: Format,
    pub dest: PathBuf,
    /// Files fetched (completely or the rest of a partial download), relative paths.
    pub downloaded: Vec<String>,
    /// Files already in place with the right size and sha256: not fetched again.
    pub already_present: Vec<String>,
    /// Bytes received in this run.
    pub bytes_received: u64,
    /// Set when a later version was cut by a takedown: this one still holds what it removed.
    pub superseded_by_takedown: Option<String>,
}

/// A registry to list and pull from: a directory or an `http(s)://` URL.
///
/// ```no_run
/// use padi_registry::{Format, PullRequest, Registry, VersionSpec};
///
/// let registry = Registry::open("http://127.0.0.1:8080")?;
/// let report = registry.pull(&PullRequest {
///     version: VersionSpec::Exact("1.0.0".into()),
///     labels: Some(vec!["shn_Mymr".into(), "khm_Khmr".into()]),
///     format: Format::Parquet,
///     ..PullRequest::new("samples", "pulled/samples")
/// })?;
/// println!("{} file(s) fetched", report.downloaded.len());
/// # Ok::<(), padi_registry::RegistryError>(())
/// ```
pub struct Registry {
    location: String,
    transport: Box<dyn Transport>,
}

/// One file to bring into the destination.
struct Job {
    /// Relative to the version directory (names it in messages).
    rel: String,
    /// Relative to the registry root.
    remote: String,
    local: PathBuf,
    part: PathBuf,
    sha256: String,
    bytes: u64,
}

enum Done {
    Fetched(u64),
    AlreadyPresent,
}

impl Registry {
    /// Open a registry directory (local or mounted) or an `http://`/`https://` URL.
    pub fn open(location: &str) -> Result<Registry, RegistryError> {
        if location.starts_with("http://") || location.starts_with("https://") {
            return Ok(Registry::with_transport(
                location,
                Box::new(HttpTransport::new(location)),
            ));
        }
        if !Path::new(location).is_dir() {
            return Err(RegistryError::NoRegistry(location.into()));
        }
        Ok(Registry::with_transport(
            location,
            Box::new(LocalTransport::new(location)),
        ))
    }

    /// A registry reached through another transport (a mirror, a test double).
    pub fn with_transport(location: impl Into<String>, transport: Box<dyn Transport>) -> Registry {
        Registry {
            location: location.into(),
            transport,
        }
    }

    /// The directory or URL this registry was opened with.
    pub fn location(&self) -> &str {
        &self.location
    }

    /// Read `index.json`.
    pub fn index(&self) -> Result<RegistryIndex, RegistryError> {
        let bytes = self.fetch_document("index.json")?;
        serde_json::from_slice(&bytes).map_err(|e| RegistryError::BadDocument {
            location: self.location.clone(),
            what: "index.json",
            message: e.to_string(),
        })
    }

    /// Download the selected files of one version into `request.dest`, verifying each
    /// against the manifest before it is renamed into place. `manifest.json` (and
    /// `pull.json`) appear only once every selected file is in place, so a destination with a
    /// manifest is always a complete pull. Files that fail are named in
    /// [`RegistryError::Incomplete`]; the others still complete, and a rerun resumes.
    pub fn pull(&self, request: &PullRequest) -> Result<PullReport, RegistryError> {
        let index = self.index()?;
        let entry = resolve(&index, &request.name, &request.version)?;
        check_relative("version path", &entry.path)?;
        let metadata = |path: &str| -> Result<&IndexedFile, RegistryError> {
            entry
                .metadata
                .iter()
                .find(|f| f.path == path)
                .ok_or_else(|| RegistryError::BadDocument {
                    location: self.location.clone(),
                    what: "index.json",
                    message: format!("{} lacks the checksum of {path}", entry.path),
                })
        };
        let manifest_entry = metadata("manifest.json")?;
        // Checked against the index before anything is written.
        let mut labels = select_labels(&request.name, entry, request.labels.as_deref())?;
        if request.format == Format::Parquet && entry.labels.values().all(|l| l.parquet_bytes == 0)
        {
            return Err(RegistryError::NoParquet {
                name: request.name.clone(),
                version: entry.version.clone(),
            });
        }
        let dest = &request.dest;
        let earlier = prepare_dest(dest, &request.name, &entry.version, &manifest_entry.sha256)?;
        // Pulling more labels into an earlier pull adds to it: its files stay, so the record
        // (and the card) must keep describing them.
        if let Some(earlier) = &earlier {
            if earlier.format != request.format {
                return Err(RegistryError::Destination {
                    dest: dest.clone(),
                    message: format!(
                        "holds a {} pull; pull {} into another directory",
                        earlier.format, request.format
                    ),
                });
            }
            labels.extend(earlier.labels.iter().cloned());
        }
        let partial = dest.join(".partial");
        let in_place = dest.join("manifest.json");
        // Until every file is in place the manifest waits in .partial/.
        let manifest_dir = if matches_file(&in_place, &manifest_entry.sha256, manifest_entry.bytes)
        {
            dest.clone()
        } else {
            partial.clone()
        };
        let manifest_at = manifest_dir.join("manifest.json");
        let bar = progress_bar(request.progress);
        let manifest_job = self.job(&entry.path, &partial, manifest_entry, manifest_at.clone());
        let manifest_result =
            self.download(&manifest_job, request.retry, &bar)
                .map_err(|reason| RegistryError::Incomplete {
                    failures: vec![FileFailure {
                        path: manifest_job.rel.clone(),
                        reason,
                    }],
                })?;
        let manifest = Manifest::load(&manifest_dir)?;
        if manifest.name != request.name || manifest.version != entry.version {
            return Err(RegistryError::BadDocument {
                location: self.location.clone(),
                what: "manifest.json",
                message: format!(
                    "{} holds {} {}",
                    entry.path, manifest.name, manifest.version
                ),
            });
        }
        let labels_pulled: Vec<String> = labels.iter().cloned().collect();
        // The card of an earlier complete pull of the same selection is already rewritten.
        let card_done = earlier.filter(|r| {
            r.labels == labels_pulled
                && r.format == request.format
                && padi_dataset::sha256_file(&dest.join("README.md"))
                    .is_ok_and(|(sha256, _)| sha256 == r.card_sha256)
        });
        let mut jobs = vec![self.job(
            &entry.path,
            &partial,
            metadata("croissant.json")?,
            dest.join("croissant.json"),
        )];
        if card_done.is_none() {
            jobs.push(self.job(
                &entry.path,
                &partial,
                metadata("README.md")?,
                partial.join("README.md"),
            ));
        }
        for file in select_files(&manifest, &labels, request.format)? {
            check_relative("file path", &file.path)?;
            let local = dest.join(&file.path);
            jobs.push(self.job(&entry.path, &partial, &file, local));
        }
        bar.set_length(manifest_entry.bytes + jobs.iter().map(|j| j.bytes).sum::<u64>());
        let results = self.download_all(&jobs, request, &bar);
        bar.finish_and_clear();
        let mut report = PullReport {
            name: manifest.name.clone(),
            version: manifest.version.clone(),
            labels: labels_pulled,
            format: request.format,
            dest: dest.clone(),
            downloaded: Vec::new(),
            already_present: Vec::new(),
            bytes_received: 0,
            superseded_by_takedown: entry.superseded_by_takedown.clone(),
        };
        let mut failures = Vec::new();
        for (job, result) in std::iter::once(&manifest_job)
            .chain(&jobs)
            .zip(std::iter::once(Ok(manifest_result)).chain(results))
        {
            match result {
                Ok(Done::Fetched(bytes)) => {
                    report.downloaded.push(job.rel.clone());
                    report.bytes_received += bytes;
                }
                Ok(Done::AlreadyPresent) => report.already_present.push(job.rel.clone()),
                Err(reason) => failures.push(FileFailure {
                    path: job.rel.clone(),
                    reason,
                }),
            }
        }
        if !failures.is_empty() {
            return Err(RegistryError::Incomplete { failures });
        }
        std::fs::create_dir_all(&partial).map_err(RegistryError::io(&partial))?;
        let card_sha256 = match card_done {
            Some(done) => done.card_sha256,
            None => restrict_card(&partial, dest, &labels)?,
        };
        let record = PullRecord {
            source: self.location.clone(),
            name: manifest.name,
            version: manifest.version,
            labels: report.labels.clone(),
            format: request.format,
            manifest_sha256: manifest_entry.sha256.clone(),
            card_sha256,
        };
        let mut text = serde_json::to_string_pretty(&record)
            .unwrap_or_else(|e| unreachable!("pull record serializes: {e}"));
        text.push('\n');
        let tmp = partial.join(PullRecord::FILE);
        write_synced(&tmp, text.as_bytes())?;
        let record_path = dest.join(PullRecord::FILE);
        std::fs::rename(&tmp, &record_path).map_err(RegistryError::io(&record_path))?;
        // Last: the manifest marks the directory as a complete (partial-selection) version.
        if manifest_at != in_place {
            std::fs::rename(&manifest_at, &in_place).map_err(RegistryError::io(&in_place))?;
        }
        sync_dir(dest)?;
        std::fs::remove_dir_all(&partial)
            .or_else(|e| match e.kind() {
                std::io::ErrorKind::NotFound => Ok(()),
                _ => Err(e),
            })
            .map_err(RegistryError::io(&partial))?;
        Ok(report)
    }

    fn job(&self, version_path: &str, partial: &Path, file: &IndexedFile, local: PathBuf) -> Job {
        Job {
            rel: file.path.clone(),
            remote: format!("{version_path}/{}", file.path),
            local,
            part: partial.join(format!("{}.part", file.path)),
            sha256: file.sha256.clone(),
            bytes: file.bytes,
        }
    }

    /// Every job on `request.parallel` threads; results in job order.
    fn download_all(
        &self,
        jobs: &[Job],
        request: &PullRequest,
        bar: &ProgressBar,
    ) -> Vec<Result<Done, FailureReason>> {
        let next = AtomicUsize::new(0);
        let results: Mutex<Vec<Option<Result<Done, FailureReason>>>> =
            Mutex::new(jobs.iter().map(|_| None).collect());
        let threads = request.parallel.clamp(1, jobs.len().max(1));
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    let result = self.download(job, request.retry, bar);
                    // The error returned at the end lists every failure; this is progress.
                    if let Err(reason) = &result {
                        tracing::info!(
                            "{}",
                            FileFailure {
                                path: job.rel.clone(),
                                reason: reason.clone()
                            }
                        );
                    }
                    if let Ok(mut results) = results.lock() {
                        results[i] = Some(result);
                    }
                });
            }
        });
        results
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .into_iter()
            .map(|r| {
                r.unwrap_or_else(|| Err(FailureReason::Local("download thread failed".into())))
            })
            .collect()
    }

    /// Bring one file into place: skip it when already there, resume its partial download,
    /// retry transient failures, verify size and sha256, then rename.
    fn download(
        &self,
        job: &Job,
        retry: RetryPolicy,
        bar: &ProgressBar,
    ) -> Result<Done, FailureReason> {
        if matches_file(&job.local, &job.sha256, job.bytes) {
            bar.inc(job.bytes);
            return Ok(Done::AlreadyPresent);
        }
        let local_err = |path: &Path, e: std::io::Error| {
            FailureReason::Local(format!("{}: {e}", path.display()))
        };
        if let Some(parent) = job.part.parent() {
            std::fs::create_dir_all(parent).map_err(|e| local_err(parent, e))?;
        }
        let etag_path = etag_path(&job.part);
        let mut failures = 0u32;
        let mut counted = 0u64;
        let mut received = 0u64;
        let mut restarted = false;
        loop {
            let offset = std::fs::metadata(&job.part).map_or(0, |m| m.len());
            let etag = std::fs::read_to_string(&etag_path).ok();
            let resume = (offset > 0).then_some(Resume {
                offset,
                etag: etag.as_deref(),
            });
            let response = if offset > 0 && offset >= job.bytes {
                // Whole (killed before its rename) or too long: check it without a request.
                Ok(None)
            } else {
                self.transport.get(&job.remote, resume).map(Some)
            };
            let attempt = match response {
                Err(FetchError::Permanent(m)) => return Err(FailureReason::Fetch(m)),
                Err(FetchError::Transient(m)) => Err(m),
                Err(FetchError::RangeNotSatisfiable(m)) => {
                    std::fs::remove_file(&job.part).map_err(|e| local_err(&job.part, e))?;
                    Err(m)
                }
                Ok(None) => Ok(padi_dataset::sha256_file(&job.part).map_or_else(
                    |e| Received::Local(e.to_string()),
                    |(sha256, size)| Received::Complete {
                        start: offset,
                        sha256,
                        size,
                    },
                )),
                Ok(Some(fetched)) => {
                    // Only a file that grew past its largest size so far is progress: a server
                    // that restarts every response from 0 and drops at the same place must
                    // still run out of attempts.
                    let before = counted;
                    let outcome =
                        receive(job, &etag_path, fetched, bar, &mut counted, &mut received);
                    if counted > before {
                        failures = 0;
                    }
                    outcome
                }
            };
            match attempt {
                Ok(Received::Complete {
                    start,
                    sha256,
                    size,
                }) => {
                    if size == job.bytes && sha256 == job.sha256 {
                        if let Some(parent) = job.local.parent() {
                            std::fs::create_dir_all(parent).map_err(|e| local_err(parent, e))?;
                        }
                        std::fs::rename(&job.part, &job.local)
                            .map_err(|e| local_err(&job.local, e))?;
                        let _ = std::fs::remove_file(&etag_path);
                        return Ok(Done::Fetched(received));
                    }
                    let _ = std::fs::remove_file(&job.part);
                    let _ = std::fs::remove_file(&etag_path);
                    // A resumed prefix may be stale; only a whole fresh copy proves corruption.
                    if start > 0 && !restarted {
                        restarted = true;
                        continue;
                    }
                    return Err(FailureReason::Checksum {
                        expected_sha256: job.sha256.clone(),
                        actual_sha256: sha256,
                        expected_bytes: job.bytes,
                        actual_bytes: size,
                    });
                }
                Ok(Received::Local(message)) => return Err(FailureReason::Local(message)),
                Err(message) => {
                    failures += 1;
                    if failures >= retry.attempts.max(1) {
                        return Err(FailureReason::Fetch(format!(
                            "{message} (gave up after {failures} attempts)"
                        )));
                    }
                    let backoff = backoff(retry, failures);
                    tracing::info!("{}: {message}; retrying in {backoff:?}", job.rel);
                    std::thread::sleep(backoff);
                }
            }
        }
    }

    /// A small file read whole (bounded), with the default retries.
    fn fetch_document(&self, path: &str) -> Result<Vec<u8>, RegistryError> {
        let retry = RetryPolicy::default();
        let fail = |message: String| RegistryError::Fetch {
            location: self.location.clone(),
            path: path.to_string(),
            message,
        };
        let mut failures = 0;
        loop {
            let attempt = self.transport.get(path, None).and_then(|fetched| {
                let mut bytes = Vec::new();
                fetched
                    .body
                    .take(MAX_DOCUMENT_BYTES + 1)
                    .read_to_end(&mut bytes)
                    .map_err(|e| FetchError::Transient(e.to_string()))?;
                Ok(bytes)
            });
            match attempt {
                Ok(bytes) if bytes.len() as u64 > MAX_DOCUMENT_BYTES => {
                    return Err(fail(format!("larger than {MAX_DOCUMENT_BYTES} bytes")))
                }
                Ok(bytes) => return Ok(bytes),
                Err(FetchError::Permanent(m)) => return Err(fail(m)),
                Err(FetchError::Transient(m) | FetchError::RangeNotSatisfiable(m)) => {
                    failures += 1;
                    if failures >= retry.attempts.max(1) {
                        return Err(fail(format!("{m} (gave up after {failures} attempts)")));
                    }
                    std::thread::sleep(backoff(retry, failures));
                }
            }
        }
    }
}

/// The wait before attempt `failures + 1`: the initial backoff doubled per failure, capped.
fn backoff(retry: RetryPolicy, failures: u32) -> Duration {
    retry
        .initial_backoff
        .saturating_mul(1 << failures.saturating_sub(1).min(16))
        .min(MAX_BACKOFF)
}

/// How one response ended.
enum Received {
    /// The body ended at or past the expected size (a longer body is cut and fails the check).
    Complete {
        start: u64,
        sha256: String,
        size: u64,
    },
    /// The destination could not be written: not worth a retry.
    Local(String),
}

/// Append a response body to the partial file, hashing the whole file as it grows. `Err` is
/// a transient failure (connection lost, body shorter than the file); the bytes received so
/// far stay in the partial file.
fn receive(
    job: &Job,
    etag_path: &Path,
    fetched: crate::transport::Fetched,
    bar: &ProgressBar,
    counted: &mut u64,
    received: &mut u64,
) -> Result<Received, String> {
    let local =
        |path: &Path, e: std::io::Error| Received::Local(format!("{}: {e}", path.display()));
    let mut hasher = Sha256::new();
    let mut file = match open_part(&job.part, fetched.start, &mut hasher) {
        Ok(file) => file,
        Err(e) => return Ok(local(&job.part, e)),
    };
    match &fetched.etag {
        Some(etag) => {
            if let Err(e) = std::fs::write(etag_path, etag) {
                return Ok(local(etag_path, e));
            }
        }
        None => {
            let _ = std::fs::remove_file(etag_path);
        }
    }
    let mut size = fetched.start;
    let mut body = fetched.body;
    let mut buf = vec![0u8; BUFFER_BYTES];
    let ended = loop {
        let n = match body.read(&mut buf) {
            Ok(0) => break Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                break Err(format!(
                    "{}: connection lost after {size} bytes: {e}",
                    job.rel
                ))
            }
        };
        if let Err(e) = file.write_all(&buf[..n]) {
            return Ok(local(&job.part, e));
        }
        hasher.update(&buf[..n]);
        size += n as u64;
        *received += n as u64;
        if size > *counted {
            bar.inc(size - *counted);
            *counted = size;
        }
        if size > job.bytes {
            // More than the manifest promises: stop reading, the check will refuse it.
            break Ok(());
        }
    };
    if let Err(e) = file.sync_all() {
        return Ok(local(&job.part, e));
    }
    ended?;
    if size < job.bytes {
        return Err(format!(
            "{}: body ended after {size} of {} bytes",
            job.rel, job.bytes
        ));
    }
    Ok(Received::Complete {
        start: fetched.start,
        sha256: format!("{:x}", hasher.finalize()),
        size,
    })
}

/// Where the ETag of a partial file is kept: its name plus `.etag`, built on the `OsStr`
/// because `display()` would replace the bytes of a non-UTF-8 destination.
fn etag_path(part: &Path) -> PathBuf {
    let mut path = part.as_os_str().to_os_string();
    path.push(".etag");
    PathBuf::from(path)
}

/// The partial file positioned at `start`, with its first `start` bytes fed to `hasher`.
fn open_part(path: &Path, start: u64, hasher: &mut Sha256) -> std::io::Result<File> {
    if start == 0 {
        return File::create(path);
    }
    let mut file = File::options().read(true).append(true).open(path)?;
    let copied = std::io::copy(&mut (&mut file).take(start), hasher)?;
    if copied != start {
        return Err(std::io::Error::other(format!(
            "partial file holds {copied} bytes, expected {start}"
        )));
    }
    Ok(file)
}

/// Write `<dest>/README.md` from the verified card in `partial`, its configs limited to the
/// pulled labels; returns its sha256.
fn restrict_card(
    partial: &Path,
    dest: &Path,
    labels: &BTreeSet<String>,
) -> Result<String, RegistryError> {
    let held = partial.join("README.md");
    let card = std::fs::read_to_string(&held).map_err(RegistryError::io(&held))?;
    let restricted = padi_dataset::restrict_card_configs(&card, labels);
    let tmp = partial.join("README.md.restricted");
    write_synced(&tmp, restricted.as_bytes())?;
    let target = dest.join("README.md");
    std::fs::rename(&tmp, &target).map_err(RegistryError::io(&target))?;
    Ok(padi_dataset::sha256_hex(restricted.as_bytes()))
}

/// Whether `path` exists with this size and sha256.
fn matches_file(path: &Path, sha256: &str, bytes: u64) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes)
        && padi_dataset::sha256_file(path).is_ok_and(|(actual, _)| actual == sha256)
}

fn resolve<'a>(
    index: &'a RegistryIndex,
    name: &str,
    version: &VersionSpec,
) -> Result<&'a VersionIndex, RegistryError> {
    check_component("dataset name", name)?;
    let dataset = index.dataset(name)?;
    let wanted = match version {
        VersionSpec::Latest => dataset.latest.as_str(),
        VersionSpec::Exact(v) => v.as_str(),
    };
    dataset
        .version(wanted)
        .ok_or_else(|| RegistryError::UnknownVersion {
            name: name.to_string(),
            version: wanted.to_string(),
            available: dataset.versions.iter().map(|v| v.version.clone()).collect(),
        })
}

/// The requested labels (every label when `None`); unknown ones are an error naming the
/// labels the version has.
fn select_labels(
    name: &str,
    entry: &VersionIndex,
    wanted: Option<&[String]>,
) -> Result<BTreeSet<String>, RegistryError> {
    let available: BTreeSet<String> = entry.labels.keys().cloned().collect();
    let Some(wanted) = wanted else {
        return Ok(available);
    };
    let unknown: Vec<String> = wanted
        .iter()
        .filter(|l| !available.contains(*l))
        .cloned()
        .collect();
    if !unknown.is_empty() {
        return Err(RegistryError::UnknownLabels {
            name: name.to_string(),
            version: entry.version.clone(),
            unknown,
            available: available.into_iter().collect(),
        });
    }
    Ok(wanted.iter().cloned().collect())
}

/// The data files of the labels in one format, plus files without a label (tombstones).
fn select_files(
    manifest: &Manifest,
    labels: &BTreeSet<String>,
    format: Format,
) -> Result<Vec<IndexedFile>, RegistryError> {
    let as_indexed = |path: &str, sha256: &str, bytes: u64| IndexedFile {
        path: path.to_string(),
        sha256: sha256.to_string(),
        bytes,
    };
    let mut files: Vec<IndexedFile> = match format {
        Format::Jsonl => manifest
            .shards
            .iter()
            .filter(|s| labels.contains(&s.label))
            .map(|s| as_indexed(&s.path, &s.sha256, s.bytes))
            .collect(),
        Format::Parquet => {
            if !manifest.files.iter().any(|f| f.label.is_some()) {
                return Err(RegistryError::NoParquet {
                    name: manifest.name.clone(),
                    version: manifest.version.clone(),
                });
            }
            manifest
                .files
                .iter()
                .filter(|f| f.label.as_ref().is_some_and(|l| labels.contains(l)))
                .map(|f| as_indexed(&f.path, &f.sha256, f.bytes))
                .collect()
        }
    };
    files.extend(
        manifest
            .files
            .iter()
            .filter(|f| f.label.is_none())
            .map(|f| as_indexed(&f.path, &f.sha256, f.bytes)),
    );
    Ok(files)
}

/// Create `dest` or check that it is this pull's earlier (partial or complete) result; a
/// directory with other content is refused rather than mixed with a dataset. Returns the
/// earlier pull's record, if any.
fn prepare_dest(
    dest: &Path,
    name: &str,
    version: &str,
    manifest_sha256: &str,
) -> Result<Option<PullRecord>, RegistryError> {
    let refuse = |message: String| RegistryError::Destination {
        dest: dest.to_path_buf(),
        message,
    };
    if dest.exists() && !dest.is_dir() {
        return Err(refuse("exists and is not a directory".into()));
    }
    std::fs::create_dir_all(dest).map_err(RegistryError::io(dest))?;
    let record = PullRecord::load(dest)?;
    if let Some(record) = &record {
        if record.name != name || record.version != version {
            return Err(refuse(format!(
                "holds a pull of {} {}; pull {name} {version} into another directory",
                record.name, record.version
            )));
        }
    }
    let manifest = dest.join("manifest.json");
    if manifest.exists() {
        let (actual, _) = padi_dataset::sha256_file(&manifest)?;
        if actual != manifest_sha256 {
            return Err(refuse(format!(
                "holds another dataset version (its manifest.json differs from {name} {version}'s)"
            )));
        }
        return Ok(record);
    }
    let mut entries = std::fs::read_dir(dest).map_err(RegistryError::io(dest))?;
    let ours = dest.join(".partial").is_dir() || record.is_some();
    if !ours && entries.next().is_some() {
        return Err(refuse(
            "is not empty and holds no earlier pull; pull into an empty or new directory".into(),
        ));
    }
    Ok(record)
}

fn progress_bar(show: bool) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    // stderr() draws nothing when stderr is not a terminal.
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta}",
    ) {
        bar.set_style(style);
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_references() {
        assert_eq!(
            parse_reference("samples"),
            ("samples".into(), VersionSpec::Latest)
        );
        assert_eq!(
            parse_reference("samples@latest"),
            ("samples".into(), VersionSpec::Latest)
        );
        assert_eq!(
            parse_reference("samples@1.2.0"),
            ("samples".into(), VersionSpec::Exact("1.2.0".into()))
        );
        assert_eq!("parquet".parse::<Format>(), Ok(Format::Parquet));
        assert!("csv".parse::<Format>().is_err());
    }

    /// The ETag sits next to its partial file whatever bytes the destination path holds.
    #[cfg(unix)]
    #[test]
    fn etag_path_keeps_non_utf8_paths() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;

        let path = |bytes: &[u8]| Path::new(OsStr::from_bytes(bytes)).to_path_buf();
        assert_eq!(
            etag_path(&path(b"/pulled-\xff/.partial/part-00000.jsonl.zst.part")),
            path(b"/pulled-\xff/.partial/part-00000.jsonl.zst.part.etag")
        );
    }
}
