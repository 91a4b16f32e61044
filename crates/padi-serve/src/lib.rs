//! A read-only HTTP server for a dataset registry directory (`padi serve`).
//!
//! The registry (`index.json`, `<name>/<version>/manifest.json`, shards, cards) is served as
//! plain static files, so any static web server over the same directory works for
//! `padi pull` too; this one adds what pulls rely on and guarantees what a public endpoint
//! must: GET and HEAD only, single byte ranges with `If-Range` for resuming, strong ETags and
//! `Last-Modified` for revalidation, and no path outside the registry root.
//!
//! Invariants: the server never writes; a response only ever carries the bytes of a regular
//! file whose canonical path is inside the canonical root and has no hidden (`.`-prefixed)
//! component, so `.staging/`, `.lock`, `..` and symlinks pointing outside are unreachable;
//! bodies stream in 64 KiB chunks, so memory per response is bounded whatever the shard size.
//!
//! Not here: the registry layout, publishing, listing and pulling (the registry crate), TLS
//! (put a reverse proxy in front), directory listings, multi-range responses.

mod body;
mod error;
mod headers;
mod path;
mod server;

pub use error::ServeError;
pub use path::{resolve_path, PathRejection};
pub use server::{bind, BoundServer};
