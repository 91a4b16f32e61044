use std::fmt;
use std::path::PathBuf;

/// Why a registry operation failed. Messages name the registry, dataset, version or file.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Dataset(#[from] padi_dataset::DatasetError),
    #[error("{dir} is not a valid dataset version, not published:\n  {}", problems.join("\n  "))]
    BrokenVersion { dir: PathBuf, problems: Vec<String> },
    #[error("{registry}: {name} {version} is already published with different content; versions are never overwritten, release a new version")]
    VersionDiffers {
        registry: PathBuf,
        name: String,
        version: String,
    },
    #[error("unsafe {what} `{value}` (empty, absolute, `..`, hidden or with a backslash)")]
    UnsafeName { what: &'static str, value: String },
    #[error("{0}: no such registry directory")]
    NoRegistry(PathBuf),
    #[error("{location}: {path}: {message}")]
    Fetch {
        location: String,
        path: String,
        message: String,
    },
    #[error("{location}: bad {what}: {message}")]
    BadDocument {
        location: String,
        what: &'static str,
        message: String,
    },
    #[error("no dataset `{name}` in the registry; it holds: {}", list(available))]
    UnknownDataset {
        name: String,
        available: Vec<String>,
    },
    #[error("{name} has no version {version}; it has: {}", list(available))]
    UnknownVersion {
        name: String,
        version: String,
        available: Vec<String>,
    },
    #[error(
        "{name} {version} has no label(s) {}; it has: {}",
        list(unknown),
        list(available)
    )]
    UnknownLabels {
        name: String,
        version: String,
        unknown: Vec<String>,
        available: Vec<String>,
    },
    #[error("{name} {version} has no Parquet export; pull it with --format jsonl")]
    NoParquet { name: String, version: String },
    #[error("{dest}: {message}")]
    Destination { dest: PathBuf, message: String },
    #[error("{} file(s) failed, the pull is incomplete (rerun to resume):\n  {}", failures.len(), failures.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n  "))]
    Incomplete { failures: Vec<FileFailure> },
}

/// One file a pull could not bring into place, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileFailure {
    /// Path relative to the version directory.
    pub path: String,
    pub reason: FailureReason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FailureReason {
    /// The bytes received do not match the manifest: the copy in the registry is corrupt.
    Checksum {
        expected_sha256: String,
        actual_sha256: String,
        expected_bytes: u64,
        actual_bytes: u64,
    },
    /// The file could not be fetched (not found, refused, or still failing after retries).
    Fetch(String),
    /// The destination could not be written.
    Local(String),
}

impl fmt::Display for FileFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.reason {
            FailureReason::Checksum {
                expected_sha256,
                actual_sha256,
                expected_bytes,
                actual_bytes,
            } => write!(
                f,
                "{}: refused, sha256 {actual_sha256} ({actual_bytes} bytes) does not match the manifest's {expected_sha256} ({expected_bytes} bytes); the registry copy is corrupt",
                self.path
            ),
            FailureReason::Fetch(message) => write!(f, "{}: {message}", self.path),
            FailureReason::Local(message) => write!(f, "{}: {message}", self.path),
        }
    }
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "(none)".into()
    } else {
        items.join(", ")
    }
}

impl RegistryError {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> RegistryError {
        let path = path.into();
        move |source| RegistryError::Io { path, source }
    }
}
