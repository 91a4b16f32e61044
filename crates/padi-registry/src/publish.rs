use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use fs4::FileExt;
use padi_dataset::{verify, Manifest, Version};

use crate::index::{RegistryIndex, METADATA_FILES};
use crate::names::check_component;
use crate::RegistryError;

/// What [`publish`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub name: String,
    pub version: String,
    /// `<registry>/<name>/<version>`.
    pub dir: PathBuf,
    /// The registry already held this version with identical content: nothing was copied.
    pub already_present: bool,
}

/// Add a dataset version directory to a registry (created if missing).
///
/// The version is verified first and refused with every problem listed. It is copied into
/// `<registry>/.staging/`, synced, and renamed to `<registry>/<name>/<version>`, so it is
/// never partly visible; then `index.json` is rebuilt from every version's manifest and
/// replaced by rename. An exclusive lock on `<registry>/.lock` serialises publishers, so
/// concurrent publishes all land in the index. A version already present with identical
/// content is a no-op; with different content it is refused.
pub fn publish(version_dir: &Path, registry: &Path) -> Result<Published, RegistryError> {
    let problems = verify(version_dir);
    if !problems.is_empty() {
        return Err(RegistryError::BrokenVersion {
            dir: version_dir.to_path_buf(),
            problems,
        });
    }
    let manifest = Manifest::load(version_dir)?;
    check_component("dataset name", &manifest.name)?;
    manifest.version.parse::<Version>()?;
    std::fs::create_dir_all(registry).map_err(RegistryError::io(registry))?;
    let _lock = RegistryLock::acquire(registry)?;
    let staging = fresh_staging(registry)?;
    let dataset_dir = registry.join(&manifest.name);
    let target = dataset_dir.join(&manifest.version);
    let already_present = target.exists();
    if already_present {
        if !same_version(version_dir, &target)? {
            return Err(RegistryError::VersionDiffers {
                registry: registry.to_path_buf(),
                name: manifest.name,
                version: manifest.version,
            });
        }
    } else {
        let copy = staging.join(format!("{}-{}", manifest.name, manifest.version));
        copy_tree(version_dir, &copy)?;
        sync_dir(&copy)?;
        std::fs::create_dir_all(&dataset_dir).map_err(RegistryError::io(&dataset_dir))?;
        std::fs::rename(&copy, &target).map_err(RegistryError::io(&target))?;
        sync_dir(&dataset_dir)?;
    }
    write_index(registry, &staging)?;
    Ok(Published {
        name: manifest.name,
        version: manifest.version,
        dir: target,
        already_present,
    })
}

fn write_index(registry: &Path, staging: &Path) -> Result<(), RegistryError> {
    let index = RegistryIndex::scan(registry)?;
    let mut text = serde_json::to_string_pretty(&index)
        .unwrap_or_else(|e| unreachable!("index serializes: {e}"));
    text.push('\n');
    let tmp = staging.join("index.json");
    let path = registry.join("index.json");
    write_synced(&tmp, text.as_bytes())?;
    std::fs::rename(&tmp, &path).map_err(RegistryError::io(&path))?;
    sync_dir(registry)
}

/// An exclusive advisory lock on `<registry>/.lock`, released on drop (and by the OS when
/// the process dies, so a killed publisher never blocks the registry).
struct RegistryLock(File);

impl RegistryLock {
    fn acquire(registry: &Path) -> Result<RegistryLock, RegistryError> {
        let path = registry.join(".lock");
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(RegistryError::io(&path))?;
        // Qualified: std's inherent `File::lock` is newer than the workspace's rust-version.
        FileExt::lock(&file).map_err(RegistryError::io(&path))?;
        Ok(RegistryLock(file))
    }
}

impl Drop for RegistryLock {
    fn drop(&mut self) {
        // Closing the file releases the lock anyway; unlocking first is only tidier.
        let _ = FileExt::unlock(&self.0);
    }
}

/// `<registry>/.staging/`, emptied: every temporary of a publish lives there under fixed
/// names. Only the lock holder uses it, so fixed names cannot collide, and emptying it when
/// the lock is taken removes whatever a killed publisher left instead of keeping it forever.
fn fresh_staging(registry: &Path) -> Result<PathBuf, RegistryError> {
    let staging = registry.join(".staging");
    match std::fs::remove_dir_all(&staging) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(RegistryError::io(&staging)(e)),
    }
    std::fs::create_dir(&staging).map_err(RegistryError::io(&staging))?;
    Ok(staging)
}

/// Two verified versions with byte-identical manifest, card and Croissant file hold the same
/// data: the manifest lists every data file's sha256.
fn same_version(a: &Path, b: &Path) -> Result<bool, RegistryError> {
    for file in METADATA_FILES {
        let read = |dir: &Path| {
            let path = dir.join(file);
            std::fs::read(&path).map_err(RegistryError::io(path))
        };
        if read(a)? != read(b)? {
            return Ok(false);
        }
    }
    Ok(verify(b).is_empty())
}

/// Copy regular files and directories; symbolic links and other special files are refused,
/// since a version directory written by padi holds none.
fn copy_tree(from: &Path, to: &Path) -> Result<(), RegistryError> {
    std::fs::create_dir_all(to).map_err(RegistryError::io(to))?;
    let mut entries: Vec<_> = std::fs::read_dir(from)
        .map_err(RegistryError::io(from))?
        .collect::<Result<_, _>>()
        .map_err(RegistryError::io(from))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let source = entry.path();
        let target = to.join(entry.file_name());
        let kind = entry.file_type().map_err(RegistryError::io(&source))?;
        if kind.is_dir() {
            copy_tree(&source, &target)?;
            sync_dir(&target)?;
        } else if kind.is_file() {
            std::fs::copy(&source, &target).map_err(RegistryError::io(&source))?;
            File::open(&target)
                .and_then(|f| f.sync_all())
                .map_err(RegistryError::io(&target))?;
        } else {
            return Err(RegistryError::Io {
                path: source,
                source: std::io::Error::other("not a regular file or directory"),
            });
        }
    }
    Ok(())
}

pub(crate) fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), RegistryError> {
    let mut file = File::create(path).map_err(RegistryError::io(path))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(RegistryError::io(path))
}

/// Make a rename or new entry in `dir` durable.
pub(crate) fn sync_dir(dir: &Path) -> Result<(), RegistryError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(RegistryError::io(dir))
}
