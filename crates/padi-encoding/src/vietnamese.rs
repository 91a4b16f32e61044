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
    "aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị", "oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ",
    "uùúủũụ", "ưừứửữự", "yỳýỷỹỵ", "AÀÁẢÃẠ", "ĂẰẮẲẴẶ", "ÂẦẤẨẪẬ", "EÈÉẺẼẸ", "ÊỀẾỂỄỆ", "IÌÍỈĨỊ",
    "OÒÓỎÕỌ", "ÔỒỐỔỖỘ", "ƠỜỚỞỠỢ", "UÙÚỦŨỤ", "ƯỪỨỬỮỰ", "YỲÝỶỸỴ",
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

/// Whether `word` is one Vietnamese syllable: an optional initial consonant, one to three
/// vowels, an optional final consonant. Text decoded with the wrong encoding ("cafộ",
/// "trốs") rarely is.
pub(crate) fn is_syllable(word: &str) -> bool {
    let lower: String = word
        .chars()
        .filter(|c| !is_combining_tone(*c))
        .flat_map(char::to_lowercase)
        .collect();
    INITIALS
        .iter()
        .filter_map(|initial| lower.strip_prefix(initial))
        .chain(std::iter::once(lower.as_str()))
        .any(|rest| {
            let vowels: usize = rest
                .chars()
                .take_while(|c| VOWELS[..12].iter().any(|row| row.contains(*c)))
                .map(char::len_utf8)
                .sum();
            let count = rest[..vowels].chars().count();
            let end = &rest[vowels..];
            (1..=3).contains(&count) && (end.is_empty() || FINALS.contains(&end))
        })
}

/// Combining tone marks, as windows-1258 and TCVN3 produce them.
fn is_combining_tone(c: char) -> bool {
    matches!(c, '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}')
}

/// For a non-ASCII character of a Vietnamese word: `Some(carries a tone)`, or `None` if it
/// cannot occur in Vietnamese.
fn vietnamese_char(c: char) -> Option<bool> {
    if is_combining_tone(c) {
        return Some(true);
    }
    if matches!(c, 'đ' | 'Đ') {
        return Some(false);
    }
    VOWELS
        .iter()
        .find_map(|row| row.chars().position(|v| v == c).map(|tone| tone > 0))
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

    /// Whether the text is clearly Vietnamese: most words carry Vietnamese letters (Western
    /// European text has far fewer accented words), almost none is foreign, and many have
    /// letters that only Vietnamese uses.
    pub(crate) fn is_vietnamese(&self) -> bool {
        self.vietnamese >= 3
            && self.vietnamese * 4 >= self.words
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
    fn recognises_syllables() {
        for word in ["người", "Việt", "giữa", "quá", "khuyên", "đường", "a", "NGHIÊNG", "Viê\u{323}t"] {
            assert!(is_syllable(word), "{word}");
        }
        for word in ["cafộ", "trốs", "bientụt", "Noởl", "ưv", "âb", "x"] {
            assert!(!is_syllable(word), "{word}");
        }
    }

    #[test]
    fn scores_vietnamese_above_western_text() {
        let vi = VietnameseScore::of("Tiếng Việt là ngôn ngữ của người Việt và là ngôn ngữ chính thức");
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
