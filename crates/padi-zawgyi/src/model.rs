//! The detector's model: code-point bigram Markov chains, stored as tables of log-likelihood
//! ratios, and their trainer.
//!
//! Markov chains over the same states (one per Myanmar code point, plus "space" and "other")
//! are trained for Zawgyi Burmese and for each Unicode language (Burmese, Shan, Mon, ...).
//! Only ratios are ever needed, so the model keeps, per Unicode language `u`, the table
//! `ln P_z(b | a) - ln P_u(b | a)` over state pairs, in fixed point. A text's log-odds against
//! `u` is the sum over its bigrams; the text is as Zawgyi as its log-odds against the Unicode
//! language that explains it best (the minimum), and with equal priors
//! P(Zawgyi) = sigmoid(that minimum). One chain per language, rather than one pooled Unicode
//! chain, keeps Shan and Mon transitions from diluting the Burmese ones: pooled, plain Burmese
//! syllables leaned Zawgyi.

use thiserror::Error;

/// First bytes of a serialized model (format version 2).
const MAGIC: &[u8; 8] = b"PADIZGB2";
const TABLE_LEN: usize = STATES * STATES;
/// Any character that is neither Myanmar nor space.
const OTHER: usize = 0;
/// Spaces, tabs and the zero-width characters used between Myanmar words.
const SPACE: usize = 1;
/// U+1000..=U+109F map to `FIRST_MYANMAR..`.
const FIRST_MYANMAR: usize = 2;
/// Myanmar Extended-A and -B (Shan, Khamti, Aiton, ... letters): one shared state.
const MYANMAR_EXTENDED: usize = FIRST_MYANMAR + 0xA0;
const STATES: usize = MYANMAR_EXTENDED + 1;
/// Fixed-point units per nat in the stored table.
const SCALE: f64 = 1000.0;
/// Unicode languages a model may have (tables past this are ignored).
const MAX_LANGUAGES: usize = 8;
/// Additive smoothing for unseen transitions.
const SMOOTHING: f64 = 0.1;

/// A problem with serialized model bytes.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ModelError {
    #[error("not a padi Zawgyi model (bad magic bytes)")]
    BadMagic,
    #[error("Zawgyi model has {found} bytes, expected {expected}")]
    WrongSize { expected: usize, found: usize },
    #[error("Zawgyi model has no Unicode table")]
    NoTables,
}

/// The trained bigram log-likelihood-ratio tables (see the module docs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BigramModel {
    /// Per Unicode language, `TABLE_LEN` entries one after the other; in a table, row =
    /// previous state, column = next state; values in milli-nats.
    log_ratios: Vec<i16>,
}

/// The model state of a character.
fn state(c: char) -> usize {
    match c {
        '\u{1000}'..='\u{109F}' => FIRST_MYANMAR + (c as usize - 0x1000),
        '\u{A9E0}'..='\u{A9FF}' | '\u{AA60}'..='\u{AA7F}' => MYANMAR_EXTENDED,
        ' ' | '\t' | '\u{00A0}' | '\u{200B}' | '\u{200C}' | '\u{200D}' => SPACE,
        _ => OTHER,
    }
}

fn is_myanmar_state(s: usize) -> bool {
    s >= FIRST_MYANMAR
}

/// Whether the character is a Myanmar letter or mark, as opposed to a digit or punctuation
/// (which read the same in both encodings and say nothing about it).
pub(crate) fn is_myanmar_letter(c: char) -> bool {
    matches!(c, '\u{1000}'..='\u{103F}' | '\u{104C}'..='\u{109F}' | '\u{A9E0}'..='\u{A9FF}' | '\u{AA60}'..='\u{AA7F}')
}

/// The bigrams of a text: (previous state, state) pairs of adjacent characters, skipping
/// pairs with no Myanmar side (they say nothing about the encoding).
///
/// The text's start and end are not scored: texts are often cut mid-syllable (a line broken
/// by a converter, a fragment), and a cut Zawgyi syllable looks like a whole Unicode one.
fn bigrams(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut states = text.chars().map(state);
    let first = states.next();
    states
        .scan(first, |prev, next| {
            let pair = prev.map(|prev| (prev, next));
            *prev = Some(next);
            pair
        })
        .filter(|&(a, b)| is_myanmar_state(a) || is_myanmar_state(b))
}

/// Transition counts for one encoding.
struct Counts(Vec<u64>);

impl Counts {
    fn from_texts<T: AsRef<str>>(texts: impl IntoIterator<Item = T>) -> Counts {
        let mut counts = vec![0u64; STATES * STATES];
        for text in texts {
            for (a, b) in bigrams(text.as_ref()) {
                counts[a * STATES + b] += 1;
            }
        }
        Counts(counts)
    }

    /// Smoothed `ln P(b | a)` for every pair.
    fn log_probabilities(&self) -> Vec<f64> {
        let mut out = Vec::with_capacity(STATES * STATES);
        for row in self.0.chunks_exact(STATES) {
            let total: u64 = row.iter().sum();
            let denominator = total as f64 + SMOOTHING * STATES as f64;
            out.extend(
                row.iter()
                    .map(|&n| ((n as f64 + SMOOTHING) / denominator).ln()),
            );
        }
        out
    }
}

/// Trains a model from Zawgyi Burmese texts and Unicode texts, one list per Unicode language.
///
/// Put every Myanmar-script language that must never be flagged (Burmese, Shan, Mon, ...) in
/// `unicode_languages`, each as its own list. Deterministic: the same texts give the same
/// model bytes, whatever the order of texts within a list.
pub fn train_model<S: AsRef<str>>(unicode_languages: &[Vec<S>], zawgyi_texts: &[S]) -> BigramModel {
    let zawgyi_counts = Counts::from_texts(zawgyi_texts);
    let zawgyi = zawgyi_counts.log_probabilities();
    let mut log_ratios = Vec::with_capacity(unicode_languages.len() * TABLE_LEN);
    for texts in unicode_languages {
        let unicode_counts = Counts::from_texts(texts);
        let unicode = unicode_counts.log_probabilities();
        log_ratios.extend((0..TABLE_LEN).map(|at| {
            let (a, b) = (at / STATES, at % STATES);
            // A pair seen in neither corpus is no evidence; smoothing alone would score it by
            // which corpus is larger, and rare Unicode text (Pali, Karen) would lean Zawgyi.
            let seen = zawgyi_counts.0[at] > 0 || unicode_counts.0[at] > 0;
            if seen && (is_myanmar_state(a) || is_myanmar_state(b)) {
                // Clamped, so the cast cannot wrap.
                ((zawgyi[at] - unicode[at]) * SCALE)
                    .round()
                    .clamp(f64::from(i16::MIN), f64::from(i16::MAX)) as i16
            } else {
                0
            }
        }));
    }
    BigramModel { log_ratios }
}

impl BigramModel {
    /// Serializes the model: magic bytes, then the tables as little-endian `i16`.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(MAGIC.len() + 2 * self.log_ratios.len());
        bytes.extend_from_slice(MAGIC);
        for value in &self.log_ratios {
            bytes.extend_from_slice(&value.to_le_bytes());
        }
        bytes
    }

    /// Reads a model written by [`BigramModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<BigramModel, ModelError> {
        let tables = bytes.strip_prefix(MAGIC).ok_or(ModelError::BadMagic)?;
        if tables.is_empty() {
            return Err(ModelError::NoTables);
        }
        if tables.len() % (2 * TABLE_LEN) != 0 {
            let expected = MAGIC.len() + 2 * TABLE_LEN * tables.len().div_ceil(2 * TABLE_LEN);
            return Err(ModelError::WrongSize {
                expected,
                found: bytes.len(),
            });
        }
        let log_ratios = tables
            .chunks_exact(2)
            .map(|pair| i16::from_le_bytes([pair[0], pair[1]]))
            .collect();
        Ok(BigramModel { log_ratios })
    }

    /// `ln P(text | Zawgyi) - ln P(text | Unicode)` for the Unicode language that explains the
    /// text best, or `None` when the text has no Myanmar letter or mark (digits and
    /// punctuation alone are the same in both encodings).
    pub fn log_odds(&self, text: &str) -> Option<f64> {
        if !text.chars().any(is_myanmar_letter) {
            return None;
        }
        let mut sums = [0i64; MAX_LANGUAGES];
        let tables = self.log_ratios.chunks_exact(TABLE_LEN).take(MAX_LANGUAGES);
        let languages = tables.len();
        for (a, b) in bigrams(text) {
            for (sum, table) in sums.iter_mut().zip(self.log_ratios.chunks_exact(TABLE_LEN)) {
                *sum += i64::from(table[a * STATES + b]);
            }
        }
        let best = sums[..languages].iter().min().copied().unwrap_or(0);
        Some(best as f64 / SCALE)
    }
}
