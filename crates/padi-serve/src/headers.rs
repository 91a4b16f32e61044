//! The HTTP semantics of serving one file: validators, conditionals, ranges, media types.

use std::fs::Metadata;
use std::time::{SystemTime, UNIX_EPOCH};

/// What identifies one state of a file: a strong entity tag and its modification time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Validators {
    /// Strong ETag (quoted) from size, modification time in nanoseconds and inode.
    pub etag: String,
    /// Modification time truncated to whole seconds, as HTTP dates carry.
    pub modified: SystemTime,
}

impl Validators {
    pub fn of(meta: &Metadata) -> Self {
        let mtime = meta.modified().unwrap_or(UNIX_EPOCH);
        let since_epoch = mtime.duration_since(UNIX_EPOCH).unwrap_or_default();
        let etag = format!(
            "\"{:x}-{:x}-{:x}\"",
            meta.len(),
            since_epoch.as_nanos(),
            file_id(meta)
        );
        let modified = UNIX_EPOCH + std::time::Duration::from_secs(since_epoch.as_secs());
        Self { etag, modified }
    }

    pub fn last_modified(&self) -> String {
        httpdate::fmt_http_date(self.modified)
    }
}

#[cfg(unix)]
fn file_id(meta: &Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn file_id(_meta: &Metadata) -> u64 {
    0
}

/// `If-Match` (strong comparison): `*` or any listed tag equal to ours.
pub fn if_match(header: &str, etag: &str) -> bool {
    header.trim() == "*" || tags(header).any(|tag| tag == etag)
}

/// `If-None-Match` (weak comparison): true when the client's copy is current.
pub fn if_none_match(header: &str, etag: &str) -> bool {
    header.trim() == "*" || tags(header).any(|tag| tag.trim_start_matches("W/") == etag)
}

fn tags(header: &str) -> impl Iterator<Item = &str> {
    header.split(',').map(str::trim).filter(|t| !t.is_empty())
}

/// `If-Modified-Since`: true when the file has not changed since the given date.
pub fn not_modified_since(header: &str, validators: &Validators) -> bool {
    httpdate::parse_http_date(header.trim()).is_ok_and(|since| validators.modified <= since)
}

/// `If-Range`: the range applies only if the validator names exactly this file state.
/// A weak tag never matches (RFC 9110 §13.1.5).
pub fn if_range(header: &str, validators: &Validators) -> bool {
    let header = header.trim();
    if header.starts_with('"') || header.starts_with("W/") {
        header == validators.etag
    } else {
        httpdate::parse_http_date(header).is_ok_and(|date| date == validators.modified)
    }
}

/// The outcome of a `Range` header against a file of known length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeRequest {
    /// No usable range: absent, malformed, another unit or several ranges. Served as 200 with
    /// the full body, which RFC 9110 §14.2 allows.
    Full,
    /// One satisfiable range, inclusive `first..=last`.
    Partial { first: u64, last: u64 },
    /// A well-formed range that starts at or beyond the end (416).
    Unsatisfiable,
}

/// Parse a single `bytes=` range. Numbers too large for `u64` saturate, so they mean
/// "beyond any file" rather than "malformed".
pub fn parse_range(header: &str, len: u64) -> RangeRequest {
    let Some((unit, spec)) = header.trim().split_once('=') else {
        return RangeRequest::Full;
    };
    if !unit.trim().eq_ignore_ascii_case("bytes") || spec.contains(',') {
        return RangeRequest::Full;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return RangeRequest::Full;
    };
    let (first, last) = (first.trim(), last.trim());
    match (number(first), number(last)) {
        (Some(first), Some(last)) if first <= last => {
            if first >= len {
                RangeRequest::Unsatisfiable
            } else {
                RangeRequest::Partial {
                    first,
                    last: last.min(len - 1),
                }
            }
        }
        (Some(first), None) if last.is_empty() => {
            if first >= len {
                RangeRequest::Unsatisfiable
            } else {
                RangeRequest::Partial {
                    first,
                    last: len - 1,
                }
            }
        }
        (None, Some(suffix)) if first.is_empty() => {
            if suffix == 0 || len == 0 {
                RangeRequest::Unsatisfiable
            } else {
                RangeRequest::Partial {
                    first: len - suffix.min(len),
                    last: len - 1,
                }
            }
        }
        _ => RangeRequest::Full,
    }
}

fn number(digits: &str) -> Option<u64> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.parse().unwrap_or(u64::MAX))
}

/// Media type by file name; registry files get their own, anything else is opaque bytes.
pub fn content_type(file_name: &str) -> &'static str {
    let lower = file_name.to_ascii_lowercase();
    let by_suffix = [
        (".json", "application/json"),
        (".zst", "application/zstd"),
        (".parquet", "application/vnd.apache.parquet"),
        (".md", "text/markdown; charset=utf-8"),
        (".jsonl", "application/jsonl; charset=utf-8"),
        (".txt", "text/plain; charset=utf-8"),
        (".gz", "application/gzip"),
    ];
    by_suffix
        .iter()
        .find(|(suffix, _)| lower.ends_with(suffix))
        .map_or("application/octet-stream", |(_, media)| media)
}

/// Versions never change once published, so anything under `<name>/<version>/` may be
/// cached for good; everything else (the index above all) must be revalidated.
pub fn cache_control(relative_path: &str) -> &'static str {
    let mut segments = relative_path.split('/');
    let (Some(_name), Some(version), Some(_file)) =
        (segments.next(), segments.next(), segments.next())
    else {
        return "no-cache";
    };
    if version.starts_with(|c: char| c.is_ascii_digit()) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        use RangeRequest::*;
        assert_eq!(parse_range("bytes=0-9", 100), Partial { first: 0, last: 9 });
        assert_eq!(
            parse_range("bytes=90-200", 100),
            Partial {
                first: 90,
                last: 99
            }
        );
        assert_eq!(
            parse_range("bytes=10-", 100),
            Partial {
                first: 10,
                last: 99
            }
        );
        assert_eq!(
            parse_range("bytes=-10", 100),
            Partial {
                first: 90,
                last: 99
            }
        );
        assert_eq!(
            parse_range("bytes=-1000", 100),
            Partial { first: 0, last: 99 }
        );
        assert_eq!(parse_range("bytes=100-", 100), Unsatisfiable);
        assert_eq!(parse_range("bytes=-0", 100), Unsatisfiable);
        assert_eq!(parse_range("bytes=0-0", 0), Unsatisfiable);
        assert_eq!(
            parse_range("bytes=99999999999999999999999-", 100),
            Unsatisfiable
        );
        assert_eq!(parse_range("bytes=5-1", 100), Full);
        assert_eq!(parse_range("bytes=0-1,5-6", 100), Full);
        assert_eq!(parse_range("items=0-1", 100), Full);
        assert_eq!(parse_range("bytes=a-b", 100), Full);
        assert_eq!(parse_range("bytes=-", 100), Full);
        assert_eq!(parse_range("bytes=+1-2", 100), Full);
    }

    #[test]
    fn tag_comparisons() {
        assert!(if_match("\"a\", \"b\"", "\"b\""));
        assert!(!if_match("W/\"b\"", "\"b\""));
        assert!(if_none_match("W/\"b\"", "\"b\""));
        assert!(if_none_match("*", "\"b\""));
        assert!(!if_none_match("\"c\"", "\"b\""));
    }

    #[test]
    fn cache_policy() {
        assert_eq!(cache_control("index.json"), "no-cache");
        assert_eq!(cache_control("shan/1.0.0"), "no-cache");
        assert!(cache_control("shan/1.0.0/manifest.json").contains("immutable"));
        assert_eq!(cache_control("shan/latest/manifest.json"), "no-cache");
    }

    #[test]
    fn media_types() {
        assert_eq!(content_type("part-00000.jsonl.zst"), "application/zstd");
        assert_eq!(content_type("manifest.json"), "application/json");
        assert_eq!(
            content_type("tombstones.jsonl"),
            "application/jsonl; charset=utf-8"
        );
        assert_eq!(content_type("x.parquet"), "application/vnd.apache.parquet");
        assert_eq!(content_type("README.md"), "text/markdown; charset=utf-8");
        assert_eq!(content_type("blob"), "application/octet-stream");
    }
}
