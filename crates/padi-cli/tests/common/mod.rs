//! Helpers shared by the CLI test files. Each test file compiles its own copy of this module
//! and uses only some of it.
#![allow(dead_code)]

use std::process::{Command, Output};

/// The `padi` binary, with a fixed `SOURCE_DATE_EPOCH` so releases are reproducible.
pub fn padi() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_padi"));
    c.env("SOURCE_DATE_EPOCH", "1700000000");
    c
}

/// Stdout of a successful run; on failure, panics showing both streams.
pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
