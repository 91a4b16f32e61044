//! The normalizer: an explicit, ordered list of steps over one text.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use padi_zawgyi::ZawgyiDetector;

use crate::scan::Scan;
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
    /// First of the script rules: it removes dangling marks, which joins what was around them.
    ThaiLao,
    Khmer {
        coeng_da_to_ta: bool,
    },
    Myanmar,
    VietnameseToneStyle(ToneStyle),
    /// After the script rules, which may remove the only Thai or Lao character of a text.
    StrayZwsp,
    /// NFC again, only when a repair changed the text.
    NfcAfterScripts,
    /// Last: the rules before it may leave trailing spaces (a dangling mark removed).
    Spaces,
}

impl Step {
    /// Whether the step can change a text with this scan; most texts skip most steps.
    fn needed(self, scan: &Scan) -> bool {
        match self {
            Step::LineEndings => scan.line_breaks,
            Step::Invisible => scan.invisible,
            Step::VietnameseMarks => scan.quality_marks,
            Step::Nfc | Step::NfcAfterScripts | Step::VietnameseToneStyle(_) => !scan.ascii,
            Step::ThaiLao => scan.thai_lao,
            Step::Khmer { .. } => scan.khmer,
            Step::Myanmar => scan.myanmar,
            Step::StrayZwsp => scan.zwsp,
            Step::Spaces => true,
        }
    }

    fn apply(self, text: &str, scan: &Scan, changes: &mut Changes) -> Option<String> {
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
            Step::Spaces => invisible::spaces(text, scan.space_variants, changes),
        }
    }
}

/// Whether Zawgyi detection can be trusted on this text: at least a few Myanmar letters, and
/// Myanmar code points are at least half of all letters and marks. Fragments and mark soup
/// score unreliably, and converting them is not stable from one pass to the next.
fn mostly_myanmar(text: &str) -> bool {
    let (mut myanmar, mut consonants, mut letters) = (0usize, 0usize, 0usize);
    for c in text
        .chars()
        .filter(|c| c.is_alphabetic() || !c.is_ascii() && !c.is_whitespace())
    {
        letters += 1;
        if ('\u{1000}'..='\u{109F}').contains(&c) {
            myanmar += 1;
            consonants += usize::from(c <= '\u{1021}');
        }
    }
    consonants >= 2 && myanmar * 2 >= letters
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
    /// Line endings and invisible characters: what Zawgyi detection must not see (a control
    /// character would hide the Zawgyi text around it on the first pass but not the next).
    cleanup: Vec<Step>,
    /// Zawgyi conversion: after cleanup, before anything that reorders (NFC swaps U+103A and
    /// U+1037, which changes Zawgyi text).
    zawgyi: Option<&'static ZawgyiDetector>,
    /// Vietnamese mark order and NFC.
    before: Vec<Step>,
    /// Script repairs, repeated until they change nothing (see [`MAX_REPAIR_PASSES`]).
    repairs: Vec<Step>,
    after: Vec<Step>,
}

/// Whole passes over a changed text; real text settles in one, hostile mark soup in two.
const MAX_WHOLE_PASSES: usize = 3;

/// A repair can give another one something to do (a dangling Thai mark removed joins the
/// marks around it; NFC reorders marks of different scripts). Real text settles in one pass,
/// rarely two; hostile mark soup may need more.
const MAX_REPAIR_PASSES: usize = 4;

fn enabled<const N: usize>(steps: [(bool, Step); N]) -> Vec<Step> {
    steps
        .into_iter()
        .filter_map(|(on, step)| on.then_some(step))
        .collect()
}

impl Normalizer {
    pub fn new(config: NormalizeConfig) -> Self {
        let c = &config;
        let cleanup = enabled([
            (c.line_endings, Step::LineEndings),
            (c.invisible, Step::Invisible),
        ]);
        let before = enabled([
            (c.vietnamese_marks, Step::VietnameseMarks),
            (c.nfc, Step::Nfc),
        ]);
        let repairs = enabled([
            (c.thai_lao, Step::ThaiLao),
            (
                c.khmer,
                Step::Khmer {
                    coeng_da_to_ta: c.khmer_coeng_da_to_ta,
                },
            ),
            (c.myanmar, Step::Myanmar),
            (
                c.vietnamese_tone_style != ToneStyle::Keep,
                Step::VietnameseToneStyle(c.vietnamese_tone_style),
            ),
            (c.invisible, Step::StrayZwsp),
            (c.nfc, Step::NfcAfterScripts),
        ]);
        let after = enabled([(c.spaces, Step::Spaces)]);
        // The model is compiled in and checked by padi-zawgyi's tests; failing to parse it is
        // a build defect, not a data problem.
        let zawgyi = c.zawgyi.enabled.then(|| {
            ZawgyiDetector::shared()
                .unwrap_or_else(|e| panic!("the embedded Zawgyi model is corrupt: {e}"))
        });
        Normalizer {
            config,
            cleanup,
            zawgyi,
            before,
            repairs,
            after,
        }
    }

    pub fn config(&self) -> &NormalizeConfig {
        &self.config
    }

    /// Normalizes one text.
    pub fn normalize(&self, text: &str) -> Normalized {
        let (text, changes) = self.normalize_cow(text);
        Normalized {
            text: text.into_owned(),
            changes,
        }
    }

    /// Normalizes one text, borrowing it back when nothing changed: clean text (the common
    /// case) is only scanned, never copied. A text that changed is passed through again
    /// until it stops changing: a late repair (a dangling Thai mark removed) can change what
    /// an early step decides (whether the text is mostly Myanmar, for Zawgyi), and the
    /// result must be idempotent.
    pub(crate) fn normalize_cow<'a>(&self, text: &'a str) -> (Cow<'a, str>, Changes) {
        let (mut current, mut changes) = self.pass(text);
        for _ in 1..MAX_WHOLE_PASSES {
            if matches!(current, Cow::Borrowed(_)) {
                break;
            }
            let (again, more) = self.pass(&current);
            let Cow::Owned(again) = again else {
                break;
            };
            changes.add(&more);
            current = Cow::Owned(again);
        }
        (current, changes)
    }

    /// One pass of every step.
    fn pass<'a>(&self, text: &'a str) -> (Cow<'a, str>, Changes) {
        let mut changes = Changes::default();
        let mut current: Cow<'a, str> = Cow::Borrowed(text);
        let mut scan = Scan::of(text);
        run(&self.cleanup, &mut current, &mut scan, &mut changes);
        if let Some(detector) = self.zawgyi.filter(|_| scan.myanmar) {
            let text: &str = &current;
            if mostly_myanmar(text) && detector.probability(text) > self.config.zawgyi.threshold {
                // Keep a conversion only if its result reads as Unicode: text that still looks
                // like Zawgyi afterwards (mark soup, no consonants) would be converted again
                // on the next pass, and normalization must be idempotent.
                let converted = detector
                    .convert_zawgyi_lines(text, 0.5)
                    .filter(|(unicode, _)| unicode != text && detector.probability(unicode) < 0.5);
                if let Some((unicode, lines)) = converted {
                    changes.zawgyi_converted += lines as u64;
                    scan = Scan::of(&unicode);
                    current = Cow::Owned(unicode);
                }
            }
        }
        run(&self.before, &mut current, &mut scan, &mut changes);
        for _ in 0..MAX_REPAIR_PASSES {
            if !run(&self.repairs, &mut current, &mut scan, &mut changes) {
                break;
            }
        }
        run(&self.after, &mut current, &mut scan, &mut changes);
        (current, changes)
    }
}

/// Applies `steps` in order, keeping `scan` up to date; whether any changed the text.
fn run(steps: &[Step], current: &mut Cow<'_, str>, scan: &mut Scan, changes: &mut Changes) -> bool {
    let mut changed = false;
    for &step in steps {
        // NFC is already known to hold unless a repair changed the text.
        if (step == Step::NfcAfterScripts && !changed) || !step.needed(scan) {
            continue;
        }
        if let Some(new) = step.apply(current, scan, changes) {
            *current = Cow::Owned(new);
            *scan = Scan::of(current);
            changed = true;
        }
    }
    changed
}

impl Default for Normalizer {
    fn default() -> Self {
        Normalizer::new(NormalizeConfig::default())
    }
}
