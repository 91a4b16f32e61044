//! `padi`: turn raw Southeast Asian text into clean, versioned training data.
//!
//! This binary only parses arguments, calls the library crates and turns their errors into
//! messages and exit codes (see `EXIT CODES` in `padi --help`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod contrib;
mod dataset;
mod lid;
mod registry;
mod serve;
mod tools;
use padi_pipeline::{Pipeline, RunError, RunOptions};

const EXIT_CODES: &str = "EXIT CODES:
  0  success (quarantined or dropped records do not make a run fail)
  1  the run failed: an output could not be written, a stage failed
  2  bad command line, pipeline file or input path: nothing was run
  3  internal error: the record counts did not balance";

#[derive(Parser)]
#[command(name = "padi", version, about, long_about = None, after_help = EXIT_CODES)]
struct Cli {
    /// More log output on stderr (-v info, -vv debug). RUST_LOG overrides.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a pipeline file: read its inputs, apply its stages, write its output.
    Run(RunArgs),
    /// Normalize text lines from stdin to stdout (one line out per line in).
    Normalize(tools::LineToolArgs),
    /// Redact personal data in text lines from stdin to stdout (one line out per line in).
    Redact(tools::LineToolArgs),
    /// Run the quality filters alone on a JSONL file of documents.
    Filter(tools::FilterArgs),
    /// Language identification: detect, eval, train.
    #[command(subcommand)]
    Lid(lid::LidCommand),
    /// Remove exact and near-duplicate documents from a JSONL file.
    Dedup(tools::DedupArgs),
    /// Partner contribution packages: init, validate, add to a store, report.
    #[command(subcommand)]
    Contrib(contrib::ContribCommand),
    /// Check a dataset version: manifest schema, every checksum, document counts.
    Verify(dataset::VerifyArgs),
    /// Documents added and removed between two dataset versions, per label and source.
    Diff(dataset::DiffArgs),
    /// Cut a new MAJOR dataset version without a contribution or listed documents.
    Takedown(dataset::TakedownArgs),
    /// Add a dataset version to a registry directory (verified, atomic, index rebuilt).
    Publish(registry::PublishArgs),
    /// List the datasets of a registry (directory or URL), or the versions and labels of one.
    Ls(registry::LsArgs),
    /// Download some labels of a dataset version from a registry, verified, resumable.
    Pull(registry::PullArgs),
    /// Serve a registry directory over HTTP, read-only (GET/HEAD, ranges, ETags).
    Serve(serve::ServeArgs),
    /// Print the JSON Schema of pipeline files, documents, contribution manifests, dataset manifests or registry indexes.
    Schema {
        #[arg(value_enum)]
        which: SchemaKind,
    },
}

#[derive(clap::Args)]
struct RunArgs {
    /// The pipeline file (TOML), e.g. pipelines/samples.toml.
    pipeline: PathBuf,
    /// Read this file, directory or glob instead of the pipeline's inputs.
    #[arg(long)]
    input: Option<PathBuf>,
    /// Write to this directory instead of the pipeline's [output] path.
    #[arg(long)]
    output: Option<PathBuf>,
    /// Worker threads (default: all cores). Output is identical for any value.
    #[arg(long)]
    threads: Option<usize>,
    /// No progress bar and no summary on stdout.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SchemaKind {
    Pipeline,
    Document,
    Contribution,
    Manifest,
    RegistryIndex,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A server without an access log is blind: `padi serve` logs requests by default.
    init_logging(cli.verbose, matches!(cli.command, Command::Serve(_)));
    match cli.command {
        Command::Run(args) => run(args),
        Command::Normalize(args) => report(tools::normalize(&args)),
        Command::Redact(args) => report(tools::redact(&args)),
        Command::Filter(args) => report(tools::filter(&args)),
        Command::Dedup(args) => report(tools::dedup(&args)),
        Command::Lid(command) => report(lid::run(&command)),
        Command::Contrib(command) => report(contrib::run(&command)),
        Command::Verify(args) => dataset::verify(&args),
        Command::Diff(args) => report(dataset::diff(&args)),
        Command::Takedown(args) => report(dataset::takedown(&args)),
        Command::Publish(args) => report(registry::publish(&args)),
        Command::Ls(args) => report(registry::ls(&args)),
        Command::Pull(args) => registry::pull(&args),
        Command::Serve(args) => report(serve::serve(&args)),
        Command::Schema { which } => {
            let schema = match which {
                SchemaKind::Pipeline => padi_pipeline::PipelineConfig::json_schema(),
                SchemaKind::Document => document_schema(),
                SchemaKind::Contribution => padi_contrib::Manifest::json_schema(),
                SchemaKind::Manifest => padi_dataset::manifest_schema(),
                SchemaKind::RegistryIndex => padi_registry::registry_index_schema(),
            };
            println!(
                "{}",
                serde_json::to_string_pretty(&schema).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
    }
}

fn init_logging(verbose: u8, access_log: bool) {
    let default = match (verbose, access_log) {
        (0, false) => "warn",
        (0, true) => "warn,padi_serve=info",
        (1, _) => "info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Escape codes only for a person watching, not in log files.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
}

fn document_schema() -> serde_json::Value {
    serde_json::to_value(padi_core::document_schema()).unwrap_or_default()
}

fn run(args: RunArgs) -> ExitCode {
    let pipeline = match Pipeline::load(&args.pipeline) {
        Ok(p) => p,
        Err(e) => {
            return fail(
                2,
                &e.to_string(),
                "fix the pipeline file; `padi schema pipeline` prints every key it accepts",
            )
        }
    };
    let options = RunOptions {
        threads: args.threads,
        input: args.input,
        output: args.output,
        progress: !args.quiet,
    };
    match pipeline.run(&options) {
        Ok(report) => {
            if !args.quiet {
                print!("{report}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            let code = match &e {
                RunError::Config(_)
                | RunError::Input(_)
                | RunError::Build(_)
                | RunError::Dataset(
                    padi_dataset::DatasetError::VersionExists { .. }
                    | padi_dataset::DatasetError::VersionNotHigher { .. },
                ) => 2,
                RunError::Unbalanced(_)
                | RunError::StageLostDocuments { .. }
                | RunError::ReaderFailed => 3,
                _ => 1,
            };
            fail(code, &e.to_string(), "")
        }
    }
}

/// Exit status of a command that reports errors with context (`anyhow`).
fn report(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(1, &chain_message(&e), ""),
    }
}

/// The error and its causes joined by `: `, leaving out a cause whose text is already
/// there: many library errors print their source themselves, and `{:#}` would repeat it.
fn chain_message(error: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if message.contains(&text) {
            continue;
        }
        if !message.is_empty() {
            message.push_str(": ");
        }
        message.push_str(&text);
    }
    message
}

fn fail(code: u8, message: &str, hint: &str) -> ExitCode {
    eprintln!("error: {message}");
    if !hint.is_empty() {
        eprintln!("hint: {hint}");
    }
    ExitCode::from(code)
}

#[cfg(test)]
mod tests {
    use super::chain_message;

    #[test]
    fn chain_message_keeps_context_and_drops_a_repeated_source() {
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "No such file");
        let repeated = anyhow::Error::new(io).context("cannot read x: No such file");
        assert_eq!(chain_message(&repeated), "cannot read x: No such file");
        let io = std::io::Error::new(std::io::ErrorKind::NotFound, "No such file");
        let distinct = anyhow::Error::new(io).context("opening x");
        assert_eq!(chain_message(&distinct), "opening x: No such file");
    }
}
