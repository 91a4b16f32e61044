use std::collections::BTreeMap;
use std::fmt;

use padi_io::ShardInfo;
use serde::Serialize;

/// Where every record went: `read + split = written + dropped + quarantined` must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Accounting {
    pub read: u64,
    /// Documents added by stages that split one document into several (`lid` with
    /// `mixed = "split"`).
    pub split: u64,
    pub written: u64,
    pub dropped: u64,
    pub quarantined: u64,
}

impl Accounting {
    pub fn balanced(&self) -> bool {
        self.read + self.split == self.written + self.dropped + self.quarantined
    }
}

/// Statistics of one stage over the whole run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StageStats {
    pub stage: String,
    pub documents_in: u64,
    pub documents_out: u64,
    /// UTF-8 bytes of document text.
    pub bytes_in: u64,
    pub bytes_out: u64,
    /// Dropped documents by reason code.
    pub dropped: BTreeMap<String, u64>,
    /// Stage-specific counts (rules fired, labels assigned, …).
    pub counters: BTreeMap<String, u64>,
    pub seconds: f64,
}

/// What `padi run` did; written as `run-report.json` next to the output and printed at the end.
#[derive(Debug, Clone, Serialize)]
pub struct RunReport {
    pub pipeline: String,
    pub padi_version: String,
    pub threads: usize,
    pub totals: Accounting,
    /// The same accounting per contribution, so a partner can see what became of its data.
    pub contributions: BTreeMap<String, Accounting>,
    /// Input files that held no record at all.
    pub empty_files: Vec<String>,
    pub input_bytes: u64,
    pub quarantined: BTreeMap<String, u64>,
    pub stages: Vec<StageStats>,
    pub shards: Vec<ShardInfo>,
    /// The dataset version directory written, when the pipeline has a `[release]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub release: Option<String>,
    /// The release held exactly the data of the latest version, so no new version was cut
    /// and `release` names that version.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub release_unchanged: bool,
    /// UTF-8 bytes of document text written (shards or dataset release).
    pub output_bytes: u64,
    pub seconds: f64,
}

impl fmt::Display for RunReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = &self.totals;
        writeln!(
            f,
            "pipeline {}: {} read{} = {} written + {} dropped + {} quarantined{}",
            self.pipeline,
            t.read,
            if t.split > 0 {
                format!(" + {} split off", t.split)
            } else {
                String::new()
            },
            t.written,
            t.dropped,
            t.quarantined,
            if t.balanced() {
                ""
            } else {
                "  (DOES NOT BALANCE)"
            }
        )?;
        let mb = |b: u64| b as f64 / 1e6;
        writeln!(
            f,
            "{:.1} MB in, {:.1} MB text out{}, {:.2} s, {} thread(s), {:.1} MB/s",
            mb(self.input_bytes),
            mb(self.output_bytes),
            if self.release.is_some() {
                String::new()
            } else {
                format!(" in {} shard(s)", self.shards.len())
            },
            self.seconds,
            self.threads,
            mb(self.input_bytes) / self.seconds.max(1e-9)
        )?;
        writeln!(
            f,
            "{:<16} {:>10} {:>10} {:>12} {:>12} {:>8}  dropped",
            "stage", "docs in", "docs out", "bytes in", "bytes out", "secs"
        )?;
        for s in &self.stages {
            let dropped: Vec<String> = s.dropped.iter().map(|(k, v)| format!("{k}={v}")).collect();
            writeln!(
                f,
                "{:<16} {:>10} {:>10} {:>12} {:>12} {:>8.2}  {}",
                s.stage,
                s.documents_in,
                s.documents_out,
                s.bytes_in,
                s.bytes_out,
                s.seconds,
                dropped.join(" ")
            )?;
        }
        if !self.quarantined.is_empty() {
            let q: Vec<String> = self
                .quarantined
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            writeln!(f, "quarantined: {} (see quarantine.jsonl)", q.join(" "))?;
        }
        if let Some(release) = &self.release {
            if self.release_unchanged {
                writeln!(
                    f,
                    "dataset version: {release} (unchanged: no new version; same data, terms and pipeline)"
                )?;
            } else {
                writeln!(f, "dataset version: {release}")?;
            }
        }
        if !self.empty_files.is_empty() {
            writeln!(f, "files with no records: {}", self.empty_files.join(", "))?;
        }
        Ok(())
    }
}
