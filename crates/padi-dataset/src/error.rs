use std::path::PathBuf;

/// Why a dataset operation failed. Messages name the file involved.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("parquet export of {path}: {message}")]
    Parquet { path: PathBuf, message: String },
    #[error("bad version `{0}`: expected MAJOR.MINOR.PATCH, e.g. 1.2.0")]
    BadVersion(String),
    #[error(
        "{dir}: version {version} already exists; versions are never overwritten, bump instead"
    )]
    VersionExists { dir: PathBuf, version: String },
    #[error("{dir}: version {version} is not higher than the latest version {latest}")]
    VersionNotHigher {
        dir: PathBuf,
        version: String,
        latest: String,
    },
    #[error("{0}: holds no dataset version")]
    NoVersion(PathBuf),
    #[error("takedown matches no document of {0}: check the contribution id or the id file")]
    NothingToTakeDown(String),
}

impl DatasetError {
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> DatasetError {
        let path = path.into();
        move |source| DatasetError::Io { path, source }
    }

    pub(crate) fn invalid(path: impl Into<PathBuf>, message: impl Into<String>) -> DatasetError {
        DatasetError::Invalid {
            path: path.into(),
            message: message.into(),
        }
    }
}
