//! The detector's model: code-point bigram Markov chains, stored as tables of log-likelihood
//! ratios, and their trainer.
//!
//! Markov chains over the same states (one per Myanmar code point, plus "space" and "other")
//! are trained for Zawgyi Burmese and for each Unicode language (Burmese, Shan, Mon, ...).
//! Only ratios are ever needed, so the model keeps, per Unicode language `u`, the table
//! `ln P_z(b | a) - ln P_u(b | a)` over state pairs, in fixed point. A text's log-odds against
//! `u` is the sum over its bigrams; the text is as Zawgyi as its log-odds against the Unicode
//! language that explains it best (the minimum), which the detector turns into P(Zawgyi)
//! with a sigmoid. One chain per language, rather than one pooled Unicode
//! chain, keeps Shan and Mon transitions from diluting the Burmese ones: pooled, plain Burmese
//! syllables leaned Zawgyi.

use thiserror::Error;

/// First bytes of a serialized model (format version 3).
const MAGIC: &[u8; 8] = b"PADIZGB3";
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
/// Additive smoothing for unseen transitions.
const SMOOTHING: f64 = 0.1;

/// A problem with serialized model bytes.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum ModelError {
    #[error("not a padi Zawgyi model (bad magic bytes)")]
    BadMagic,
    #[error("Zawgyi model has {found} bytes, expected {expected}")]
    WrongSize { expected: usize, found: usize },
}

/// The trained bigram log-likelihood-ratio tables (see the module docs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BigramModel {
    /// Number of Unicode languages, at most 255.
    languages: usize,
    /// For each (previous state, next state) pair in row-major order, one value per Unicode
    /// language, in milli-nats. Interleaved so scoring a bigram reads one cache line.
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
/// `unicode_languages`, each as its own list (at most 255 lists). Deterministic: the same
/// texts give the same model bytes, whatever the order of texts within a list.
pub fn train_model<S: AsRef<str>>(unicode_languages: &[Vec<S>], zawgyi_texts: &[S]) -> BigramModel {
    let languages = unicode_languages.len().min(usize::from(u8::MAX));
    let zawgyi_counts = Counts::from_texts(zawgyi_texts);
    let zawgyi = zawgyi_counts.log_probabilities();
    let unicode: Vec<(Counts, Vec<f64>)> = unicode_languages[..languages]
        .iter()
        .map(|texts| {
            let counts = Counts::from_texts(texts);
            let log_probabilities = counts.log_probabilities();
            (counts, log_probabilities)
        })
        .collect();
    let mut log_ratios = Vec::with_capacity(languages * TABLE_LEN);
    for pair in 0..TABLE_LEN {
        for (unicode_counts, unicode) in &unicode {
            // A pair seen in neither corpus is no evidence; smoothing alone would score it by
            // which corpus is larger, and rare Unicode text (Pali, Karen) would lean Zawgyi.
            let seen = zawgyi_counts.0[pair] > 0 || unicode_counts.0[pair] > 0;
            log_ratios.push(if seen {
                // Clamped, so the cast cannot wrap.
                ((zawgyi[pair] - unicode[pair]) * SCALE)
                    .round()
                    .clamp(f64::from(i16::MIN), f64::from(i16::MAX)) as i16
            } else {
                0
            });
        }
    }
    BigramModel {
        languages,
        log_ratios,
    }
}

impl BigramModel {
    /// Serializes the model: magic bytes, the number of Unicode languages (one byte), then for
    /// each state pair one little-endian `i16` per language.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(MAGIC.len() + 1 + 2 * self.log_ratios.len());
        bytes.extend_from_slice(MAGIC);
        // `train_model` and `from_bytes` keep `languages` within a byte.
        bytes.push(u8::try_from(self.languages).unwrap_or(u8::MAX));
        for value in &self.log_ratios {
            bytes.extend_from_slice(&value.to_le_bytes());
        }
        bytes
    }

    /// Reads a model written by [`BigramModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<BigramModel, ModelError> {
        let rest = bytes.strip_prefix(MAGIC).ok_or(ModelError::BadMagic)?;
        let (&languages, table) = rest.split_first().ok_or(ModelError::WrongSize {
            expected: MAGIC.len() + 1,
            found: bytes.len(),
        })?;
        let languages = usize::from(languages);
        let expected = MAGIC.len() + 1 + 2 * languages * TABLE_LEN;
        if bytes.len() != expected {
            return Err(ModelError::WrongSize {
                expected,
                found: bytes.len(),
            });
        }
        let log_ratios = table
            .chunks_exact(2)
            .map(|pair| i16::from_le_bytes([pair[0], pair[1]]))
            .collect();
        Ok(BigramModel {
            languages,
            log_ratios,
        })
    }

    /// `ln P(text | Zawgyi) - ln P(text | Unicode)` for the Unicode language that explains the
    /// text best (0 for a model without languages), or `None` when the text has no Myanmar
    /// letter or mark (digits and punctuation alone are the same in both encodings).
    pub fn log_odds(&self, text: &str) -> Option<f64> {
        if !text.chars().any(is_myanmar_letter) {
            return None;
        }
        let languages = self.languages;
        let mut sums = vec![0i64; languages];
        for (a, b) in bigrams(text) {
            let start = (a * STATES + b) * languages;
            let ratios = &self.log_ratios[start..start + languages];
            for (sum, &ratio) in sums.iter_mut().zip(ratios) {
                *sum += i64::from(ratio);
            }
        }
        let best = sums.into_iter().min().unwrap_or(0);
        Some(best as f64 / SCALE)
    }
}
