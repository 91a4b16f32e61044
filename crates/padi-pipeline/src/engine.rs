use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use padi_core::{Document, DropReason, Dropped, Source, Stage, StageError, StageOutput};
use padi_dataset::{
    DatasetWriter, Layout, PipelineRecord, ReleaseInfo, ReleaseSpec, StageStatistics,
};
use padi_io::{
    resolve_input, FileContext, FileReader, InputFile, InputSpec, Item, QuarantineEntry,
    QuarantineWriter, ReadLimits, ReaderSettings, ShardWriter, ShardWriterOptions,
};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

use crate::config::{ConfigError, PipelineConfig};
use crate::registry::BuildError;
use crate::report::{Accounting, RunReport, StageStats};

/// The stage name on dropped records of documents a release withholds.
const RELEASE_STAGE: &str = "release";
/// Why: a tombstone of the parent version names the document (`padi takedown`).
const TOMBSTONE_REASON: &str = "tombstone";

/// How to run a pipeline, beyond what its file says.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Worker threads; `None` uses every core.
    pub threads: Option<usize>,
    /// Read this file, directory or glob instead of the pipeline's inputs (other input settings
    /// are taken from the first `[[input]]`). Relative to the current directory.
    pub input: Option<PathBuf>,
    /// Write here instead of `[output] path`. Relative to the current directory.
    pub output: Option<PathBuf>,
    /// Show a progress bar (only ever drawn when stderr is a terminal).
    pub progress: bool,
}

/// Why a run stopped. Bad records never stop a run; these do.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Input(#[from] padi_io::InputError),
    #[error(transparent)]
    Build(#[from] BuildError),
    #[error(transparent)]
    Stage(#[from] StageError),
    #[error("cannot write output at {path}: {source}; check the [output] path or pass --output")]
    Output {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("internal error: the reader thread stopped unexpectedly; please report this")]
    ReaderFailed,
    #[error("dataset release: {0}")]
    Dataset(#[from] padi_dataset::DatasetError),
    #[error("cannot start {threads} worker threads: {message}")]
    Threads { threads: usize, message: String },
    #[error(
        "internal error: records do not balance ({0:?}); please report this with the run report"
    )]
    Unbalanced(Accounting),
    #[error("internal error: stage `{stage}` returned {returned} documents for {given}; a stage must keep or drop every document it is given")]
    StageLostDocuments {
        stage: String,
        given: usize,
        returned: usize,
    },
}

/// A loaded pipeline file, ready to run.
pub struct Pipeline {
    config: PipelineConfig,
    name: String,
    /// The pipeline file's name, recorded in dataset manifests.
    file_name: String,
    /// Relative paths in the file are relative to this directory.
    base_dir: PathBuf,
}

/// One input file with the settings it is read with.
struct InputSource {
    file: InputFile,
    spec: Arc<InputSpec>,
    contribution: String,
}

impl Pipeline {
    pub fn load(path: &Path) -> Result<Pipeline, ConfigError> {
        let config = PipelineConfig::load(path)?;
        let name = config.name.clone().unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "pipeline".into())
        });
        let base_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(Pipeline {
            config,
            name,
            file_name,
            base_dir,
        })
    }

    pub fn config(&self) -> &PipelineConfig {
        &self.config
    }

    /// Run the pipeline: read every input, apply the stages, write the output.
    pub fn run(&self, options: &RunOptions) -> Result<RunReport, RunError> {
        let started = Instant::now();
        let threads = options
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("padi-worker-{i}"))
            .build()
            .map_err(|e| RunError::Threads {
                threads,
                message: e.to_string(),
            })?;
        let sources = self.sources(options)?;
        let mut stages: Vec<Box<dyn Stage>> = self
            .config
            .stage
            .iter()
            .enumerate()
            .map(|(i, s)| s.build(i + 1, &self.base_dir))
            .collect::<Result<_, _>>()?;
        let output = options
            .output
            .clone()
            .unwrap_or_else(|| self.base_dir.join(&self.config.output.path));
        let staging = staging_dir(&output);
        let out_err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| RunError::Output { path, source }
        };
        if staging.exists() {
            std::fs::remove_dir_all(&staging).map_err(out_err(&staging))?;
        }
        std::fs::create_dir_all(&staging).map_err(out_err(&staging))?;

        let input_bytes: u64 = sources.iter().map(|s| s.file.size).sum();
        let progress = progress_bar(options.progress, input_bytes);
        let consumed = Arc::new(AtomicU64::new(0));
        let limits = ReadLimits {
            max_record_bytes: usize::try_from(self.config.limits.max_record_bytes)
                .unwrap_or(usize::MAX),
        };
        let dataset = self.dataset_writer()?;
        let mut sink = Sink::create(&staging, &self.config, &stages, dataset)?;
        let (tx, rx) = sync_channel::<Vec<Item>>(2);
        let batch_limits = (
            self.config.limits.batch_documents,
            self.config.limits.batch_bytes,
        );
        // Everything below runs in the pool, so `--threads` bounds all parallel work; the
        // reader thread only decompresses and splits records.
        let empty_files = pool.install(|| {
            std::thread::scope(|scope| -> Result<Vec<String>, RunError> {
                let reader_consumed = Arc::clone(&consumed);
                let reader = scope.spawn(move || {
                    read_batches(sources, limits, batch_limits, reader_consumed, tx)
                });
                for items in rx {
                    sink.count_read(&items);
                    let docs = parse(items, &mut sink)?;
                    sink.run_stages(&mut stages, 0, docs)?;
                    progress.set_position(consumed.load(Ordering::Relaxed));
                    progress.set_message(format!("{} records", sink.totals.read));
                }
                let empty = reader.join().map_err(|_| RunError::ReaderFailed)?;
                for i in 0..stages.len() {
                    let held = stages[i].finish()?;
                    let docs = sink.record_stage(i, held, Duration::ZERO)?;
                    sink.run_stages(&mut stages, i + 1, docs)?;
                }
                Ok(empty)
            })
        })?;
        progress.finish_and_clear();

        let summary = sink.finish()?;
        // Checked before the release is published: a version must never hold a run that lost
        // records.
        if !summary.totals.balanced() {
            return Err(RunError::Unbalanced(summary.totals));
        }
        let release = match summary.dataset {
            Some(writer) => Some(writer.finish(self.release_info(&summary.stages))?),
            None => None,
        };
        let totals = summary.totals;
        let report = RunReport {
            pipeline: self.name.clone(),
            padi_version: env!("CARGO_PKG_VERSION").to_string(),
            threads,
            totals: totals.clone(),
            contributions: summary.contributions,
            empty_files,
            input_bytes,
            quarantined: summary.quarantined,
            stages: summary.stages,
            shards: summary.shards,
            release_unchanged: release.as_ref().is_some_and(|r| !r.created),
            release: release.map(|r| r.dir.display().to_string()),
            output_bytes: summary.written_text_bytes,
            seconds: started.elapsed().as_secs_f64(),
        };
        let report_json = serde_json::to_vec_pretty(&report).map_err(|e| RunError::Output {
            path: staging.clone(),
            source: e.into(),
        })?;
        let report_path = staging.join("run-report.json");
        std::fs::write(&report_path, report_json).map_err(out_err(&report_path))?;
        publish(&staging, &output).map_err(out_err(&output))?;
        tracing::info!(output = %output.display(), "run finished");
        Ok(report)
    }

    /// The writer of the `[release]` version, if the file asks for one.
    fn dataset_writer(&self) -> Result<Option<DatasetWriter>, RunError> {
        let Some(release) = &self.config.release else {
            return Ok(None);
        };
        let spec = ReleaseSpec {
            dataset_dir: self.base_dir.join(&release.dir),
            name: release.name.clone().unwrap_or_else(|| self.name.clone()),
            version: release.version.clone(),
            bump: release.bump,
            layout: Layout {
                shard_max_bytes: release.shard_max_bytes,
                compression_level: release.compression_level,
                parquet: release.parquet,
            },
        };
        Ok(Some(DatasetWriter::create(&spec, Vec::new())?))
    }

    /// How the release was made: the resolved configuration's hash, stage statistics and the
    /// provenance the file states.
    fn release_info(&self, stages: &[StageStats]) -> ReleaseInfo {
        // Debug output of the parsed config is canonical: field order is fixed by the types,
        // every default is filled in, and the config holds no hash maps.
        let resolved = format!("{:?}", self.config);
        ReleaseInfo {
            pipeline: PipelineRecord {
                file: self.file_name.clone(),
                config_sha256: padi_dataset::sha256_hex(resolved.as_bytes()),
            },
            stages: stages
                .iter()
                .map(|s| StageStatistics {
                    stage: s.stage.clone(),
                    documents_in: s.documents_in,
                    documents_out: s.documents_out,
                    bytes_in: s.bytes_in,
                    bytes_out: s.bytes_out,
                    dropped: s.dropped.clone(),
                })
                .collect(),
            provenance: self.config.provenance.clone(),
            takedown: None,
        }
    }

    /// Every input file, in order, with its settings.
    fn sources(&self, options: &RunOptions) -> Result<Vec<InputSource>, RunError> {
        let (specs, base): (Vec<InputSpec>, PathBuf) = match &options.input {
            Some(path) => {
                let mut spec = self.config.input[0].clone();
                spec.path = path.to_string_lossy().into_owned();
                spec.contribution = None;
                spec.store = None;
                (vec![spec], PathBuf::new())
            }
            None => (self.config.input.clone(), self.base_dir.clone()),
        };
        let mut sources = Vec::new();
        for spec in specs {
            if spec.store.is_some() {
                sources.extend(
                    padi_contrib::resolve_store_input(&spec, &base)?
                        .into_iter()
                        .map(|s| InputSource {
                            file: s.file,
                            spec: Arc::new(s.spec),
                            contribution: s.contribution,
                        }),
                );
                continue;
            }
            let files = resolve_input(&spec, &base)?;
            let contribution = spec.contribution_id();
            let spec = Arc::new(spec);
            sources.extend(files.into_iter().map(|file| InputSource {
                file,
                spec: Arc::clone(&spec),
                contribution: contribution.clone(),
            }));
        }
        Ok(sources)
    }
}

/// The output is written here first and renamed into place only when the run succeeds, so a
/// failed or killed run never leaves a half-written output where a finished one is expected.
fn staging_dir(output: &Path) -> PathBuf {
    let mut name = output
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".partial");
    output.with_file_name(name)
}

fn publish(staging: &Path, output: &Path) -> std::io::Result<()> {
    if output.exists() {
        let mut old = output
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_default();
        old.push(".replaced");
        let old = output.with_file_name(old);
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        std::fs::rename(output, &old)?;
        std::fs::rename(staging, output)?;
        std::fs::remove_dir_all(&old)
    } else {
        std::fs::rename(staging, output)
    }
}

fn progress_bar(wanted: bool, total: u64) -> ProgressBar {
    if !wanted || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta} {msg}",
    ) {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Reader thread: stream every file's items in order, cut into batches by count and bytes.
/// Returns the names of files that held no record.
fn read_batches(
    sources: Vec<InputSource>,
    limits: ReadLimits,
    (max_docs, max_bytes): (usize, usize),
    consumed: Arc<AtomicU64>,
    tx: SyncSender<Vec<Item>>,
) -> Vec<String> {
    let mut empty = Vec::new();
    let mut batch = Vec::new();
    let mut bytes = 0;
    for source in sources {
        let spec = &source.spec;
        let context = FileContext {
            contribution: source.contribution.clone(),
            file: source.file.name.clone(),
            text_field: spec.text_field.clone(),
            id_field: spec.id_field.clone(),
            keep_fields: spec.keep_fields.clone(),
            file_metadata: Default::default(),
        };
        let settings = ReaderSettings {
            text_mode: spec.text_mode,
            has_header: spec.has_header,
            // Checked by resolve_input before any file is read.
            encoding: spec.forced_encoding().unwrap_or_default(),
            limits,
        };
        let reader = FileReader::open(&source.file, context, &settings, Arc::clone(&consumed));
        let mut any = false;
        for item in reader {
            any = true;
            bytes += item.payload_len();
            batch.push(item);
            if batch.len() >= max_docs || bytes >= max_bytes {
                bytes = 0;
                if tx.send(std::mem::take(&mut batch)).is_err() {
                    return empty;
                }
            }
        }
        if !any {
            empty.push(format!("{}:{}", source.contribution, source.file.name));
        }
    }
    if !batch.is_empty() {
        // A closed channel means the engine stopped on an error it reports itself.
        let _ = tx.send(batch);
    }
    empty
}

/// Decode records into documents in parallel; what cannot be decoded is quarantined.
fn parse(items: Vec<Item>, sink: &mut Sink) -> Result<Vec<Document>, RunError> {
    let parsed: Vec<Result<Document, Box<QuarantineEntry>>> = items
        .into_par_iter()
        .map(|item| match item {
            Item::Record(r) => r.into_document(),
            Item::Quarantine(q) => Err(Box::new(q)),
        })
        .collect();
    let mut docs = Vec::with_capacity(parsed.len());
    for p in parsed {
        match p {
            Ok(doc) => docs.push(doc),
            Err(q) => sink.quarantine(&q)?,
        }
    }
    Ok(docs)
}

/// A dropped document as written to `dropped-*.jsonl.zst`.
#[derive(Serialize)]
struct DroppedRecord<'a> {
    id: &'a str,
    source: &'a Source,
    stage: &'a str,
    reason: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
}

/// What a [`Sink`] counted and wrote, once closed.
struct SinkSummary {
    totals: Accounting,
    /// UTF-8 bytes of text written, whether to plain shards or a dataset release.
    written_text_bytes: u64,
    contributions: BTreeMap<String, Accounting>,
    quarantined: BTreeMap<String, u64>,
    stages: Vec<StageStats>,
    shards: Vec<padi_io::ShardInfo>,
    /// The release still to be finished, when documents went to a dataset.
    dataset: Option<DatasetWriter>,
}

/// Where surviving documents go.
enum Documents {
    /// `part-*.jsonl.zst` in the output directory.
    Plain(ShardWriter),
    /// A dataset version (`[release]`).
    Dataset(Box<DatasetWriter>),
}

/// Everything a run writes and counts.
struct Sink {
    dir: PathBuf,
    documents: Documents,
    dropped: ShardWriter,
    quarantine: QuarantineWriter,
    write_dropped_text: bool,
    totals: Accounting,
    written_text_bytes: u64,
    contributions: BTreeMap<String, Accounting>,
    quarantined: BTreeMap<String, u64>,
    stages: Vec<StageStats>,
}

impl Sink {
    fn create(
        dir: &Path,
        config: &PipelineConfig,
        stages: &[Box<dyn Stage>],
        dataset: Option<DatasetWriter>,
    ) -> Result<Sink, RunError> {
        let err = |source| RunError::Output {
            path: dir.to_path_buf(),
            source,
        };
        let shards = |prefix: &str| ShardWriterOptions {
            dir: dir.to_path_buf(),
            prefix: prefix.to_string(),
            max_shard_bytes: config.output.shard_max_bytes,
            level: config.output.compression_level,
        };
        Ok(Sink {
            dir: dir.to_path_buf(),
            documents: match dataset {
                Some(writer) => Documents::Dataset(Box::new(writer)),
                None => Documents::Plain(ShardWriter::new(shards("part")).map_err(err)?),
            },
            dropped: ShardWriter::new(shards("dropped")).map_err(err)?,
            quarantine: QuarantineWriter::create(&dir.join("quarantine.jsonl")).map_err(err)?,
            write_dropped_text: config.output.write_dropped_text,
            totals: Accounting::default(),
            written_text_bytes: 0,
            contributions: BTreeMap::new(),
            quarantined: BTreeMap::new(),
            stages: stages
                .iter()
                .map(|s| StageStats {
                    stage: s.name().to_string(),
                    ..StageStats::default()
                })
                .collect(),
        })
    }

    fn io_err(&self) -> impl Fn(std::io::Error) -> RunError + '_ {
        |source| RunError::Output {
            path: self.dir.clone(),
            source,
        }
    }

    fn count_read(&mut self, items: &[Item]) {
        for item in items {
            let contribution = match item {
                Item::Record(r) => &r.context.contribution,
                Item::Quarantine(q) => &q.contribution,
            };
            self.totals.read += 1;
            contribution_entry(&mut self.contributions, contribution).read += 1;
        }
    }

    fn quarantine(&mut self, entry: &QuarantineEntry) -> Result<(), RunError> {
        self.quarantine.write(entry).map_err(self.io_err())?;
        self.totals.quarantined += 1;
        contribution_entry(&mut self.contributions, &entry.contribution).quarantined += 1;
        *self
            .quarantined
            .entry(entry.reason.as_str().to_string())
            .or_insert(0) += 1;
        Ok(())
    }

    /// Run stages `from..` on `docs` and write what survives.
    fn run_stages(
        &mut self,
        stages: &mut [Box<dyn Stage>],
        from: usize,
        mut docs: Vec<Document>,
    ) -> Result<(), RunError> {
        for (i, stage) in stages.iter_mut().enumerate().skip(from) {
            if docs.is_empty() {
                break;
            }
            let bytes_in: u64 = docs.iter().map(|d| d.text.len() as u64).sum();
            let started = Instant::now();
            let input_len = docs.len();
            let contributions_in = contribution_counts(&docs);
            let out = stage.process(docs)?;
            let elapsed = started.elapsed();
            let returned = out.kept.len() + out.dropped.len();
            if returned < input_len {
                return Err(RunError::StageLostDocuments {
                    stage: stage.name().to_string(),
                    given: input_len,
                    returned,
                });
            }
            if returned > input_len {
                self.count_split(contributions_in, &out);
            }
            let stats = &mut self.stages[i];
            stats.documents_in += input_len as u64;
            stats.bytes_in += bytes_in;
            docs = self.record_stage(i, out, elapsed)?;
        }
        if docs.is_empty() {
            return Ok(());
        }
        if let Documents::Dataset(writer) = &mut self.documents {
            let (withheld, kept): (Vec<Document>, Vec<Document>) =
                docs.into_iter().partition(|d| writer.withhold(d));
            docs = kept;
            let withheld: Vec<Dropped> = withheld
                .into_iter()
                .map(|document| Dropped {
                    document,
                    reason: DropReason::new(TOMBSTONE_REASON),
                })
                .collect();
            self.write_dropped(RELEASE_STAGE, &withheld)?;
        }
        // Counted before writing: the dataset writer takes the documents.
        self.totals.written += docs.len() as u64;
        self.written_text_bytes += docs.iter().map(|d| d.text.len() as u64).sum::<u64>();
        for doc in &docs {
            contribution_entry(&mut self.contributions, &doc.source.contribution).written += 1;
        }
        match &mut self.documents {
            Documents::Plain(writer) => {
                writer
                    .write(&docs, |d| d.text.len() + 160)
                    .map_err(|source| RunError::Output {
                        path: self.dir.clone(),
                        source,
                    })
            }
            Documents::Dataset(writer) => Ok(writer.write(docs)?),
        }
    }

    /// Documents a stage added by splitting, per contribution.
    fn count_split(&mut self, before: BTreeMap<String, u64>, out: &StageOutput) {
        let after = contribution_counts(
            out.kept
                .iter()
                .chain(out.dropped.iter().map(|d| &d.document)),
        );
        for (contribution, n) in after {
            let added = n.saturating_sub(before.get(&contribution).copied().unwrap_or(0));
            self.totals.split += added;
            contribution_entry(&mut self.contributions, &contribution).split += added;
        }
    }

    /// Account for one stage's output and write its dropped documents; returns the kept ones.
    fn record_stage(
        &mut self,
        index: usize,
        out: StageOutput,
        elapsed: Duration,
    ) -> Result<Vec<Document>, RunError> {
        let StageOutput {
            kept,
            dropped,
            counters,
        } = out;
        let stats = &mut self.stages[index];
        stats.seconds += elapsed.as_secs_f64();
        stats.documents_out += kept.len() as u64;
        stats.bytes_out += kept.iter().map(|d| d.text.len() as u64).sum::<u64>();
        for (k, v) in counters {
            *stats.counters.entry(k).or_insert(0) += v;
        }
        for d in &dropped {
            *stats.dropped.entry(d.reason.code.clone()).or_insert(0) += 1;
        }
        let stage = stats.stage.clone();
        self.write_dropped(&stage, &dropped)?;
        Ok(kept)
    }

    fn write_dropped(&mut self, stage: &str, dropped: &[Dropped]) -> Result<(), RunError> {
        if dropped.is_empty() {
            return Ok(());
        }
        let records: Vec<DroppedRecord> = dropped
            .iter()
            .map(|d| DroppedRecord {
                id: &d.document.id,
                source: &d.document.source,
                stage,
                reason: &d.reason.code,
                detail: d.reason.detail.as_ref(),
                text: self.write_dropped_text.then_some(d.document.text.as_str()),
            })
            .collect();
        self.dropped
            .write(&records, |r| r.text.map_or(160, |t| t.len() + 160))
            .map_err(|source| RunError::Output {
                path: self.dir.clone(),
                source,
            })?;
        self.totals.dropped += dropped.len() as u64;
        for d in dropped {
            contribution_entry(&mut self.contributions, &d.document.source.contribution).dropped +=
                1;
        }
        Ok(())
    }

    fn finish(self) -> Result<SinkSummary, RunError> {
        let err = |source| RunError::Output {
            path: self.dir.clone(),
            source,
        };
        let (shards, dataset) = match self.documents {
            Documents::Plain(writer) => (writer.finish().map_err(err)?, None),
            Documents::Dataset(writer) => (Vec::new(), Some(*writer)),
        };
        self.dropped.finish().map_err(err)?;
        self.quarantine.finish().map_err(err)?;
        Ok(SinkSummary {
            totals: self.totals,
            written_text_bytes: self.written_text_bytes,
            contributions: self.contributions,
            quarantined: self.quarantined,
            stages: self.stages,
            shards,
            dataset,
        })
    }
}

/// Documents per contribution (a handful of keys per batch).
fn contribution_counts<'a>(docs: impl IntoIterator<Item = &'a Document>) -> BTreeMap<String, u64> {
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for doc in docs {
        match counts.get_mut(&doc.source.contribution) {
            Some(n) => *n += 1,
            None => {
                counts.insert(doc.source.contribution.clone(), 1);
            }
        }
    }
    counts
}

/// The accounting of one contribution, allocating its key only the first time.
fn contribution_entry<'a>(
    map: &'a mut BTreeMap<String, Accounting>,
    contribution: &str,
) -> &'a mut Accounting {
    if !map.contains_key(contribution) {
        map.insert(contribution.to_string(), Accounting::default());
    }
    map.get_mut(contribution)
        .unwrap_or_else(|| unreachable!("inserted above"))
}
