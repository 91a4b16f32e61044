//! Mapping a request path to a file inside the registry, and nothing else.

use std::path::{Component, Path, PathBuf};

use percent_encoding::percent_decode_str;

/// Why a request path does not name a servable file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathRejection {
    /// Malformed: NUL, backslash, not UTF-8 after decoding, not starting with `/` (→ 400).
    BadRequest,
    /// Well formed but nothing servable there: `..`, hidden or empty segments, outside the
    /// root, a directory, missing (→ 404).
    NotFound,
}

/// Resolve a request path (as sent, percent-encoded, without the query) against the
/// canonical registry root. The result is a canonical path of a regular file inside the
/// root with no hidden (`.`-prefixed) component, or a rejection.
///
/// The path is percent-decoded exactly once, so `%252e%252e` stays the literal name `%2e%2e`.
pub fn resolve_path(canonical_root: &Path, request_path: &str) -> Result<PathBuf, PathRejection> {
    let decoded = percent_decode_str(request_path)
        .decode_utf8()
        .map_err(|_| PathRejection::BadRequest)?;
    if decoded.contains(['\0', '\\']) {
        return Err(PathRejection::BadRequest);
    }
    let relative = decoded.strip_prefix('/').ok_or(PathRejection::BadRequest)?;
    let mut candidate = canonical_root.to_path_buf();
    for segment in relative.split('/') {
        // Empty segments (`//etc`, trailing `/`) would make an absolute path or a directory;
        // `.`-prefixed ones cover `..`, `.staging`, `.lock` and every other hidden entry.
        if segment.is_empty() || segment.starts_with('.') {
            return Err(PathRejection::NotFound);
        }
        candidate.push(segment);
    }
    // A segment could still be a Windows prefix or root on other platforms; accept only names.
    if candidate
        .strip_prefix(canonical_root)
        .map_err(|_| PathRejection::NotFound)?
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err(PathRejection::NotFound);
    }
    // Canonicalizing resolves symlinks, so a link inside the root that points outside (or
    // into a hidden directory) is caught by the checks below.
    let resolved = std::fs::canonicalize(&candidate).map_err(|_| PathRejection::NotFound)?;
    let inside = resolved
        .strip_prefix(canonical_root)
        .map_err(|_| PathRejection::NotFound)?;
    let hidden = inside.components().any(|c| match c {
        Component::Normal(name) => name.to_string_lossy().starts_with('.'),
        _ => true,
    });
    if hidden || inside.as_os_str().is_empty() {
        return Err(PathRejection::NotFound);
    }
    match std::fs::metadata(&resolved) {
        Ok(meta) if meta.is_file() => Ok(resolved),
        _ => Err(PathRejection::NotFound),
    }
}
