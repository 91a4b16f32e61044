//! Evaluation on labelled text: per-label precision, recall, F1 and false-positive rate,
//! macro averages, and the most frequent confusions.

use std::collections::BTreeMap;
use std::fmt;

use rayon::prelude::*;
use serde::Serialize;

use crate::identify::LanguageIdentifier;

/// How many confusions a report keeps.
const MAX_CONFUSIONS: usize = 15;

/// Scores of one gold label.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LabelMetrics {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// False-positive rate: texts of other labels predicted as this one, over all texts of
    /// other labels.
    pub fpr: f64,
    /// Texts with this gold label.
    pub support: u64,
}

/// Texts of `gold` predicted as `predicted`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Confusion {
    pub gold: String,
    pub predicted: String,
    pub count: u64,
}

/// The result of an evaluation. Macro averages are over the gold labels (labels that only
/// occur as predictions show up in `confusions`, not in `languages`).
#[derive(Debug, Clone, PartialEq)]
pub struct EvalReport {
    pub languages: BTreeMap<String, LabelMetrics>,
    pub macro_precision: f64,
    pub macro_recall: f64,
    pub macro_f1: f64,
    pub macro_fpr: f64,
    pub accuracy: f64,
    pub total: u64,
    /// Most frequent (gold, predicted) errors, most frequent first.
    pub confusions: Vec<Confusion>,
}

/// Split an evaluation line `label<TAB>text`; `fil` (GlotLID's name for Tagalog) is read as
/// `tgl`. `None` for lines without a tab or with an empty label.
pub fn parse_eval_line(line: &str) -> Option<(String, &str)> {
    let (label, text) = line.split_once('\t')?;
    let label = label.trim();
    if label.is_empty() {
        return None;
    }
    let label = match label.strip_prefix("fil_") {
        Some(script) => format!("tgl_{script}"),
        None => label.to_string(),
    };
    Some((label, text.trim_end_matches(['\n', '\r'])))
}

fn ratio(num: u64, den: u64) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

impl EvalReport {
    /// Score (gold, predicted) label pairs.
    pub fn from_pairs<G: AsRef<str>, P: AsRef<str>>(
        pairs: impl IntoIterator<Item = (G, P)>,
    ) -> EvalReport {
        let mut matrix: BTreeMap<(String, String), u64> = BTreeMap::new();
        let mut support: BTreeMap<String, u64> = BTreeMap::new();
        let mut predicted: BTreeMap<String, u64> = BTreeMap::new();
        let mut total = 0;
        for (gold, pred) in pairs {
            let (gold, pred) = (gold.as_ref(), pred.as_ref());
            *matrix.entry((gold.into(), pred.into())).or_insert(0) += 1;
            *support.entry(gold.into()).or_insert(0) += 1;
            *predicted.entry(pred.into()).or_insert(0) += 1;
            total += 1;
        }
        let mut languages = BTreeMap::new();
        let mut correct = 0;
        for (label, &n) in &support {
            let tp = matrix
                .get(&(label.clone(), label.clone()))
                .copied()
                .unwrap_or(0);
            correct += tp;
            let fp = predicted.get(label).copied().unwrap_or(0) - tp;
            let precision = ratio(tp, tp + fp);
            let recall = ratio(tp, n);
            let f1 = if precision + recall == 0.0 {
                0.0
            } else {
                2.0 * precision * recall / (precision + recall)
            };
            languages.insert(
                label.clone(),
                LabelMetrics {
                    precision,
                    recall,
                    f1,
                    fpr: ratio(fp, total - n),
                    support: n,
                },
            );
        }
        let mean = |f: fn(&LabelMetrics) -> f64| {
            if languages.is_empty() {
                0.0
            } else {
                languages.values().map(f).sum::<f64>() / languages.len() as f64
            }
        };
        let mut confusions: Vec<Confusion> = matrix
            .into_iter()
            .filter(|((g, p), _)| g != p)
            .map(|((gold, predicted), count)| Confusion {
                gold,
                predicted,
                count,
            })
            .collect();
        // Stable sort on a BTreeMap order: ties stay sorted by (gold, predicted).
        confusions.sort_by_key(|c| std::cmp::Reverse(c.count));
        confusions.truncate(MAX_CONFUSIONS);
        EvalReport {
            macro_precision: mean(|m| m.precision),
            macro_recall: mean(|m| m.recall),
            macro_f1: mean(|m| m.f1),
            macro_fpr: mean(|m| m.fpr),
            accuracy: ratio(correct, total),
            total,
            languages,
            confusions,
        }
    }

    /// `{"macro_f1": …, "languages": {"zsm_Latn": {"precision": …, "recall": …, "f1": …,
    /// "fpr": …, "support": …}, …}}`
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Json<'a> {
            macro_f1: f64,
            languages: &'a BTreeMap<String, LabelMetrics>,
        }
        let json = Json {
            macro_f1: self.macro_f1,
            languages: &self.languages,
        };
        // Plain structs of numbers and strings always serialize.
        serde_json::to_string(&json).unwrap_or_else(|e| unreachable!("{e}"))
    }
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<10} {:>9} {:>9} {:>9} {:>9} {:>8}",
            "label", "precision", "recall", "f1", "fpr", "support"
        )?;
        for (label, m) in &self.languages {
            writeln!(
                f,
                "{label:<10} {:>9.4} {:>9.4} {:>9.4} {:>9.5} {:>8}",
                m.precision, m.recall, m.f1, m.fpr, m.support
            )?;
        }
        writeln!(
            f,
            "{:<10} {:>9.4} {:>9.4} {:>9.4} {:>9.5} {:>8}",
            "macro",
            self.macro_precision,
            self.macro_recall,
            self.macro_f1,
            self.macro_fpr,
            self.total
        )?;
        writeln!(f, "accuracy {:.4} over {} texts", self.accuracy, self.total)?;
        if !self.confusions.is_empty() {
            writeln!(f, "worst confusions (gold -> predicted: count):")?;
            for c in &self.confusions {
                writeln!(f, "  {} -> {}: {}", c.gold, c.predicted, c.count)?;
            }
        }
        Ok(())
    }
}

impl LanguageIdentifier {
    /// Identify every text and score the predictions against the gold labels.
    pub fn evaluate<L, T>(&self, pairs: impl IntoIterator<Item = (L, T)>) -> EvalReport
    where
        L: AsRef<str> + Send + Sync,
        T: AsRef<str> + Send + Sync,
    {
        let pairs: Vec<(L, T)> = pairs.into_iter().collect();
        let predicted: Vec<String> = pairs
            .par_iter()
            .map(|(_, text)| self.identify(text.as_ref()).label)
            .collect();
        EvalReport::from_pairs(pairs.iter().map(|(gold, _)| gold.as_ref()).zip(predicted))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_of_a_small_confusion() {
        let pairs = [
            ("ind_Latn", "ind_Latn"),
            ("ind_Latn", "zsm_Latn"),
            ("zsm_Latn", "zsm_Latn"),
            ("zsm_Latn", "zsm_Latn"),
            ("tha_Thai", "und"),
        ];
        let r = EvalReport::from_pairs(pairs);
        let ind = &r.languages["ind_Latn"];
        assert_eq!((ind.precision, ind.recall, ind.support), (1.0, 0.5, 2));
        assert_eq!(ind.fpr, 0.0);
        let zsm = &r.languages["zsm_Latn"];
        assert!((zsm.precision - 2.0 / 3.0).abs() < 1e-12);
        assert!((zsm.fpr - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(r.languages["tha_Thai"].f1, 0.0);
        assert!(!r.languages.contains_key("und"));
        assert_eq!(r.accuracy, 0.6);
        assert_eq!(r.confusions.len(), 2);
        assert_eq!(r.confusions[0].count, 1);
        let json: serde_json::Value = serde_json::from_str(&r.to_json()).expect("json");
        assert_eq!(json["languages"]["ind_Latn"]["support"], 2);
        assert!(json["macro_f1"].as_f64().is_some());
        assert!(r.to_string().contains("ind_Latn -> zsm_Latn: 1"));
    }

    #[test]
    fn eval_lines_parse_with_alias() {
        assert_eq!(
            parse_eval_line("fil_Latn\tKumusta ka?\r"),
            Some(("tgl_Latn".to_string(), "Kumusta ka?"))
        );
        assert_eq!(parse_eval_line("no tab"), None);
        assert_eq!(parse_eval_line("\ttext"), None);
    }
}
