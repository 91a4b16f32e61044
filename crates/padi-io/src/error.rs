use std::path::PathBuf;

/// A problem with an input *specification* (not with a record): it stops the run before any
/// data is read.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("input `{spec}`: no such file or directory ({path})")]
    Missing { spec: String, path: PathBuf },
    #[error("input `{spec}`: the pattern matched no files")]
    NoMatch { spec: String },
    #[error("input `{spec}`: invalid glob pattern: {message}")]
    BadPattern { spec: String, message: String },
    #[error("input `{spec}`: cannot tell the format of `{file}` from its name; set `format` (jsonl, text, csv, tsv)")]
    UnknownFormat { spec: String, file: String },
    #[error("input `{spec}`: {message}")]
    Invalid { spec: String, message: String },
    #[error("input `{spec}`: cannot read `{path}`: {source}")]
    Io {
        spec: String,
        path: PathBuf,
        source: std::io::Error,
    },
}
