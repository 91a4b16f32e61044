//! Per-rule change counts.

use serde_json::{Map, Value};

/// Declares [`Changes`] once: the field list is also the list of stable counter names.
macro_rules! changes {
    ($($(#[doc = $doc:literal])* $name:ident,)*) => {
        /// How many times each rule changed a text. Field names are the stable counter names
        /// used in run statistics (`normalize.<name>`) and in `metadata.normalize`.
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
        pub struct Changes {
            $($(#[doc = $doc])* pub $name: u64,)*
        }

        impl Changes {
            /// Every counter as `(name, count)`, in declaration order, zeros included.
            pub fn iter(&self) -> impl Iterator<Item = (&'static str, u64)> {
                [$((stringify!($name), self.$name),)*].into_iter()
            }

            /// Adds `other`'s counts to these.
            pub fn add(&mut self, other: &Changes) {
                $(self.$name += other.$name;)*
            }
        }
    };
}

changes! {
    /// Lines converted from Zawgyi to Unicode.
    zawgyi_converted,
    /// CR LF, lone CR, U+2028 and U+2029 turned into LF.
    line_endings_normalized,
    /// C0/C1 control characters removed (tab and newline are kept).
    controls_removed,
    /// U+FEFF byte order marks removed (leading or inside the text).
    bom_removed,
    /// Deprecated format characters U+206A–206F and interlinear annotation / object
    /// replacement characters U+FFF9–FFFC removed.
    format_chars_removed,
    /// Bidi marks and embeddings removed from text without Arabic script.
    bidi_marks_removed,
    /// U+200B removed from text with no Thai, Lao, Khmer, Myanmar or similar script.
    zwsp_removed,
    /// U+FFFD replacement characters seen (kept: they are a quality signal, not a fix).
    replacement_chars,
    /// Vietnamese combining marks put in composable order (circumflex/breve before the tone).
    vietnamese_marks_reordered,
    /// Texts that NFC changed.
    nfc,
    /// Khmer syllables whose characters were put in canonical order.
    khmer_reordered,
    /// Khmer split vowels recomposed (U+17C1 + U+17B8 → U+17BE, U+17C1 + U+17B6 → U+17C4).
    khmer_vowel_recomposed,
    /// Khmer vowel sign u typed in place of a consonant shifter, replaced by the shifter.
    khmer_shifter_restored,
    /// Khmer coeng DA turned into coeng TA (only with `khmer_coeng_da_to_ta`).
    khmer_coeng_da_to_ta,
    /// Myanmar runs of medials put in the order YA < RA < WA < HA.
    myanmar_medials_reordered,
    /// Thai `เ` + `เ` → `แ`.
    thai_sara_e_composed,
    /// Thai nikhahit + sara aa → sara am (U+0E4D U+0E32 → U+0E33).
    thai_sara_am_composed,
    /// Thai mark clusters reordered (vowel sign before tone mark).
    thai_marks_reordered,
    /// Thai repeated marks collapsed.
    thai_duplicate_marks_removed,
    /// Thai marks with no base (after whitespace or at the start) removed.
    thai_dangling_marks_removed,
    /// Lao `ເ` + `ເ` → `ແ`.
    lao_sara_e_composed,
    /// Lao niggahita + sara aa → sara am (U+0ECD U+0EB2 → U+0EB3).
    lao_sara_am_composed,
    /// Lao mark clusters reordered (vowel sign before tone mark).
    lao_marks_reordered,
    /// Lao repeated marks collapsed.
    lao_duplicate_marks_removed,
    /// Lao marks with no base (after whitespace or at the start) removed.
    lao_dangling_marks_removed,
    /// Vietnamese syllables whose tone mark moved to the configured house style.
    vietnamese_tone_moved,
    /// Unicode space characters (U+2000–200A, U+205F, U+1680) turned into U+0020.
    spaces_normalized,
    /// Lines whose trailing spaces or tabs were removed.
    trailing_spaces_trimmed,
    /// Texts whose leading or trailing whitespace was removed.
    edges_trimmed,
}

impl Changes {
    /// Whether any rule changed the text. `replacement_chars` is a count, not a change.
    pub fn any(&self) -> bool {
        self.iter()
            .any(|(name, count)| count > 0 && name != "replacement_chars")
    }

    /// The non-zero counters as a JSON object (for `metadata.normalize`).
    pub fn to_json(&self) -> Map<String, Value> {
        self.iter()
            .filter(|&(_, count)| count > 0)
            .map(|(name, count)| (name.to_string(), Value::from(count)))
            .collect()
    }
}
