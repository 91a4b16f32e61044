use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::time::Duration;

use crate::names::check_relative;

/// Where to continue a partial download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resume<'a> {
    /// Bytes already received.
    pub offset: u64,
    /// The ETag those bytes came with; the server sends the whole file again if it changed.
    pub etag: Option<&'a str>,
}

/// A response body and where it starts in the file.
pub struct Fetched {
    /// 0 for the whole file; the requested offset when the server honoured the range.
    pub start: u64,
    pub etag: Option<String>,
    pub body: Box<dyn Read + Send>,
}

/// Why a fetch failed, and whether trying again may help.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// Connection refused or reset, timeout, 5xx, 429, a range the server could not serve:
    /// worth a retry.
    #[error("{0}")]
    Transient(String),
    /// Not found, forbidden, a bad path: retrying cannot help.
    #[error("{0}")]
    Permanent(String),
    /// The server cannot serve the range asked for (the file changed or shrank): start over.
    #[error("{0}")]
    RangeNotSatisfiable(String),
}

/// Read access to a registry's files by path relative to its root (`index.json`,
/// `<name>/<version>/manifest.json`, …). Implementations check nothing about content: the
/// puller verifies sizes and checksums.
pub trait Transport: Send + Sync {
    /// Fetch a file, from `resume.offset` when given.
    fn get(&self, path: &str, resume: Option<Resume<'_>>) -> Result<Fetched, FetchError>;
}

/// A registry directory on a local or mounted file system.
pub struct LocalTransport {
    root: PathBuf,
}

impl LocalTransport {
    pub fn new(root: impl Into<PathBuf>) -> LocalTransport {
        LocalTransport { root: root.into() }
    }
}

impl Transport for LocalTransport {
    fn get(&self, path: &str, resume: Option<Resume<'_>>) -> Result<Fetched, FetchError> {
        check_relative("path", path).map_err(|e| FetchError::Permanent(e.to_string()))?;
        let full = self.root.join(path);
        let mut file = File::open(&full).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound | std::io::ErrorKind::PermissionDenied => {
                FetchError::Permanent(format!("{}: {e}", full.display()))
            }
            _ => FetchError::Transient(format!("{}: {e}", full.display())),
        })?;
        let meta = file
            .metadata()
            .map_err(|e| FetchError::Transient(format!("{}: {e}", full.display())))?;
        // Like a static web server's ETag: size and modification time.
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let etag = format!("\"{:x}-{modified:x}\"", meta.len());
        let start = match resume {
            Some(r) if r.etag.is_none_or(|e| e == etag) && r.offset <= meta.len() => r.offset,
            _ => 0,
        };
        file.seek(SeekFrom::Start(start))
            .map_err(|e| FetchError::Transient(format!("{}: {e}", full.display())))?;
        Ok(Fetched {
            start,
            etag: Some(etag),
            body: Box::new(file),
        })
    }
}

/// A registry served over HTTP(S) by `padi serve` or any static web server (Range and ETag
/// support make resuming possible; without them a file is fetched whole again).
pub struct HttpTransport {
    base: String,
    agent: ureq::Agent,
}

impl HttpTransport {
    /// `base` is the URL of the registry directory (`http://host:8080/` or `…/registry`).
    pub fn new(base: &str) -> HttpTransport {
        let base = if base.ends_with('/') {
            base.to_string()
        } else {
            format!("{base}/")
        };
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(15)))
            .timeout_recv_response(Some(Duration::from_secs(60)))
            // A stalled body counts as a transient failure; the download resumes.
            .timeout_recv_body(None)
            .timeout_per_read(Some(Duration::from_secs(60)))
            .build();
        HttpTransport {
            base,
            agent: config.new_agent(),
        }
    }
}

impl Transport for HttpTransport {
    fn get(&self, path: &str, resume: Option<Resume<'_>>) -> Result<Fetched, FetchError> {
        check_relative("path", path).map_err(|e| FetchError::Permanent(e.to_string()))?;
        let url = format!("{}{path}", self.base);
        let mut request = self.agent.get(&url);
        // Compressed transfer would break byte ranges and the size checks.
        request = request.header("Accept-Encoding", "identity");
        if let Some(r) = resume.filter(|r| r.offset > 0) {
            request = request.header("Range", format!("bytes={}-", r.offset));
            if let Some(etag) = r.etag {
                request = request.header("If-Range", etag);
            }
        }
        let response = request.call().map_err(|e| match e {
            ureq::Error::BadUri(_) | ureq::Error::InvalidProxyUrl => {
                FetchError::Permanent(format!("{url}: {e}"))
            }
            _ => FetchError::Transient(format!("{url}: {e}")),
        })?;
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let etag = header("etag");
        let start = match status {
            200 => 0,
            206 => {
                let wanted = resume.map_or(0, |r| r.offset);
                match header("content-range").as_deref().and_then(range_start) {
                    Some(start) if start == wanted => start,
                    other => {
                        return Err(FetchError::Transient(format!(
                        "{url}: asked for bytes from {wanted}, got a range starting at {other:?}"
                    )))
                    }
                }
            }
            416 => {
                return Err(FetchError::RangeNotSatisfiable(format!(
                    "{url}: range not satisfiable (the file changed?)"
                )))
            }
            408 | 429 | 500..=599 => {
                return Err(FetchError::Transient(format!("{url}: HTTP {status}")))
            }
            _ => return Err(FetchError::Permanent(format!("{url}: HTTP {status}"))),
        };
        Ok(Fetched {
            start,
            etag,
            body: Box::new(response.into_body().into_reader()),
        })
    }
}

/// The first byte of a `Content-Range: bytes N-M/T` header.
fn range_start(value: &str) -> Option<u64> {
    value
        .trim()
        .strip_prefix("bytes ")?
        .split('-')
        .next()?
        .trim()
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_content_range() {
        assert_eq!(range_start("bytes 100-199/200"), Some(100));
        assert_eq!(range_start("bytes */200"), None);
        assert_eq!(range_start("items 1-2/3"), None);
    }

    #[test]
    fn local_transport_resumes_and_refuses_escapes() {
        let dir = tempfile::tempdir().expect("tmp");
        std::fs::write(dir.path().join("f"), b"0123456789").expect("write");
        let t = LocalTransport::new(dir.path());
        let mut whole = t.get("f", None).expect("get");
        let etag = whole.etag.clone();
        let mut s = String::new();
        whole.body.read_to_string(&mut s).expect("read");
        assert_eq!(s, "0123456789");
        let mut part = t
            .get(
                "f",
                Some(Resume {
                    offset: 4,
                    etag: etag.as_deref(),
                }),
            )
            .expect("get");
        assert_eq!(part.start, 4);
        let mut s = String::new();
        part.body.read_to_string(&mut s).expect("read");
        assert_eq!(s, "456789");
        let changed = t
            .get(
                "f",
                Some(Resume {
                    offset: 4,
                    etag: Some("\"other\""),
                }),
            )
            .expect("get");
        assert_eq!(changed.start, 0);
        for bad in ["../f", "/etc/passwd", "a/../../f"] {
            assert!(matches!(t.get(bad, None), Err(FetchError::Permanent(_))));
        }
    }
}
