//! Vietnamese letters: composing them from a base vowel and a tone, and judging whether a
//! decoded text looks like Vietnamese (used to choose among the Vietnamese legacy encodings).

/// Tones in the order of the rows of [`VOWELS`]: none, grave, acute, hook above, tilde, dot below.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tone {
    Level = 0,
    Grave = 1,
    Acute = 2,
    Hook = 3,
    Tilde = 4,
    Dot = 5,
}

/// Every Vietnamese vowel with each tone, lower case then upper case; the first letter of a
/// row is the toneless vowel.
const VOWELS: [&str; 24] = [
    "aàáảãạ",
    "ăằắẳẵặ",
    "âầấẩẫậ",
    "eèéẻẽẹ",
    "êềếểễệ",
    "iìíỉĩị",
    "oòóỏõọ",
    "ôồốổỗộ",
    "ơờớởỡợ",
    "uùúủũụ",
    "ưừứửữự",
    "yỳýỷỹỵ",
    "AÀÁẢÃẠ",
    "ĂẰẮẲẴẶ",
    "ÂẦẤẨẪẬ",
    "EÈÉẺẼẸ",
    "ÊỀẾỂỄỆ",
    "IÌÍỈĨỊ",
    "OÒÓỎÕỌ",
    "ÔỒỐỔỖỘ",
    "ƠỜỚỞỠỢ",
    "UÙÚỦŨỤ",
    "ƯỪỨỬỮỰ",
    "YỲÝỶỸỴ",
];

/// The vowel `base` (toneless, possibly with circumflex, breve or horn) carrying `tone`.
pub(crate) fn with_tone(base: char, tone: Tone) -> Option<char> {
    VOWELS
        .iter()
        .find(|row| row.starts_with(base))
        .and_then(|row| row.chars().nth(tone as usize))
}

/// Consonants that can begin a syllable, longest first.
const INITIALS: [&str; 27] = [
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
    "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
];

/// Consonants that can end a syllable.
const FINALS: [&str; 8] = ["ng", "nh", "ch", "c", "m", "n", "p", "t"];

/// Vowel groups (toneless) that occur in Vietnamese syllables, glides included.
const NUCLEI: [&str; 50] = [
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây",
    "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "oo", "ôi", "ơi", "ua", "uâ", "uê", "ui",
    "uô", "uơ", "uy", "ưa", "ưi", "ươ", "ưu", "yê", "iêu", "yêu", "oai", "oay", "oeo", "uây",
    "uôi", "ươi",
];

/// Three-vowel groups beyond [`NUCLEI`].
const RARE_NUCLEI: [&str; 5] = ["ươu", "uyê", "uya", "uyu", "oao"];

/// A lower-case vowel's toneless form and tone.
fn split_tone(c: char) -> Option<(char, Tone)> {
    const TONES: [Tone; 6] = [
        Tone::Level,
        Tone::Grave,
        Tone::Acute,
        Tone::Hook,
        Tone::Tilde,
        Tone::Dot,
    ];
    let (lower_case, _) = VOWELS.split_at(VOWELS.len() / 2);
    lower_case.iter().find_map(|row| {
        let tone = row.chars().position(|v| v == c)?;
        Some((row.chars().next()?, TONES[tone]))
    })
}

/// Whether `word` is one Vietnamese syllable: an optional initial consonant, a vowel group
/// that Vietnamese has, at most one tone, an optional final consonant, and after a final stop
/// (c, ch, p, t) the acute or dot-below tone. Text decoded with the wrong encoding ("cafộ",
/// "trốs", "hảc") rarely is.
pub(crate) fn is_syllable(word: &str) -> bool {
    let marks: Vec<Tone> = word.chars().filter_map(combining_tone).collect();
    let lower: String = word
        .chars()
        .filter(|c| combining_tone(*c).is_none())
        .flat_map(char::to_lowercase)
        .collect();
    INITIALS
        .iter()
        .filter_map(|initial| lower.strip_prefix(initial))
        .chain(std::iter::once(lower.as_str()))
        .any(|rest| {
            let mut nucleus = String::new();
            let mut nucleus_len = 0;
            let mut tones = marks.clone();
            for c in rest.chars() {
                let Some((base, tone)) = split_tone(c) else {
                    break;
                };
                nucleus.push(base);
                nucleus_len += c.len_utf8();
                tones.extend((tone != Tone::Level).then_some(tone));
            }
            let end = &rest[nucleus_len..];
            let stop = matches!(end, "c" | "ch" | "p" | "t");
            tones.len() <= 1
                && (NUCLEI.contains(&nucleus.as_str()) || RARE_NUCLEI.contains(&nucleus.as_str()))
                && (end.is_empty() || FINALS.contains(&end))
                && (!stop || matches!(tones.first(), Some(Tone::Acute | Tone::Dot)))
        })
}

/// The tone of a combining tone mark, as windows-1258 and TCVN3 produce them.
fn combining_tone(c: char) -> Option<Tone> {
    match c {
        '\u{0300}' => Some(Tone::Grave),
        '\u{0301}' => Some(Tone::Acute),
        '\u{0303}' => Some(Tone::Tilde),
        '\u{0309}' => Some(Tone::Hook),
        '\u{0323}' => Some(Tone::Dot),
        _ => None,
    }
}

/// For a non-ASCII character of a Vietnamese word: `Some(carries a tone)`, or `None` if it
/// cannot occur in Vietnamese. (A match, not a search of [`VOWELS`]: detection calls this
/// for every character of 64 KiB four times.)
fn vietnamese_char(c: char) -> Option<bool> {
    match c {
        '\u{1EA0}'..='\u{1EF9}'
        | '\u{0300}'
        | '\u{0301}'
        | '\u{0303}'
        | '\u{0309}'
        | '\u{0323}'
        | 'Ĩ'
        | 'ĩ'
        | 'Ũ'
        | 'ũ'
        | 'À'
        | 'Á'
        | 'Ã'
        | 'È'
        | 'É'
        | 'Ì'
        | 'Í'
        | 'Ò'
        | 'Ó'
        | 'Õ'
        | 'Ù'
        | 'Ú'
        | 'Ý'
        | 'à'
        | 'á'
        | 'ã'
        | 'è'
        | 'é'
        | 'ì'
        | 'í'
        | 'ò'
        | 'ó'
        | 'õ'
        | 'ù'
        | 'ú'
        | 'ý' => Some(true),
        'Â' | 'Ê' | 'Ô' | 'â' | 'ê' | 'ô' | 'Ă' | 'ă' | 'Đ' | 'đ' | 'Ơ' | 'ơ' | 'Ư' | 'ư' => {
            Some(false)
        }
        _ => None,
    }
}

/// Word statistics of a text under one candidate decoding.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct VietnameseScore {
    /// Words (runs of characters between ASCII spaces and punctuation).
    pub words: usize,
    /// Words with non-ASCII letters that are all Vietnamese, with at most one tone, that form
    /// a Vietnamese syllable.
    pub vietnamese: usize,
    /// Of those, words with a letter outside Latin-1 (ă, đ, ơ, ư, ạ, ...), which Western
    /// European text never has.
    pub distinctive: usize,
    /// Words with a non-ASCII character that cannot be Vietnamese, with two tones, or that
    /// are no Vietnamese syllable.
    pub foreign: usize,
}

impl VietnameseScore {
    /// Scores `text` word by word.
    pub(crate) fn of(text: &str) -> Self {
        let mut score = Self::default();
        let words = text
            .split(|c: char| c.is_ascii() && !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty());
        for word in words {
            score.words += 1;
            score.add_word(word);
        }
        score
    }

    fn add_word(&mut self, word: &str) {
        let mut tones = 0;
        let mut non_ascii = false;
        let mut distinctive = false;
        for c in word.chars().filter(|c| !c.is_ascii()) {
            non_ascii = true;
            match vietnamese_char(c) {
                Some(toned) => {
                    tones += usize::from(toned);
                    distinctive |= c > '\u{FF}';
                }
                None => {
                    self.foreign += 1;
                    return;
                }
            }
        }
        if !non_ascii {
            return;
        }
        if tones > 1 || !is_syllable(word) {
            self.foreign += 1;
        } else {
            self.vietnamese += 1;
            self.distinctive += usize::from(distinctive);
        }
    }

    /// Whether the text is clearly Vietnamese: two words in five or more carry Vietnamese
    /// letters (real Vietnamese: over half; Western European or Acehnese text: far fewer),
    /// almost none is foreign, and many have letters that only Vietnamese uses.
    pub(crate) fn is_vietnamese(&self) -> bool {
        self.vietnamese >= 3
            && self.vietnamese * 5 >= self.words * 2
            && self.foreign * 10 <= self.vietnamese
            && self.distinctive * 4 >= self.vietnamese
    }

    /// The share of accented words that are Vietnamese, for comparing candidate decodings.
    pub(crate) fn quality(&self) -> f64 {
        let accented = self.vietnamese + self.foreign;
        if accented == 0 {
            0.0
        } else {
            self.vietnamese as f64 / accented as f64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composes_vowels_with_tones() {
        assert_eq!(with_tone('ê', Tone::Dot), Some('ệ'));
        assert_eq!(with_tone('Ư', Tone::Grave), Some('Ừ'));
        assert_eq!(with_tone('a', Tone::Level), Some('a'));
        assert_eq!(with_tone('q', Tone::Acute), None);
    }

    #[test]
    fn classifies_every_vowel() {
        let letters = VOWELS.iter().flat_map(|row| row.chars().enumerate());
        for (tone, c) in letters.filter(|(_, c)| !c.is_ascii()) {
            assert_eq!(vietnamese_char(c), Some(tone > 0), "{c}");
        }
        assert_eq!(vietnamese_char('đ'), Some(false));
        assert_eq!(vietnamese_char('ñ'), None);
        assert_eq!(vietnamese_char('ç'), None);
    }

    #[test]
    fn recognises_syllables() {
        for word in [
            "người",
            "Việt",
            "giữa",
            "quá",
            "khuyên",
            "đường",
            "a",
            "NGHIÊNG",
            "Viê\u{323}t",
        ] {
            assert!(is_syllable(word), "{word}");
        }
        for word in [
            "cafộ",
            "trốs",
            "bientụt",
            "Noởl",
            "ưv",
            "âb",
            "x",
            "hảc",
            "vìệt",
            "ẻă",
        ] {
            assert!(!is_syllable(word), "{word}");
        }
    }

    #[test]
    fn scores_vietnamese_above_western_text() {
        let vi =
            VietnameseScore::of("Tiếng Việt là ngôn ngữ của người Việt và là ngôn ngữ chính thức");
        assert!(vi.is_vietnamese(), "{vi:?}");
        for western in [
            "São Paulo é a maior cidade do Brasil e não fica no litoral",
            "El ñandú corre rápido por la pampa de la región",
            "L'élève a été très préoccupé par la leçon de français",
            "The quick brown fox jumps over the lazy dog",
        ] {
            let score = VietnameseScore::of(western);
            assert!(!score.is_vietnamese(), "{western}: {score:?}");
        }
    }
}
