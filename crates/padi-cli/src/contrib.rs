//! `padi contrib init|validate|add|report`: partner contribution packages.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::{Args, Subcommand};
use padi_contrib::{validate_package, ContribError, Limits, Store, TEMPLATE};

#[derive(Subcommand)]
pub enum ContribCommand {
    /// Write a commented contribution.json template to fill in.
    Init {
        /// Where to write it (refuses to overwrite).
        #[arg(long, default_value = "contribution.json")]
        out: PathBuf,
    },
    /// Check a package (folder or .tar, .tar.gz, .tar.zst, .zip) and list every problem.
    Validate {
        package: PathBuf,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Validate a package and copy its files into a contribution store.
    Add {
        package: PathBuf,
        /// The store folder (created when missing or empty).
        #[arg(long)]
        store: PathBuf,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// What became of a contribution's records in a pipeline run.
    Report {
        /// The contribution id printed by `padi contrib add`.
        id: String,
        #[arg(long)]
        store: PathBuf,
        /// The run's output folder (holding run-report.json).
        #[arg(long)]
        run: PathBuf,
    },
}

#[derive(Args)]
pub struct LimitArgs {
    /// Most bytes a package may unpack to.
    #[arg(long, default_value_t = Limits::default().max_total_bytes)]
    max_total: u64,
    /// Most unpacked bytes per archive byte (a zip bomb reaches 1000).
    #[arg(long, default_value_t = Limits::default().max_ratio)]
    max_ratio: u64,
}

impl LimitArgs {
    fn limits(&self) -> Limits {
        Limits {
            max_total_bytes: self.max_total,
            max_ratio: self.max_ratio,
            ..Limits::default()
        }
    }
}

/// Exit code 1 with the problems listed on stderr when the package is not valid.
pub fn run(command: &ContribCommand) -> anyhow::Result<()> {
    match command {
        ContribCommand::Init { out } => init(out),
        ContribCommand::Validate { package, limits } => validate(package, &limits.limits()),
        ContribCommand::Add {
            package,
            store,
            limits,
        } => add(package, store, &limits.limits()),
        ContribCommand::Report { id, store, run } => report(id, store, run),
    }
}

fn init(out: &Path) -> anyhow::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(out)
        .with_context(|| format!("cannot create {} (it is never overwritten)", out.display()))?;
    file.write_all(TEMPLATE.as_bytes())
        .with_context(|| format!("cannot write {}", out.display()))?;
    println!(
        "wrote {}: fill it in, put it next to your text files, then run `padi contrib validate <folder>`",
        out.display()
    );
    Ok(())
}

fn print_problems(problems: &[padi_contrib::Problem]) {
    eprintln!("{} problem(s) to fix:", problems.len());
    for p in problems {
        eprintln!("  - {p}");
    }
}

fn validate(package: &Path, limits: &Limits) -> anyhow::Result<()> {
    let scan = validate_package(package, limits)?;
    if !scan.problems.is_empty() {
        print_problems(&scan.problems);
        bail!("{} is not valid", package.display());
    }
    let bytes: u64 = scan.files.iter().map(|f| f.size).sum();
    println!(
        "{} is valid: {} file(s), {bytes} bytes",
        package.display(),
        scan.files.len()
    );
    Ok(())
}

fn add(package: &Path, store: &Path, limits: &Limits) -> anyhow::Result<()> {
    let store = Store::open_or_create(store)?;
    match store.add(package, limits) {
        Ok(outcome) if outcome.already_stored => {
            println!(
                "already stored as {}: nothing new was written ({} file(s) unchanged)",
                outcome.id,
                outcome.duplicate_files.len()
            );
            Ok(())
        }
        Ok(outcome) => {
            println!("added contribution {}", outcome.id);
            println!("  {} new file(s) stored", outcome.new_files.len());
            if !outcome.duplicate_files.is_empty() {
                println!(
                    "  {} file(s) already in the store, not stored twice: {}",
                    outcome.duplicate_files.len(),
                    outcome.duplicate_files.join(", ")
                );
            }
            println!(
                "read it in a pipeline with:\n  [[input]]\n  store = \"{}\"\n  contribution = \"{}\"",
                store.root().display(),
                outcome.id
            );
            Ok(())
        }
        Err(ContribError::Rejected { problems }) => {
            print_problems(&problems);
            bail!("{} was not added; nothing was stored", package.display())
        }
        Err(e) => Err(e.into()),
    }
}

fn report(id: &str, store: &Path, run: &Path) -> anyhow::Result<()> {
    let store = Store::open(store)?;
    let record = store.contribution(id)?;
    let path = run.join("run-report.json");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let report: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))?;
    let accounting = &report["contributions"][id];
    println!(
        "contribution {id} ({}, licence {})",
        record.manifest.provenance.contributor.organisation, record.manifest.provenance.licence
    );
    println!("  files: {}", record.files.len());
    if accounting.is_null() {
        println!(
            "  the run in {} did not read this contribution",
            run.display()
        );
        return Ok(());
    }
    for key in ["read", "quarantined", "split", "dropped", "written"] {
        println!("  {key}: {}", accounting[key].as_u64().unwrap_or(0));
    }
    Ok(())
}
