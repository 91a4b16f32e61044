//! What the pipeline configures: how input files are decoded, and the mojibake-repair stage.

use std::collections::BTreeMap;
use std::io::Read;

use padi_core::{Document, DocumentFilter, Verdict};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::detect::{Detection, Encoding};
use crate::mojibake::repair_mojibake;
use crate::reader::DecodingReader;

/// Errors in opening an input for decoding.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error(
        "unknown encoding `{0}` (use \"auto\", a padi label such as \"tcvn3\", or a WHATWG label)"
    )]
    UnknownEncoding(String),
    #[error("reading the start of the input: {0}")]
    Io(#[from] std::io::Error),
}

/// How input files are decoded (`encoding = "auto"` in an input's configuration).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecodeConfig {
    /// `"auto"` to detect each file's encoding, or a label that forces one: `utf-8`,
    /// `utf-16le`, `windows-874`, `tis-620`, `windows-1258`, `tcvn3`, `viscii`, `vni`, `viqr`,
    /// or any WHATWG label.
    #[serde(default = "auto")]
    pub encoding: String,
}

fn auto() -> String {
    "auto".into()
}

impl Default for DecodeConfig {
    fn default() -> Self {
        Self { encoding: auto() }
    }
}

impl DecodeConfig {
    /// Checks the configured label, so a bad one fails before any input is read.
    pub fn forced_encoding(&self) -> Result<Option<Encoding>, DecodeError> {
        if self.encoding.trim().eq_ignore_ascii_case("auto") {
            return Ok(None);
        }
        Encoding::from_label(&self.encoding)
            .map(Some)
            .ok_or_else(|| DecodeError::UnknownEncoding(self.encoding.clone()))
    }

    /// A UTF-8 reader over `inner` as configured.
    pub fn open<R: Read>(&self, inner: R) -> Result<DecodingReader<R>, DecodeError> {
        Ok(match self.forced_encoding()? {
            None => DecodingReader::new(inner)?,
            Some(encoding) => DecodingReader::with_encoding(inner, encoding)?,
        })
    }
}

impl Detection {
    /// What to add to every document's metadata from this file: `{"encoding": "<label>"}`.
    pub fn file_metadata(&self) -> Map<String, Value> {
        let mut metadata = Map::new();
        metadata.insert("encoding".into(), json!(self.encoding.label()));
        metadata
    }
}

/// `[[stage]] type = "repair_mojibake"`: no options.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MojibakeRepairConfig {}

/// Repairs mojibake in each document ([`repair_mojibake`]), records the repair as
/// `metadata.mojibake_repair` and counts it as `mojibake_repaired.<label>`. Never drops.
#[derive(Debug, Clone, Default)]
pub struct MojibakeRepairFilter;

impl MojibakeRepairFilter {
    pub fn new(_config: MojibakeRepairConfig) -> Self {
        Self
    }
}

impl DocumentFilter for MojibakeRepairFilter {
    fn name(&self) -> &str {
        "repair_mojibake"
    }

    fn apply(&self, mut doc: Document, counters: &mut BTreeMap<String, u64>) -> Verdict {
        if let Some((fixed, repair)) = repair_mojibake(&doc.text) {
            doc.text = fixed;
            doc.metadata
                .insert("mojibake_repair".into(), json!(repair.label()));
            *counters
                .entry(format!("mojibake_repaired.{}", repair.label()))
                .or_insert(0) += 1;
        }
        Verdict::Keep(doc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use padi_core::Source;

    #[test]
    fn config_parses_and_checks_labels() {
        let config: DecodeConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(config.forced_encoding().unwrap(), None);
        let config: DecodeConfig = serde_json::from_str(r#"{"encoding": "TIS-620"}"#).unwrap();
        assert_eq!(
            config.forced_encoding().unwrap(),
            Some(Encoding::Standard(encoding_rs::WINDOWS_874))
        );
        let config = DecodeConfig {
            encoding: "klingon".into(),
        };
        assert!(matches!(
            config.open(&b""[..]),
            Err(DecodeError::UnknownEncoding(_))
        ));
        assert!(serde_json::from_str::<DecodeConfig>(r#"{"encodnig": "x"}"#).is_err());
    }

    #[test]
    fn filter_repairs_and_records() {
        let source = Source {
            contribution: "c".into(),
            file: "f".into(),
            record: 0,
            line: None,
            byte_offset: None,
        };
        let doc = Document::new("1", "Tiáº¿ng Viá»‡t", source);
        let mut counters = BTreeMap::new();
        let Verdict::Keep(doc) = MojibakeRepairFilter.apply(doc, &mut counters) else {
            panic!("dropped");
        };
        assert_eq!(doc.text, "Tiếng Việt");
        assert_eq!(doc.metadata["mojibake_repair"], "utf8-as-cp1252");
        assert_eq!(counters["mojibake_repaired.utf8-as-cp1252"], 1);
        let Verdict::Keep(doc) = MojibakeRepairFilter.apply(doc, &mut counters) else {
            panic!("dropped");
        };
        assert_eq!(doc.text, "Tiếng Việt");
        assert_eq!(counters["mojibake_repaired.utf8-as-cp1252"], 1);
    }
}
