use std::collections::BTreeMap;
use std::path::Path;

use crate::manifest::{manifest_schema, Manifest};
use crate::record::read_shard;
use crate::sha256_file;

/// Check a version directory: the manifest against its schema, every file's size and sha256
/// (manifest and `croissant.json`), and the documents in every shard. Returns one message per
/// problem, each naming the file; empty means the version is intact.
pub fn verify(version_dir: &Path) -> Vec<String> {
    let manifest_path = version_dir.join("manifest.json");
    let value: serde_json::Value = match std::fs::read(&manifest_path)
        .map_err(|e| e.to_string())
        .and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()))
    {
        Ok(v) => v,
        Err(e) => return vec![format!("{}: {e}", manifest_path.display())],
    };
    let schema = manifest_schema();
    let mut problems: Vec<String> = match jsonschema::validator_for(&schema) {
        Ok(validator) => validator
            .iter_errors(&value)
            .map(|e| {
                format!(
                    "manifest.json: does not match the manifest schema at {}: {e}",
                    e.instance_path
                )
            })
            .collect(),
        Err(e) => vec![format!("manifest schema does not compile: {e}")],
    };
    if !problems.is_empty() {
        return problems;
    }
    let manifest: Manifest = match serde_json::from_value(value) {
        Ok(m) => m,
        Err(e) => return vec![format!("manifest.json: {e}")],
    };
    // Returns whether the file matches, so a corrupt shard is not decoded: garbage can
    // decompress to arbitrarily much output.
    let mut check = |path: &str, sha256: &str, bytes: u64| -> bool {
        match sha256_file(&version_dir.join(path)) {
            Err(e) => {
                problems.push(format!("{path}: cannot read: {e}"));
                false
            }
            Ok((actual, size)) => {
                if size != bytes {
                    problems.push(format!("{path}: {size} bytes, the manifest says {bytes}"));
                }
                if actual != sha256 {
                    problems.push(format!(
                        "{path}: sha256 {actual} does not match the manifest's {sha256}"
                    ));
                }
                size == bytes && actual == sha256
            }
        }
    };
    let intact: Vec<bool> = manifest
        .shards
        .iter()
        .map(|s| check(&s.path, &s.sha256, s.bytes))
        .collect();
    for f in &manifest.files {
        check(&f.path, &f.sha256, f.bytes);
    }
    let mut per_label: BTreeMap<&str, u64> = BTreeMap::new();
    for (s, intact) in manifest.shards.iter().zip(intact) {
        *per_label.entry(&s.label).or_insert(0) += s.documents;
        if !intact {
            continue;
        }
        let counted = read_shard(&version_dir.join(&s.path)).map(|records| {
            records.fold((0u64, None), |(n, first_err), r| match r {
                Ok(_) => (n + 1, first_err),
                Err(e) => (n, first_err.or(Some(e.to_string()))),
            })
        });
        match counted {
            Err(e) => problems.push(format!("{}: {e}", s.path)),
            Ok((_, Some(e))) => problems.push(format!("{}: {e}", s.path)),
            Ok((n, None)) if n != s.documents => problems.push(format!(
                "{}: {n} documents, the manifest says {}",
                s.path, s.documents
            )),
            Ok(_) => {}
        }
    }
    for (label, totals) in &manifest.languages {
        let in_shards = per_label.get(label.as_str()).copied().unwrap_or(0);
        if in_shards != totals.documents {
            problems.push(format!(
                "manifest.json: label {label} totals {} documents but its shards hold {in_shards}",
                totals.documents
            ));
        }
    }
    problems.extend(check_croissant(version_dir));
    problems
}

/// Every FileObject of `croissant.json` must match its file.
fn check_croissant(version_dir: &Path) -> Vec<String> {
    let path = version_dir.join("croissant.json");
    let value: serde_json::Value = match std::fs::read(&path)
        .map_err(|e| e.to_string())
        .and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()))
    {
        Ok(v) => v,
        Err(e) => return vec![format!("croissant.json: {e}")],
    };
    let mut problems = Vec::new();
    let objects = value["distribution"]
        .as_array()
        .map(|d| d.iter().filter(|o| o["@type"] == "cr:FileObject"))
        .into_iter()
        .flatten();
    for object in objects {
        let (Some(file), Some(sha256)) = (object["contentUrl"].as_str(), object["sha256"].as_str())
        else {
            problems.push("croissant.json: a FileObject lacks contentUrl or sha256".into());
            continue;
        };
        match sha256_file(&version_dir.join(file)) {
            Ok((actual, _)) if actual == sha256 => {}
            Ok((actual, _)) => problems.push(format!(
                "{file}: sha256 {actual} does not match croissant.json's {sha256}"
            )),
            Err(e) => problems.push(format!("{file}: cannot read: {e}")),
        }
    }
    problems
}
