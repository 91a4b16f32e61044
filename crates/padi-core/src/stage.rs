use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

use crate::Document;

/// Documents handed to a stage together, in input order.
pub type Batch = Vec<Document>;

/// Why a stage dropped a document: a short stable code (`too_short`, `exact_duplicate`) that
/// statistics group by, and an optional structured detail for people and removal files
/// (`{"chars": 12, "min": 50}`, `{"duplicate_of": "…"}`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DropReason {
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<Value>,
}

impl DropReason {
    pub fn new(code: impl Into<String>) -> Self {
        DropReason {
            code: code.into(),
            detail: None,
        }
    }

    pub fn with_detail(mut self, detail: Value) -> Self {
        self.detail = Some(detail);
        self
    }
}

/// A document a stage removed, with the reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Dropped {
    pub document: Document,
    pub reason: DropReason,
}

/// What a per-document filter decides.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Keep(Document),
    Drop(Dropped),
}

impl Verdict {
    pub fn drop(document: Document, reason: DropReason) -> Self {
        Verdict::Drop(Dropped { document, reason })
    }
}

/// What a stage returns for a batch. `kept` must preserve the input order of the documents it
/// keeps; the engine relies on it for deterministic output.
#[derive(Debug, Default)]
pub struct StageOutput {
    pub kept: Vec<Document>,
    pub dropped: Vec<Dropped>,
    /// Stage-specific counts (rules fired, PII found, …), summed into the run statistics.
    pub counters: BTreeMap<String, u64>,
}

impl StageOutput {
    fn push(&mut self, verdict: Verdict) {
        match verdict {
            Verdict::Keep(doc) => self.kept.push(doc),
            Verdict::Drop(dropped) => self.dropped.push(dropped),
        }
    }
}

/// An error that stops the run (an index that cannot be written, a model that cannot be
/// loaded). Bad *records* are never stage errors: they are dropped with a reason.
#[derive(Debug, thiserror::Error)]
#[error("stage `{stage}`: {message}")]
pub struct StageError {
    pub stage: String,
    pub message: String,
}

/// A pipeline stage. Stages run one after another on each batch; a stage may use rayon inside
/// `process` (the engine runs it in a pool sized by `--threads`).
///
/// Contract: for the same sequence of batches a stage returns the same outputs, whatever the
/// thread count. Batch boundaries are deterministic (they depend only on the input), but a
/// stage should not depend on them either.
pub trait Stage: Send {
    /// The stage's type name as written in pipeline files.
    fn name(&self) -> &str;

    fn process(&mut self, batch: Batch) -> Result<StageOutput, StageError>;

    /// Called once after the last batch. Stages that hold documents back return them here.
    fn finish(&mut self) -> Result<StageOutput, StageError> {
        Ok(StageOutput::default())
    }
}

/// A stateless per-document decision; [`FilterStage`] runs it over a batch in parallel.
pub trait DocumentFilter: Send + Sync {
    fn name(&self) -> &str;

    /// Decide on one document, counting what was done in `counters`.
    fn apply(&self, doc: Document, counters: &mut BTreeMap<String, u64>) -> Verdict;
}

/// Runs a [`DocumentFilter`] over each batch with rayon, keeping input order.
pub struct FilterStage<F>(pub F);

impl<F: DocumentFilter> Stage for FilterStage<F> {
    fn name(&self) -> &str {
        self.0.name()
    }

    fn process(&mut self, batch: Batch) -> Result<StageOutput, StageError> {
        let filter = &self.0;
        let results: Vec<(Verdict, BTreeMap<String, u64>)> = batch
            .into_par_iter()
            .map(|doc| {
                let mut counters = BTreeMap::new();
                let verdict = filter.apply(doc, &mut counters);
                (verdict, counters)
            })
            .collect();
        let mut out = StageOutput::default();
        for (verdict, counters) in results {
            out.push(verdict);
            for (k, v) in counters {
                *out.counters.entry(k).or_insert(0) += v;
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Source;

    struct ShortFilter;

    impl DocumentFilter for ShortFilter {
        fn name(&self) -> &str {
            "short"
        }
        fn apply(&self, doc: Document, counters: &mut BTreeMap<String, u64>) -> Verdict {
            *counters.entry("seen".into()).or_insert(0) += 1;
            if doc.text.chars().count() < 3 {
                Verdict::drop(doc, DropReason::new("too_short"))
            } else {
                Verdict::Keep(doc)
            }
        }
    }

    #[test]
    fn filter_stage_keeps_order_and_sums_counters() {
        let batch: Batch = (0..1000)
            .map(|i| {
                let text = if i % 7 == 0 {
                    "x".to_string()
                } else {
                    format!("doc {i}")
                };
                let source = Source {
                    contribution: "t".into(),
                    file: "f".into(),
                    record: i,
                    line: None,
                    byte_offset: None,
                };
                Document::new(i.to_string(), text, source)
            })
            .collect();
        let out = FilterStage(ShortFilter).process(batch).expect("process");
        assert_eq!(out.kept.len() + out.dropped.len(), 1000);
        assert_eq!(out.dropped.len(), 143);
        assert_eq!(out.counters["seen"], 1000);
        let ids: Vec<u64> = out.kept.iter().map(|d| d.source.record).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
    }
}
