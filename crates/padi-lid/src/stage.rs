//! The `lid` pipeline stage.

use std::collections::BTreeMap;
use std::sync::Arc;

use padi_core::{Batch, Document, Stage, StageError, StageOutput};
use rayon::prelude::*;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::identify::{DocumentPrediction, LanguageIdentifier, Prediction, UND};

/// What to do with a document that mixes languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum MixedPolicy {
    /// Keep it whole, labelled with its main language.
    #[default]
    Keep,
    /// Split it into one document per language (lines in their original order).
    Split,
}

/// Keys of a `[[stage]] type = "lid"` table in a pipeline file.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct LidConfig {
    /// Confidence below which a document is labelled `und` (it is kept; filters decide).
    pub min_confidence: f32,
    /// Per-label thresholds overriding `min_confidence`, e.g. `{ tha_Thai = 0.9 }`.
    pub thresholds: BTreeMap<String, f32>,
    /// `keep` or `split` documents that switch between languages.
    pub mixed: MixedPolicy,
}

impl Default for LidConfig {
    fn default() -> Self {
        LidConfig {
            min_confidence: 0.5,
            thresholds: BTreeMap::new(),
            mixed: MixedPolicy::Keep,
        }
    }
}

impl LidConfig {
    /// The threshold that applies to `label`.
    pub fn threshold(&self, label: &str) -> f32 {
        self.thresholds
            .get(label)
            .copied()
            .unwrap_or(self.min_confidence)
    }

    /// `und` when the prediction is below its label's threshold.
    fn apply(&self, prediction: &Prediction) -> (String, f32) {
        if prediction.is_und() || prediction.confidence < self.threshold(&prediction.label) {
            (UND.to_string(), prediction.confidence)
        } else {
            (prediction.label.clone(), prediction.confidence)
        }
    }
}

/// Sets `lang`, `script`, `lang_confidence` and `metadata["lid"]` (`shares`,
/// `code_switching`) on every document; counts output labels as `lid.<label>`. With
/// `mixed = "split"` a code-switching document becomes one document per language, with id
/// `<parent id>.<part index>` and `metadata["lid"]["parent"]`.
pub struct LidStage {
    identifier: Arc<LanguageIdentifier>,
    config: LidConfig,
}

impl LidStage {
    pub fn new(identifier: Arc<LanguageIdentifier>, config: LidConfig) -> Self {
        LidStage { identifier, config }
    }

    /// With the committed default model.
    pub fn with_default_model(config: LidConfig) -> Result<Self, StageError> {
        let identifier = LanguageIdentifier::load_default().map_err(|e| StageError {
            stage: "lid".into(),
            message: e.to_string(),
        })?;
        Ok(Self::new(Arc::new(identifier), config))
    }

    fn annotate(&self, doc: Document) -> Vec<Document> {
        let result = self.identifier.identify_document(&doc.text);
        if result.code_switching && self.config.mixed == MixedPolicy::Split {
            self.split(doc, &result)
        } else {
            vec![self.label(doc, &result.prediction, &result)]
        }
    }

    fn label(&self, mut doc: Document, main: &Prediction, result: &DocumentPrediction) -> Document {
        let (label, confidence) = self.config.apply(main);
        doc.lang = Some(label);
        doc.script = Some(main.script.to_string());
        doc.lang_confidence = Some(confidence);
        let shares: Map<String, Value> = result
            .shares
            .iter()
            .map(|(l, s)| (l.clone(), json!(s)))
            .collect();
        doc.metadata.insert(
            "lid".into(),
            json!({ "shares": shares, "code_switching": result.code_switching }),
        );
        doc
    }

    /// One document per language, in order of first appearance. Lines without letters go
    /// with the language before them (the first language for leading ones).
    fn split(&self, doc: Document, result: &DocumentPrediction) -> Vec<Document> {
        let mut parts: Vec<(Prediction, Vec<&str>)> = Vec::new();
        let mut current: Option<usize> = None;
        let mut pending: Vec<&str> = Vec::new();
        for line in &result.lines {
            let text = &doc.text[line.start..line.end];
            if line.letters == 0 {
                match current {
                    Some(i) => parts[i].1.push(text),
                    None => pending.push(text),
                }
                continue;
            }
            let (label, _) = self.config.apply(&line.prediction);
            let i = match parts
                .iter()
                .position(|(p, _)| self.config.apply(p).0 == label)
            {
                Some(i) => i,
                None => {
                    parts.push((line.prediction.clone(), Vec::new()));
                    parts.len() - 1
                }
            };
            if current.is_none() {
                parts[i].1.append(&mut pending);
            }
            parts[i].1.push(text);
            current = Some(i);
        }
        parts
            .into_iter()
            .enumerate()
            .map(|(index, (prediction, lines))| {
                let mut part = doc.clone();
                part.id = format!("{}.{index}", doc.id);
                part.text = lines.join("\n");
                let part_result = self.identifier.identify_document(&part.text);
                let mut part = self.label(part, &prediction, &part_result);
                if let Some(Value::Object(lid)) = part.metadata.get_mut("lid") {
                    lid.insert("parent".into(), json!(doc.id));
                    lid.insert("part".into(), json!(index));
                }
                part
            })
            .collect()
    }
}

impl Stage for LidStage {
    fn name(&self) -> &str {
        "lid"
    }

    fn process(&mut self, batch: Batch) -> Result<StageOutput, StageError> {
        let annotated: Vec<Vec<Document>> = batch
            .into_par_iter()
            .map(|doc| self.annotate(doc))
            .collect();
        let mut out = StageOutput::default();
        for docs in annotated {
            if docs.len() > 1 {
                *out.counters
                    .entry("lid.split_documents".into())
                    .or_insert(0) += 1;
            }
            for doc in docs {
                let label = doc.lang.as_deref().unwrap_or(UND);
                *out.counters.entry(format!("lid.{label}")).or_insert(0) += 1;
                out.kept.push(doc);
            }
        }
        Ok(out)
    }
}
