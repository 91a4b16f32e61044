//! `padi lid`: train, run and evaluate language identification.

use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Subcommand;
use padi_lid::LanguageIdentifier;

#[derive(Subcommand)]
pub enum LidCommand {
    /// Train a model from labelled text files (<label>.txt, one text per line).
    /// Same data and seed give the same model bytes.
    Train {
        /// Directory of <label>.txt files, e.g. ../shared/data/lid/train.
        #[arg(long)]
        data: PathBuf,
        /// Where to write the model, e.g. crates/padi-lid/model/lid.bin.
        #[arg(long)]
        out: PathBuf,
        /// Shuffle seed; the committed model uses the default.
        #[arg(long, default_value_t = padi_lid::TrainOptions::default().seed)]
        seed: u64,
    },
    /// Label each line of stdin: writes `label<TAB>confidence` per line.
    Detect,
    /// Evaluate on a `label<TAB>text` file: per-language precision, recall, F1, FPR.
    Eval {
        file: PathBuf,
        /// Print JSON: {"macro_f1": …, "languages": {…}}.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(command: &LidCommand) -> Result<()> {
    match command {
        LidCommand::Train { data, out, seed } => {
            let model = padi_lid::train(data, *seed)
                .with_context(|| format!("training from {}", data.display()))?;
            std::fs::write(out, model.to_bytes())
                .with_context(|| format!("writing {}", out.display()))?;
            eprintln!("model written to {}", out.display());
            Ok(())
        }
        LidCommand::Detect => {
            let lid = LanguageIdentifier::load_default()?;
            let mut out = BufWriter::new(io::stdout().lock());
            for (n, line) in io::stdin().lock().lines().enumerate() {
                let line = line.with_context(|| format!("reading line {} of stdin", n + 1))?;
                let p = lid.identify(&line);
                writeln!(out, "{}\t{:.4}", p.label, p.confidence)?;
            }
            out.flush()?;
            Ok(())
        }
        LidCommand::Eval { file, json } => {
            let lid = LanguageIdentifier::load_default()?;
            let reader = BufReader::new(
                std::fs::File::open(file).with_context(|| format!("opening {}", file.display()))?,
            );
            let mut pairs = Vec::new();
            for (n, line) in reader.lines().enumerate() {
                let line = line.with_context(|| format!("{}: line {}", file.display(), n + 1))?;
                if let Some((label, text)) = padi_lid::parse_eval_line(&line) {
                    pairs.push((label, text.to_string()));
                }
            }
            let report = lid.evaluate(pairs);
            if *json {
                println!("{}", report.to_json());
            } else {
                print!("{report}");
            }
            Ok(())
        }
    }
}
