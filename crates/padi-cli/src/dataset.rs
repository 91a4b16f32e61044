//! `padi verify`, `padi diff`, `padi takedown`: checking and maintaining dataset versions.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use padi_dataset::TakedownRequest;

#[derive(clap::Args)]
pub struct VerifyArgs {
    /// A dataset version directory (`<dataset-dir>/<name>/<version>`).
    pub version_dir: PathBuf,
}

#[derive(clap::Args)]
pub struct DiffArgs {
    /// The older version directory.
    pub old: PathBuf,
    /// The newer version directory.
    pub new: PathBuf,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).multiple(true).args(["source", "ids"])))]
pub struct TakedownArgs {
    /// The dataset (`<dataset-dir>/<name>`, holding the version directories); the latest
    /// version is the one taken down from.
    pub dataset: PathBuf,
    /// Remove every document of this contribution, now and in later releases.
    #[arg(long)]
    pub source: Option<String>,
    /// A file of document ids to remove, one per line.
    #[arg(long)]
    pub ids: Option<PathBuf>,
    /// Why (recorded in the tombstones and the dataset card).
    #[arg(long)]
    pub reason: String,
}

/// Exit 0 when the version is intact, 1 naming every problem otherwise. A directory made by
/// `padi pull` is checked for the labels and format its `pull.json` records.
pub fn verify(args: &VerifyArgs) -> ExitCode {
    let pulled = match padi_registry::PullRecord::load(&args.version_dir) {
        Ok(pulled) => pulled,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let problems = match &pulled {
        Some(record) => padi_dataset::verify_selection(&args.version_dir, &record.selection()),
        None => padi_dataset::verify(&args.version_dir),
    };
    if problems.is_empty() {
        match &pulled {
            Some(record) => println!(
                "{}: ok (a partial pull of {} {}: labels {}, {})",
                args.version_dir.display(),
                record.name,
                record.version,
                record.labels.join(", "),
                record.format
            ),
            None => println!("{}: ok", args.version_dir.display()),
        }
        return ExitCode::SUCCESS;
    }
    for problem in &problems {
        eprintln!("error: {}: {problem}", args.version_dir.display());
    }
    eprintln!(
        "{}: {} problem(s); do not use this version",
        args.version_dir.display(),
        problems.len()
    );
    ExitCode::from(1)
}

pub fn diff(args: &DiffArgs) -> anyhow::Result<()> {
    let diff = padi_dataset::diff(&args.old, &args.new)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&diff)?);
        return Ok(());
    }
    println!("{} -> {}", diff.old_version, diff.new_version);
    for (kind, changes) in [("label", &diff.labels), ("source", &diff.sources)] {
        println!("{kind:<24} {:>10} {:>10}", "added", "removed");
        for (key, change) in changes {
            println!("{key:<24} {:>10} {:>10}", change.added, change.removed);
        }
    }
    Ok(())
}

pub fn takedown(args: &TakedownArgs) -> anyhow::Result<()> {
    let ids = match &args.ids {
        Some(path) => std::fs::read_to_string(path)
            .with_context(|| format!("cannot read id file {}", path.display()))?
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect(),
        None => Vec::new(),
    };
    let request = TakedownRequest {
        source: args.source.clone(),
        ids,
        reason: args.reason.clone(),
    };
    let release = padi_dataset::takedown(&args.dataset, &request)?;
    let removed = release
        .manifest
        .takedown
        .as_ref()
        .map_or(0, |t| t.documents_removed);
    println!(
        "{}: version {} without {removed} document(s); earlier versions unchanged",
        release.dir.display(),
        release.manifest.version
    );
    Ok(())
}
