use std::path::PathBuf;

use padi_core::StageError;

/// Errors that stop a dedup run. Bad input records are not errors: they are skipped and
/// reported (see [`crate::DedupReport::bad_lines`]).
#[derive(Debug, thiserror::Error)]
pub enum DedupError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{path}: dedup index format version {found}, this padi reads version {expected}; \
         rebuild the index from the released documents"
    )]
    IndexVersion {
        path: PathBuf,
        found: u32,
        expected: u32,
    },
    #[error("{path}: index was built with different parameters ({message}); use the same near_dedup settings or rebuild it")]
    IndexParams { path: PathBuf, message: String },
    #[error("{path}: corrupt dedup index: {message}")]
    IndexCorrupt { path: PathBuf, message: String },
    #[error("invalid dedup configuration: {0}")]
    Config(String),
    #[error(transparent)]
    Stage(#[from] StageError),
}

impl DedupError {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        DedupError::Io {
            path: path.into(),
            source,
        }
    }

    /// As a pipeline stage error, for stages that load or save an index.
    pub(crate) fn into_stage_error(self, stage: &str) -> StageError {
        StageError {
            stage: stage.to_string(),
            message: self.to_string(),
        }
    }
}
