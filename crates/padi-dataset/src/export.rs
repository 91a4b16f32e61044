use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use rayon::prelude::*;
use serde_json::{json, Value};

use crate::manifest::{FileEntry, Manifest, ShardEntry};
use crate::record::{read_shard, DatasetRecord};
use crate::{sha256_file, DatasetError};

/// Rows per Arrow batch (and so per Parquet row group page run) while converting.
const PARQUET_BATCH_ROWS: usize = 8192;

/// Parquet columns, all UTF-8 strings; `source` and `metadata` hold JSON.
const PARQUET_COLUMNS: [&str; 6] = ["id", "text", "lang", "source", "added", "metadata"];

/// Convert every JSONL shard to Parquet in the Hugging Face layout
/// `data/<label>/train-0000i-of-0000n.parquet`, one Parquet file per JSONL shard (so each
/// stays well under the Hub's 2 GB limit). Returns the files with checksums.
pub(crate) fn write_parquet(
    version_dir: &Path,
    shards: &[ShardEntry],
) -> Result<Vec<FileEntry>, DatasetError> {
    let mut per_label: BTreeMap<&str, Vec<&ShardEntry>> = BTreeMap::new();
    for shard in shards {
        per_label.entry(&shard.label).or_default().push(shard);
    }
    let jobs: Vec<(&ShardEntry, String)> = per_label
        .iter()
        .flat_map(|(label, shards)| {
            let n = shards.len();
            shards
                .iter()
                .enumerate()
                .map(move |(i, s)| (*s, format!("data/{label}/train-{i:05}-of-{n:05}.parquet")))
        })
        .collect();
    jobs.par_iter()
        .map(|(shard, path)| {
            let rows = shard_to_parquet(&version_dir.join(&shard.path), &version_dir.join(path))?;
            let (sha256, bytes) = sha256_file(&version_dir.join(path))?;
            Ok(FileEntry {
                path: path.clone(),
                sha256,
                bytes,
                documents: Some(rows),
                label: Some(shard.label.clone()),
            })
        })
        .collect()
}

fn parquet_schema() -> Arc<Schema> {
    Arc::new(Schema::new(
        PARQUET_COLUMNS
            .iter()
            .map(|name| Field::new(*name, DataType::Utf8, false))
            .collect::<Vec<_>>(),
    ))
}

fn shard_to_parquet(jsonl: &Path, parquet: &Path) -> Result<u64, DatasetError> {
    let err = |e: &dyn std::fmt::Display| DatasetError::Parquet {
        path: parquet.to_path_buf(),
        message: e.to_string(),
    };
    let schema = parquet_schema();
    let level = ZstdLevel::try_new(3).map_err(|e| err(&e))?;
    let props = WriterProperties::builder()
        .set_compression(Compression::ZSTD(level))
        .set_created_by(format!("padi {}", env!("CARGO_PKG_VERSION")))
        .build();
    let file = std::fs::File::create(parquet).map_err(DatasetError::io(parquet))?;
    let mut writer =
        ArrowWriter::try_new(file, Arc::clone(&schema), Some(props)).map_err(|e| err(&e))?;
    let mut batch: Vec<DatasetRecord> = Vec::with_capacity(PARQUET_BATCH_ROWS);
    let mut rows = 0u64;
    let flush = |batch: &mut Vec<DatasetRecord>,
                 writer: &mut ArrowWriter<std::fs::File>|
     -> Result<(), DatasetError> {
        if batch.is_empty() {
            return Ok(());
        }
        let mut columns: Vec<StringBuilder> = PARQUET_COLUMNS
            .iter()
            .map(|_| StringBuilder::new())
            .collect();
        for r in batch.drain(..) {
            let source = serde_json::to_string(&r.source).map_err(|e| err(&e))?;
            let metadata = serde_json::to_string(&r.metadata).map_err(|e| err(&e))?;
            for (column, value) in columns.iter_mut().zip([
                r.id.as_str(),
                r.text.as_str(),
                r.lang.as_str(),
                source.as_str(),
                r.added.as_str(),
                metadata.as_str(),
            ]) {
                column.append_value(value);
            }
        }
        let arrays: Vec<ArrayRef> = columns
            .iter_mut()
            .map(|c| Arc::new(c.finish()) as ArrayRef)
            .collect();
        let record_batch =
            RecordBatch::try_new(Arc::clone(&schema), arrays).map_err(|e| err(&e))?;
        writer.write(&record_batch).map_err(|e| err(&e))
    };
    for record in read_shard(jsonl)? {
        batch.push(record?);
        rows += 1;
        if batch.len() == PARQUET_BATCH_ROWS {
            flush(&mut batch, &mut writer)?;
        }
    }
    flush(&mut batch, &mut writer)?;
    writer.close().map_err(|e| err(&e))?;
    Ok(rows)
}

/// The ISO 639-3 part of a FLORES-style label (`shn` of `shn_Mymr`), for the card's metadata.
fn language_code(label: &str) -> Option<&str> {
    let code = label.split(['_', '-']).next()?;
    (code != "und" && (2..=3).contains(&code.len())).then_some(code)
}

/// `README.md`: a Hugging Face dataset card rendered from the manifest. Its YAML `configs`
/// list one config per label pointing at the Parquet files (or, without the Parquet export,
/// at the JSONL shards), so `datasets.load_dataset(dir, "shn_Mymr")` loads one language.
pub fn dataset_card(manifest: &Manifest) -> String {
    let mut card = String::from("---\n");
    let _ = writeln!(card, "pretty_name: {}", yaml_string(&manifest.name));
    let licences: BTreeSet<&str> = manifest
        .sources
        .values()
        .filter_map(|s| s.provenance.as_ref().map(|p| p.licence.as_str()))
        .collect();
    let licence = match licences.iter().next() {
        Some(l) if licences.len() == 1 && !l.starts_with("LicenseRef") => l.to_lowercase(),
        _ => "other".into(),
    };
    let _ = writeln!(card, "license: {}", yaml_string(&licence));
    let codes: BTreeSet<&str> = manifest
        .languages
        .keys()
        .filter_map(|l| language_code(l))
        .collect();
    if !codes.is_empty() {
        card.push_str("language:\n");
        for code in &codes {
            let _ = writeln!(card, "- {code}");
        }
    }
    card.push_str("configs:\n");
    for label in manifest.languages.keys() {
        let pattern = if manifest.layout.parquet {
            format!("data/{label}/train-*.parquet")
        } else {
            format!("data/{label}/part-*.jsonl.zst")
        };
        let _ = writeln!(
            card,
            "- config_name: {label}\n  data_files:\n  - split: train\n    path: {}",
            yaml_string(&pattern)
        );
    }
    card.push_str("---\n\n");
    let _ = writeln!(card, "# {} {}\n", manifest.name, manifest.version);
    let _ = writeln!(
        card,
        "Created {} by padi {} (commit {}) from pipeline `{}` (configuration sha256 `{}`).",
        manifest.created,
        manifest.padi.version,
        manifest.padi.commit,
        manifest.pipeline.file,
        manifest.pipeline.config_sha256
    );
    if let Some(parent) = &manifest.parent_version {
        let _ = writeln!(card, "Derived from version {parent}.");
    }
    if let Some(t) = &manifest.takedown {
        let _ = writeln!(
            card,
            "\nThis version was cut by a takedown on {}: {} document(s) removed{} (reason: {}).",
            t.date,
            t.documents_removed,
            t.source
                .as_ref()
                .map(|s| format!(" from contribution `{s}`"))
                .unwrap_or_default(),
            t.reason
        );
    }
    card.push_str(
        "\n## Languages\n\n| label | documents | characters | bytes |\n|---|---:|---:|---:|\n",
    );
    for (label, t) in &manifest.languages {
        let _ = writeln!(
            card,
            "| {label} | {} | {} | {} |",
            t.documents, t.characters, t.bytes
        );
    }
    card.push_str("\n## Sources and provenance\n\n| contribution | documents | licence | training allowed | consent | jurisdiction | personal data | takedown contact |\n|---|---:|---|---|---|---|---|---|\n");
    let mut unknown = Vec::new();
    for (id, source) in &manifest.sources {
        match &source.provenance {
            Some(p) => {
                let _ = writeln!(
                    card,
                    "| {id} | {} | {} | {} | {} | {} | {} | {} |",
                    source.documents,
                    p.licence,
                    if p.training_allowed { "yes" } else { "**no**" },
                    p.consent.basis,
                    p.jurisdiction,
                    p.personal_data.status,
                    p.takedown_contact
                );
            }
            None => {
                unknown.push(id.as_str());
                let _ = writeln!(
                    card,
                    "| {id} | {} | **not stated** | ? | ? | ? | ? | ? |",
                    source.documents
                );
            }
        }
    }
    card.push_str("\n## Files\n\n");
    let _ = writeln!(
        card,
        "JSONL shards (zstd) under `data/<label>/part-NNNNN.jsonl.zst`{}; `manifest.json` lists every file with its sha256 (check with `padi verify`), `croissant.json` describes the dataset in Croissant 1.1.",
        if manifest.layout.parquet {
            ", Parquet under `data/<label>/train-NNNNN-of-NNNNN.parquet`"
        } else {
            ""
        }
    );
    card.push_str("\n## Known limitations\n\n");
    card.push_str("- Language labels come from automatic identification; short documents and closely related languages are the most often mislabelled. `und` holds what could not be identified.\n");
    card.push_str("- Personal data was redacted by pattern (e-mail, phone, ids); names and addresses in free text are not.\n");
    let _ = writeln!(
        card,
        "- {} tombstone(s) (`tombstones.jsonl`): documents taken down are withheld from this and every later version.",
        manifest.tombstones.count
    );
    if !unknown.is_empty() {
        let _ = writeln!(
            card,
            "- **No provenance stated** for {}: do not publish or train on these documents until their terms are recorded.",
            unknown.join(", ")
        );
    }
    card
}

/// The card with its YAML `configs` limited to `labels`: a copy holding only some labels'
/// files (`padi pull`) must not name configs whose files are absent, since Hugging Face
/// `datasets` resolves the data files of every listed config when loading any one of them.
/// Everything else, the rest of the front matter included, is kept byte for byte.
pub fn restrict_card_configs(card: &str, labels: &BTreeSet<String>) -> String {
    let mut out = String::with_capacity(card.len());
    let mut fences = 0;
    let mut in_configs = false;
    let mut keep = true;
    for line in card.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content == "---" {
            fences += 1;
            in_configs = false;
        } else if fences == 1 && content == "configs:" {
            in_configs = true;
        } else if fences == 1 && in_configs {
            if let Some(label) = content.strip_prefix("- config_name: ") {
                keep = labels.contains(label.trim());
            } else if !content.starts_with("  ") {
                in_configs = false;
                keep = true;
            }
            if !keep {
                continue;
            }
        }
        out.push_str(line);
    }
    out
}

/// A YAML double-quoted scalar.
fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// `croissant.json`: Croissant 1.1 JSON-LD with a FileObject (sha256, size) for every file
/// of the version and one RecordSet per label over its Parquet (or JSONL) files.
pub fn croissant(version_dir: &Path, manifest: &Manifest) -> Result<Value, DatasetError> {
    let mut distribution = Vec::new();
    for path in ["manifest.json", "README.md"] {
        let (sha256, bytes) = sha256_file(&version_dir.join(path))?;
        distribution.push(file_object(path, &sha256, bytes, encoding_format(path)));
    }
    let shards = manifest
        .shards
        .iter()
        .map(|s| (&s.path, &s.sha256, s.bytes));
    let files = manifest.files.iter().map(|f| (&f.path, &f.sha256, f.bytes));
    for (path, sha256, bytes) in shards.chain(files) {
        distribution.push(file_object(path, sha256, bytes, encoding_format(path)));
    }
    let mut record_sets = Vec::new();
    for label in manifest.languages.keys() {
        let (includes, format) = if manifest.layout.parquet {
            (
                format!("data/{label}/train-*.parquet"),
                "application/x-parquet",
            )
        } else {
            (
                format!("data/{label}/part-*.jsonl.zst"),
                "application/jsonlines",
            )
        };
        let set_id = format!("files-{label}");
        distribution.push(json!({
            "@type": "cr:FileSet",
            "@id": set_id,
            "name": set_id,
            "encodingFormat": format,
            "includes": includes,
        }));
        let fields: Vec<Value> = PARQUET_COLUMNS
            .iter()
            .map(|column| {
                json!({
                    "@type": "cr:Field",
                    "@id": format!("{label}/{column}"),
                    "name": column,
                    "dataType": "sc:Text",
                    "source": {"fileSet": {"@id": set_id}, "extract": {"column": column}},
                })
            })
            .collect();
        record_sets.push(json!({
            "@type": "cr:RecordSet",
            "@id": label,
            "name": label,
            "field": fields,
        }));
    }
    let licences: BTreeSet<&str> = manifest
        .sources
        .values()
        .filter_map(|s| s.provenance.as_ref().map(|p| p.licence.as_str()))
        .collect();
    let languages: Vec<&str> = manifest.languages.keys().map(String::as_str).collect();
    Ok(json!({
        "@context": croissant_context(),
        "@type": "sc:Dataset",
        "conformsTo": "http://mlcommons.org/croissant/1.1",
        "name": manifest.name,
        "description": format!("{} {}: text in {} language label(s), built by padi. See README.md and manifest.json for provenance.", manifest.name, manifest.version, languages.len()),
        "version": manifest.version,
        "datePublished": manifest.created,
        "license": licences.into_iter().collect::<Vec<_>>(),
        "inLanguage": languages,
        "distribution": distribution,
        "recordSet": record_sets,
    }))
}

fn encoding_format(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("parquet") => "application/x-parquet",
        Some("zst") | Some("jsonl") => "application/jsonlines",
        Some("md") => "text/markdown",
        _ => "application/json",
    }
}

fn file_object(path: &str, sha256: &str, bytes: u64, format: &str) -> Value {
    json!({
        "@type": "cr:FileObject",
        "@id": path,
        "name": path,
        "contentUrl": path,
        "contentSize": format!("{bytes} B"),
        "encodingFormat": format,
        "sha256": sha256,
    })
}

/// The JSON-LD context every Croissant 1.x file uses.
fn croissant_context() -> Value {
    json!({
        "@language": "en",
        "@vocab": "https://schema.org/",
        "citeAs": "cr:citeAs",
        "column": "cr:column",
        "conformsTo": "dct:conformsTo",
        "cr": "http://mlcommons.org/croissant/",
        "rai": "http://mlcommons.org/croissant/RAI/",
        "data": {"@id": "cr:data", "@type": "@json"},
        "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
        "dct": "http://purl.org/dc/terms/",
        "examples": {"@id": "cr:examples", "@type": "@json"},
        "extract": "cr:extract",
        "field": "cr:field",
        "fileProperty": "cr:fileProperty",
        "fileObject": "cr:fileObject",
        "fileSet": "cr:fileSet",
        "format": "cr:format",
        "includes": "cr:includes",
        "isLiveDataset": "cr:isLiveDataset",
        "jsonPath": "cr:jsonPath",
        "key": "cr:key",
        "md5": "cr:md5",
        "parentField": "cr:parentField",
        "path": "cr:path",
        "recordSet": "cr:recordSet",
        "references": "cr:references",
        "regex": "cr:regex",
        "repeated": "cr:repeated",
        "replace": "cr:replace",
        "sc": "https://schema.org/",
        "separator": "cr:separator",
        "source": "cr:source",
        "subField": "cr:subField",
        "transform": "cr:transform",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restricting_the_card_keeps_only_the_named_configs() {
        let card = "---\npretty_name: \"x\"\nconfigs:\n- config_name: khm_Khmr\n  data_files:\n  - split: train\n    path: \"data/khm_Khmr/train-*.parquet\"\n- config_name: lao_Laoo\n  data_files:\n  - split: train\n    path: \"data/lao_Laoo/train-*.parquet\"\n---\n\n# x\n- config_name: khm_Khmr stays in the body\n";
        let labels = BTreeSet::from(["lao_Laoo".to_string()]);
        let restricted = restrict_card_configs(card, &labels);
        assert_eq!(
            restricted,
            "---\npretty_name: \"x\"\nconfigs:\n- config_name: lao_Laoo\n  data_files:\n  - split: train\n    path: \"data/lao_Laoo/train-*.parquet\"\n---\n\n# x\n- config_name: khm_Khmr stays in the body\n"
        );
        let all = BTreeSet::from(["lao_Laoo".to_string(), "khm_Khmr".to_string()]);
        assert_eq!(restrict_card_configs(card, &all), card);
    }
}
