//! Where the project's reference text lives.
//!
//! Real text for tests and model training is kept outside the repository, in `shared/data/`
//! beside the checkout (`<workspace>/../shared/data`). `PADI_SHARED_DATA` overrides the place.
//! Code that needs it must cope with its absence: tests skip, commands say what is missing.

use std::path::PathBuf;

/// The shared data directory, if it exists on this machine.
pub fn shared_data_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("PADI_SHARED_DATA") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    };
    dir.is_dir().then_some(dir)
}

/// For tests: the shared data directory, or `None` after printing why the test is skipped.
pub fn shared_data_dir_or_skip(test: &str) -> Option<PathBuf> {
    let dir = shared_data_dir();
    if dir.is_none() {
        eprintln!("skipping {test}: ../shared/data not found (set PADI_SHARED_DATA)");
    }
    dir
}
