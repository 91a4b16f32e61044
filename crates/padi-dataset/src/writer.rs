use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use padi_core::{Document, Provenance};
use padi_io::{ShardWriter, ShardWriterOptions};
use rayon::prelude::*;

use crate::export::{croissant, dataset_card, write_parquet};
use crate::first_added::FirstAdded;
use crate::manifest::{
    FileEntry, LanguageTotals, Layout, Manifest, PadiBuild, PipelineRecord, ShardEntry,
    SourceEntry, StageStatistics, TakedownRecord, TombstoneSummary,
};
use crate::record::{DatasetRecord, Tombstone, Tombstones};
use crate::version::{plan_version, Bump, Version};
use crate::{sha256_file, timestamp, DatasetError};

/// Where a release goes and how it is cut.
#[derive(Debug, Clone)]
pub struct ReleaseSpec {
    /// The dataset directory; versions go to `<dataset_dir>/<name>/<version>/`.
    pub dataset_dir: PathBuf,
    pub name: String,
    /// An explicit version, higher than every existing one.
    pub version: Option<String>,
    /// Without an explicit version: the latest version bumped by this (1.0.0 for the first).
    pub bump: Bump,
    pub layout: Layout,
}

/// What a release knows only once the data is written: how it was made and on what terms.
#[derive(Debug, Clone)]
pub struct ReleaseInfo {
    pub pipeline: PipelineRecord,
    pub stages: Vec<StageStatistics>,
    /// Provenance per contribution id, as stated in the pipeline file or copied from the parent.
    pub provenance: BTreeMap<String, Provenance>,
    pub takedown: Option<TakedownRecord>,
}

/// A finished release.
#[derive(Debug, Clone)]
pub struct Release {
    pub manifest: Manifest,
    pub dir: PathBuf,
    /// False when a bump release was the same release as the latest version (same data,
    /// terms and pipeline), which is then returned instead of a copy.
    pub created: bool,
}

/// Writes one dataset version: documents in, per-label deterministic shards out.
///
/// Everything goes to a staging directory inside the dataset directory, renamed to the
/// version directory only when complete, so a killed run leaves no partial version (the next
/// run removes the stale staging directory). Each label's shards receive that label's
/// documents in input order and [`ShardWriter`] cuts frames by size only, so the bytes do not
/// depend on the thread count.
pub struct DatasetWriter {
    dataset: PathBuf,
    staging: PathBuf,
    version: Version,
    parent: Option<Version>,
    explicit_version: bool,
    layout: Layout,
    created: String,
    first_added: FirstAdded,
    tombstones: Tombstones,
    withheld: u64,
    writers: BTreeMap<String, ShardWriter>,
    languages: BTreeMap<String, LanguageTotals>,
    sources: BTreeMap<String, u64>,
}

impl DatasetWriter {
    /// Plan the version, carry the parent's tombstones forward (plus `new_tombstones`), read
    /// when the parent's documents were first added, and open a fresh staging directory.
    pub fn create(
        spec: &ReleaseSpec,
        new_tombstones: Vec<Tombstone>,
    ) -> Result<DatasetWriter, DatasetError> {
        DatasetWriter::open(spec, new_tombstones, true)
    }

    /// [`Self::create`] for a writer fed only by [`Self::write_records`], whose records keep
    /// their `added`: the parent's first-added dates, a read of all its shards, are not needed.
    pub(crate) fn for_records(
        spec: &ReleaseSpec,
        new_tombstones: Vec<Tombstone>,
    ) -> Result<DatasetWriter, DatasetError> {
        DatasetWriter::open(spec, new_tombstones, false)
    }

    fn open(
        spec: &ReleaseSpec,
        new_tombstones: Vec<Tombstone>,
        load_first_added: bool,
    ) -> Result<DatasetWriter, DatasetError> {
        let dataset = spec.dataset_dir.join(&spec.name);
        let (version, parent) = plan_version(&dataset, spec.version.as_deref(), spec.bump)?;
        let (mut tombstones, first_added) = match parent {
            Some(p) => {
                let dir = dataset.join(p.to_string());
                let first_added = if load_first_added {
                    FirstAdded::load(&dir)?
                } else {
                    FirstAdded::default()
                };
                (Tombstones::load(&dir)?, first_added)
            }
            None => (Tombstones::default(), FirstAdded::default()),
        };
        for t in new_tombstones {
            tombstones.push(t);
        }
        let staging = dataset.join(format!(".staging-{version}"));
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(DatasetError::io(&staging))?;
        }
        std::fs::create_dir_all(staging.join("data")).map_err(DatasetError::io(&staging))?;
        Ok(DatasetWriter {
            dataset,
            staging,
            version,
            parent,
            explicit_version: spec.version.is_some(),
            layout: spec.layout.clone(),
            created: timestamp(),
            first_added,
            tombstones,
            withheld: 0,
            writers: BTreeMap::new(),
            languages: BTreeMap::new(),
            sources: BTreeMap::new(),
        })
    }

    /// Withhold `doc` if a tombstone of the parent version names it (counted in the
    /// manifest's `withheld`); returns whether it was. The pipeline asks before [`Self::write`]
    /// so that it can report the document as dropped instead of written.
    pub fn withhold(&mut self, doc: &Document) -> bool {
        let covered = self.tombstones.covers(&doc.id, &doc.source.contribution);
        self.withheld += u64::from(covered);
        covered
    }

    /// Add pipeline output, in order. A document the parent version holds keeps its `added`.
    /// Takes the documents by value so that their text moves into the records uncopied.
    pub fn write(&mut self, docs: Vec<Document>) -> Result<(), DatasetError> {
        let (first_added, created) = (&self.first_added, self.created.as_str());
        let records = docs
            .into_par_iter()
            .map(|d| {
                let added = first_added.get(&d.id).unwrap_or(created);
                DatasetRecord::from_document(d, added)
            })
            .collect();
        self.write_records(records)
    }

    /// Add records (keeping their `added`), in order; tombstoned ones are withheld.
    pub fn write_records(&mut self, records: Vec<DatasetRecord>) -> Result<(), DatasetError> {
        // Map keys are copied only on a key's first record: labels and contributions are few.
        let mut by_label: BTreeMap<String, Vec<DatasetRecord>> = BTreeMap::new();
        for record in records {
            let contribution = &record.source.contribution;
            if self.tombstones.covers(&record.id, contribution) {
                self.withheld += 1;
                continue;
            }
            match self.sources.get_mut(contribution) {
                Some(documents) => *documents += 1,
                None => {
                    self.sources.insert(contribution.clone(), 1);
                }
            }
            let label = record.shard_label();
            match by_label.get_mut(label) {
                Some(group) => group.push(record),
                None => {
                    by_label.insert(label.to_string(), vec![record]);
                }
            }
        }
        for (label, records) in by_label {
            let totals = self.languages.entry(label.clone()).or_default();
            for record in &records {
                totals.documents += 1;
                totals.characters += record.text.chars().count() as u64;
                totals.bytes += record.text.len() as u64;
            }
            let writer = match self.writers.get_mut(&label) {
                Some(w) => w,
                None => {
                    let options = ShardWriterOptions {
                        dir: self.staging.join("data").join(&label),
                        prefix: "part".into(),
                        max_shard_bytes: self.layout.shard_max_bytes,
                        level: self.layout.compression_level,
                    };
                    let dir = options.dir.clone();
                    let writer = ShardWriter::new(options).map_err(DatasetError::io(dir))?;
                    self.writers.entry(label.clone()).or_insert(writer)
                }
            };
            writer
                .write(&records, |r| r.text.len() + 200)
                .map_err(DatasetError::io(self.staging.join("data").join(&label)))?;
        }
        Ok(())
    }

    /// Close the shards, write the tombstones, return the parent instead when this is the
    /// same release (see [`same_release`]), else write the Parquet export, manifest, dataset
    /// card and Croissant file and publish the version directory.
    pub fn finish(self, info: ReleaseInfo) -> Result<Release, DatasetError> {
        let mut shards = Vec::new();
        for (label, writer) in self.writers {
            let dir = self.staging.join("data").join(&label);
            for shard in writer.finish().map_err(DatasetError::io(&dir))? {
                shards.push(ShardEntry {
                    path: format!("data/{label}/{}", shard.file),
                    label: label.clone(),
                    sha256: String::new(),
                    bytes: shard.compressed_bytes,
                    uncompressed_bytes: shard.bytes,
                    documents: shard.records,
                });
            }
        }
        let staging = &self.staging;
        shards
            .par_iter_mut()
            .try_for_each(|s| -> Result<(), DatasetError> {
                s.sha256 = sha256_file(&staging.join(&s.path))?.0;
                Ok(())
            })?;
        let tombstone_path = staging.join("tombstones.jsonl");
        self.tombstones.write(&tombstone_path)?;
        let (sha256, bytes) = sha256_file(&tombstone_path)?;
        let tombstone_file = FileEntry {
            path: "tombstones.jsonl".into(),
            sha256,
            bytes,
            documents: None,
            label: None,
        };
        let sources = self
            .sources
            .into_iter()
            .map(|(id, documents)| {
                let provenance = info.provenance.get(&id).cloned();
                (
                    id,
                    SourceEntry {
                        documents,
                        provenance,
                    },
                )
            })
            .collect();
        let mut manifest = Manifest {
            manifest_version: 1,
            name: self
                .dataset
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            version: self.version.to_string(),
            parent_version: self.parent.map(|p| p.to_string()),
            created: self.created,
            padi: PadiBuild {
                version: env!("CARGO_PKG_VERSION").into(),
                commit: env!("PADI_COMMIT").into(),
            },
            pipeline: info.pipeline,
            layout: self.layout,
            stages: info.stages,
            languages: self.languages,
            shards,
            // The Parquet export is added below, once the release is known to be new.
            files: vec![tombstone_file],
            sources,
            tombstones: TombstoneSummary {
                file: "tombstones.jsonl".into(),
                count: self.tombstones.len() as u64,
                withheld: self.withheld,
            },
            takedown: info.takedown,
        };
        if let Some(parent) = self.parent.filter(|_| !self.explicit_version) {
            let dir = self.dataset.join(parent.to_string());
            let previous = Manifest::load(&dir)?;
            if same_release(&previous, &manifest) {
                std::fs::remove_dir_all(staging).map_err(DatasetError::io(staging))?;
                return Ok(Release {
                    manifest: previous,
                    dir,
                    created: false,
                });
            }
        }
        if manifest.layout.parquet {
            let mut files = write_parquet(staging, &manifest.shards)?;
            files.append(&mut manifest.files);
            manifest.files = files;
        }
        write_text(
            &staging.join("manifest.json"),
            &(serde_json::to_string_pretty(&manifest)
                .map_err(|e| DatasetError::invalid(staging, e.to_string()))?
                + "\n"),
        )?;
        write_text(&staging.join("README.md"), &dataset_card(&manifest))?;
        let croissant = croissant(staging, &manifest)?;
        write_text(
            &staging.join("croissant.json"),
            &(serde_json::to_string_pretty(&croissant)
                .map_err(|e| DatasetError::invalid(staging, e.to_string()))?
                + "\n"),
        )?;
        let dir = self.dataset.join(&manifest.version);
        if dir.exists() {
            return Err(DatasetError::VersionExists {
                dir: self.dataset.clone(),
                version: manifest.version,
            });
        }
        std::fs::rename(staging, &dir).map_err(DatasetError::io(&dir))?;
        Ok(Release {
            manifest,
            dir,
            created: true,
        })
    }
}

/// Whether `new`, whose Parquet export is not written yet, is the same release as `previous`,
/// which a bump release then returns instead of cutting a copy.
///
/// Compared: the data (shards, label totals, tombstones and what they withheld), how it is
/// cut (`layout`), its terms (`sources` with provenance) and how it was made (`pipeline`,
/// `stages`); a user must see a change to any of these in a new version. Parquet files are
/// converted from the shards alone (one per shard, same rows) when `layout.parquet` is set,
/// so with equal shards and layout the parent's export holds the same rows: the check can
/// run before the export is paid for.
/// Not compared: what names the cut (`version`, `parent_version`, `created`), the `padi` build
/// (upgrading padi alone does not make identical data a new release) and `takedown` (a run
/// of the input after a takedown that withholds the same documents holds exactly the
/// takedown version's data). Destructured so that a new manifest field needs a decision here.
fn same_release(previous: &Manifest, new: &Manifest) -> bool {
    let Manifest {
        manifest_version,
        name,
        version: _,
        parent_version: _,
        created: _,
        padi: _,
        pipeline,
        layout,
        stages,
        languages,
        shards,
        files,
        sources,
        tombstones,
        takedown: _,
    } = new;
    // Parquet files are the ones with a label.
    let previous_files = previous.files.iter().filter(|f| f.label.is_none());
    previous.manifest_version == *manifest_version
        && previous.name == *name
        && previous.pipeline == *pipeline
        && previous.layout == *layout
        && previous.stages == *stages
        && previous.languages == *languages
        && previous.shards == *shards
        && previous_files.eq(files.iter())
        && previous.sources == *sources
        && previous.tombstones == *tombstones
}

fn write_text(path: &Path, text: &str) -> Result<(), DatasetError> {
    use std::io::Write;
    let mut file = std::fs::File::create(path).map_err(DatasetError::io(path))?;
    file.write_all(text.as_bytes())
        .map_err(DatasetError::io(path))?;
    file.sync_all().map_err(DatasetError::io(path))
}
