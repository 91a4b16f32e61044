use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::manifest::{manifest_schema, Manifest};
use crate::record::read_shard;
use crate::sha256_file;

/// Which part of a version [`verify_selection`] checks: a partial copy (e.g. `padi pull` of
/// some labels in one format) holds only these files.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct VerifySelection {
    /// Labels whose data files are present; `None` means every label.
    pub labels: Option<Vec<String>>,
    /// JSONL shards (`manifest.shards`) are present.
    pub jsonl: bool,
    /// Parquet files (`manifest.files` with a label) are present.
    pub parquet: bool,
    /// The sha256 `README.md` must have when the copy rewrote its card
    /// ([`crate::restrict_card_configs`]); `None` checks it against `croissant.json`.
    pub card_sha256: Option<String>,
}

impl VerifySelection {
    /// The whole version.
    pub fn all() -> VerifySelection {
        VerifySelection {
            labels: None,
            jsonl: true,
            parquet: true,
            card_sha256: None,
        }
    }

    fn has_label(&self, label: &str) -> bool {
        self.labels
            .as_ref()
            .is_none_or(|labels| labels.iter().any(|l| l == label))
    }
}

/// Check a version directory: the manifest against its schema, every file's size and sha256
/// (manifest and `croissant.json`), and the documents in every shard. Returns one message per
/// problem, each naming the file; empty means the version is intact.
pub fn verify(version_dir: &Path) -> Vec<String> {
    verify_selection(version_dir, &VerifySelection::all())
}

/// [`verify`] restricted to the files a selection holds: shards and Parquet files of other
/// labels or formats are not expected; label totals are checked for the selected labels
/// (against the JSONL shards, or the Parquet row counts when only Parquet was selected).
pub fn verify_selection(version_dir: &Path, selection: &VerifySelection) -> Vec<String> {
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
    let mut hashes = Hashes::new(version_dir);
    // Returns whether the file matches, so a corrupt shard is not decoded: garbage can
    // decompress to arbitrarily much output.
    let mut check = |path: &str, sha256: &str, bytes: u64| -> bool {
        match hashes.get(path) {
            Err(e) => {
                problems.push(format!("{path}: cannot read: {e}"));
                false
            }
            Ok((actual, size)) => {
                let size = *size;
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
    let shards: Vec<_> = manifest
        .shards
        .iter()
        .filter(|s| selection.jsonl && selection.has_label(&s.label))
        .collect();
    let files: Vec<_> = manifest
        .files
        .iter()
        .filter(|f| match &f.label {
            Some(label) => selection.parquet && selection.has_label(label),
            None => true,
        })
        .collect();
    let intact: Vec<bool> = shards
        .iter()
        .map(|s| check(&s.path, &s.sha256, s.bytes))
        .collect();
    for f in &files {
        check(&f.path, &f.sha256, f.bytes);
    }
    let mut per_label: BTreeMap<&str, u64> = BTreeMap::new();
    if !selection.jsonl {
        for f in &files {
            if let (Some(label), Some(rows)) = (&f.label, f.documents) {
                *per_label.entry(label).or_insert(0) += rows;
            }
        }
    }
    for (s, intact) in shards.iter().zip(intact) {
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
    let selected_labels = manifest
        .languages
        .iter()
        .filter(|(label, _)| selection.has_label(label));
    for (label, totals) in selected_labels {
        let in_shards = per_label.get(label.as_str()).copied().unwrap_or(0);
        if in_shards != totals.documents {
            problems.push(format!(
                "manifest.json: label {label} totals {} documents but its shards hold {in_shards}",
                totals.documents
            ));
        }
    }
    if let Some(expected) = &selection.card_sha256 {
        match hashes.get("README.md") {
            Ok((actual, _)) if actual == expected => {}
            Ok((actual, _)) => problems.push(format!(
                "README.md: sha256 {actual} does not match the recorded {expected}"
            )),
            Err(e) => problems.push(format!("README.md: cannot read: {e}")),
        }
    }
    let card = selection.card_sha256.is_none().then_some("README.md");
    let present: Option<BTreeSet<&str>> = (*selection != VerifySelection::all()).then(|| {
        ["manifest.json"]
            .into_iter()
            .chain(card)
            .chain(shards.iter().map(|s| s.path.as_str()))
            .chain(files.iter().map(|f| f.path.as_str()))
            .collect()
    });
    problems.extend(check_croissant(version_dir, present.as_ref(), &mut hashes));
    problems
}

/// sha256 and size of the files of one version, each file read once however many checks
/// name it (the manifest's and `croissant.json`'s); a read error is kept as its message, so
/// every check that names the file reports it.
struct Hashes<'a> {
    version_dir: &'a Path,
    done: HashMap<String, Result<(String, u64), String>>,
}

impl<'a> Hashes<'a> {
    fn new(version_dir: &'a Path) -> Hashes<'a> {
        Hashes {
            version_dir,
            done: HashMap::new(),
        }
    }

    /// `path` relative to the version directory.
    fn get(&mut self, path: &str) -> &Result<(String, u64), String> {
        let version_dir = self.version_dir;
        self.done
            .entry(path.to_string())
            .or_insert_with(|| sha256_file(&version_dir.join(path)).map_err(|e| e.to_string()))
    }
}

/// Every FileObject of `croissant.json` must match its file (only those in `present`, when
/// given).
fn check_croissant(
    version_dir: &Path,
    present: Option<&BTreeSet<&str>>,
    hashes: &mut Hashes,
) -> Vec<String> {
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
        if present.is_some_and(|p| !p.contains(file)) {
            continue;
        }
        match hashes.get(file) {
            Ok((actual, _)) if actual == sha256 => {}
            Ok((actual, _)) => problems.push(format!(
                "{file}: sha256 {actual} does not match croissant.json's {sha256}"
            )),
            Err(e) => problems.push(format!("{file}: cannot read: {e}")),
        }
    }
    problems
}
