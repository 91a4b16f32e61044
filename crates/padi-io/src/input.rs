use std::path::{Component, Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::InputError;

/// One `[[input]]` table of a pipeline file.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InputSpec {
    /// A file, a directory (read recursively, hidden files skipped) or a glob pattern. Relative
    /// paths are relative to the pipeline file's directory.
    #[serde(default)]
    pub path: String,
    /// Instead of `path`: a contribution store (`padi contrib add`) to read
    /// `contribution = "<id>"` (or `"all"`) from, with each file's format and settings as
    /// recorded when it was added.
    #[serde(default)]
    pub store: Option<String>,
    /// Record format. `auto` decides per file from its name, ignoring `.gz`/`.zst`
    /// (`.jsonl`/`.ndjson`/`.json` → jsonl, `.txt` → text, `.csv`, `.tsv`, `.html`/`.htm` →
    /// html, `.warc`/`.wet` → warc, `.md` → markdown).
    #[serde(default)]
    pub format: Format,
    /// Contribution id recorded in every document's `source`. Defaults to the last component of
    /// `path` before any glob characters.
    #[serde(default)]
    pub contribution: Option<String>,
    /// JSONL: the field holding the text. CSV/TSV: the column name (or 0-based index when
    /// `has_header = false`).
    #[serde(default = "default_text_field")]
    pub text_field: String,
    /// JSONL/CSV/TSV: a field holding a stable document id. Without it ids are derived from the
    /// source location.
    #[serde(default)]
    pub id_field: Option<String>,
    /// JSONL/CSV/TSV: other fields copied into the document's `metadata` (e.g. `url`, `date`).
    #[serde(default)]
    pub keep_fields: Vec<String>,
    /// Plain text: one document per `file`, per blank-line separated `paragraph`, or per `line`.
    #[serde(default)]
    pub text_mode: TextMode,
    /// CSV/TSV: whether the first row names the columns.
    #[serde(default = "default_true")]
    pub has_header: bool,
    /// Character encoding: `auto` detects it per file (UTF-8, UTF-16 by BOM, Thai
    /// windows-874/TIS-620, Vietnamese windows-1258/TCVN3/VISCII/VNI/VIQR, others by
    /// chardetng), or a label forces one (`windows-874`, `tcvn3`, any WHATWG label).
    #[serde(default = "default_encoding")]
    pub encoding: String,
}

fn default_encoding() -> String {
    "auto".to_string()
}

fn default_text_field() -> String {
    "text".to_string()
}

fn default_true() -> bool {
    true
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Auto,
    Jsonl,
    Text,
    Csv,
    Tsv,
    /// One document per page: the main text, without scripts, styles and navigation.
    Html,
    /// Web archives (WARC 1.0/1.1, WET): one document per text record, with its URL and date.
    Warc,
    /// One document per file: the prose, without markup.
    Markdown,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TextMode {
    File,
    #[default]
    Paragraph,
    Line,
}

/// One concrete file to read.
#[derive(Debug, Clone, PartialEq)]
pub struct InputFile {
    /// Where to open it.
    pub path: PathBuf,
    /// Its name within the contribution: relative to the input's root directory, with `/`
    /// separators, so it does not depend on where the data sits on this machine.
    pub name: String,
    /// Resolved format; `None` when `auto` could not tell (the reader quarantines the file).
    pub format: Option<Format>,
    /// Size on disk (compressed), for progress.
    pub size: u64,
}

/// Expand an input spec into its files, in a deterministic (sorted) order.
pub fn resolve_input(spec: &InputSpec, base_dir: &Path) -> Result<Vec<InputFile>, InputError> {
    spec.forced_encoding()?;
    if spec.store.is_some() || spec.path.is_empty() {
        return Err(InputError::Invalid {
            spec: spec.path.clone(),
            message: "set either `path` (files) or `store` (read through padi-contrib)".into(),
        });
    }
    let is_glob = spec.path.contains(['*', '?', '[']);
    let joined = base_dir.join(&spec.path);
    let (root, mut paths) = if is_glob {
        let pattern = joined.to_string_lossy().into_owned();
        let options = glob::MatchOptions {
            require_literal_leading_dot: true,
            ..Default::default()
        };
        let entries = glob::glob_with(&pattern, options).map_err(|e| InputError::BadPattern {
            spec: spec.path.clone(),
            message: e.to_string(),
        })?;
        let mut paths = Vec::new();
        for entry in entries {
            let path = entry.map_err(|e| InputError::Io {
                spec: spec.path.clone(),
                path: e.path().to_path_buf(),
                source: std::io::Error::new(e.error().kind(), e.error().to_string()),
            })?;
            if path.is_file() {
                paths.push(path);
            }
        }
        if paths.is_empty() {
            return Err(InputError::NoMatch {
                spec: spec.path.clone(),
            });
        }
        (glob_root(&joined), paths)
    } else if joined.is_dir() {
        let mut paths = Vec::new();
        let walk = walkdir::WalkDir::new(&joined)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walk {
            let entry = entry.map_err(|e| InputError::Io {
                spec: spec.path.clone(),
                path: e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| joined.clone()),
                source: std::io::Error::other(e.to_string()),
            })?;
            if entry.file_type().is_file() {
                paths.push(entry.into_path());
            }
        }
        (joined.clone(), paths)
    } else if joined.is_file() {
        let root = joined.parent().map(Path::to_path_buf).unwrap_or_default();
        (root, vec![joined.clone()])
    } else {
        return Err(InputError::Missing {
            spec: spec.path.clone(),
            path: joined,
        });
    };
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let size = std::fs::metadata(&path)
                .map_err(|source| InputError::Io {
                    spec: spec.path.clone(),
                    path: path.clone(),
                    source,
                })?
                .len();
            let name = relative_name(&path, &root);
            let format = match spec.format {
                Format::Auto => format_from_name(&name),
                explicit => Some(explicit),
            };
            if format.is_none() && !is_glob && joined.is_file() {
                return Err(InputError::UnknownFormat {
                    spec: spec.path.clone(),
                    file: name,
                });
            }
            Ok(InputFile {
                path,
                name,
                format,
                size,
            })
        })
        .collect()
}

/// The contribution id an input gets when the pipeline file names none.
pub fn default_contribution(spec: &InputSpec) -> String {
    let literal: PathBuf = Path::new(&spec.path)
        .components()
        .take_while(|c| !c.as_os_str().to_string_lossy().contains(['*', '?', '[']))
        .collect();
    let name = literal
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.split('.').next().unwrap_or_default();
    if stem.is_empty() {
        "input".to_string()
    } else {
        stem.to_string()
    }
}

impl InputSpec {
    /// The encoding forced by `encoding`, `None` for `auto`; an unknown label is an error.
    pub fn forced_encoding(&self) -> Result<Option<padi_encoding::Encoding>, InputError> {
        if self.encoding.trim().eq_ignore_ascii_case("auto") {
            return Ok(None);
        }
        padi_encoding::Encoding::from_label(&self.encoding)
            .map(Some)
            .ok_or_else(|| InputError::Invalid {
                spec: self.path.clone(),
                message: format!(
                    "unknown encoding `{}`; use `auto` or a label such as `utf-8`, `windows-874`, `windows-1258`, `tcvn3`, `viscii`, `vni`",
                    self.encoding
                ),
            })
    }

    /// The contribution id for this input.
    pub fn contribution_id(&self) -> String {
        self.contribution
            .clone()
            .unwrap_or_else(|| default_contribution(self))
    }
}

fn glob_root(pattern: &Path) -> PathBuf {
    pattern
        .components()
        .take_while(|c| !c.as_os_str().to_string_lossy().contains(['*', '?', '[']))
        .collect()
}

fn relative_name(path: &Path, root: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    parts.join("/")
}

/// Format from a file name, looking through a compression suffix.
pub fn format_from_name(name: &str) -> Option<Format> {
    let lower = name.to_ascii_lowercase();
    let base = ["gz", "zst", "zstd"]
        .iter()
        .find_map(|ext| lower.strip_suffix(&format!(".{ext}")))
        .unwrap_or(&lower);
    let ext = base.rsplit_once('.').map(|(_, e)| e)?;
    match ext {
        "jsonl" | "ndjson" | "json" => Some(Format::Jsonl),
        "txt" | "text" => Some(Format::Text),
        "csv" => Some(Format::Csv),
        "tsv" | "tab" => Some(Format::Tsv),
        "html" | "htm" | "xhtml" => Some(Format::Html),
        "warc" | "wet" => Some(Format::Warc),
        "md" | "markdown" => Some(Format::Markdown),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(path: &str) -> InputSpec {
        serde_json::from_value(serde_json::json!({ "path": path })).expect("spec")
    }

    #[test]
    fn formats_from_names() {
        assert_eq!(format_from_name("a.jsonl.zst"), Some(Format::Jsonl));
        assert_eq!(format_from_name("dir/b.TXT.gz"), Some(Format::Text));
        assert_eq!(format_from_name("c.tsv"), Some(Format::Tsv));
        assert_eq!(format_from_name("README"), None);
        assert_eq!(format_from_name("crawl.warc.wet.gz"), Some(Format::Warc));
        assert_eq!(format_from_name("page.HTM"), Some(Format::Html));
        assert_eq!(format_from_name("notes.md"), Some(Format::Markdown));
        assert_eq!(format_from_name("x.parquet"), None);
    }

    #[test]
    fn directories_are_walked_sorted_and_named_relative() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("data/sub")).expect("mkdir");
        for f in [
            "data/b.txt",
            "data/a.jsonl",
            "data/sub/c.csv",
            "data/.hidden.txt",
        ] {
            std::fs::write(dir.path().join(f), "x\n").expect("write");
        }
        let files = resolve_input(&spec("data"), dir.path()).expect("resolve");
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["a.jsonl", "b.txt", "sub/c.csv"]);
        assert_eq!(files[2].format, Some(Format::Csv));

        let files = resolve_input(&spec("data/*.txt"), dir.path()).expect("glob");
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].name, "b.txt");
        assert_eq!(default_contribution(&spec("data/*.txt")), "data");
        assert_eq!(default_contribution(&spec("corpus/th.jsonl.zst")), "th");
    }

    #[test]
    fn missing_inputs_are_errors_naming_the_spec() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = resolve_input(&spec("nope"), dir.path()).expect_err("missing");
        assert!(err.to_string().contains("`nope`"), "{err}");
        let err = resolve_input(&spec("nope/*.txt"), dir.path()).expect_err("no match");
        assert!(err.to_string().contains("matched no files"), "{err}");
        std::fs::write(dir.path().join("x.bin"), "x").expect("write");
        let err = resolve_input(&spec("x.bin"), dir.path()).expect_err("format");
        assert!(err.to_string().contains("set `format`"), "{err}");
    }
}
