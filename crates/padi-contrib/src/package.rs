//! Reading a contribution package (a directory or a tar, tar.gz, tar.zst or zip archive)
//! safely: entries are streamed one at a time, never unpacked to disk by path, and hostile
//! entries are named and refused.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufReader, Read, Write};
use std::path::{Component, Path};
use std::rc::Rc;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::manifest::{Manifest, MANIFEST_NAME};
use crate::validate::{check_manifest, Problem};
use crate::ContribError;

/// Bounds on what unpacking a package may cost.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Total decompressed bytes of one package.
    pub max_total_bytes: u64,
    /// Decompressed bytes per compressed byte of an archive. Text compresses about 3-10×
    /// (zstd -19 on repetitive text reaches ~30×); a zip bomb of zeros reaches 1000×.
    pub max_ratio: u64,
    /// One file of a package.
    pub max_file_bytes: u64,
    /// Entries of one archive (directories included).
    pub max_entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_total_bytes: 10 << 30,
            max_ratio: 200,
            max_file_bytes: 4 << 30,
            max_entries: 100_000,
        }
    }
}

/// Archives smaller than this may expand to `RATIO_FLOOR` bytes whatever the ratio, so tiny
/// packages of repetitive text are not mistaken for bombs.
const RATIO_FLOOR: u64 = 1 << 20;

/// The manifest may not be larger than this.
const MAX_MANIFEST_BYTES: u64 = 1 << 20;

/// A file of a package, as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackageFile {
    /// Path inside the package, `/`-separated, without a single top-level folder that holds
    /// everything.
    pub path: String,
    pub size: u64,
    /// Hex SHA-256 of the content.
    pub sha256: String,
}

/// What reading a package found.
#[derive(Debug, Clone, Default)]
pub struct PackageScan {
    pub manifest: Option<Manifest>,
    /// Data files (not the manifest, not ignored ones), sorted by path.
    pub files: Vec<PackageFile>,
    /// Every problem, sorted; a package with problems is not added.
    pub problems: Vec<Problem>,
    /// The single top-level folder that held everything (`pkg/`), stripped from paths.
    pub prefix: String,
}

/// Receives each regular file of a package as it is streamed. Returns the bytes read and the
/// hex SHA-256, which the sink computes as it consumes the reader.
pub(crate) trait EntrySink {
    fn entry(&mut self, path: &str, reader: &mut dyn Read) -> io::Result<(u64, String)>;
}

/// A sink that only hashes.
pub(crate) struct HashOnly;

impl EntrySink for HashOnly {
    fn entry(&mut self, _path: &str, reader: &mut dyn Read) -> io::Result<(u64, String)> {
        hash_copy(reader, &mut io::sink())
    }
}

/// Copy `reader` to `out`, returning the length and hex SHA-256.
pub(crate) fn hash_copy(reader: &mut dyn Read, out: &mut dyn Write) -> io::Result<(u64, String)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        hasher.update(&buf[..n]);
        out.write_all(&buf[..n])?;
        total += n as u64;
    }
    Ok((total, hex(&hasher.finalize())))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Read and check a package without writing anything.
pub fn validate_package(package: &Path, limits: &Limits) -> Result<PackageScan, ContribError> {
    scan_package(package, limits, &mut HashOnly)
}

/// Stream every entry of `package` through `sink`, then check the manifest against the files.
pub(crate) fn scan_package(
    package: &Path,
    limits: &Limits,
    sink: &mut dyn EntrySink,
) -> Result<PackageScan, ContribError> {
    let mut raw = RawScan::default();
    let kind = PackageKind::of(package)?;
    match kind {
        PackageKind::Dir => scan_dir(package, package, limits, sink, &mut raw),
        PackageKind::Zip => scan_zip(package, limits, sink, &mut raw)?,
        PackageKind::Tar(compression) => scan_tar(package, compression, limits, sink, &mut raw)?,
    }
    Ok(raw.finish())
}

/// What the entries held, before the manifest is applied.
#[derive(Default)]
struct RawScan {
    manifest: Option<(String, Vec<u8>)>,
    files: Vec<PackageFile>,
    problems: Vec<Problem>,
}

impl RawScan {
    fn finish(mut self) -> PackageScan {
        let prefix = common_prefix(&self.files, self.manifest.as_ref().map(|(p, _)| p.as_str()));
        for f in &mut self.files {
            f.path = f.path[prefix.len()..].to_string();
        }
        let mut problems = self.problems;
        let manifest = match self.manifest {
            Some((path, bytes)) if path[prefix.len()..] == *MANIFEST_NAME => {
                match String::from_utf8(bytes) {
                    Ok(text) => {
                        let (manifest, found) = check_manifest(&text);
                        problems.extend(found);
                        manifest
                    }
                    Err(_) => {
                        problems.push(Problem::new(
                            MANIFEST_NAME,
                            "is not UTF-8 text; save it as UTF-8",
                        ));
                        None
                    }
                }
            }
            _ => {
                problems.push(Problem::new(
                    MANIFEST_NAME,
                    "missing: the package needs a contribution.json at its top; `padi contrib init` writes a template",
                ));
                None
            }
        };
        self.files.sort_by(|a, b| a.path.cmp(&b.path));
        let mut files = Vec::new();
        if let Some(m) = &manifest {
            let present: BTreeMap<&str, ()> =
                self.files.iter().map(|f| (f.path.as_str(), ())).collect();
            for name in m.files.keys() {
                if !present.contains_key(name.as_str()) {
                    problems.push(Problem::new(
                        format!("{MANIFEST_NAME} /files/{name}"),
                        "no such file in the package; check the spelling and folder",
                    ));
                }
            }
            for file in self.files {
                let settings = m.file(&file.path);
                if settings.ignore {
                    continue;
                }
                if settings.format.is_none() && padi_io::format_from_name(&file.path).is_none() {
                    problems.push(Problem::new(
                        file.path.clone(),
                        format!(
                            "cannot tell the format from the name: name it .txt, .jsonl, .csv, .tsv, .html, .warc or .md, or add \"files\": {{\"{0}\": {{\"format\": \"text\"}}}} (or {{\"ignore\": true}} if it is not text to use)",
                            file.path
                        ),
                    ));
                    continue;
                }
                if file.size == 0 {
                    problems.push(Problem::new(file.path.clone(), "the file is empty"));
                    continue;
                }
                files.push(file);
            }
            if files.is_empty() && problems.is_empty() {
                problems.push(Problem::new(
                    "package",
                    "holds no text files besides contribution.json",
                ));
            }
        }
        problems.sort();
        problems.dedup();
        PackageScan {
            manifest,
            files,
            problems,
            prefix,
        }
    }
}

/// The single top-level folder every entry is in (`pkg/`), when the manifest is in it too.
fn common_prefix(files: &[PackageFile], manifest: Option<&str>) -> String {
    let Some((top, _)) = manifest.and_then(|m| m.split_once('/')) else {
        return String::new();
    };
    let prefix = format!("{top}/");
    if manifest != Some(&format!("{prefix}{MANIFEST_NAME}")) {
        return String::new();
    }
    if files.iter().all(|f| f.path.starts_with(&prefix)) {
        prefix
    } else {
        String::new()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TarCompression {
    None,
    Gzip,
    Zstd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PackageKind {
    Dir,
    Zip,
    Tar(TarCompression),
}

impl PackageKind {
    /// Told by content, not name: a renamed archive is still read safely.
    fn of(path: &Path) -> Result<PackageKind, ContribError> {
        let meta = std::fs::metadata(path).map_err(package_error(path))?;
        if meta.is_dir() {
            return Ok(PackageKind::Dir);
        }
        let mut head = [0u8; 262];
        let mut file = File::open(path).map_err(package_error(path))?;
        let n = read_up_to(&mut file, &mut head).map_err(package_error(path))?;
        let head = &head[..n];
        Ok(
            if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
                PackageKind::Zip
            } else if head.starts_with(&[0x1f, 0x8b]) {
                PackageKind::Tar(TarCompression::Gzip)
            } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
                PackageKind::Tar(TarCompression::Zstd)
            } else if head.len() >= 262 && &head[257..262] == b"ustar" {
                PackageKind::Tar(TarCompression::None)
            } else {
                return Err(ContribError::NotAPackage {
                    path: path.to_path_buf(),
                });
            },
        )
    }
}

fn read_up_to(reader: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// Why an entry name is unsafe to use, if it is.
pub fn unsafe_entry_name(name: &str) -> Option<&'static str> {
    let unified = name.replace('\\', "/");
    if unified.starts_with('/') || unified.as_bytes().get(1) == Some(&b':') {
        return Some("absolute path");
    }
    if unified.split('/').any(|c| c == "..") {
        return Some("`..` path component (path traversal)");
    }
    if unified.contains('\0') {
        return Some("NUL byte in the name");
    }
    None
}

/// Names that are packaging debris, not contribution files.
fn is_debris(path: &str) -> bool {
    path.split('/')
        .any(|c| c.starts_with('.') || c == "__MACOSX" || c == "Thumbs.db")
}

/// Shared bookkeeping of the decompressed-bytes budget while entries stream.
struct Budget {
    remaining: u64,
    limit: u64,
    why: &'static str,
}

impl Budget {
    fn for_archive(archive_len: u64, limits: &Limits) -> Budget {
        let by_ratio = limits
            .max_ratio
            .saturating_mul(archive_len)
            .max(RATIO_FLOOR);
        if by_ratio < limits.max_total_bytes {
            Budget {
                remaining: by_ratio,
                limit: by_ratio,
                why:
                    "over the compression-ratio limit (raise --max-ratio if the archive is genuine)",
            }
        } else {
            Budget {
                remaining: limits.max_total_bytes,
                limit: limits.max_total_bytes,
                why: "over the total size limit (raise --max-total if the package is genuine)",
            }
        }
    }

    fn exceeded(&self, entry: &str) -> Problem {
        Problem::new(
            entry,
            format!(
                "the archive expands to more than {} bytes, {}; it looks like a decompression bomb and was not unpacked further",
                self.limit, self.why
            ),
        )
    }
}

/// Reads at most `budget` bytes (and `file_max` per entry), then fails, so a bomb is stopped
/// while streaming whatever its headers claim.
struct Bounded<'a, R> {
    inner: R,
    budget: &'a mut u64,
    file_left: u64,
    tripped: &'a mut Option<Trip>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Trip {
    Total,
    File,
}

impl<R: Read> Read for Bounded<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let allowed = (*self.budget).min(self.file_left);
        if allowed == 0 {
            // One more byte would exceed: probe to tell a full stop from the end.
            let mut probe = [0u8; 1];
            if self.inner.read(&mut probe)? == 0 {
                return Ok(0);
            }
            *self.tripped = Some(if *self.budget == 0 {
                Trip::Total
            } else {
                Trip::File
            });
            return Err(io::Error::other("size limit exceeded"));
        }
        let want = buf
            .len()
            .min(usize::try_from(allowed).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        *self.budget -= n as u64;
        self.file_left -= n as u64;
        Ok(n)
    }
}

/// Fails reads once `remaining` decompressed bytes have passed, and says so in `tripped`.
struct StreamBudget<R> {
    inner: R,
    remaining: u64,
    tripped: Rc<Cell<bool>>,
}

impl<R: Read> Read for StreamBudget<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.remaining == 0 {
            let mut probe = [0u8; 1];
            if self.inner.read(&mut probe)? == 0 {
                return Ok(0);
            }
            self.tripped.set(true);
            return Err(io::Error::other("size limit exceeded"));
        }
        let want = buf
            .len()
            .min(usize::try_from(self.remaining).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.remaining -= n as u64;
        Ok(n)
    }
}

/// Stream one regular file through the sink under the budget; record the file or the problem.
/// Returns false when scanning must stop (budget exhausted).
fn take_entry(
    name: &str,
    reader: &mut dyn Read,
    limits: &Limits,
    budget: &mut Budget,
    sink: &mut dyn EntrySink,
    raw: &mut RawScan,
) -> bool {
    if is_debris(name) {
        return true;
    }
    let is_manifest = name == MANIFEST_NAME || name.ends_with(&format!("/{MANIFEST_NAME}"));
    let mut tripped = None;
    let mut bounded = Bounded {
        inner: reader,
        budget: &mut budget.remaining,
        file_left: if is_manifest {
            MAX_MANIFEST_BYTES
        } else {
            limits.max_file_bytes
        },
        tripped: &mut tripped,
    };
    let result = if is_manifest {
        let mut bytes = Vec::new();
        bounded.read_to_end(&mut bytes).map(|_| {
            if raw.manifest.is_none() || name == MANIFEST_NAME {
                raw.manifest = Some((name.to_string(), bytes));
            }
        })
    } else {
        sink.entry(name, &mut bounded).map(|(size, sha256)| {
            raw.files.push(PackageFile {
                path: name.to_string(),
                size,
                sha256,
            })
        })
    };
    match (result, tripped) {
        (Ok(()), _) => true,
        (Err(_), Some(Trip::Total)) => {
            raw.problems.push(budget.exceeded(name));
            false
        }
        (Err(_), Some(Trip::File)) => {
            let max = if is_manifest {
                MAX_MANIFEST_BYTES
            } else {
                limits.max_file_bytes
            };
            raw.problems.push(Problem::new(
                name,
                format!("the file is over {max} bytes; split it into smaller files"),
            ));
            true
        }
        (Err(e), None) => {
            raw.problems
                .push(Problem::new(name, format!("cannot be read: {e}")));
            true
        }
    }
}

fn scan_dir(root: &Path, dir: &Path, limits: &Limits, sink: &mut dyn EntrySink, raw: &mut RawScan) {
    let mut entries: Vec<_> = match std::fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(Result::ok).map(|e| e.path()).collect(),
        Err(e) => {
            raw.problems.push(Problem::new(
                dir.display().to_string(),
                format!("cannot list the folder: {e}"),
            ));
            return;
        }
    };
    entries.sort();
    // A folder is not decompressed, so only the total size bounds it.
    let mut budget = Budget {
        remaining: limits.max_total_bytes,
        limit: limits.max_total_bytes,
        why: "over the total size limit (raise --max-total if the package is genuine)",
    };
    for path in entries {
        let name = relative(root, &path);
        if is_debris(&name) {
            continue;
        }
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                raw.problems
                    .push(Problem::new(name, format!("cannot be read: {e}")));
                continue;
            }
        };
        let kind = meta.file_type();
        if kind.is_symlink() {
            raw.problems.push(Problem::new(
                name,
                "is a symbolic link; put the file itself in the package",
            ));
        } else if kind.is_dir() {
            scan_dir(root, &path, limits, sink, raw);
        } else if !kind.is_file() {
            raw.problems.push(Problem::new(
                name,
                "is a device, pipe or socket, not a file",
            ));
        } else {
            match File::open(&path) {
                Ok(file) => {
                    let mut reader = BufReader::new(file);
                    if !take_entry(&name, &mut reader, limits, &mut budget, sink, raw) {
                        return;
                    }
                }
                Err(e) => raw
                    .problems
                    .push(Problem::new(name, format!("cannot be read: {e}"))),
            }
        }
    }
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// An I/O error reading the package at `path`.
fn package_error(path: &Path) -> impl Fn(std::io::Error) -> ContribError + '_ {
    move |source| ContribError::Package {
        path: path.to_path_buf(),
        source,
    }
}

/// The package file and its size.
fn open_archive(package: &Path) -> Result<(File, u64), ContribError> {
    let file = File::open(package).map_err(package_error(package))?;
    let len = file.metadata().map_err(package_error(package))?.len();
    Ok((file, len))
}

fn unsafe_name_problem(name: &str) -> Option<Problem> {
    let why = unsafe_entry_name(name)?;
    Some(Problem::new(
        name,
        format!("refused: {why}; archive entries must be relative paths inside the package"),
    ))
}

fn too_many_entries(package: &Path, limits: &Limits) -> Problem {
    Problem::new(
        package.display().to_string(),
        format!(
            "more than {} entries; split the package",
            limits.max_entries
        ),
    )
}

fn archive_error(path: &Path, e: impl std::fmt::Display) -> Problem {
    Problem::new(
        path.display().to_string(),
        format!("the archive is damaged or not supported: {e}"),
    )
}

fn scan_tar(
    package: &Path,
    compression: TarCompression,
    limits: &Limits,
    sink: &mut dyn EntrySink,
    raw: &mut RawScan,
) -> Result<(), ContribError> {
    let (file, archive_len) = open_archive(package)?;
    let buffered = BufReader::new(file);
    let stream: Box<dyn Read> = match compression {
        TarCompression::None => Box::new(buffered),
        TarCompression::Gzip => Box::new(flate2::bufread::MultiGzDecoder::new(buffered)),
        TarCompression::Zstd => Box::new(
            zstd::stream::read::Decoder::with_buffer(buffered).map_err(package_error(package))?,
        ),
    };
    let budget = Budget::for_archive(archive_len, limits);
    // The whole decompressed stream is bounded (headers included: a bomb of empty entries is
    // still a bomb), so entries themselves only have the per-file bound.
    let tripped = Rc::new(Cell::new(false));
    let counted = StreamBudget {
        inner: stream,
        remaining: budget.remaining,
        tripped: Rc::clone(&tripped),
    };
    let mut unbounded = Budget {
        remaining: u64::MAX,
        ..budget
    };
    let budget = Budget {
        remaining: 0,
        ..budget
    };
    let mut archive = tar::Archive::new(counted);
    let entries = match archive.entries() {
        Ok(e) => e,
        Err(e) => {
            raw.problems.push(archive_error(package, e));
            return Ok(());
        }
    };
    for (index, entry) in entries.enumerate() {
        let mut entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                raw.problems.push(if tripped.get() {
                    budget.exceeded(&package.display().to_string())
                } else {
                    archive_error(package, e)
                });
                return Ok(());
            }
        };
        if index >= limits.max_entries {
            raw.problems.push(too_many_entries(package, limits));
            return Ok(());
        }
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        if let Some(problem) = unsafe_name_problem(&name) {
            raw.problems.push(problem);
            continue;
        }
        let name = name.trim_start_matches("./").to_string();
        use tar::EntryType;
        match entry.header().entry_type() {
            EntryType::Regular | EntryType::Continuous => {
                take_entry(&name, &mut entry, limits, &mut unbounded, sink, raw);
                if tripped.get() {
                    // The read error take_entry recorded is this.
                    raw.problems.pop();
                    raw.problems.push(budget.exceeded(&name));
                    return Ok(());
                }
            }
            EntryType::Directory => {}
            EntryType::Symlink | EntryType::Link => {
                let target = entry
                    .link_name_bytes()
                    .map(|t| String::from_utf8_lossy(&t).into_owned())
                    .unwrap_or_default();
                raw.problems.push(Problem::new(
                    name,
                    format!("refused: a link (to `{target}`); put the file itself in the package"),
                ));
            }
            EntryType::Char | EntryType::Block | EntryType::Fifo => {
                raw.problems.push(Problem::new(
                    name,
                    "refused: a device file or pipe, not a file",
                ));
            }
            other => {
                raw.problems.push(Problem::new(
                    name,
                    format!("refused: unsupported tar entry type {other:?}"),
                ));
            }
        }
    }
    Ok(())
}

fn scan_zip(
    package: &Path,
    limits: &Limits,
    sink: &mut dyn EntrySink,
    raw: &mut RawScan,
) -> Result<(), ContribError> {
    let (file, archive_len) = open_archive(package)?;
    let mut archive = match zip::ZipArchive::new(BufReader::new(file)) {
        Ok(a) => a,
        Err(e) => {
            raw.problems.push(archive_error(package, e));
            return Ok(());
        }
    };
    if archive.len() > limits.max_entries {
        raw.problems.push(too_many_entries(package, limits));
        return Ok(());
    }
    let mut budget = Budget::for_archive(archive_len, limits);
    for index in 0..archive.len() {
        let mut entry = match archive.by_index(index) {
            Ok(e) => e,
            Err(e) => {
                raw.problems.push(Problem::new(
                    format!("{} entry {index}", package.display()),
                    format!("cannot be read: {e}"),
                ));
                continue;
            }
        };
        let name = entry
            .name()
            .map(|n| n.into_owned())
            .unwrap_or_else(|_| format!("entry {index}"));
        if let Some(problem) = unsafe_name_problem(&name) {
            raw.problems.push(problem);
            continue;
        }
        if entry.is_symlink() {
            raw.problems.push(Problem::new(
                name,
                "refused: a symbolic link; put the file itself in the package",
            ));
            continue;
        }
        if entry.is_dir() {
            continue;
        }
        // Unix file-type bits other than "regular file" mean a device, pipe or socket.
        if let Some(mode) = entry.unix_mode() {
            let kind = mode & 0o170000;
            if kind != 0 && kind != 0o100000 {
                raw.problems.push(Problem::new(
                    name,
                    "refused: a device file, pipe or socket, not a file",
                ));
                continue;
            }
        }
        // The declared size can lie, so this is only an early refusal; reading is bounded too.
        if entry.size() > budget.remaining {
            raw.problems.push(budget.exceeded(&name));
            return Ok(());
        }
        if !take_entry(&name, &mut entry, limits, &mut budget, sink, raw) {
            return Ok(());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn entry_names() {
        assert_eq!(unsafe_entry_name("a/b.txt"), None);
        assert_eq!(unsafe_entry_name("a..b/c"), None);
        assert!(unsafe_entry_name("/etc/passwd").is_some());
        assert!(unsafe_entry_name("a/../../x").is_some());
        assert!(unsafe_entry_name("..\\x").is_some());
        assert!(unsafe_entry_name("C:\\x").is_some());
    }

    proptest! {
        #[test]
        fn safe_names_stay_inside(name in "[a-z./\\\\]{0,20}") {
            if unsafe_entry_name(&name).is_none() {
                let mut depth: i32 = 0;
                for c in name.replace('\\', "/").split('/') {
                    match c {
                        "" | "." => {}
                        ".." => depth -= 1,
                        _ => depth += 1,
                    }
                    prop_assert!(depth >= 0);
                }
                prop_assert!(!name.starts_with('/') && !name.starts_with('\\'));
            }
        }
    }
}
