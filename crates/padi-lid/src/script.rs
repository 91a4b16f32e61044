//! Unicode script detection by code point ranges.
//!
//! Only the scripts padi must tell apart are listed; everything else counts as no script.
//! Combining diacritics (U+0300–U+036F) and digits belong to no script, so they neither
//! decide nor dilute the dominant script.

/// A writing system, named by its ISO 15924 code through [`Script::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Script {
    Latin,
    Thai,
    Lao,
    Khmer,
    Myanmar,
    TaiViet,
    TaiTham,
    Balinese,
    Javanese,
    Buginese,
    Cham,
    Tagalog,
    Arabic,
    Devanagari,
    Bengali,
    Tamil,
    Telugu,
    Kannada,
    Malayalam,
    Gujarati,
    Gurmukhi,
    Oriya,
    Sinhala,
    Tibetan,
    Han,
    Hiragana,
    Katakana,
    Hangul,
    Cyrillic,
    Greek,
    Armenian,
    Hebrew,
    Georgian,
    Ethiopic,
}

const SCRIPT_COUNT: usize = Script::Ethiopic as usize + 1;

/// Inclusive code point ranges, sorted by start, for binary search.
const RANGES: &[(u32, u32, Script)] = &[
    (0x0041, 0x005A, Script::Latin),
    (0x0061, 0x007A, Script::Latin),
    (0x00AA, 0x00AA, Script::Latin),
    (0x00BA, 0x00BA, Script::Latin),
    (0x00C0, 0x00D6, Script::Latin),
    (0x00D8, 0x00F6, Script::Latin),
    (0x00F8, 0x02AF, Script::Latin),
    (0x0370, 0x03FF, Script::Greek),
    (0x0400, 0x052F, Script::Cyrillic),
    (0x0531, 0x058F, Script::Armenian),
    (0x0591, 0x05FF, Script::Hebrew),
    (0x0610, 0x061A, Script::Arabic),
    (0x0620, 0x065F, Script::Arabic),
    (0x066E, 0x06D3, Script::Arabic),
    (0x06D5, 0x06FF, Script::Arabic),
    (0x0750, 0x077F, Script::Arabic),
    (0x08A0, 0x08FF, Script::Arabic),
    (0x0900, 0x0963, Script::Devanagari),
    (0x0970, 0x097F, Script::Devanagari),
    (0x0980, 0x09E5, Script::Bengali),
    (0x09F0, 0x09FF, Script::Bengali),
    (0x0A00, 0x0A65, Script::Gurmukhi),
    (0x0A70, 0x0A7F, Script::Gurmukhi),
    (0x0A80, 0x0AE5, Script::Gujarati),
    (0x0AF0, 0x0AFF, Script::Gujarati),
    (0x0B00, 0x0B65, Script::Oriya),
    (0x0B70, 0x0B7F, Script::Oriya),
    (0x0B80, 0x0BE5, Script::Tamil),
    (0x0BF0, 0x0BFF, Script::Tamil),
    (0x0C00, 0x0C65, Script::Telugu),
    (0x0C70, 0x0C7F, Script::Telugu),
    (0x0C80, 0x0CE5, Script::Kannada),
    (0x0CF0, 0x0CFF, Script::Kannada),
    (0x0D00, 0x0D65, Script::Malayalam),
    (0x0D70, 0x0D7F, Script::Malayalam),
    (0x0D80, 0x0DFF, Script::Sinhala),
    (0x0E01, 0x0E4F, Script::Thai),
    (0x0E5A, 0x0E7F, Script::Thai),
    (0x0E80, 0x0ECF, Script::Lao),
    (0x0EDA, 0x0EFF, Script::Lao),
    (0x0F00, 0x0FFF, Script::Tibetan),
    (0x1000, 0x103F, Script::Myanmar),
    (0x104A, 0x108F, Script::Myanmar),
    (0x109A, 0x109F, Script::Myanmar),
    (0x10A0, 0x10FF, Script::Georgian),
    (0x1100, 0x11FF, Script::Hangul),
    (0x1200, 0x139F, Script::Ethiopic),
    (0x1700, 0x171F, Script::Tagalog),
    (0x1780, 0x17DF, Script::Khmer),
    (0x17F0, 0x17FF, Script::Khmer),
    (0x19E0, 0x19FF, Script::Khmer),
    (0x1A00, 0x1A1F, Script::Buginese),
    (0x1A20, 0x1A7F, Script::TaiTham),
    (0x1AA0, 0x1AAF, Script::TaiTham),
    (0x1B00, 0x1B4F, Script::Balinese),
    (0x1B5A, 0x1B7F, Script::Balinese),
    (0x1C80, 0x1C8F, Script::Cyrillic),
    (0x1C90, 0x1CBF, Script::Georgian),
    (0x1E00, 0x1EFF, Script::Latin),
    (0x1F00, 0x1FFF, Script::Greek),
    (0x2C60, 0x2C7F, Script::Latin),
    (0x2D00, 0x2D2F, Script::Georgian),
    (0x2DE0, 0x2DFF, Script::Cyrillic),
    (0x2E80, 0x2FDF, Script::Han),
    (0x3005, 0x3007, Script::Han),
    (0x3021, 0x3029, Script::Han),
    (0x3041, 0x309F, Script::Hiragana),
    (0x30A0, 0x30FF, Script::Katakana),
    (0x3131, 0x318F, Script::Hangul),
    (0x31F0, 0x31FF, Script::Katakana),
    (0x3400, 0x4DBF, Script::Han),
    (0x4E00, 0x9FFF, Script::Han),
    (0xA640, 0xA69F, Script::Cyrillic),
    (0xA720, 0xA7FF, Script::Latin),
    (0xA980, 0xA9CF, Script::Javanese),
    (0xA9DE, 0xA9DF, Script::Javanese),
    (0xA9E0, 0xA9EF, Script::Myanmar),
    (0xA9FA, 0xA9FE, Script::Myanmar),
    (0xAA00, 0xAA4F, Script::Cham),
    (0xAA5C, 0xAA5F, Script::Cham),
    (0xAA60, 0xAA7F, Script::Myanmar),
    (0xAA80, 0xAADF, Script::TaiViet),
    (0xAB30, 0xAB6F, Script::Latin),
    (0xAC00, 0xD7AF, Script::Hangul),
    (0xF900, 0xFAFF, Script::Han),
    (0xFB1D, 0xFB4F, Script::Hebrew),
    (0xFB50, 0xFDFF, Script::Arabic),
    (0xFE70, 0xFEFF, Script::Arabic),
    (0xFF21, 0xFF3A, Script::Latin),
    (0xFF41, 0xFF5A, Script::Latin),
    (0xFF66, 0xFF9F, Script::Katakana),
    (0xFFA0, 0xFFDC, Script::Hangul),
    (0x20000, 0x3134F, Script::Han),
];

impl Script {
    /// The ISO 15924 code (`Latn`, `Mymr`, …).
    pub fn code(self) -> &'static str {
        match self {
            Script::Latin => "Latn",
            Script::Thai => "Thai",
            Script::Lao => "Laoo",
            Script::Khmer => "Khmr",
            Script::Myanmar => "Mymr",
            Script::TaiViet => "Tavt",
            Script::TaiTham => "Lana",
            Script::Balinese => "Bali",
            Script::Javanese => "Java",
            Script::Buginese => "Bugi",
            Script::Cham => "Cham",
            Script::Tagalog => "Tglg",
            Script::Arabic => "Arab",
            Script::Devanagari => "Deva",
            Script::Bengali => "Beng",
            Script::Tamil => "Taml",
            Script::Telugu => "Telu",
            Script::Kannada => "Knda",
            Script::Malayalam => "Mlym",
            Script::Gujarati => "Gujr",
            Script::Gurmukhi => "Guru",
            Script::Oriya => "Orya",
            Script::Sinhala => "Sinh",
            Script::Tibetan => "Tibt",
            Script::Han => "Hani",
            Script::Hiragana => "Hira",
            Script::Katakana => "Kana",
            Script::Hangul => "Hang",
            Script::Cyrillic => "Cyrl",
            Script::Greek => "Grek",
            Script::Armenian => "Armn",
            Script::Hebrew => "Hebr",
            Script::Georgian => "Geor",
            Script::Ethiopic => "Ethi",
        }
    }

    /// The model family that decides between the labels written in this script. Chinese,
    /// Japanese and Korean share one family ("Hani"): Japanese and Korean text mixes Han
    /// characters with kana or hangul, so the model, not the dominant script, must decide.
    pub fn family(self) -> &'static str {
        match self {
            Script::Han | Script::Hiragana | Script::Katakana | Script::Hangul => "Hani",
            other => other.code(),
        }
    }

    const ALL: [Script; SCRIPT_COUNT] = [
        Script::Latin,
        Script::Thai,
        Script::Lao,
        Script::Khmer,
        Script::Myanmar,
        Script::TaiViet,
        Script::TaiTham,
        Script::Balinese,
        Script::Javanese,
        Script::Buginese,
        Script::Cham,
        Script::Tagalog,
        Script::Arabic,
        Script::Devanagari,
        Script::Bengali,
        Script::Tamil,
        Script::Telugu,
        Script::Kannada,
        Script::Malayalam,
        Script::Gujarati,
        Script::Gurmukhi,
        Script::Oriya,
        Script::Sinhala,
        Script::Tibetan,
        Script::Han,
        Script::Hiragana,
        Script::Katakana,
        Script::Hangul,
        Script::Cyrillic,
        Script::Greek,
        Script::Armenian,
        Script::Hebrew,
        Script::Georgian,
        Script::Ethiopic,
    ];
}

/// Every listed script, in declaration order.
pub const ALL_SCRIPTS: [Script; SCRIPT_COUNT] = Script::ALL;

/// The model family of a label's script subtag (`zho_Hans` → `Hani`, `shn_Mymr` → `Mymr`).
pub fn label_family(label: &str) -> &str {
    match label.rsplit_once('_').map(|(_, script)| script) {
        Some("Hans" | "Hant" | "Hani" | "Jpan" | "Hira" | "Kana" | "Hang" | "Kore") => "Hani",
        Some(script) => script,
        None => "",
    }
}

/// The script of one character, if it is a letter or sign of a listed script.
pub fn char_script(c: char) -> Option<Script> {
    let cp = c as u32;
    if cp < 0x80 {
        // ASCII fast path: the most common case by far.
        return c.is_ascii_alphabetic().then_some(Script::Latin);
    }
    let i = RANGES.partition_point(|&(start, _, _)| start <= cp);
    let (start, end, script) = *RANGES.get(i.checked_sub(1)?)?;
    (start <= cp && cp <= end && !c.is_numeric()).then_some(script)
}

/// Weight of a Han, kana or hangul character against one letter of an alphabet. A Chinese
/// word is one or two characters, an English one about five letters; and Latin inside CJK
/// text is mostly names and loanwords held together by CJK grammar, so near-ties go to CJK.
const CJK_CHAR_WEIGHT: u32 = 4;

/// Letter counts per script in a text.
#[derive(Debug, Clone)]
pub struct ScriptCounts {
    counts: [u32; SCRIPT_COUNT],
}

impl ScriptCounts {
    pub fn of(text: &str) -> Self {
        let mut counts = ScriptCounts {
            counts: [0; SCRIPT_COUNT],
        };
        for c in text.chars() {
            if let Some(script) = char_script(c) {
                counts.counts[script as usize] += 1;
            }
        }
        counts
    }

    /// Number of characters of `script`.
    pub fn get(&self, script: Script) -> u32 {
        self.counts[script as usize]
    }

    /// Characters of any listed script.
    pub fn total(&self) -> u32 {
        self.counts.iter().sum()
    }

    /// The script with the most characters; on a tie the one listed first in [`Script`].
    /// Han, kana and hangul are counted together (and weighted) first so that Japanese (Han + kana) is not
    /// split into two minorities that lose to a third script.
    pub fn dominant(&self) -> Option<Script> {
        let cjk = [
            Script::Han,
            Script::Hiragana,
            Script::Katakana,
            Script::Hangul,
        ];
        // One CJK character carries about as much as a short Latin word, so a Chinese
        // sentence with a Latin name in it stays Chinese.
        let cjk_total: u32 = CJK_CHAR_WEIGHT * cjk.iter().map(|&s| self.get(s)).sum::<u32>();
        let mut best: Option<(u32, Script)> = None;
        for script in Script::ALL {
            let count = if script == Script::Han {
                cjk_total
            } else if cjk.contains(&script) {
                0
            } else {
                self.get(script)
            };
            if count > 0 && best.is_none_or(|(n, _)| count > n) {
                best = Some((count, script));
            }
        }
        best.map(|(_, script)| {
            if script == Script::Han {
                // Report the largest member of the CJK group as the script.
                cjk.into_iter()
                    .max_by_key(|&s| (self.get(s), std::cmp::Reverse(s)))
                    .unwrap_or(Script::Han)
            } else {
                script
            }
        })
    }
}

/// The dominant script of a text (see [`ScriptCounts::dominant`]).
pub fn detect_script(text: &str) -> Option<Script> {
    ScriptCounts::of(text).dominant()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_sorted_and_disjoint() {
        for pair in RANGES.windows(2) {
            assert!(
                pair[0].1 < pair[1].0,
                "{:x?} overlaps {:x?}",
                pair[0],
                pair[1]
            );
        }
        for &(start, end, _) in RANGES {
            assert!(start <= end);
        }
    }

    #[test]
    fn scripts_of_crafted_text() {
        assert_eq!(detect_script("hello"), Some(Script::Latin));
        assert_eq!(detect_script("ສະບາຍດີ"), Some(Script::Lao));
        assert_eq!(detect_script("ភាសាខ្មែរ"), Some(Script::Khmer));
        assert_eq!(detect_script("မြန်မာ"), Some(Script::Myanmar));
        assert_eq!(detect_script("ꦗꦮ"), Some(Script::Javanese));
        assert_eq!(detect_script("ᬩᬮᬶ"), Some(Script::Balinese));
        assert_eq!(detect_script("ᜊᜌ᜔ᜊᜌᜒᜈ᜔"), Some(Script::Tagalog));
        assert_eq!(detect_script("ꪼꪕ"), Some(Script::TaiViet));
        assert_eq!(detect_script("ᨠᩤ"), Some(Script::TaiTham));
        assert_eq!(detect_script("ڤد"), Some(Script::Arabic));
        assert_eq!(detect_script("中文字"), Some(Script::Han));
        // Two kana and two Han characters: Japanese, reported by its largest part.
        assert_eq!(
            detect_script("日本のこと").map(Script::family),
            Some("Hani")
        );
        assert_eq!(detect_script("史丹福 Stanford"), Some(Script::Han));
        // 21 Latin letters against 7 Han characters: a Chinese headline about English names.
        assert_eq!(
            detect_script("Netflix 推出 Stranger Things 第五季預告"),
            Some(Script::Han)
        );
        // An English sentence quoting two characters stays English.
        assert_eq!(
            detect_script("The greeting 你好 means hello"),
            Some(Script::Latin)
        );
        assert_eq!(detect_script("12345 !?"), None);
        assert_eq!(detect_script(""), None);
        assert_eq!(
            detect_script("\u{0301}\u{0E51}"),
            None,
            "marks and Thai digits"
        );
    }

    #[test]
    fn label_families() {
        assert_eq!(label_family("zho_Hant"), "Hani");
        assert_eq!(label_family("kor_Hang"), "Hani");
        assert_eq!(label_family("shn_Mymr"), "Mymr");
        assert_eq!(label_family("und"), "");
        assert_eq!(Script::Hangul.family(), "Hani");
        assert_eq!(Script::Lao.family(), "Laoo");
    }
}
