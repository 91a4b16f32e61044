//! Pipeline files, the stage registry, and the engine behind `padi run`.
//!
//! Data flow: a reader thread streams records from every input file in order and cuts them
//! into batches; for each batch the engine decodes records into documents in parallel,
//! quarantines what cannot be decoded, runs the stages one after another (each parallel
//! inside), and writes survivors to JSONL.zst shards. Batch boundaries depend only on the
//! input, and every parallel step keeps input order, so output bytes do not depend on the
//! thread count.
//!
//! Invariant: every record read ends written, dropped with a reason, or quarantined; the run
//! fails loudly if the counts do not balance.
//!
//! Not here: reading and writing formats (`padi-io`), the stages themselves (their own crates),
//! the command line (`padi-cli`).

mod builtin;
mod config;
mod engine;
mod registry;
mod report;

pub use builtin::{LengthConfig, LengthFilter};
pub use config::{ConfigError, LimitsConfig, OutputConfig, PipelineConfig, ReleaseConfig};
pub use engine::{Pipeline, RunError, RunOptions};
pub use registry::{dedup_key, BuildError, StageConfig};
pub use report::{Accounting, RunReport, StageStats};
