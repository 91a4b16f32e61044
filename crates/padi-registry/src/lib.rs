//! Dataset registries: where released dataset versions are published and pulled from.
//!
//! A registry is a directory (local, mounted, or served over HTTP by `padi serve` or any
//! static web server) holding `<name>/<version>/` version directories, copied verbatim from
//! padi-dataset releases, and `index.json` ([`RegistryIndex`],
//! `schemas/registry-index.schema.json`) listing datasets, versions, labels, sizes and
//! licences. [`publish`] adds a verified version atomically under a lock and rebuilds the
//! index from the manifests, so the index cannot drift. [`Registry::pull`] downloads only
//! the requested labels and format of one version, several files at once, resuming partial
//! downloads with HTTP Range requests, retrying transient failures with backoff, and
//! renaming each file into place only after its sha256 matches; the result is itself a
//! (partial) dataset version that `padi verify` checks through its `pull.json`.
//!
//! Invariants: a version directory is never partly visible, in a registry (staged, then
//! renamed) or in a pull destination (`manifest.json` arrives last); a data file enters the
//! destination only after its size and sha256 match the manifest; names and paths read
//! from indexes and manifests are checked before they are joined to a directory or URL.
//!
//! Not here: the HTTP server (`padi-serve`), building or verifying versions
//! (`padi-dataset`), the command line (`padi-cli`).

mod error;
mod index;
mod names;
mod publish;
mod pull;
mod transport;

pub use error::{FailureReason, FileFailure, RegistryError};
pub use index::{
    registry_index_schema, DatasetIndex, IndexedFile, LabelSizes, RegistryIndex, VersionIndex,
    METADATA_FILES,
};
pub use publish::{publish, Published};
pub use pull::{
    parse_reference, Format, PullRecord, PullReport, PullRequest, Registry, RetryPolicy,
    VersionSpec,
};
pub use transport::{FetchError, Fetched, HttpTransport, LocalTransport, Resume, Transport};
