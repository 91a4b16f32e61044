//! The content-addressed, append-only contribution store.
//!
//! Layout (version [`STORE_LAYOUT`]):
//! - `padi-store.json`: `{"layout": 1}`, marks the directory as a store;
//! - `objects/sha256/<2 hex>/<62 hex>`: file contents, read-only, named by their SHA-256;
//! - `contributions/<id>.json`: one [`ContributionRecord`] per contribution;
//! - `tmp/`: files being written (renamed into place when complete).
//!
//! Nothing is ever changed or deleted once in `objects/` or `contributions/`.

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use padi_core::Provenance;
use padi_io::{Format, InputError, InputFile, InputSpec, TextMode};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::manifest::Manifest;
use crate::package::{hash_copy, hex, scan_package, EntrySink, Limits, PackageScan};
use crate::validate::canonical_label;
use crate::ContribError;

pub const STORE_LAYOUT: u32 = 1;
const MARKER: &str = "padi-store.json";

/// A contribution as recorded in the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContributionRecord {
    pub layout: u32,
    pub id: String,
    /// When it was added (UTC, RFC 3339). Not part of the id.
    pub added: String,
    /// File name of the package it came from.
    pub package: String,
    pub manifest: Manifest,
    pub files: Vec<StoredFile>,
}

/// One data file of a contribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredFile {
    /// Path inside the package.
    pub path: String,
    pub sha256: String,
    pub size: u64,
    pub format: Format,
    /// The file's languages (its override, else the contribution's), `fil_*` written `tgl_*`.
    pub languages: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_mode: Option<TextMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
}

/// What `add` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AddOutcome {
    pub id: String,
    /// The same contribution was already in the store: nothing was written.
    pub already_stored: bool,
    /// Files whose content was new to the store.
    pub new_files: Vec<String>,
    /// Files whose content the store already held (from this or another contribution).
    pub duplicate_files: Vec<String>,
}

/// A contribution store directory.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

impl Store {
    /// Open a store, creating it when `root` does not exist or is an empty directory. A
    /// non-empty directory that is not a store is refused, so a typo never fills a random
    /// folder.
    pub fn open_or_create(root: &Path) -> Result<Store, ContribError> {
        let io_err = |source| ContribError::Store {
            path: root.to_path_buf(),
            source,
        };
        let marker = root.join(MARKER);
        if marker.is_file() {
            return Store::open(root);
        }
        let empty = match fs::read_dir(root) {
            Ok(mut rd) => rd.next().is_none(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => true,
            Err(e) => return Err(io_err(e)),
        };
        if !empty {
            return Err(ContribError::NotAStore {
                path: root.to_path_buf(),
            });
        }
        for dir in ["objects/sha256", "contributions", "tmp"] {
            fs::create_dir_all(root.join(dir)).map_err(io_err)?;
        }
        fs::write(&marker, format!("{{\"layout\": {STORE_LAYOUT}}}\n")).map_err(io_err)?;
        Ok(Store {
            root: root.to_path_buf(),
        })
    }

    /// Open an existing store.
    pub fn open(root: &Path) -> Result<Store, ContribError> {
        let text = fs::read_to_string(root.join(MARKER)).map_err(|_| ContribError::NotAStore {
            path: root.to_path_buf(),
        })?;
        let layout = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v["layout"].as_u64());
        if layout != Some(u64::from(STORE_LAYOUT)) {
            return Err(ContribError::NotAStore {
                path: root.to_path_buf(),
            });
        }
        Ok(Store {
            root: root.to_path_buf(),
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the content with this SHA-256 lives.
    pub fn object_path(&self, sha256: &str) -> PathBuf {
        let (dir, rest) = sha256.split_at(2.min(sha256.len()));
        self.root.join("objects/sha256").join(dir).join(rest)
    }

    fn record_path(&self, id: &str) -> PathBuf {
        self.root.join("contributions").join(format!("{id}.json"))
    }

    /// Validate `package` and add it. A package with problems is refused with all of them and
    /// nothing is written. Adding a contribution that is already stored writes nothing.
    pub fn add(&self, package: &Path, limits: &Limits) -> Result<AddOutcome, ContribError> {
        let scan = crate::package::validate_package(package, limits)?;
        let prefix = scan.prefix.clone();
        let (manifest, files) = accepted(scan)?;
        let id = contribution_id(&manifest, &files);
        let record_path = self.record_path(&id);
        if record_path.exists() {
            return Ok(AddOutcome {
                id,
                already_stored: true,
                new_files: Vec::new(),
                duplicate_files: files.iter().map(|f| f.path.clone()).collect(),
            });
        }
        let expected: BTreeMap<String, String> = files
            .iter()
            .map(|f| (f.path.clone(), f.sha256.clone()))
            .collect();
        let mut sink = StoreSink {
            store: self,
            expected: &expected,
            prefix,
            new_files: Vec::new(),
            duplicate_files: Vec::new(),
        };
        // Second pass: the same entries, now written. The first pass hashed them, so a
        // package that changes in between is caught by the hash check.
        let second = scan_package(package, limits, &mut sink)?;
        if !second.problems.is_empty() || second.files != files {
            return Err(ContribError::Changed {
                path: package.to_path_buf(),
            });
        }
        let mut new_files = sink.new_files;
        let mut duplicate_files = sink.duplicate_files;
        new_files.sort();
        duplicate_files.sort();
        let record = ContributionRecord {
            layout: STORE_LAYOUT,
            id: id.clone(),
            added: padi_core::time::timestamp(),
            package: package
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            files: files
                .iter()
                .map(|f| stored_file(&manifest, f.path.clone(), f.sha256.clone(), f.size))
                .collect(),
            manifest,
        };
        let json = serde_json::to_vec_pretty(&record).map_err(|e| self.io(io::Error::other(e)))?;
        self.write_new(&record_path, &json)?;
        Ok(AddOutcome {
            id,
            already_stored: false,
            new_files,
            duplicate_files,
        })
    }

    /// Write `bytes` to `path` through a temporary file; never replaces an existing file.
    fn write_new(&self, path: &Path, bytes: &[u8]) -> Result<(), ContribError> {
        let (tmp, mut file) = self.temp_file()?;
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .map_err(|e| self.io(e))?;
        drop(file);
        self.publish(&tmp, path).map(|_| ())
    }

    /// Move a finished temporary file to `target` unless `target` exists. Returns whether it
    /// was moved (false: the content was already stored; the temporary file is removed).
    fn publish(&self, tmp: &Path, target: &Path) -> Result<bool, ContribError> {
        if target.exists() {
            fs::remove_file(tmp).map_err(|e| self.io(e))?;
            return Ok(false);
        }
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| self.io(e))?;
        }
        // A hard link fails if the target appeared meanwhile, where a rename would replace it.
        match fs::hard_link(tmp, target) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(_) => fs::rename(tmp, target).map_err(|e| self.io(e))?,
        }
        if tmp.exists() {
            fs::remove_file(tmp).map_err(|e| self.io(e))?;
        }
        let mut perms = fs::metadata(target).map_err(|e| self.io(e))?.permissions();
        perms.set_readonly(true);
        fs::set_permissions(target, perms).map_err(|e| self.io(e))?;
        Ok(true)
    }

    fn temp_file(&self) -> Result<(PathBuf, File), ContribError> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let dir = self.root.join("tmp");
        fs::create_dir_all(&dir).map_err(|e| self.io(e))?;
        loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let path = dir.join(format!("{}-{n}.part", std::process::id()));
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(file) => return Ok((path, file)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(self.io(e)),
            }
        }
    }

    fn io(&self, source: io::Error) -> ContribError {
        ContribError::Store {
            path: self.root.clone(),
            source,
        }
    }

    /// The record of contribution `id`.
    pub fn contribution(&self, id: &str) -> Result<ContributionRecord, ContribError> {
        if !crate::validate::is_valid_id(id) {
            return Err(ContribError::UnknownContribution { id: id.to_string() });
        }
        let text = fs::read_to_string(self.record_path(id))
            .map_err(|_| ContribError::UnknownContribution { id: id.to_string() })?;
        serde_json::from_str(&text).map_err(|e| ContribError::Corrupt {
            path: self.record_path(id),
            message: e.to_string(),
        })
    }

    /// The provenance of contribution `id`, for dataset manifests.
    pub fn provenance(&self, id: &str) -> Result<Provenance, ContribError> {
        self.contribution(id).map(|r| r.manifest.provenance)
    }

    /// Ids of every stored contribution, sorted.
    pub fn ids(&self) -> Result<Vec<String>, ContribError> {
        let mut ids: Vec<String> = fs::read_dir(self.root.join("contributions"))
            .map_err(|e| self.io(e))?
            .filter_map(Result::ok)
            .filter_map(|e| {
                e.file_name()
                    .to_str()
                    .and_then(|n| n.strip_suffix(".json"))
                    .map(String::from)
            })
            .collect();
        ids.sort();
        Ok(ids)
    }
}

/// The manifest and files of a package without problems.
fn accepted(scan: PackageScan) -> Result<(Manifest, Vec<crate::PackageFile>), ContribError> {
    match scan.manifest {
        Some(manifest) if scan.problems.is_empty() => Ok((manifest, scan.files)),
        _ => Err(ContribError::Rejected {
            problems: scan.problems,
        }),
    }
}

fn stored_file(manifest: &Manifest, path: String, sha256: String, size: u64) -> StoredFile {
    let o = manifest.file(&path);
    let format = o
        .format
        .or_else(|| padi_io::format_from_name(&path))
        .unwrap_or(Format::Text);
    StoredFile {
        languages: o
            .languages
            .as_ref()
            .unwrap_or(&manifest.languages)
            .iter()
            .map(|l| canonical_label(l))
            .collect(),
        path,
        sha256,
        size,
        format,
        text_mode: o.text_mode,
        text_field: o.text_field,
        encoding: o.encoding,
    }
}

/// `<name>-<12 hex>`: the hash covers the manifest and every file's path and content hash, so
/// the same package always gets the same id and any change gets a new one.
pub fn contribution_id(manifest: &Manifest, files: &[crate::PackageFile]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(serde_json::to_vec(manifest).unwrap_or_default());
    for f in files {
        hasher.update(b"\n");
        hasher.update(f.path.as_bytes());
        hasher.update(b"\t");
        hasher.update(f.sha256.as_bytes());
    }
    let digest = hex(&hasher.finalize());
    format!("{}-{}", manifest.name, &digest[..12])
}

/// Writes each data entry to a temporary file in the store, then moves it to its object path.
struct StoreSink<'a> {
    store: &'a Store,
    /// Data files (path → SHA-256) from the first pass; other entries are only hashed.
    expected: &'a BTreeMap<String, String>,
    /// Folder prefix the first pass stripped (entries are matched with and without it).
    prefix: String,
    new_files: Vec<String>,
    duplicate_files: Vec<String>,
}

impl EntrySink for StoreSink<'_> {
    fn entry(&mut self, path: &str, reader: &mut dyn Read) -> io::Result<(u64, String)> {
        let logical = path
            .strip_prefix(self.prefix.as_str())
            .filter(|p| self.expected.contains_key(*p))
            .map(String::from);
        let Some(logical) = logical else {
            return hash_copy(reader, &mut io::sink());
        };
        let (tmp, file) = self.store.temp_file().map_err(io::Error::other)?;
        let mut out = BufWriter::new(file);
        let result = hash_copy(reader, &mut out).and_then(|r| {
            out.flush()?;
            out.get_ref().sync_all()?;
            Ok(r)
        });
        drop(out);
        let (size, sha256) = match result {
            Ok(r) => r,
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                return Err(e);
            }
        };
        if self.expected.get(&logical) != Some(&sha256) {
            let _ = fs::remove_file(&tmp);
            return Err(io::Error::other(
                "the file changed while it was being added",
            ));
        }
        let target = self.store.object_path(&sha256);
        if self
            .store
            .publish(&tmp, &target)
            .map_err(io::Error::other)?
        {
            self.new_files.push(logical);
        } else {
            self.duplicate_files.push(logical);
        }
        Ok((size, sha256))
    }
}

/// One stored file to read in a pipeline, with the settings it is read with.
#[derive(Debug, Clone)]
pub struct StoreSource {
    pub contribution: String,
    pub file: InputFile,
    /// The pipeline's `[[input]]` with the file's own settings applied.
    pub spec: InputSpec,
}

/// Expand a pipeline `[[input]]` with `store = "<dir>"` into the stored files of
/// `contribution = "<id>"` (or `"all"`), in a deterministic order. Documents get
/// `source.contribution` = the id and `source.file` = the path inside the package.
pub fn resolve_store_input(
    spec: &InputSpec,
    base_dir: &Path,
) -> Result<Vec<StoreSource>, InputError> {
    let invalid = |message: String| InputError::Invalid {
        spec: spec.store.clone().unwrap_or_default(),
        message,
    };
    let dir = base_dir.join(spec.store.as_deref().unwrap_or_default());
    let store = Store::open(&dir).map_err(|e| invalid(e.to_string()))?;
    let ids = match spec.contribution.as_deref() {
        None => {
            return Err(invalid(
                "a store input needs `contribution = \"<id>\"` (or \"all\")".to_string(),
            ))
        }
        Some("all") => store.ids().map_err(|e| invalid(e.to_string()))?,
        Some(id) => vec![id.to_string()],
    };
    let mut sources = Vec::new();
    for id in ids {
        let record = store
            .contribution(&id)
            .map_err(|e| invalid(e.to_string()))?;
        for f in record.files {
            let mut file_spec = spec.clone();
            file_spec.format = f.format;
            if let Some(mode) = f.text_mode {
                file_spec.text_mode = mode;
            }
            if let Some(field) = f.text_field {
                file_spec.text_field = field;
            }
            if let Some(encoding) = f.encoding {
                file_spec.encoding = encoding;
            }
            file_spec.contribution = Some(record.id.clone());
            sources.push(StoreSource {
                contribution: record.id.clone(),
                file: InputFile {
                    path: store.object_path(&f.sha256),
                    name: f.path,
                    format: Some(f.format),
                    size: f.size,
                },
                spec: file_spec,
            });
        }
    }
    Ok(sources)
}
