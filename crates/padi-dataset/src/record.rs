use std::collections::HashSet;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;

use padi_core::{Document, Source};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::DatasetError;

/// One line of a dataset shard: the Dolma-like fields `id`, `text`, `source`, `added`,
/// `metadata`, plus the language annotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetRecord {
    pub id: String,
    pub text: String,
    /// `source.contribution` is a key of the manifest's `sources`.
    pub source: Source,
    /// When the document entered the dataset (RFC 3339), kept by later versions.
    pub added: String,
    /// Language label; `und` when not identified.
    pub lang: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang_confidence: Option<f32>,
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub metadata: Map<String, Value>,
}

impl DatasetRecord {
    /// Takes the document by value, so its text is moved, not copied. Destructured so that a
    /// new `Document` field cannot be dropped here unnoticed.
    pub fn from_document(doc: Document, added: &str) -> DatasetRecord {
        let Document {
            id,
            text,
            source,
            lang,
            script,
            lang_confidence,
            metadata,
        } = doc;
        DatasetRecord {
            id,
            text,
            source,
            added: added.to_string(),
            lang: lang.unwrap_or_else(|| "und".into()),
            script,
            lang_confidence,
            metadata,
        }
    }

    /// The shard directory this record goes to: its label when that is a safe directory
    /// name, otherwise `und`.
    pub fn shard_label(&self) -> &str {
        let safe = !self.lang.is_empty()
            && self.lang.len() <= 64
            && self
                .lang
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if safe {
            &self.lang
        } else {
            "und"
        }
    }
}

/// Stream the records of one `.jsonl.zst` shard.
pub fn read_shard(
    path: &Path,
) -> Result<impl Iterator<Item = Result<DatasetRecord, DatasetError>> + '_, DatasetError> {
    read_shard_as(path)
}

/// Stream the lines of one `.jsonl.zst` shard as `T`, e.g. a few fields of each record.
pub(crate) fn read_shard_as<T: serde::de::DeserializeOwned>(
    path: &Path,
) -> Result<impl Iterator<Item = Result<T, DatasetError>> + '_, DatasetError> {
    let file = std::fs::File::open(path).map_err(DatasetError::io(path))?;
    let decoder = zstd::stream::read::Decoder::new(file).map_err(DatasetError::io(path))?;
    Ok(BufReader::new(decoder)
        .lines()
        .enumerate()
        .map(move |(n, line)| {
            let line = line.map_err(DatasetError::io(path))?;
            serde_json::from_str(&line)
                .map_err(|e| DatasetError::invalid(path, format!("line {}: {e}", n + 1)))
        }))
}

/// A record that a document or a whole contribution was taken down. Tombstones are carried
/// into every later version, and releases withhold what they name, so removed text never
/// comes back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tombstone {
    /// The document removed; absent when the tombstone covers a whole contribution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contribution: Option<String>,
    pub reason: String,
    /// RFC 3339 date of the takedown.
    pub date: String,
    /// The version the takedown produced.
    pub version: String,
}

/// Every tombstone of a dataset, with fast lookup.
#[derive(Debug, Default)]
pub struct Tombstones {
    entries: Vec<Tombstone>,
    ids: HashSet<String>,
    contributions: HashSet<String>,
}

impl Tombstones {
    /// `tombstones.jsonl` of a version directory (none when the file is absent).
    pub fn load(version_dir: &Path) -> Result<Tombstones, DatasetError> {
        let path = version_dir.join("tombstones.jsonl");
        let mut tombstones = Tombstones::default();
        let file = match std::fs::File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(tombstones),
            Err(e) => return Err(DatasetError::io(&path)(e)),
        };
        for (n, line) in BufReader::new(file).lines().enumerate() {
            let line = line.map_err(DatasetError::io(&path))?;
            let entry = serde_json::from_str(&line)
                .map_err(|e| DatasetError::invalid(&path, format!("line {}: {e}", n + 1)))?;
            tombstones.push(entry);
        }
        Ok(tombstones)
    }

    pub fn push(&mut self, tombstone: Tombstone) {
        if let Some(id) = &tombstone.id {
            self.ids.insert(id.clone());
        } else if let Some(c) = &tombstone.contribution {
            self.contributions.insert(c.clone());
        }
        self.entries.push(tombstone);
    }

    /// Whether a tombstone withholds this document.
    pub fn covers(&self, id: &str, contribution: &str) -> bool {
        self.ids.contains(id) || self.contributions.contains(contribution)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub(crate) fn write(&self, path: &Path) -> Result<(), DatasetError> {
        let mut out = Vec::new();
        for entry in &self.entries {
            serde_json::to_writer(&mut out, entry)
                .map_err(|e| DatasetError::invalid(path, e.to_string()))?;
            out.push(b'\n');
        }
        let mut file = std::fs::File::create(path).map_err(DatasetError::io(path))?;
        file.write_all(&out).map_err(DatasetError::io(path))?;
        file.sync_all().map_err(DatasetError::io(path))
    }
}
