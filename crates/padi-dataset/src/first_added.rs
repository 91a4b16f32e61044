use std::collections::HashMap;
use std::path::Path;

use serde::Deserialize;
use xxhash_rust::xxh3::xxh3_128;

use crate::manifest::Manifest;
use crate::record::read_shard_as;
use crate::DatasetError;

/// When each document of the parent version was first added, so a document that is still in
/// the data keeps its date and a rerun on unchanged input reproduces the parent's shards.
///
/// Memory: a 16-byte id hash and a 4-byte index per parent document (~24 bytes with the
/// table's overhead); the distinct dates are few (one per release) and stored once.
#[derive(Debug, Default)]
pub(crate) struct FirstAdded {
    by_id: HashMap<u128, u32>,
    dates: Vec<String>,
}

/// Only the two fields needed; the text is skipped, not copied.
#[derive(Deserialize)]
struct IdAndAdded {
    id: String,
    added: String,
}

impl FirstAdded {
    /// Read every shard of the version in `dir`.
    pub(crate) fn load(dir: &Path) -> Result<FirstAdded, DatasetError> {
        let manifest = Manifest::load(dir)?;
        let mut first = FirstAdded::default();
        let mut date_index: HashMap<String, u32> = HashMap::new();
        for shard in &manifest.shards {
            for record in read_shard_as::<IdAndAdded>(&dir.join(&shard.path))? {
                let record = record?;
                let index = match date_index.get(&record.added) {
                    Some(&i) => i,
                    None => {
                        let i = first.dates.len() as u32;
                        first.dates.push(record.added.clone());
                        date_index.insert(record.added, i);
                        i
                    }
                };
                first.by_id.insert(xxh3_128(record.id.as_bytes()), index);
            }
        }
        Ok(first)
    }

    /// The date the document `id` was first added, if the parent holds it.
    pub(crate) fn get(&self, id: &str) -> Option<&str> {
        let index = *self.by_id.get(&xxh3_128(id.as_bytes()))?;
        self.dates.get(index as usize).map(String::as_str)
    }
}
