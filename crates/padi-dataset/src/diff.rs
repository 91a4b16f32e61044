use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use serde::Serialize;

use crate::manifest::Manifest;
use crate::record::read_shard;
use crate::DatasetError;

/// Documents added and removed between two versions, per label and per source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct VersionDiff {
    pub old_version: String,
    pub new_version: String,
    pub labels: BTreeMap<String, Change>,
    pub sources: BTreeMap<String, Change>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Change {
    pub added: u64,
    pub removed: u64,
}

/// (label, contribution, id) of a document.
type DocumentKey = (String, String, String);

/// (label, contribution, id) of every document of a version. Ids only, not texts, so memory
/// is a few dozen bytes per document.
fn keys(version_dir: &Path) -> Result<(Manifest, HashSet<DocumentKey>), DatasetError> {
    let manifest = Manifest::load(version_dir)?;
    let mut keys = HashSet::new();
    for shard in &manifest.shards {
        for record in read_shard(&version_dir.join(&shard.path))? {
            let record = record?;
            keys.insert((shard.label.clone(), record.source.contribution, record.id));
        }
    }
    Ok((manifest, keys))
}

/// Compare two version directories. A document counts as the same when its id, label and
/// contribution are; one that moved label counts as removed from one and added to the other.
pub fn diff(old: &Path, new: &Path) -> Result<VersionDiff, DatasetError> {
    let (old_manifest, old_keys) = keys(old)?;
    let (new_manifest, new_keys) = keys(new)?;
    let mut result = VersionDiff {
        old_version: old_manifest.version,
        new_version: new_manifest.version,
        ..VersionDiff::default()
    };
    for (label, source, _) in new_keys.difference(&old_keys) {
        result.labels.entry(label.clone()).or_default().added += 1;
        result.sources.entry(source.clone()).or_default().added += 1;
    }
    for (label, source, _) in old_keys.difference(&new_keys) {
        result.labels.entry(label.clone()).or_default().removed += 1;
        result.sources.entry(source.clone()).or_default().removed += 1;
    }
    Ok(result)
}
