//! `padi dedup`: the dedup stages alone over a JSONL file, in two passes.
//!
//! Pass 1 runs `exact_dedup`, then `line_dedup` (if enabled), then `near_dedup` over the
//! documents in file order and writes `removed.jsonl`. Cluster sizes are then computed by
//! union-find over the removal records (an exact duplicate of a document that is itself a
//! near duplicate joins that document's cluster). Pass 2 reads the input again and writes
//! the kept records to `kept.jsonl.zst`, each with `metadata.dedup_cluster_size` (1 for a
//! document without duplicates). Two passes let kept documents carry their final cluster
//! size without holding documents in memory.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use padi_core::{Batch, Document, Dropped, Source, Stage, StageOutput};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::{json, Map, Value};

use crate::cluster::UnionFind;
use crate::{
    DedupError, ExactDedup, ExactDedupConfig, LineDedup, LineDedupConfig, MatchKey, NearDedup,
    NearDedupConfig,
};

/// Name of the kept-documents file in the output directory (zstd-compressed JSONL).
pub const KEPT_FILE: &str = "kept.jsonl.zst";
/// Name of the removal file in the output directory (JSONL: `id`, `duplicate_of`, `reason`,
/// and `jaccard` for near duplicates).
pub const REMOVED_FILE: &str = "removed.jsonl";

/// What [`dedup_jsonl`] runs.
#[derive(Clone)]
pub struct DedupOptions {
    /// Exact dedup on the match key; `None` skips it.
    pub exact: Option<ExactDedupConfig>,
    /// Line dedup; off by default because it edits texts rather than removing documents.
    pub line: Option<LineDedupConfig>,
    /// Near dedup (`--threshold` sets `threshold`, `--index` sets `index`); `None` skips it.
    pub near: Option<NearDedupConfig>,
    /// The match key (the pipeline passes `padi_normalize::match_key`).
    pub match_key: MatchKey,
    /// Documents per batch handed to the stages (affects speed only, never the result).
    pub batch_size: usize,
}

impl DedupOptions {
    /// Exact and near dedup with default settings.
    pub fn new(match_key: MatchKey) -> Self {
        DedupOptions {
            exact: Some(ExactDedupConfig::default()),
            line: None,
            near: Some(NearDedupConfig::default()),
            match_key,
            batch_size: 4096,
        }
    }
}

/// An input line that could not be used, with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BadLine {
    pub line: u64,
    pub message: String,
}

/// Summary of a [`dedup_jsonl`] run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DedupReport {
    /// Records read (good lines).
    pub documents: u64,
    pub kept: u64,
    /// Removed documents by reason code (`exact_duplicate`, `near_duplicate`,
    /// `boilerplate_only`).
    pub removed: BTreeMap<String, u64>,
    /// Counters summed over the stages (for example `line_dedup_lines_removed`,
    /// `near_dedup_index_docs`, `near_dedup_index_ram_bytes`).
    pub counters: BTreeMap<String, u64>,
    /// Number of unusable input lines (not JSON, no string `id` or `text`).
    pub bad_line_count: u64,
    /// The first 100 of them.
    pub bad_lines: Vec<BadLine>,
    pub kept_path: PathBuf,
    pub removed_path: PathBuf,
}

const MAX_REPORTED_BAD_LINES: usize = 100;

/// Runs the dedup stages on `input` (JSONL, or JSONL compressed with zstd, detected from its
/// content) and writes [`KEPT_FILE`] and [`REMOVED_FILE`] into `output_dir`. Each line is an
/// object with a string (or number) `id` and a string `text`; other fields are kept as they
/// are. With `near.index` set, the index there is loaded if present and written back with
/// this run's kept documents.
pub fn dedup_jsonl(
    input: &Path,
    output_dir: &Path,
    opts: DedupOptions,
) -> Result<DedupReport, DedupError> {
    std::fs::create_dir_all(output_dir).map_err(|e| DedupError::io(output_dir, e))?;
    let mut report = DedupReport {
        kept_path: output_dir.join(KEPT_FILE),
        removed_path: output_dir.join(REMOVED_FILE),
        ..DedupReport::default()
    };
    let removals = first_pass(input, &opts, &mut report)?;
    second_pass(input, &opts, &removals, &mut report)?;
    Ok(report)
}

/// What pass 1 learnt: removed records and the union-find over ids in removal records.
struct Removals {
    /// Sorted `(record, reason code)` of every removed document.
    removed: Vec<(u64, &'static str)>,
    /// Cluster size by id, for ids that occur in a removal record.
    cluster_size: HashMap<String, u32>,
}

impl Removals {
    fn reason(&self, record: u64) -> Option<&'static str> {
        self.removed
            .binary_search_by_key(&record, |&(r, _)| r)
            .ok()
            .map(|i| self.removed[i].1)
    }
}

fn reason_code(code: &str) -> &'static str {
    match code {
        "exact_duplicate" => "exact_duplicate",
        "near_duplicate" => "near_duplicate",
        "boilerplate_only" => "boilerplate_only",
        _ => "other",
    }
}

/// Pass 1 state: the stages and what they removed.
struct FirstPass {
    stages: Vec<Box<dyn Stage>>,
    removed_path: PathBuf,
    removed_out: BufWriter<File>,
    removed: Vec<(u64, &'static str)>,
    /// `(removed id, duplicate_of id)` pairs.
    edges: Vec<(String, String)>,
}

impl FirstPass {
    fn run_batch(&mut self, batch: Batch, report: &mut DedupReport) -> Result<(), DedupError> {
        let mut docs = batch;
        let mut dropped = Vec::new();
        for i in 0..self.stages.len() {
            let out = self.stages[i].process(docs)?;
            add_counters(report, out.counters);
            dropped.extend(out.dropped);
            docs = out.kept;
        }
        // In input order, so that the removal file does not depend on batch boundaries.
        dropped.sort_by_key(|d| d.document.source.record);
        self.record_dropped(dropped, report)
    }

    fn record_dropped(
        &mut self,
        dropped: Vec<Dropped>,
        report: &mut DedupReport,
    ) -> Result<(), DedupError> {
        for Dropped { document, reason } in dropped {
            let code = reason_code(&reason.code);
            *report.removed.entry(code.to_string()).or_insert(0) += 1;
            self.removed.push((document.source.record, code));
            let detail = reason.detail.unwrap_or(Value::Null);
            let duplicate_of = detail.get("duplicate_of").cloned().unwrap_or(Value::Null);
            let mut line = Map::new();
            line.insert("id".into(), Value::String(document.id.clone()));
            line.insert("duplicate_of".into(), duplicate_of.clone());
            line.insert("reason".into(), Value::String(reason.code));
            if let Some(jaccard) = detail.get("jaccard") {
                line.insert("jaccard".into(), jaccard.clone());
            }
            if let Value::String(original) = duplicate_of {
                self.edges.push((document.id, original));
            }
            let mut bytes = Value::Object(line).to_string().into_bytes();
            bytes.push(b'\n');
            self.removed_out
                .write_all(&bytes)
                .map_err(|e| DedupError::io(&self.removed_path, e))?;
        }
        Ok(())
    }
}

fn first_pass(
    input: &Path,
    opts: &DedupOptions,
    report: &mut DedupReport,
) -> Result<Removals, DedupError> {
    let mut stages: Vec<Box<dyn Stage>> = Vec::new();
    if let Some(config) = &opts.exact {
        stages.push(Box::new(ExactDedup::new(config, opts.match_key.clone())));
    }
    if let Some(config) = &opts.line {
        stages.push(Box::new(LineDedup::new(config, opts.match_key.clone())));
    }
    if let Some(config) = &opts.near {
        stages.push(Box::new(NearDedup::new(config, opts.match_key.clone())?));
    }
    let removed_path = report.removed_path.clone();
    let removed_out =
        BufWriter::new(File::create(&removed_path).map_err(|e| DedupError::io(&removed_path, e))?);
    let mut pass = FirstPass {
        stages,
        removed_path,
        removed_out,
        removed: Vec::new(),
        edges: Vec::new(),
    };
    let mut batch = Vec::with_capacity(opts.batch_size.max(1));
    let stats = for_each_record(input, |_, doc| {
        batch.push(doc);
        if batch.len() >= opts.batch_size.max(1) {
            pass.run_batch(std::mem::take(&mut batch), report)?;
        }
        Ok(())
    })?;
    pass.run_batch(batch, report)?;
    report.documents = stats.documents;
    report.bad_line_count = stats.bad_line_count;
    report.bad_lines = stats.bad_lines;
    for stage in pass.stages.iter_mut() {
        let StageOutput { counters, .. } = stage.finish()?;
        add_counters(report, counters);
    }
    let removed_path = pass.removed_path;
    pass.removed_out
        .into_inner()
        .map_err(|e| e.into_error())
        .and_then(|f| f.sync_all())
        .map_err(|e| DedupError::io(&removed_path, e))?;
    pass.removed.sort_unstable();
    Ok(Removals {
        removed: pass.removed,
        cluster_size: cluster_sizes(&pass.edges),
    })
}

fn add_counters(report: &mut DedupReport, counters: BTreeMap<String, u64>) {
    for (k, v) in counters {
        *report.counters.entry(k).or_insert(0) += v;
    }
}

/// Cluster size of every id occurring in `(removed id, duplicate_of id)` removal pairs,
/// computed by union-find (ids are assumed unique within a run).
pub fn cluster_sizes(edges: &[(String, String)]) -> HashMap<String, u32> {
    let mut number: HashMap<&str, u32> = HashMap::new();
    for (a, b) in edges {
        for id in [a, b] {
            let next = number.len() as u32;
            number.entry(id.as_str()).or_insert(next);
        }
    }
    let mut uf = UnionFind::new(number.len() as u32);
    for (a, b) in edges {
        uf.union(number[a.as_str()], number[b.as_str()]);
    }
    number
        .into_iter()
        .map(|(id, n)| (id.to_string(), uf.set_size(n)))
        .collect()
}

fn second_pass(
    input: &Path,
    opts: &DedupOptions,
    removals: &Removals,
    report: &mut DedupReport,
) -> Result<(), DedupError> {
    let kept_path = report.kept_path.clone();
    let file = File::create(&kept_path).map_err(|e| DedupError::io(&kept_path, e))?;
    let kept_out =
        zstd::Encoder::new(BufWriter::new(file), 3).map_err(|e| DedupError::io(&kept_path, e))?;
    let mut pass = SecondPass {
        removals,
        // Line dedup edits texts, so it is replayed on the same documents as in pass 1
        // (those not removed by exact dedup) to reproduce the texts pass 1 kept.
        line_stage: opts
            .line
            .as_ref()
            .map(|config| LineDedup::new(config, opts.match_key.clone())),
        kept_path,
        kept_out,
        kept: 0,
    };
    let mut pending = Vec::new();
    for_each_record(input, |raw, doc| {
        if removals.reason(raw.record) == Some("exact_duplicate") {
            return Ok(());
        }
        pending.push((raw, doc));
        if pending.len() >= opts.batch_size.max(1) {
            pass.write_batch(std::mem::take(&mut pending))?;
        }
        Ok(())
    })?;
    pass.write_batch(pending)?;
    report.kept = pass.kept;
    let kept_path = pass.kept_path;
    pass.kept_out
        .finish()
        .and_then(|w| w.into_inner().map_err(|e| e.into_error()))
        .and_then(|f| f.sync_all())
        .map_err(|e| DedupError::io(&kept_path, e))
}

/// Pass 2 state: writes kept records with their cluster sizes.
struct SecondPass<'a> {
    removals: &'a Removals,
    line_stage: Option<LineDedup>,
    kept_path: PathBuf,
    kept_out: zstd::Encoder<'static, BufWriter<File>>,
    kept: u64,
}

impl SecondPass<'_> {
    fn write_batch(&mut self, batch: Vec<(RawRecord, Document)>) -> Result<(), DedupError> {
        let (raws, docs): (Vec<RawRecord>, Vec<Document>) = batch.into_iter().unzip();
        let docs = match self.line_stage.as_mut() {
            Some(stage) => stage.process(docs)?.kept,
            None => docs,
        };
        let mut texts: HashMap<u64, String> = docs
            .into_iter()
            .map(|d| (d.source.record, d.text))
            .collect();
        for raw in raws {
            if self.removals.reason(raw.record).is_some() {
                continue;
            }
            let Some(text) = texts.remove(&raw.record) else {
                continue;
            };
            let size = self
                .removals
                .cluster_size
                .get(&raw.id)
                .copied()
                .unwrap_or(1);
            self.kept_out
                .write_all(raw.render(&text, size).as_bytes())
                .map_err(|e| DedupError::io(&self.kept_path, e))?;
            self.kept += 1;
        }
        Ok(())
    }
}

/// A record's fields in file order, values as they were written.
struct OrderedObject(Vec<(String, Box<RawValue>)>);

impl<'de> Deserialize<'de> for OrderedObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor;
        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = OrderedObject;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OrderedObject, A::Error> {
                let mut fields = Vec::new();
                while let Some(entry) = map.next_entry::<String, Box<RawValue>>()? {
                    fields.push(entry);
                }
                Ok(OrderedObject(fields))
            }
        }
        deserializer.deserialize_map(ObjectVisitor)
    }
}

struct RawRecord {
    record: u64,
    id: String,
    fields: OrderedObject,
}

impl RawRecord {
    /// The record as a JSON line, with `text` replaced and `metadata.dedup_cluster_size` set.
    fn render(&self, text: &str, cluster_size: u32) -> String {
        let mut out = String::from("{");
        let mut size_written = false;
        for (key, value) in &self.fields.0 {
            out.push_str(&json!(key).to_string());
            out.push(':');
            match key.as_str() {
                "text" => out.push_str(&json!(text).to_string()),
                "metadata" => match serde_json::from_str::<Map<String, Value>>(value.get()) {
                    Ok(mut metadata) => {
                        metadata.insert("dedup_cluster_size".into(), cluster_size.into());
                        out.push_str(&Value::Object(metadata).to_string());
                        size_written = true;
                    }
                    // Not an object: kept as it is; the size goes beside it below.
                    Err(_) => out.push_str(value.get()),
                },
                _ => out.push_str(value.get()),
            }
            out.push(',');
        }
        if size_written {
            out.pop();
        } else if self.fields.0.iter().any(|(k, _)| k == "metadata") {
            out.push_str(&format!("\"dedup_cluster_size\":{cluster_size}"));
        } else {
            out.push_str(&format!(
                "\"metadata\":{{\"dedup_cluster_size\":{cluster_size}}}"
            ));
        }
        out.push_str("}\n");
        out
    }
}

/// Parses one input line into its raw fields and a [`Document`] for the stages.
fn parse_record(
    line: &str,
    record: u64,
    line_no: u64,
    input: &Path,
) -> Result<(RawRecord, Document), String> {
    let fields: OrderedObject =
        serde_json::from_str(line).map_err(|e| format!("not a JSON object: {e}"))?;
    let field = |name: &str| {
        fields
            .0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.get())
    };
    let id = match field("id").map(serde_json::from_str::<Value>) {
        Some(Ok(Value::String(s))) => s,
        Some(Ok(Value::Number(n))) => n.to_string(),
        _ => return Err("missing string or number field `id`".into()),
    };
    let text = match field("text").map(serde_json::from_str::<Value>) {
        Some(Ok(Value::String(s))) => s,
        _ => return Err("missing string field `text`".into()),
    };
    let source = Source {
        contribution: String::new(),
        file: input.display().to_string(),
        record,
        line: Some(line_no),
        byte_offset: None,
    };
    let doc = Document::new(id.clone(), text, source);
    Ok((RawRecord { record, id, fields }, doc))
}

/// Opens `path`, decompressing zstd when the file starts with the zstd magic number.
fn open_input(path: &Path) -> Result<Box<dyn BufRead>, DedupError> {
    let file = File::open(path).map_err(|e| DedupError::io(path, e))?;
    let mut reader = BufReader::new(file);
    let head = reader.fill_buf().map_err(|e| DedupError::io(path, e))?;
    if head.starts_with(&[0x28, 0xB5, 0x2F, 0xFD]) {
        let decoder = zstd::Decoder::with_buffer(reader).map_err(|e| DedupError::io(path, e))?;
        Ok(Box::new(BufReader::new(decoder)))
    } else {
        Ok(Box::new(reader))
    }
}

/// Counts from reading the input.
#[derive(Default)]
struct InputStats {
    documents: u64,
    bad_line_count: u64,
    bad_lines: Vec<BadLine>,
}

/// Calls `each` with every usable record of `input`, in order; blank lines are skipped and
/// unusable lines are counted (with their line numbers), never fatal.
fn for_each_record(
    input: &Path,
    mut each: impl FnMut(RawRecord, Document) -> Result<(), DedupError>,
) -> Result<InputStats, DedupError> {
    let mut reader = open_input(input)?;
    let mut stats = InputStats::default();
    let mut buf = Vec::new();
    let mut line_no = 0u64;
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| DedupError::io(input, e))?;
        if n == 0 {
            return Ok(stats);
        }
        line_no += 1;
        let parsed = std::str::from_utf8(&buf)
            .map_err(|e| format!("not UTF-8: {e}"))
            .and_then(|line| {
                let line = line.trim();
                if line.is_empty() {
                    Ok(None)
                } else {
                    parse_record(line, stats.documents, line_no, input).map(Some)
                }
            });
        match parsed {
            Ok(None) => {}
            Ok(Some((raw, doc))) => {
                stats.documents += 1;
                each(raw, doc)?;
            }
            Err(message) => {
                stats.bad_line_count += 1;
                if stats.bad_lines.len() < MAX_REPORTED_BAD_LINES {
                    tracing::warn!("{}:{line_no}: {message}", input.display());
                    stats.bad_lines.push(BadLine {
                        line: line_no,
                        message,
                    });
                }
            }
        }
    }
}
