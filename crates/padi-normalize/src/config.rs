//! Configuration of the normalize stage (`[[stage]] type = "normalize"` in pipeline TOML).

use padi_zawgyi::ZawgyiConfig;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where Vietnamese tone marks go in the open syllables `oa`, `oe` and `uy`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ToneStyle {
    /// Leave tone placement as the source wrote it.
    #[default]
    Keep,
    /// Tone on the first vowel: `hòa`, `khỏe`, `thúy`.
    Old,
    /// Tone on the second vowel: `hoà`, `khoẻ`, `thuý`.
    New,
}

/// Switches of the normalize stage. Every rule group is on by default except the ones that
/// change spelling (`khmer_coeng_da_to_ta`, a non-`keep` Vietnamese tone style).
///
/// ```toml
/// [[stage]]
/// type = "normalize"
/// vietnamese_tone_style = "new"   # "keep" (default) | "old" | "new"
/// khmer_coeng_da_to_ta = false
/// drop_empty = true
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct NormalizeConfig {
    /// Zawgyi-encoded Burmese to Unicode (`zawgyi = { enabled = true, threshold = 0.95 }`).
    /// Detection runs on the raw text, before any other step (NFC changes Zawgyi text). A
    /// document is converted when its P(Zawgyi) is above the threshold; its lines are then
    /// converted where they lean Zawgyi (P > 0.5), so a stray Unicode line stays as it is.
    pub zawgyi: ZawgyiConfig,
    /// CR LF, lone CR, U+2028 and U+2029 become LF.
    pub line_endings: bool,
    /// Remove controls, stray BOMs, deprecated format characters, bidi marks outside
    /// Arabic-script text and ZWSP from text without Thai/Lao/Khmer/Myanmar-like script.
    pub invisible: bool,
    /// Unicode spaces become U+0020 (NBSP, U+202F and U+3000 are kept); trailing spaces of
    /// lines and whitespace around the whole text are removed.
    pub spaces: bool,
    /// Put decomposed Vietnamese marks in an order NFC can compose (before NFC).
    pub vietnamese_marks: bool,
    /// Unicode NFC.
    pub nfc: bool,
    /// Khmer syllable reordering and split-vowel recomposition (SIL khnormal order).
    pub khmer: bool,
    /// Also turn coeng DA into coeng TA in stored text, as SIL khnormal does. Off by default:
    /// both spellings occur and the match key folds them anyway.
    pub khmer_coeng_da_to_ta: bool,
    /// Myanmar medial order (YA < RA < WA < HA).
    pub myanmar: bool,
    /// Thai and Lao repairs: sara e doubling, sara am composition, mark order, duplicate
    /// and dangling marks.
    pub thai_lao: bool,
    /// Vietnamese tone placement house style.
    pub vietnamese_tone_style: ToneStyle,
    /// Drop documents that are empty after normalization (`empty_after_normalize`).
    pub drop_empty: bool,
}

impl Default for NormalizeConfig {
    fn default() -> Self {
        NormalizeConfig {
            zawgyi: ZawgyiConfig::default(),
            line_endings: true,
            invisible: true,
            spaces: true,
            vietnamese_marks: true,
            nfc: true,
            khmer: true,
            khmer_coeng_da_to_ta: false,
            myanmar: true,
            thai_lao: true,
            vietnamese_tone_style: ToneStyle::Keep,
            drop_empty: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_default_and_reject_unknown_names() {
        let config: NormalizeConfig =
            serde_json::from_str(r#"{"vietnamese_tone_style": "new", "khmer": false}"#)
                .expect("parse");
        assert_eq!(config.vietnamese_tone_style, ToneStyle::New);
        assert!(!config.khmer);
        assert!(config.nfc && config.drop_empty && !config.khmer_coeng_da_to_ta);
        assert!(serde_json::from_str::<NormalizeConfig>(r#"{"nfkc": true}"#).is_err());
        assert!(
            serde_json::from_str::<NormalizeConfig>(r#"{"vietnamese_tone_style": "x"}"#).is_err()
        );
    }
}
