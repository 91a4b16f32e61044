//! The `pii` pipeline stage.

use std::collections::BTreeMap;

use padi_core::{Document, DocumentFilter, Verdict};

use crate::{PiiConfig, PiiConfigError, Redactor};

/// Redacts each document's text, records non-zero counts per type in `metadata["pii"]`
/// (`{"EMAIL": 2}`) and adds them to the counters `pii.EMAIL`, `pii.PHONE`, … Never drops.
#[derive(Debug, Clone, Default)]
pub struct PiiFilter {
    redactor: Redactor,
}

impl PiiFilter {
    pub fn new(config: &PiiConfig) -> Result<PiiFilter, PiiConfigError> {
        Ok(PiiFilter {
            redactor: Redactor::new(config)?,
        })
    }
}

impl DocumentFilter for PiiFilter {
    fn name(&self) -> &str {
        "pii"
    }

    fn apply(&self, mut doc: Document, counters: &mut BTreeMap<String, u64>) -> Verdict {
        let redacted = self.redactor.redact(&doc.text);
        if redacted.counts.is_empty() {
            return Verdict::Keep(doc);
        }
        for (pii_type, n) in redacted.counts.iter() {
            *counters
                .entry(format!("pii.{}", pii_type.name()))
                .or_insert(0) += n;
        }
        let counts = redacted.counts.to_json();
        doc.text = redacted.text.into_owned();
        doc.metadata.insert("pii".to_string(), counts.into());
        Verdict::Keep(doc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use padi_core::{FilterStage, Source, Stage};

    fn doc(i: u64, text: &str) -> Document {
        let source = Source {
            contribution: "c".into(),
            file: "f".into(),
            record: i,
            line: None,
            byte_offset: None,
        };
        Document::new(i.to_string(), text, source)
    }

    #[test]
    fn stage_redacts_counts_and_keeps_everything() {
        let batch = vec![
            doc(
                0,
                "Hubungi budi@contoh.co.id atau 0812-3456-7890, budi@contoh.co.id",
            ),
            doc(1, "Harga Rp 150.000 pada 12-03-2024"),
        ];
        let out = FilterStage(PiiFilter::default())
            .process(batch)
            .expect("process");
        assert!(out.dropped.is_empty());
        assert_eq!(out.kept[0].text, "Hubungi <EMAIL> atau <PHONE>, <EMAIL>");
        assert_eq!(
            out.kept[0].metadata["pii"],
            serde_json::json!({"EMAIL": 2, "PHONE": 1})
        );
        assert_eq!(out.kept[1].text, "Harga Rp 150.000 pada 12-03-2024");
        assert!(out.kept[1].metadata.get("pii").is_none());
        assert_eq!(out.counters["pii.EMAIL"], 2);
        assert_eq!(out.counters["pii.PHONE"], 1);
    }
}
