use std::fmt;
use std::sync::Arc;

use padi_core::{document_id, Document, Source};
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::{Map, Value};

use crate::quarantine::excerpt;
use crate::{QuarantineEntry, QuarantineReason};

/// What every record of one file shares: where it is from and how to read its fields.
#[derive(Debug, Clone, PartialEq)]
pub struct FileContext {
    pub contribution: String,
    pub file: String,
    pub text_field: String,
    pub id_field: Option<String>,
    pub keep_fields: Vec<String>,
    /// Added to every document's metadata (e.g. the detected encoding of the file).
    pub file_metadata: Map<String, Value>,
}

/// The bytes of one record, before decoding.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// A JSON object on one line.
    Json(Vec<u8>),
    /// Plain text.
    Text(Vec<u8>),
    /// Fields of a CSV/TSV row, already picked out by column.
    Row {
        text: Vec<u8>,
        id: Option<Vec<u8>>,
        kept: Vec<(String, Vec<u8>)>,
    },
}

/// One record as read, with its exact place in the input.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRecord {
    pub context: Arc<FileContext>,
    pub record: u64,
    pub line: Option<u64>,
    pub byte_offset: Option<u64>,
    pub payload: Payload,
}

/// What a reader yields: a record, or something set aside with the reason.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Record(RawRecord),
    Quarantine(QuarantineEntry),
}

impl Item {
    /// Bytes of input this item stands for (for batch sizing and statistics).
    pub fn payload_len(&self) -> usize {
        match self {
            Item::Record(r) => match &r.payload {
                Payload::Json(b) | Payload::Text(b) => b.len(),
                Payload::Row { text, .. } => text.len(),
            },
            Item::Quarantine(_) => 0,
        }
    }
}

impl RawRecord {
    /// Decode the record into a document, or say why it cannot be one.
    pub fn into_document(self) -> Result<Document, Box<QuarantineEntry>> {
        let ctx = Arc::clone(&self.context);
        let Decoded { text, id, metadata } = match &self.payload {
            Payload::Text(bytes) => Decoded {
                text: self.utf8(bytes)?.to_string(),
                id: None,
                metadata: Map::new(),
            },
            Payload::Json(bytes) => {
                self.utf8(bytes)?;
                self.parse_json(bytes)?
            }
            Payload::Row { text, id, kept } => {
                let text = self.utf8(text)?.to_string();
                let id = id
                    .as_deref()
                    .map(|b| self.utf8(b))
                    .transpose()?
                    .map(str::to_string);
                let mut metadata = Map::new();
                for (name, value) in kept {
                    metadata.insert(name.clone(), Value::String(self.utf8(value)?.to_string()));
                }
                Decoded { text, id, metadata }
            }
        };
        let id = match id {
            Some(id) if !id.is_empty() => id,
            Some(_) => {
                return Err(self.quarantine(
                    QuarantineReason::InvalidField,
                    "the id field is empty".to_string(),
                ))
            }
            None => document_id(&ctx.contribution, &ctx.file, self.record),
        };
        let source = Source {
            contribution: ctx.contribution.clone(),
            file: ctx.file.clone(),
            record: self.record,
            line: self.line,
            byte_offset: self.byte_offset,
        };
        let mut doc = Document::new(id, text, source);
        doc.metadata = metadata;
        for (k, v) in &ctx.file_metadata {
            doc.metadata.entry(k.clone()).or_insert_with(|| v.clone());
        }
        Ok(doc)
    }

    /// The quarantine entry for this record.
    pub fn quarantine(&self, reason: QuarantineReason, message: String) -> Box<QuarantineEntry> {
        let bytes: &[u8] = match &self.payload {
            Payload::Json(b) | Payload::Text(b) => b,
            Payload::Row { text, .. } => text,
        };
        Box::new(QuarantineEntry {
            contribution: self.context.contribution.clone(),
            file: self.context.file.clone(),
            line: self.line,
            record: Some(self.record),
            byte_offset: self.byte_offset,
            reason,
            message,
            excerpt: excerpt(bytes),
        })
    }

    fn utf8<'b>(&self, bytes: &'b [u8]) -> Result<&'b str, Box<QuarantineEntry>> {
        match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s),
            Err(e) => Err(self.quarantine(
                QuarantineReason::InvalidUtf8,
                format!(
                    "invalid UTF-8 at byte {} of the record; if the whole file is in another encoding, convert it or let the decoder detect it",
                    e.valid_up_to()
                ),
            )),
        }
    }

    fn parse_json(&self, bytes: &[u8]) -> Result<Decoded, Box<QuarantineEntry>> {
        let ctx = &self.context;
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let fields = FieldsSeed { ctx }
            .deserialize(&mut de)
            .and_then(|f| de.end().map(|()| f))
            .map_err(|e| {
                let hint = if bytes.trim_ascii_start().starts_with(b"[") {
                    "; this looks like a JSON array, not JSON Lines (one object per line): convert it, e.g. with `jq -c '.[]'`"
                } else {
                    ""
                };
                let reason = if e.is_data() {
                    QuarantineReason::NotAnObject
                } else {
                    QuarantineReason::InvalidJson
                };
                self.quarantine(reason, format!("expected one JSON object per line: {e}{hint}"))
            })?;
        let text = match fields.text {
            Some(Value::String(s)) => s,
            Some(other) => {
                return Err(self.quarantine(
                    QuarantineReason::MissingTextField,
                    format!(
                        "field `{}` is {}, not a string",
                        ctx.text_field,
                        json_kind(&other)
                    ),
                ))
            }
            None => {
                return Err(self.quarantine(
                    QuarantineReason::MissingTextField,
                    format!(
                        "no field `{}`; set `text_field` in the [[input]] table",
                        ctx.text_field
                    ),
                ))
            }
        };
        let id = match fields.id {
            None => None,
            Some(Value::String(s)) => Some(s),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(other) => {
                return Err(self.quarantine(
                    QuarantineReason::InvalidField,
                    format!(
                        "id field `{}` is {}, not a string or number",
                        ctx.id_field.as_deref().unwrap_or_default(),
                        json_kind(&other)
                    ),
                ))
            }
        };
        Ok(Decoded {
            text,
            id,
            metadata: fields.kept,
        })
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A record's text, id and kept fields, decoded.
struct Decoded {
    text: String,
    id: Option<String>,
    metadata: Map<String, Value>,
}

/// The fields of a JSON record padi cares about; everything else is skipped unparsed.
struct Fields {
    text: Option<Value>,
    id: Option<Value>,
    kept: Map<String, Value>,
}

struct FieldsSeed<'a> {
    ctx: &'a FileContext,
}

impl<'de> DeserializeSeed<'de> for FieldsSeed<'_> {
    type Value = Fields;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Fields, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FieldsSeed<'_> {
    type Value = Fields;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
        let mut fields = Fields {
            text: None,
            id: None,
            kept: Map::new(),
        };
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if *key == *self.ctx.text_field {
                fields.text = Some(map.next_value()?);
            } else if self.ctx.id_field.as_deref() == Some(&*key) {
                fields.id = Some(map.next_value()?);
            } else if self.ctx.keep_fields.iter().any(|k| *k == *key) {
                fields.kept.insert(key.into_owned(), map.next_value()?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(payload: Payload) -> RawRecord {
        RawRecord {
            context: Arc::new(FileContext {
                contribution: "c".into(),
                file: "f.jsonl".into(),
                text_field: "text".into(),
                id_field: Some("id".into()),
                keep_fields: vec!["url".into()],
                file_metadata: Map::new(),
            }),
            record: 7,
            line: Some(8),
            byte_offset: Some(100),
            payload,
        }
    }

    fn json(s: &str) -> Result<Document, Box<QuarantineEntry>> {
        record(Payload::Json(s.as_bytes().to_vec())).into_document()
    }

    #[test]
    fn json_records_pick_text_id_and_kept_fields() {
        let doc =
            json(r#"{"id": 42, "text": "ຂ້ອຍ\u200bຮັກ", "url": "https://x", "other": [1,{"a":2}]}"#)
                .expect("doc");
        assert_eq!(doc.id, "42");
        assert_eq!(doc.text, "ຂ້ອຍ\u{200b}ຮັກ");
        assert_eq!(doc.metadata["url"], "https://x");
        assert!(!doc.metadata.contains_key("other"));
        assert_eq!(doc.source.line, Some(8));
    }

    #[test]
    fn missing_id_is_derived_from_the_location() {
        let doc = json(r#"{"text": "x"}"#).expect("doc");
        assert_eq!(doc.id, document_id("c", "f.jsonl", 7));
    }

    #[test]
    fn bad_records_are_quarantined_with_a_reason() {
        let cases: [(&[u8], QuarantineReason); 8] = [
            (b"{\"text\": \"abc", QuarantineReason::InvalidJson),
            (
                b"[{\"text\": \"a\"}, {\"text\": \"b\"}]",
                QuarantineReason::NotAnObject,
            ),
            (b"[{\"text\": \"a\"},", QuarantineReason::NotAnObject),
            (b"{\"body\": \"a\"}", QuarantineReason::MissingTextField),
            (b"{\"text\": null}", QuarantineReason::MissingTextField),
            (
                b"{\"text\": \"a\", \"id\": [1]}",
                QuarantineReason::InvalidField,
            ),
            (b"{\"text\": \"\xff\xfe\"}", QuarantineReason::InvalidUtf8),
            (b"{\"text\": \"a\"} trailing", QuarantineReason::InvalidJson),
        ];
        for (input, reason) in cases {
            let err = record(Payload::Json(input.to_vec()))
                .into_document()
                .expect_err("must fail");
            assert_eq!(
                err.reason,
                reason,
                "{}: {}",
                String::from_utf8_lossy(input),
                err.message
            );
            assert_eq!(err.line, Some(8));
            assert_eq!(err.file, "f.jsonl");
        }
        let err = json("[{\"text\": \"a\"},").expect_err("array");
        assert!(err.message.contains("JSON array"), "{}", err.message);
    }

    #[test]
    fn text_and_rows() {
        let doc = record(Payload::Text("ភាសាខ្មែរ".as_bytes().to_vec()))
            .into_document()
            .expect("text");
        assert_eq!(doc.text, "ភាសាខ្មែរ");
        let doc = record(Payload::Row {
            text: b"hello".to_vec(),
            id: Some(b"r1".to_vec()),
            kept: vec![("url".into(), b"u".to_vec())],
        })
        .into_document()
        .expect("row");
        assert_eq!(
            (doc.id.as_str(), doc.metadata["url"].as_str()),
            ("r1", Some("u"))
        );
    }
}
