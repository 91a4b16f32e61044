use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One unit of text flowing through a pipeline.
///
/// The serialized form is the line format of padi's JSONL output and is described by
/// `schemas/document.schema.json`. Field order is fixed by this struct and `metadata` keys are
/// sorted (serde_json's default map), so serialization is deterministic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Stable identifier: taken from the input when the reader is told which field holds it,
    /// otherwise derived from the source location with [`document_id`].
    pub id: String,
    /// The text, always valid UTF-8 (Rust `String`).
    pub text: String,
    /// Where the text came from.
    pub source: Source,
    /// Language label in FLORES style (`zsm_Latn`, `shn_Mymr`, `und`), once identified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// ISO 15924 script code (`Mymr`, `Thai`, `Latn`), once identified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<String>,
    /// Confidence of `lang`, in [0, 1].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang_confidence: Option<f32>,
    /// Annotations added by stages, keyed by a name the stage owns
    /// (for example `dedup_cluster_size`, `normalize`).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    #[schemars(with = "std::collections::BTreeMap<String, serde_json::Value>")]
    pub metadata: Map<String, Value>,
}

/// Where a document came from, precise enough to find the original bytes again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Contribution (or input) identifier this document belongs to.
    pub contribution: String,
    /// Path of the original file, as named in the pipeline's input (not made absolute, so it
    /// does not depend on the machine).
    pub file: String,
    /// 0-based index of the record within the file.
    pub record: u64,
    /// 1-based line number where the record starts, for line-oriented formats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// Byte offset of the record in the decompressed, decoded stream.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byte_offset: Option<u64>,
}

impl Document {
    /// A document with no language annotation and no metadata.
    pub fn new(id: impl Into<String>, text: impl Into<String>, source: Source) -> Self {
        Document {
            id: id.into(),
            text: text.into(),
            source,
            lang: None,
            script: None,
            lang_confidence: None,
            metadata: Map::new(),
        }
    }

    /// Serialize as one JSON line (no trailing newline).
    pub fn to_json_line(&self, out: &mut Vec<u8>) {
        // Serializing a struct of strings, numbers and a `Map` into a Vec cannot fail.
        serde_json::to_writer(out, self).unwrap_or_else(|e| unreachable!("{e}"));
    }
}

/// The JSON Schema of a serialized [`Document`] (`schemas/document.schema.json`).
pub fn document_schema() -> schemars::schema::RootSchema {
    schemars::schema_for!(Document)
}

/// Stable document id for a record that has none: 128-bit xxh3 of contribution, file and
/// record index, as 32 lowercase hex digits. It does not depend on the text, so a corrected
/// record keeps its id.
pub fn document_id(contribution: &str, file: &str, record: u64) -> String {
    let mut key = Vec::with_capacity(contribution.len() + file.len() + 24);
    key.extend_from_slice(contribution.as_bytes());
    key.push(0);
    key.extend_from_slice(file.as_bytes());
    key.push(0);
    key.extend_from_slice(&record.to_le_bytes());
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(&key))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source() -> Source {
        Source {
            contribution: "c".into(),
            file: "a.txt".into(),
            record: 3,
            line: Some(4),
            byte_offset: None,
        }
    }

    #[test]
    fn json_line_round_trips_and_omits_empty_fields() {
        let mut doc = Document::new("x", "ภาษาไทย\u{200B}ดี", source());
        let mut line = Vec::new();
        doc.to_json_line(&mut line);
        let s = String::from_utf8(line).expect("utf8");
        assert!(!s.contains("lang"));
        assert!(!s.contains("metadata"));
        assert_eq!(serde_json::from_str::<Document>(&s).expect("parse"), doc);
        doc.metadata.insert("z".into(), 1.into());
        doc.metadata.insert("a".into(), 2.into());
        let mut line = Vec::new();
        doc.to_json_line(&mut line);
        let s = String::from_utf8(line).expect("utf8");
        assert!(
            s.find("\"a\"") < s.find("\"z\""),
            "metadata keys sorted: {s}"
        );
    }

    #[test]
    fn ids_are_stable_and_distinct() {
        assert_eq!(document_id("c", "f", 1), document_id("c", "f", 1));
        assert_ne!(document_id("c", "f", 1), document_id("c", "f", 2));
        // The separator keeps ("ab","c") and ("a","bc") apart.
        assert_ne!(document_id("ab", "c", 0), document_id("a", "bc", 0));
        assert_eq!(document_id("c", "f", 1).len(), 32);
    }
}
