//! The normalizer: an explicit, ordered list of steps over one text.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::{invisible, khmer, myanmar, thai_lao, vietnamese};
use crate::{Changes, NormalizeConfig, ToneStyle};

/// One step of the normalizer, in the order given by GUIDE §3 (decoding and Zawgyi
/// conversion happen before: Zawgyi must see the raw text, since NFC changes it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    LineEndings,
    Invisible,
    /// Before NFC: NFC cannot compose marks typed in the wrong order.
    VietnameseMarks,
    Nfc,
    Khmer { coeng_da_to_ta: bool },
    Myanmar,
    ThaiLao,
    VietnameseToneStyle(ToneStyle),
    /// After the script rules, which may remove the only Thai or Lao character of a text.
    StrayZwsp,
    /// NFC again, only when a rule changed the text after the first NFC.
    NfcAfterScripts,
    /// Last: the rules before it may leave trailing spaces (a dangling mark removed).
    Spaces,
}

impl Step {
    fn apply(self, text: &str, changes: &mut Changes) -> Option<String> {
        match self {
            Step::LineEndings => invisible::line_endings(text, changes),
            Step::Invisible => invisible::invisible(text, changes),
            Step::VietnameseMarks => vietnamese::order_marks(text, changes),
            Step::Nfc | Step::NfcAfterScripts => nfc(text, changes),
            Step::Khmer { coeng_da_to_ta } => khmer::normalize(text, coeng_da_to_ta, changes),
            Step::Myanmar => myanmar::order_medials(text, changes),
            Step::ThaiLao => thai_lao::repair(text, changes),
            Step::VietnameseToneStyle(style) => vietnamese::apply_tone_style(text, style, changes),
            Step::StrayZwsp => invisible::remove_stray_zwsp(text, changes),
            Step::Spaces => invisible::spaces(text, changes),
        }
    }
}

fn nfc(text: &str, changes: &mut Changes) -> Option<String> {
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return None;
    }
    let normalized: String = text.nfc().collect();
    if normalized == text {
        return None;
    }
    changes.nfc += 1;
    Some(normalized)
}

/// A normalized text and what was done to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    pub changes: Changes,
}

/// Normalizes stored text: line endings, invisible characters, NFC, Khmer/Myanmar/Thai/Lao/
/// Vietnamese repairs, spaces. Deterministic and idempotent:
/// `normalize(normalize(x).text).text == normalize(x).text`. Never NFKC.
#[derive(Debug, Clone)]
pub struct Normalizer {
    config: NormalizeConfig,
    steps: Vec<Step>,
}

impl Normalizer {
    pub fn new(config: NormalizeConfig) -> Self {
        let c = &config;
        let steps = [
            (c.line_endings, Step::LineEndings),
            (c.invisible, Step::Invisible),
            (c.vietnamese_marks, Step::VietnameseMarks),
            (c.nfc, Step::Nfc),
            (
                c.khmer,
                Step::Khmer {
                    coeng_da_to_ta: c.khmer_coeng_da_to_ta,
                },
            ),
            (c.myanmar, Step::Myanmar),
            (c.thai_lao, Step::ThaiLao),
            (
                c.vietnamese_tone_style != ToneStyle::Keep,
                Step::VietnameseToneStyle(c.vietnamese_tone_style),
            ),
            (c.invisible, Step::StrayZwsp),
            (c.nfc, Step::NfcAfterScripts),
            (c.spaces, Step::Spaces),
        ]
        .into_iter()
        .filter_map(|(on, step)| on.then_some(step))
        .collect();
        Normalizer { config, steps }
    }

    pub fn config(&self) -> &NormalizeConfig {
        &self.config
    }

    /// Normalizes one text. Text that needs no change is only scanned, never copied until
    /// the result is built.
    pub fn normalize(&self, text: &str) -> Normalized {
        let mut changes = Changes::default();
        let mut current: Cow<'_, str> = Cow::Borrowed(text);
        let mut changed_since_nfc = false;
        for &step in &self.steps {
            if step == Step::NfcAfterScripts && !changed_since_nfc {
                continue;
            }
            if let Some(changed) = step.apply(&current, &mut changes) {
                current = Cow::Owned(changed);
                changed_since_nfc = true;
            }
            if step == Step::Nfc {
                changed_since_nfc = false;
            }
        }
        Normalized {
            text: current.into_owned(),
            changes,
        }
    }
}

impl Default for Normalizer {
    fn default() -> Self {
        Normalizer::new(NormalizeConfig::default())
    }
}
