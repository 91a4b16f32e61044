//! Versioned datasets that researchers can trust and auditors can check (GUIDE §6).
//!
//! A release turns pipeline output into `<dataset-dir>/<name>/<version>/` holding
//! `data/<label>/part-NNNNN.jsonl.zst` shards (one directory per language label), an optional
//! Parquet export in the Hugging Face layout, `tombstones.jsonl`, `manifest.json`
//! (`schemas/manifest.schema.json`), a dataset card `README.md` and `croissant.json`.
//! [`verify`] rechecks a version, [`diff`] compares two, [`takedown`] cuts a new MAJOR version
//! without named documents and records tombstones that every later release honours.
//!
//! Invariants: shard bytes depend only on the documents and the layout, never on the thread
//! count; a version directory appears (by rename) only when complete and is never modified
//! afterwards; `created` and each new document's `added` come from `SOURCE_DATE_EPOCH` when
//! set, so a rerun reproduces a version byte for byte.
//!
//! Not here: running pipelines (`padi-pipeline` drives [`DatasetWriter`]), the command line.

mod diff;
mod error;
mod export;
mod manifest;
mod record;
mod takedown;
mod verify;
mod version;
mod writer;

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

pub use diff::{diff, Change, VersionDiff};
pub use error::DatasetError;
pub use export::{croissant, dataset_card};
pub use manifest::{
    manifest_schema, FileEntry, LanguageTotals, Layout, Manifest, PadiBuild, PipelineRecord,
    ShardEntry, SourceEntry, StageStatistics, TakedownRecord, TombstoneSummary,
};
pub use record::{read_shard, DatasetRecord, Tombstone, Tombstones};
pub use takedown::{takedown, TakedownRequest};
pub use verify::verify;
pub use version::{latest_version, plan_version, Bump, Version};
pub use writer::{DatasetWriter, Release, ReleaseInfo, ReleaseSpec};

/// sha256 (lowercase hex) and size of a file, streamed.
pub fn sha256_file(path: &Path) -> Result<(String, u64), DatasetError> {
    let mut file = std::fs::File::open(path).map_err(DatasetError::io(path))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(DatasetError::io(path))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((hex(&hasher.finalize()), size))
}

/// sha256 (lowercase hex) of bytes, e.g. of a resolved configuration.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Now as RFC 3339 UTC, or `SOURCE_DATE_EPOCH` when set (reproducible builds convention).
pub fn timestamp() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    rfc3339(seconds)
}

/// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
fn rfc3339(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_matches_known_dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
    }
}
