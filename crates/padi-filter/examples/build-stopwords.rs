//! Regenerates `data/stopwords.tsv` from `shared/data/lid/train/`:
//! `cargo run -p padi-filter --example build-stopwords --release [-- <train_dir> <out.tsv>]`.

use std::path::PathBuf;
use std::process::ExitCode;

use padi_filter::{derive_stopwords, StopwordOptions};

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let train_dir = match args.next() {
        Some(dir) => PathBuf::from(dir),
        None => match padi_core::shared_data::shared_data_dir() {
            Some(dir) => dir.join("lid/train"),
            None => {
                eprintln!("shared/data not found: pass <train_dir> or set PADI_SHARED_DATA");
                return ExitCode::FAILURE;
            }
        },
    };
    let out = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/stopwords.tsv"));
    let options = StopwordOptions::default();
    let lists = match derive_stopwords(&train_dir, &options) {
        Ok(lists) => lists,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = std::fs::write(&out, lists.to_tsv(&options)) {
        eprintln!("error: {}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    eprintln!(
        "wrote {} lists to {}",
        lists.labels().count(),
        out.display()
    );
    ExitCode::SUCCESS
}
