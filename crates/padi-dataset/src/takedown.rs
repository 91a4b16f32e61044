use std::path::Path;

use crate::manifest::{Manifest, TakedownRecord};
use crate::record::{read_shard, Tombstone};
use crate::version::{latest_version, Bump};
use crate::writer::{DatasetWriter, Release, ReleaseInfo, ReleaseSpec};
use crate::{timestamp, DatasetError};

/// Records re-written per call while a takedown copies the surviving documents.
const RECUT_CHUNK: usize = 8192;

/// What to take down.
#[derive(Debug, Clone)]
pub struct TakedownRequest {
    /// A whole contribution: its documents now and any it would bring later.
    pub source: Option<String>,
    /// Individual document ids.
    pub ids: Vec<String>,
    pub reason: String,
}

/// Cut a new MAJOR version of the dataset in `dataset` (`<dataset-dir>/<name>`) from its
/// latest version without the documents the request names, and record tombstones for them.
/// Earlier versions are not touched.
pub fn takedown(dataset: &Path, request: &TakedownRequest) -> Result<Release, DatasetError> {
    let latest = latest_version(dataset)?.ok_or_else(|| DatasetError::NoVersion(dataset.into()))?;
    let latest_dir = dataset.join(latest.to_string());
    let parent = Manifest::load(&latest_dir)?;
    let version = latest.bump(Bump::Major).to_string();
    let date = timestamp();
    let mut tombstones = Vec::new();
    if let Some(source) = &request.source {
        tombstones.push(Tombstone {
            id: None,
            contribution: Some(source.clone()),
            reason: request.reason.clone(),
            date: date.clone(),
            version: version.clone(),
        });
    }
    let wanted: std::collections::HashSet<&str> = request.ids.iter().map(String::as_str).collect();
    // Name every removed document, so auditors see ids even for a whole-contribution takedown.
    for shard in &parent.shards {
        for record in read_shard(&latest_dir.join(&shard.path))? {
            let record = record?;
            let by_source = request.source.as_deref() == Some(record.source.contribution.as_str());
            if by_source || wanted.contains(record.id.as_str()) {
                tombstones.push(Tombstone {
                    id: Some(record.id),
                    contribution: Some(record.source.contribution),
                    reason: request.reason.clone(),
                    date: date.clone(),
                    version: version.clone(),
                });
            }
        }
    }
    let removed = tombstones.iter().filter(|t| t.id.is_some()).count() as u64;
    if removed == 0 {
        return Err(DatasetError::NothingToTakeDown(
            latest_dir.display().to_string(),
        ));
    }
    let spec = ReleaseSpec {
        dataset_dir: dataset.parent().map(Path::to_path_buf).unwrap_or_default(),
        name: dataset
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| parent.name.clone()),
        version: Some(version),
        bump: Bump::Major,
        layout: parent.layout.clone(),
    };
    let mut writer = DatasetWriter::for_records(&spec, tombstones)?;
    // Re-cut in bounded chunks; the chunking only moves frame boundaries, deterministically.
    for shard in &parent.shards {
        let mut chunk = Vec::with_capacity(RECUT_CHUNK);
        for record in read_shard(&latest_dir.join(&shard.path))? {
            chunk.push(record?);
            if chunk.len() == RECUT_CHUNK {
                writer.write_records(std::mem::take(&mut chunk))?;
            }
        }
        writer.write_records(chunk)?;
    }
    let info = ReleaseInfo {
        pipeline: parent.pipeline.clone(),
        stages: parent.stages.clone(),
        provenance: parent
            .sources
            .iter()
            .filter_map(|(id, s)| s.provenance.clone().map(|p| (id.clone(), p)))
            .collect(),
        takedown: Some(TakedownRecord {
            reason: request.reason.clone(),
            date,
            source: request.source.clone(),
            documents_removed: removed,
        }),
    };
    writer.finish(info)
}
