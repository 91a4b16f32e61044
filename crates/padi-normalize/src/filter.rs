//! The normalize pipeline stage.

use std::borrow::Cow;
use std::collections::BTreeMap;

use padi_core::{Document, DocumentFilter, DropReason, Verdict};
use serde_json::Value;

use crate::{NormalizeConfig, Normalizer};

/// Drop reason of documents with no text left after normalization.
pub const EMPTY_AFTER_NORMALIZE: &str = "empty_after_normalize";

/// Normalizes `doc.text`; records the non-zero rule counts in `doc.metadata["normalize"]`
/// and in the stage counters (`normalize.<rule>`); drops documents left empty (when
/// `drop_empty`). Run it with [`padi_core::FilterStage`].
#[derive(Debug, Clone)]
pub struct NormalizeFilter {
    normalizer: Normalizer,
}

impl NormalizeFilter {
    pub fn new(config: NormalizeConfig) -> Self {
        NormalizeFilter {
            normalizer: Normalizer::new(config),
        }
    }

    pub fn normalizer(&self) -> &Normalizer {
        &self.normalizer
    }
}

impl DocumentFilter for NormalizeFilter {
    fn name(&self) -> &str {
        "normalize"
    }

    fn apply(&self, mut doc: Document, counters: &mut BTreeMap<String, u64>) -> Verdict {
        let (text, changes) = self.normalizer.normalize_cow(&doc.text);
        let text = match text {
            Cow::Owned(changed) => Some(changed),
            Cow::Borrowed(_) => None,
        };
        for (name, count) in changes.iter().filter(|&(_, count)| count > 0) {
            *counters.entry(format!("normalize.{name}")).or_insert(0) += count;
        }
        if changes.any() {
            *counters
                .entry("normalize.documents_changed".to_string())
                .or_insert(0) += 1;
        }
        let summary = changes.to_json();
        if !summary.is_empty() {
            doc.metadata
                .insert("normalize".to_string(), Value::Object(summary));
        }
        if let Some(changed) = text {
            doc.text = changed;
        }
        if doc.text.is_empty() && self.normalizer.config().drop_empty {
            return Verdict::drop(doc, DropReason::new(EMPTY_AFTER_NORMALIZE));
        }
        Verdict::Keep(doc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use padi_core::{FilterStage, Source, Stage};

    fn doc(record: u64, text: &str) -> Document {
        let source = Source {
            contribution: "t".into(),
            file: "f.txt".into(),
            record,
            line: None,
            byte_offset: None,
        };
        Document::new(record.to_string(), text, source)
    }

    #[test]
    fn stage_normalizes_counts_and_drops_empty() {
        let batch = vec![
            doc(0, "ខែ្មរ\r\n"),
            doc(1, " \u{FEFF}\u{200B} "),
            doc(2, "clean text"),
        ];
        let mut stage = FilterStage(NormalizeFilter::new(NormalizeConfig::default()));
        let out = stage.process(batch).expect("process");
        assert_eq!(out.kept.len(), 2);
        assert_eq!(out.kept[0].text, "ខ្មែរ");
        assert_eq!(out.kept[0].metadata["normalize"]["khmer_reordered"], 1);
        assert_eq!(out.kept[0].metadata["normalize"]["edges_trimmed"], 1);
        assert!(out.kept[1].metadata.is_empty());
        assert_eq!(out.dropped.len(), 1);
        assert_eq!(out.dropped[0].reason.code, EMPTY_AFTER_NORMALIZE);
        assert_eq!(out.counters["normalize.khmer_reordered"], 1);
        assert_eq!(out.counters["normalize.bom_removed"], 1);
        assert_eq!(out.counters["normalize.documents_changed"], 2);
    }

    #[test]
    fn empty_documents_are_kept_when_asked() {
        let config = NormalizeConfig {
            drop_empty: false,
            ..NormalizeConfig::default()
        };
        let filter = NormalizeFilter::new(config);
        let verdict = filter.apply(doc(0, "\u{0}"), &mut BTreeMap::new());
        assert!(matches!(verdict, Verdict::Keep(d) if d.text.is_empty()));
    }
}
