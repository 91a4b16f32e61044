//! Stand-alone tools: line filters over stdin/stdout and single-stage commands over JSONL files.

use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::de::DeserializeOwned;

/// Read a TOML file of stage settings (the keys of a `[[stage]]` table, without `type`), or
/// the defaults when no file is given.
pub fn stage_config<T: DeserializeOwned + Default>(path: Option<&Path>) -> Result<T> {
    let Some(path) = path else {
        return Ok(T::default());
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read config file {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("invalid config file {}", path.display()))
}

#[derive(clap::Args)]
pub struct LineToolArgs {
    /// TOML file with the stage's settings (the keys of its [[stage]] table, without `type`).
    #[arg(long)]
    config: Option<PathBuf>,
}

/// `padi normalize`: one normalized line out per line in.
pub fn normalize(args: &LineToolArgs) -> Result<()> {
    let config: padi_normalize::NormalizeConfig = stage_config(args.config.as_deref())?;
    config.zawgyi.validate()?;
    let normalizer = padi_normalize::Normalizer::new(config);
    let stdin = io::stdin().lock();
    let stdout = BufWriter::new(io::stdout().lock());
    let changes = padi_normalize::normalize_lines(stdin, stdout, &normalizer)
        .context("normalizing standard input")?;
    tracing::info!(changes = ?changes.to_json(), "normalize finished");
    Ok(())
}

/// `padi redact`: one redacted line out per line in.
pub fn redact(args: &LineToolArgs) -> Result<()> {
    let config: padi_pii::PiiConfig = stage_config(args.config.as_deref())?;
    let redactor = padi_pii::Redactor::new(&config)?;
    let stdin = io::stdin().lock();
    let stdout = BufWriter::new(io::stdout().lock());
    let counts =
        padi_pii::redact_lines(stdin, stdout, &redactor).context("redacting standard input")?;
    tracing::info!(counts = ?counts.to_json(), "redact finished");
    Ok(())
}

#[derive(clap::Args)]
pub struct FilterArgs {
    /// JSONL or JSONL.zst documents (`text`, optional `id`, `lang`, `lang_confidence`).
    #[arg(long)]
    input: PathBuf,
    /// Directory for kept.jsonl and removed.jsonl.
    #[arg(long)]
    output: PathBuf,
    /// TOML file with quality settings (the keys of a `[[stage]] type = "quality"` table).
    #[arg(long)]
    config: Option<PathBuf>,
}

/// `padi filter`: the quality filters alone.
pub fn filter(args: &FilterArgs) -> Result<()> {
    let config: padi_filter::QualityConfig = stage_config(args.config.as_deref())?;
    let report = padi_filter::filter_jsonl(&args.input, &args.output, &config)?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}

#[derive(clap::Args)]
pub struct DedupArgs {
    /// JSONL or JSONL.zst documents (`id`, `text`; other fields are kept as they are).
    #[arg(long)]
    input: PathBuf,
    /// Directory for kept.jsonl.zst and removed.jsonl.
    #[arg(long)]
    output: PathBuf,
    /// Jaccard similarity at or above which two documents are near-duplicates.
    #[arg(long, default_value_t = 0.8)]
    threshold: f64,
    /// Index of earlier releases: documents are deduplicated against it, and it is updated
    /// with this run's kept documents.
    #[arg(long)]
    index: Option<PathBuf>,
    /// Also remove lines repeated across many documents (boilerplate).
    #[arg(long)]
    lines: bool,
}

/// `padi dedup`: exact and near-duplicate removal alone.
pub fn dedup(args: &DedupArgs) -> Result<()> {
    let mut options = padi_dedup::DedupOptions::new(padi_pipeline::dedup_key());
    if let Some(near) = options.near.as_mut() {
        near.threshold = args.threshold;
        near.index = args.index.clone();
    }
    if args.lines {
        options.line = Some(padi_dedup::LineDedupConfig::default());
    }
    let report = padi_dedup::dedup_jsonl(&args.input, &args.output, options)?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}
