//! Detection: script first, then the family's model, with whatlang for the large languages
//! outside padi's label set.

use std::cell::RefCell;

use crate::features::FeatureExtractor;
use crate::han_forms;
use crate::lexicon;
use crate::model::{FamilyModel, Model, ModelError};
use crate::script::{Script, ScriptCounts};

/// The committed default model (see the crate README for the command that rebuilds it).
static DEFAULT_MODEL: &[u8] = include_bytes!("../model/lid.bin");

/// Label for text with no language evidence.
pub const UND: &str = "und";
/// Script reported with [`UND`] when the text has no letters (ISO 15924 "Common").
const NO_SCRIPT: &str = "Zyyy";

/// Below this confidence, a Latin-script prediction is checked against whatlang.
const LATIN_WHATLANG_GATE: f32 = 0.9;
/// Our Latin labels that stand for large languages; when the model picks one of them, the
/// text may be another large language it never saw (Italian, Catalan, …), so whatlang
/// checks unless the model is nearly certain.
const LATIN_DISTRACTORS: [&str; 3] = ["eng_Latn", "spa_Latn", "por_Latn"];
const LATIN_DISTRACTOR_GATE: f32 = 0.99;
/// Letters used in Jawi (Malay-family Arabic script) but not in Arabic, Persian or Urdu.
const JAWI_LETTERS: [char; 6] = [
    '\u{06A0}', '\u{06A4}', '\u{06AC}', '\u{06BD}', '\u{06CF}', '\u{0762}',
];
/// Scripts without training text whose every text is, in practice, one language.
const SINGLE_LANGUAGE_SCRIPTS: [(Script, &str); 2] = [
    (Script::Balinese, "ban_Bali"),
    (Script::Buginese, "bug_Bugi"),
];
/// Only this much of a long text is classified: evidence saturates long before, and feature
/// buffers stay bounded whatever the document size.
const MAX_CLASSIFIED_BYTES: usize = 64 * 1024;

/// The longest prefix of `text` of at most `max` bytes that ends on a character boundary.
fn head(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Confidence given to a label decided by its script alone when no model covers it.
const SCRIPT_ONLY_CONFIDENCE: f32 = 0.9;

/// A language label with its script and a calibrated confidence in [0, 1].
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// FLORES-style label (`zsm_Latn`), or [`UND`].
    pub label: String,
    /// ISO 15924 script code (`Latn`, `Hans`, …; `Zyyy` when the text has no letters).
    pub script: &'static str,
    /// Probability that `label` is right; 0 for [`UND`].
    pub confidence: f32,
}

impl Prediction {
    fn undetermined() -> Self {
        Prediction {
            label: UND.to_string(),
            script: NO_SCRIPT,
            confidence: 0.0,
        }
    }

    fn new(label: &str, confidence: f32, fallback_script: Script) -> Self {
        Prediction {
            label: label.to_string(),
            script: script_of_label(label).unwrap_or(fallback_script.code()),
            confidence: confidence.clamp(0.0, 1.0),
        }
    }

    pub fn is_und(&self) -> bool {
        self.label == UND
    }
}

/// The `'static` ISO 15924 code of a label's script subtag, when it is one we know.
fn script_of_label(label: &str) -> Option<&'static str> {
    const EXTRA: [&str; 4] = ["Hans", "Hant", "Jpan", "Kore"];
    let (_, subtag) = label.rsplit_once('_')?;
    EXTRA
        .into_iter()
        .chain(crate::script::ALL_SCRIPTS.iter().map(|s| s.code()))
        .find(|&code| code == subtag)
}

/// Line-level result inside a document.
#[derive(Debug, Clone, PartialEq)]
pub struct LinePrediction {
    /// Byte range of the line in the document text (without its line break).
    pub start: usize,
    pub end: usize,
    pub prediction: Prediction,
    /// Letters in the line: the line's weight in the shares.
    pub letters: u32,
}

/// Document-level result: the main language, the share of each language, and whether the
/// document switches between languages.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentPrediction {
    pub prediction: Prediction,
    /// Share of the document's letters per label, largest first (ties by label). Lines whose
    /// confidence is below [`LINE_MIN_CONFIDENCE`] count as [`UND`].
    pub shares: Vec<(String, f32)>,
    /// At least two languages (not [`UND`]) each hold [`CODE_SWITCH_MIN_SHARE`] of the letters.
    pub code_switching: bool,
    pub lines: Vec<LinePrediction>,
}

/// A line needs this confidence to count for its label in the shares.
pub const LINE_MIN_CONFIDENCE: f32 = 0.5;
/// Share a second language needs for a document to count as code-switching.
pub const CODE_SWITCH_MIN_SHARE: f32 = 0.1;

thread_local! {
    static SCRATCH: RefCell<(FeatureExtractor, Vec<f32>)> = RefCell::default();
}

/// Language identifier: a loaded model plus the rules around it. Cheap to share between
/// threads (`&self` methods; per-thread scratch buffers).
#[derive(Debug, Clone)]
pub struct LanguageIdentifier {
    model: Model,
}

impl LanguageIdentifier {
    /// The model committed in `crates/padi-lid/model/lid.bin`.
    pub fn load_default() -> Result<Self, ModelError> {
        Self::from_bytes(DEFAULT_MODEL)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        Model::from_bytes(bytes).map(Self::from_model)
    }

    pub fn from_model(model: Model) -> Self {
        LanguageIdentifier { model }
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// Identify the language of a text (best on a sentence or more).
    pub fn identify(&self, text: &str) -> Prediction {
        let counts = ScriptCounts::of(text);
        let Some(script) = counts.dominant() else {
            return Prediction::undetermined();
        };
        let Some(family) = self.model.family(script.family()) else {
            return self.identify_unmodelled(text, script);
        };
        let (label, confidence) = classify(family, head(text, MAX_CLASSIFIED_BYTES));
        let consult_whatlang = match script {
            Script::Latin => {
                confidence < LATIN_WHATLANG_GATE
                    || (confidence < LATIN_DISTRACTOR_GATE && LATIN_DISTRACTORS.contains(&label))
            }
            Script::Arabic => !text.chars().any(|c| JAWI_LETTERS.contains(&c)),
            Script::Devanagari => true,
            _ => false,
        };
        if consult_whatlang {
            if let Some(other) = whatlang_uncovered(text, script, family) {
                return other;
            }
        }
        Prediction::new(label, confidence, script)
    }

    /// Scripts with no family in the model: fixed script → language, else whatlang.
    fn identify_unmodelled(&self, text: &str, script: Script) -> Prediction {
        if let Some((_, label)) = SINGLE_LANGUAGE_SCRIPTS.iter().find(|(s, _)| *s == script) {
            return Prediction::new(label, SCRIPT_ONLY_CONFIDENCE, script);
        }
        match whatlang::detect(head(text, MAX_CLASSIFIED_BYTES)) {
            Some(info) => Prediction {
                label: format!("{}_{}", info.lang().code(), script.code()),
                script: script.code(),
                confidence: info.confidence() as f32,
            },
            None => Prediction {
                label: UND.to_string(),
                script: script.code(),
                confidence: 0.0,
            },
        }
    }

    /// Identify each line, then the document (see [`DocumentPrediction`]).
    pub fn identify_document(&self, text: &str) -> DocumentPrediction {
        let mut lines = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let end = start + line.len();
            let content = line.trim_end_matches(['\n', '\r']);
            let letters = ScriptCounts::of(content).total();
            let prediction = if letters == 0 {
                Prediction::undetermined()
            } else {
                self.identify(content)
            };
            lines.push(LinePrediction {
                start,
                end: start + content.len(),
                prediction,
                letters,
            });
            start = end;
        }
        let shares = shares(&lines);
        let code_switching = shares
            .iter()
            .filter(|(label, share)| label != UND && *share >= CODE_SWITCH_MIN_SHARE)
            .count()
            >= 2;
        let prediction = match (code_switching, lines.as_slice()) {
            (false, [only]) => only.prediction.clone(),
            (false, _) => self.identify(text),
            (true, _) => main_language(&shares, &lines),
        };
        DocumentPrediction {
            prediction,
            shares,
            code_switching,
            lines,
        }
    }
}

/// The best label of a family and its probability, after the character forms of Chinese
/// ([`crate::han_forms`]) and the hand-written markers of close pairs ([`crate::lexicon`])
/// have had their say.
fn classify<'m>(family: &'m FamilyModel, text: &str) -> (&'m str, f32) {
    SCRATCH.with(|scratch| {
        let mut scratch = scratch.borrow_mut();
        let (fx, probs) = &mut *scratch;
        family.probabilities(fx, text, probs);
        han_forms::restrict(&family.labels, text, probs);
        lexicon::adjust(&family.labels, text, probs);
        let best = lexicon::argmax(probs).unwrap_or(0);
        (
            family.labels[best].as_str(),
            probs.get(best).copied().unwrap_or(0.0),
        )
    })
}

/// whatlang's answer when it is reliable and names a language this family has no label for.
fn whatlang_uncovered(text: &str, script: Script, family: &FamilyModel) -> Option<Prediction> {
    let info = whatlang::detect(head(text, MAX_CLASSIFIED_BYTES))?;
    let code = info.lang().code();
    let covered = family
        .labels
        .iter()
        .any(|l| l.split_once('_').is_some_and(|(c, _)| c == code));
    (info.is_reliable() && !covered).then(|| Prediction {
        label: format!("{code}_{}", script.code()),
        script: script.code(),
        confidence: info.confidence() as f32,
    })
}

fn shares(lines: &[LinePrediction]) -> Vec<(String, f32)> {
    let total: u32 = lines.iter().map(|l| l.letters).sum();
    if total == 0 {
        return Vec::new();
    }
    let mut letters: Vec<(&str, u32)> = Vec::new();
    for line in lines.iter().filter(|l| l.letters > 0) {
        let label = if line.prediction.confidence >= LINE_MIN_CONFIDENCE {
            line.prediction.label.as_str()
        } else {
            UND
        };
        match letters.iter_mut().find(|(l, _)| *l == label) {
            Some((_, n)) => *n += line.letters,
            None => letters.push((label, line.letters)),
        }
    }
    letters.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    letters
        .into_iter()
        .map(|(label, n)| (label.to_string(), n as f32 / total as f32))
        .collect()
}

/// For a mixed document: the largest language, with the letter-weighted mean confidence of
/// its lines.
fn main_language(shares: &[(String, f32)], lines: &[LinePrediction]) -> Prediction {
    let Some((label, _)) = shares.iter().find(|(l, _)| l != UND) else {
        return Prediction::undetermined();
    };
    let mine = lines.iter().filter(|l| &l.prediction.label == label);
    let (weighted, letters) = mine.clone().fold((0.0, 0u32), |(w, n), l| {
        (
            w + l.prediction.confidence * l.letters as f32,
            n + l.letters,
        )
    });
    let script = mine
        .map(|l| l.prediction.script)
        .next()
        .unwrap_or(NO_SCRIPT);
    Prediction {
        label: label.clone(),
        script,
        confidence: if letters == 0 {
            0.0
        } else {
            weighted / letters as f32
        },
    }
}
