use std::net::SocketAddr;
use std::path::PathBuf;

/// Why a registry server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("registry directory {path} does not exist or cannot be read: {source}")]
    RootMissing {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("registry path {path} is not a directory")]
    RootNotDirectory { path: PathBuf },
    #[error(
        "cannot listen on {addr}: {source} (is another server using this port? \
         pick another with --addr, e.g. 127.0.0.1:0 for any free port)"
    )]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("server runtime failed: {0}")]
    Runtime(#[from] std::io::Error),
}
