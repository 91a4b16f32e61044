//! Partner contributions: the package format, its validation, and a safe, immutable intake.
//!
//! A contribution package is a directory or a `.tar`, `.tar.gz`, `.tar.zst` or `.zip` archive
//! holding `contribution.json` ([`Manifest`]: provenance per GUIDE §6, languages, per-file
//! settings) and raw text files. [`validate_package`] lists every problem at once, in words
//! a partner can act on. [`Store::add`] copies the files of a valid package into a
//! content-addressed, append-only [`Store`] and records the contribution under a
//! deterministic id; [`resolve_store_input`] lets pipeline files read stored contributions,
//! and [`Store::provenance`] gives dataset manifests their terms.
//!
//! Archives are streamed entry by entry and never unpacked by path: absolute paths, `..`,
//! links and device files are refused by name, and decompression is bounded in total size
//! and ratio ([`Limits`]). Nothing is written outside the store directory.
//!
//! Not here: reading the formats (that is `padi-io`), and the dataset release (it calls
//! [`Store::provenance`]).

mod countries;
mod manifest;
mod package;
mod store;
mod validate;

use std::path::PathBuf;

pub use manifest::{strip_comments, FileOverride, Manifest, MANIFEST_NAME, TEMPLATE};
pub use package::{unsafe_entry_name, validate_package, Limits, PackageFile, PackageScan};
pub use store::{
    contribution_id, resolve_store_input, AddOutcome, ContributionRecord, Store, StoreSource,
    StoredFile, STORE_LAYOUT,
};
pub use validate::{
    canonical_label, check_manifest, is_iso_date, known_labels, licence_problem, Problem,
    CONSENT_BASES, PERSONAL_DATA_STATUSES,
};

/// Why a package could not be read or added, or the store used.
#[derive(Debug, thiserror::Error)]
pub enum ContribError {
    #[error("cannot read package {path}: {source}")]
    Package {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a folder, .tar, .tar.gz, .tar.zst or .zip")]
    NotAPackage { path: PathBuf },
    #[error("the package has {} problem(s); nothing was stored", problems.len())]
    Rejected { problems: Vec<Problem> },
    #[error("{path} changed while it was being added; nothing new was recorded, add it again")]
    Changed { path: PathBuf },
    #[error("store {path}: {source}")]
    Store {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path} is not a padi contribution store (no padi-store.json) and not an empty folder"
    )]
    NotAStore { path: PathBuf },
    #[error("no contribution `{id}` in the store")]
    UnknownContribution { id: String },
    #[error("{path} is damaged: {message}")]
    Corrupt { path: PathBuf, message: String },
}
