//! Rebuilds the shipped model file from the shared data directory.
//!
//! `cargo run -p padi-zawgyi --example train-zawgyi-model --release [OUT]`
//! (default OUT: `crates/padi-zawgyi/model/zawgyi-bigram.bin`; data from `PADI_SHARED_DATA` or
//! `../shared/data`).

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let out = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("model/zawgyi-bigram.bin")
        });
    let Some(data_dir) = padi_core::shared_data::shared_data_dir() else {
        eprintln!("shared data not found: set PADI_SHARED_DATA or check out ../shared/data");
        return ExitCode::FAILURE;
    };
    let bytes = match padi_zawgyi::train_default_model(&data_dir) {
        Ok(model) => model.to_bytes(),
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(err) = std::fs::write(&out, &bytes) {
        eprintln!("cannot write {}: {err}", out.display());
        return ExitCode::FAILURE;
    }
    println!("wrote {} ({} bytes)", out.display(), bytes.len());
    ExitCode::SUCCESS
}
