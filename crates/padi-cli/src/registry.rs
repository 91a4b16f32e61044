//! `padi publish`, `padi ls`, `padi pull`: dataset registries (padi-registry).

use std::path::PathBuf;
use std::process::ExitCode;

use padi_registry::{
    parse_reference, Format, PullRequest, Registry, RegistryError, RegistryIndex, RetryPolicy,
};

#[derive(clap::Args)]
pub struct PublishArgs {
    /// A dataset version directory (`<dataset-dir>/<name>/<version>`); it is verified first.
    pub version_dir: PathBuf,
    /// The registry directory (created if missing).
    #[arg(long)]
    pub registry: PathBuf,
}

#[derive(clap::Args)]
pub struct LsArgs {
    /// A registry directory or URL (`http://host:8080`).
    pub registry: String,
    /// Show one dataset: a row per version and label.
    pub name: Option<String>,
    /// Print the index as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum FormatArg {
    Jsonl,
    Parquet,
}

#[derive(clap::Args)]
pub struct PullArgs {
    /// A registry directory or URL (`http://host:8080`).
    pub registry: String,
    /// `<name>`, `<name>@latest` or `<name>@<version>`.
    pub dataset: String,
    /// Labels to pull, comma-separated (default: all).
    #[arg(long, value_delimiter = ',')]
    pub lang: Vec<String>,
    /// Which data files: JSONL.zst shards or the Parquet export.
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: FormatArg,
    /// The directory that becomes the pulled dataset version (rerun to resume).
    #[arg(long)]
    pub dest: PathBuf,
    /// Files downloaded at once.
    #[arg(long, default_value_t = 4)]
    pub parallel: usize,
    /// No progress bar and no summary.
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn publish(args: &PublishArgs) -> anyhow::Result<()> {
    let published = padi_registry::publish(&args.version_dir, &args.registry)?;
    if published.already_present {
        println!(
            "{} {} is already in {} with identical content; nothing copied",
            published.name,
            published.version,
            args.registry.display()
        );
    } else {
        println!(
            "published {} {} to {}",
            published.name,
            published.version,
            published.dir.display()
        );
    }
    Ok(())
}

pub fn ls(args: &LsArgs) -> anyhow::Result<()> {
    let index = Registry::open(&args.registry)?.index()?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&index)?);
        return Ok(());
    }
    match &args.name {
        None => print_datasets(&index),
        Some(name) => print_dataset(&index, name)?,
    }
    Ok(())
}

fn print_datasets(index: &RegistryIndex) {
    println!(
        "{:<24} {:<10} {:>8} {:>10} {:>10}  licences",
        "dataset", "latest", "versions", "labels", "size"
    );
    for (name, dataset) in &index.datasets {
        let latest = dataset.version(&dataset.latest);
        println!(
            "{name:<24} {:<10} {:>8} {:>10} {:>10}  {}",
            dataset.latest,
            dataset.versions.len(),
            latest.map_or(0, |v| v.labels.len()),
            human_bytes(latest.map_or(0, |v| v.total_bytes)),
            latest.map_or(String::new(), |v| v.licences.join(", ")),
        );
    }
}

fn print_dataset(index: &RegistryIndex, name: &str) -> Result<(), RegistryError> {
    let dataset = index.dataset(name)?;
    println!(
        "{:<10} {:<16} {:>10} {:>10} {:>10}  licences / notes",
        "version", "label", "documents", "jsonl", "parquet"
    );
    for v in dataset.versions.iter().rev() {
        let mut notes = vec![v.licences.join(", "), v.created.clone()];
        if v.takedown {
            notes.push("cut by a takedown".into());
        }
        if let Some(later) = &v.superseded_by_takedown {
            notes.push(format!("superseded by takedown {later}"));
        }
        println!(
            "{:<10} {:<16} {:>10} {:>10} {:>10}  {}",
            v.version,
            "(all)",
            v.labels.values().map(|l| l.documents).sum::<u64>(),
            human_bytes(v.labels.values().map(|l| l.jsonl_bytes).sum()),
            human_bytes(v.labels.values().map(|l| l.parquet_bytes).sum()),
            notes.join("; ")
        );
        for (label, sizes) in &v.labels {
            println!(
                "{:<10} {label:<16} {:>10} {:>10} {:>10}",
                "",
                sizes.documents,
                human_bytes(sizes.jsonl_bytes),
                human_bytes(sizes.parquet_bytes)
            );
        }
    }
    Ok(())
}

/// Exit 0 when every file is in place and verified; 1 naming each failed file otherwise.
pub fn pull(args: &PullArgs) -> ExitCode {
    let (name, version) = parse_reference(&args.dataset);
    let request = PullRequest {
        name,
        version,
        labels: (!args.lang.is_empty()).then(|| args.lang.clone()),
        format: match args.format {
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Parquet => Format::Parquet,
        },
        dest: args.dest.clone(),
        parallel: args.parallel,
        progress: !args.quiet,
        retry: RetryPolicy::default(),
    };
    let result = Registry::open(&args.registry).and_then(|r| r.pull(&request));
    match result {
        Ok(report) => {
            if let Some(later) = &report.superseded_by_takedown {
                eprintln!(
                    "warning: {} {} holds documents taken down in {later}; prefer a later version",
                    report.name, report.version
                );
            }
            if !args.quiet {
                println!(
                    "pulled {} {} ({}; {}) into {}: {} file(s) fetched ({}), {} already present and verified",
                    report.name,
                    report.version,
                    report.labels.join(", "),
                    report.format,
                    report.dest.display(),
                    report.downloaded.len(),
                    human_bytes(report.bytes_received),
                    report.already_present.len()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

/// `1.5 MiB`-style sizes for tables.
fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::human_bytes;

    #[test]
    fn human_units() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(1023), "1023 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(5 << 30), "5.0 GiB");
    }
}
