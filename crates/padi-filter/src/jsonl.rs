//! `padi filter`: the quality rules alone over a JSONL file, without a pipeline.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use padi_core::{Document, Source};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::{Failure, FilterError, QualityConfig, QualityFilter};

/// Kept records, byte for byte as in the input, in input order.
pub const KEPT_FILE: &str = "kept.jsonl";
/// Removed records: the input object plus a `quality_drop` key `{"code", "detail"}`.
pub const REMOVED_FILE: &str = "removed.jsonl";

/// Lines processed together; bounds memory while giving rayon enough work.
const BATCH_LINES: usize = 4096;
/// Broken lines listed individually in the report (all are counted).
const MAX_BROKEN_LISTED: usize = 1000;

/// What [`filter_jsonl`] did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct FilterReport {
    /// Records read (kept + removed; broken lines not included).
    pub documents: u64,
    pub kept: u64,
    pub removed: u64,
    /// Removed records per reason code.
    pub removed_by_reason: BTreeMap<String, u64>,
    /// Lines that are not a JSON object with a string `text`.
    pub broken_lines: u64,
    /// The first broken lines, with why.
    pub broken: Vec<BrokenLine>,
    pub kept_path: PathBuf,
    pub removed_path: PathBuf,
}

/// An input line that could not be read as a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BrokenLine {
    /// 1-based line number in the (decompressed) input.
    pub line: u64,
    pub error: String,
}

enum Outcome {
    Blank,
    Kept,
    Removed(Vec<u8>, &'static str),
    Broken(BrokenLine),
}

/// Run the quality rules over `input` (JSONL, or zstd-compressed JSONL when the name ends in
/// `.zst`), writing [`KEPT_FILE`] and [`REMOVED_FILE`] into `output_dir` (created if needed).
///
/// Each line is an object with a string `text` and optionally `id`, `lang` and
/// `lang_confidence`; other fields are carried through. Broken lines never stop the run:
/// they are counted and listed in the report with their line numbers. Output is
/// deterministic (input order, independent of the thread count).
pub fn filter_jsonl(
    input: &Path,
    output_dir: &Path,
    config: &QualityConfig,
) -> Result<FilterReport, FilterError> {
    let filter = QualityFilter::new(config);
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| FilterError::Io { path, source }
    };
    let file = File::open(input).map_err(io_err(input))?;
    let reader: Box<dyn Read> = if input.extension().is_some_and(|e| e == "zst") {
        Box::new(zstd::Decoder::new(file).map_err(io_err(input))?)
    } else {
        Box::new(file)
    };
    let mut reader = BufReader::new(reader);
    std::fs::create_dir_all(output_dir).map_err(io_err(output_dir))?;
    let kept_path = output_dir.join(KEPT_FILE);
    let removed_path = output_dir.join(REMOVED_FILE);
    let mut kept_out = BufWriter::new(File::create(&kept_path).map_err(io_err(&kept_path))?);
    let mut removed_out =
        BufWriter::new(File::create(&removed_path).map_err(io_err(&removed_path))?);

    let mut report = FilterReport {
        kept_path: kept_path.clone(),
        removed_path: removed_path.clone(),
        ..FilterReport::default()
    };
    let source_file = input.display().to_string();
    let mut line_no = 0u64;
    let mut record = 0u64;
    loop {
        let mut batch = Vec::with_capacity(BATCH_LINES);
        while batch.len() < BATCH_LINES {
            let mut line = Vec::new();
            if reader.read_until(b'\n', &mut line).map_err(io_err(input))? == 0 {
                break;
            }
            line_no += 1;
            while matches!(line.last(), Some(b'\n' | b'\r')) {
                line.pop();
            }
            batch.push((line_no, line));
        }
        if batch.is_empty() {
            break;
        }
        let outcomes: Vec<Outcome> = batch
            .par_iter()
            .map(|(n, line)| judge(&filter, line, *n, &source_file))
            .collect();
        for ((n, line), outcome) in batch.iter().zip(outcomes) {
            match outcome {
                Outcome::Blank => {}
                Outcome::Kept => {
                    record += 1;
                    report.kept += 1;
                    kept_out.write_all(line).map_err(io_err(&kept_path))?;
                    kept_out.write_all(b"\n").map_err(io_err(&kept_path))?;
                }
                Outcome::Removed(json, code) => {
                    record += 1;
                    report.removed += 1;
                    *report
                        .removed_by_reason
                        .entry(code.to_string())
                        .or_insert(0) += 1;
                    removed_out
                        .write_all(&json)
                        .map_err(io_err(&removed_path))?;
                    removed_out
                        .write_all(b"\n")
                        .map_err(io_err(&removed_path))?;
                }
                Outcome::Broken(broken) => {
                    report.broken_lines += 1;
                    tracing::warn!(line = n, error = %broken.error, "skipping broken line");
                    if report.broken.len() < MAX_BROKEN_LISTED {
                        report.broken.push(broken);
                    }
                }
            }
        }
    }
    report.documents = record;
    kept_out.flush().map_err(io_err(&kept_path))?;
    removed_out.flush().map_err(io_err(&removed_path))?;
    Ok(report)
}

fn judge(filter: &QualityFilter, line: &[u8], line_no: u64, file: &str) -> Outcome {
    if line.iter().all(u8::is_ascii_whitespace) {
        return Outcome::Blank;
    }
    let broken = |error: String| {
        Outcome::Broken(BrokenLine {
            line: line_no,
            error,
        })
    };
    let mut object: Map<String, Value> = match serde_json::from_slice(line) {
        Ok(object) => object,
        Err(e) => return broken(format!("not a JSON object: {e}")),
    };
    let doc = match to_document(&object, line_no, file) {
        Ok(doc) => doc,
        Err(e) => return broken(e),
    };
    match filter.check(&doc) {
        Ok(()) => Outcome::Kept,
        Err(failure) => {
            let code = failure.rule.code();
            object.insert("quality_drop".into(), drop_value(&failure));
            match serde_json::to_vec(&object) {
                Ok(json) => Outcome::Removed(json, code),
                Err(e) => broken(format!("cannot re-serialize: {e}")),
            }
        }
    }
}

fn drop_value(failure: &Failure) -> Value {
    serde_json::json!({ "code": failure.rule.code(), "detail": failure.detail() })
}

fn to_document(object: &Map<String, Value>, line_no: u64, file: &str) -> Result<Document, String> {
    let text = match object.get("text") {
        Some(Value::String(text)) => text.clone(),
        Some(_) => return Err("`text` is not a string".into()),
        None => return Err("no `text` field".into()),
    };
    let id = match object.get("id") {
        Some(Value::String(id)) => id.clone(),
        Some(Value::Number(id)) => id.to_string(),
        None | Some(Value::Null) => format!("line-{line_no}"),
        Some(_) => return Err("`id` is not a string or number".into()),
    };
    let source = Source {
        contribution: String::new(),
        file: file.to_string(),
        record: line_no - 1,
        line: Some(line_no),
        byte_offset: None,
    };
    let mut doc = Document::new(id, text, source);
    doc.lang = match object.get("lang") {
        Some(Value::String(lang)) => Some(lang.clone()),
        None | Some(Value::Null) => None,
        Some(_) => return Err("`lang` is not a string".into()),
    };
    doc.lang_confidence = match object.get("lang_confidence") {
        Some(Value::Number(c)) => c.as_f64().map(|c| c as f32),
        None | Some(Value::Null) => None,
        Some(_) => return Err("`lang_confidence` is not a number".into()),
    };
    Ok(doc)
}
