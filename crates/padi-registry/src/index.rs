use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use padi_dataset::{sha256_file, Manifest, Version};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::names::check_component;
use crate::RegistryError;

/// Files of a version that the manifest does not list with a checksum; the index does, so a
/// pull verifies every file it writes.
pub const METADATA_FILES: [&str; 3] = ["manifest.json", "README.md", "croissant.json"];

/// `index.json` of a registry (`schemas/registry-index.schema.json`): every dataset and
/// version it holds. It is a pure function of the version directories (no timestamp), so
/// rebuilding it gives the same bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegistryIndex {
    /// Format of this file; 1 for now.
    pub index_version: u32,
    /// Datasets by name.
    pub datasets: BTreeMap<String, DatasetIndex>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatasetIndex {
    /// The highest version (semver order).
    pub latest: String,
    /// Every version, lowest first (semver order).
    pub versions: Vec<VersionIndex>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VersionIndex {
    pub version: String,
    /// The version directory relative to the registry (`<name>/<version>`).
    pub path: String,
    /// `created` of the manifest (RFC 3339).
    pub created: String,
    /// sha256 and size of `manifest.json`, `README.md` and `croissant.json`.
    pub metadata: Vec<IndexedFile>,
    /// Per language label: documents and bytes of each format.
    pub labels: BTreeMap<String, LabelSizes>,
    /// Bytes of every file of the version.
    pub total_bytes: u64,
    /// SPDX licences of the sources (`NOASSERTION` for a source without stated provenance).
    pub licences: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_version: Option<String>,
    /// Whether `padi takedown` cut this version.
    pub takedown: bool,
    /// The first later version cut by a takedown: this one still holds what it removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded_by_takedown: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndexedFile {
    pub path: String,
    pub sha256: String,
    pub bytes: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LabelSizes {
    pub documents: u64,
    /// Compressed JSONL shards.
    pub jsonl_bytes: u64,
    /// Parquet files (0 without the Parquet export).
    pub parquet_bytes: u64,
}

/// The JSON Schema of `index.json` (`schemas/registry-index.schema.json`).
pub fn registry_index_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(RegistryIndex))
        .unwrap_or_else(|e| unreachable!("schema serializes: {e}"))
}

impl RegistryIndex {
    /// The dataset `name`; unknown names are an error listing the datasets there are.
    pub fn dataset(&self, name: &str) -> Result<&DatasetIndex, RegistryError> {
        self.datasets
            .get(name)
            .ok_or_else(|| RegistryError::UnknownDataset {
                name: name.to_string(),
                available: self.datasets.keys().cloned().collect(),
            })
    }

    /// The index of every `<name>/<version>/manifest.json` under `registry`. Hidden entries
    /// (`.staging`, `.lock`) and directories whose name is not a version are ignored.
    pub fn scan(registry: &Path) -> Result<RegistryIndex, RegistryError> {
        let mut datasets = BTreeMap::new();
        for name in sorted_dir_names(registry)? {
            if name.starts_with('.') || check_component("dataset name", &name).is_err() {
                continue;
            }
            let dataset_dir = registry.join(&name);
            if !dataset_dir.is_dir() {
                continue;
            }
            let mut versions: Vec<(Version, VersionIndex)> = Vec::new();
            for entry in sorted_dir_names(&dataset_dir)? {
                let Ok(version) = entry.parse::<Version>() else {
                    continue;
                };
                let dir = dataset_dir.join(&entry);
                if dir.join("manifest.json").is_file() {
                    match index_version(&dir, &name, &entry)? {
                        Some(indexed) => versions.push((version, indexed)),
                        None => tracing::warn!(
                            "{}: its manifest names another dataset or version; not indexed",
                            dir.display()
                        ),
                    }
                }
            }
            versions.sort_by_key(|(v, _)| *v);
            mark_superseded(&mut versions);
            if let Some((latest, _)) = versions.last() {
                datasets.insert(
                    name,
                    DatasetIndex {
                        latest: latest.to_string(),
                        versions: versions.into_iter().map(|(_, v)| v).collect(),
                    },
                );
            }
        }
        Ok(RegistryIndex {
            index_version: 1,
            datasets,
        })
    }
}

impl DatasetIndex {
    /// The entry of one version.
    pub fn version(&self, version: &str) -> Option<&VersionIndex> {
        self.versions.iter().find(|v| v.version == version)
    }
}

fn mark_superseded(versions: &mut [(Version, VersionIndex)]) {
    let mut next_takedown: Option<String> = None;
    for (_, v) in versions.iter_mut().rev() {
        v.superseded_by_takedown = next_takedown.clone();
        if v.takedown {
            next_takedown = Some(v.version.clone());
        }
    }
}

/// `None` when the manifest does not belong at this path.
fn index_version(
    dir: &Path,
    name: &str,
    version: &str,
) -> Result<Option<VersionIndex>, RegistryError> {
    let manifest = Manifest::load(dir)?;
    if manifest.name != name || manifest.version != version {
        return Ok(None);
    }
    let mut metadata = Vec::new();
    for path in METADATA_FILES {
        let (sha256, bytes) = sha256_file(&dir.join(path))?;
        metadata.push(IndexedFile {
            path: path.to_string(),
            sha256,
            bytes,
        });
    }
    let mut labels: BTreeMap<String, LabelSizes> = manifest
        .languages
        .iter()
        .map(|(label, totals)| {
            let sizes = LabelSizes {
                documents: totals.documents,
                ..LabelSizes::default()
            };
            (label.clone(), sizes)
        })
        .collect();
    for shard in &manifest.shards {
        labels.entry(shard.label.clone()).or_default().jsonl_bytes += shard.bytes;
    }
    for file in &manifest.files {
        if let Some(label) = &file.label {
            labels.entry(label.clone()).or_default().parquet_bytes += file.bytes;
        }
    }
    let total_bytes = metadata.iter().map(|f| f.bytes).sum::<u64>()
        + manifest.shards.iter().map(|s| s.bytes).sum::<u64>()
        + manifest.files.iter().map(|f| f.bytes).sum::<u64>();
    let licences: BTreeSet<String> = manifest
        .sources
        .values()
        .map(|s| {
            s.provenance
                .as_ref()
                .map_or_else(|| "NOASSERTION".to_string(), |p| p.licence.clone())
        })
        .collect();
    Ok(Some(VersionIndex {
        version: version.to_string(),
        path: format!("{name}/{version}"),
        created: manifest.created,
        metadata,
        labels,
        total_bytes,
        licences: licences.into_iter().collect(),
        parent_version: manifest.parent_version,
        takedown: manifest.takedown.is_some(),
        superseded_by_takedown: None,
    }))
}

fn sorted_dir_names(dir: &Path) -> Result<Vec<String>, RegistryError> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(RegistryError::io(dir))? {
        let entry = entry.map_err(RegistryError::io(dir))?;
        if let Some(name) = entry.file_name().to_str() {
            names.push(name.to_string());
        }
    }
    names.sort();
    Ok(names)
}
