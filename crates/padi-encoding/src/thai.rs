//! Whether decoded text is well-formed Thai: used to accept windows-874 and to repair
//! TIS-620 mojibake.

/// Thai vowel signs and tone marks, which attach to the consonant before them.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{E31}' | '\u{E34}'..='\u{E3A}' | '\u{E47}'..='\u{E4E}')
}

fn is_consonant(c: char) -> bool {
    matches!(c, '\u{E01}'..='\u{E2E}')
}

/// Counts of a text's Thai characters.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ThaiScore {
    /// Characters of the Thai block.
    pub thai: usize,
    /// Vowel signs and tone marks that do not follow a consonant or another mark: rare in real
    /// Thai, common when other text is misread as Thai.
    pub misplaced: usize,
    /// Letters that are neither Thai nor ASCII.
    pub other_letters: usize,
    pub ascii_letters: usize,
}

impl ThaiScore {
    pub(crate) fn of(text: &str) -> Self {
        let mut score = Self::default();
        let mut prev = ' ';
        for c in text.chars() {
            if ('\u{E00}'..='\u{E7F}').contains(&c) {
                score.thai += 1;
                if is_mark(c) && !(is_consonant(prev) || is_mark(prev)) {
                    score.misplaced += 1;
                }
            } else if c.is_ascii_alphabetic() {
                score.ascii_letters += 1;
            } else if c.is_alphabetic() {
                score.other_letters += 1;
            }
            prev = c;
        }
        score
    }

    /// Mostly Thai, with at most one misplaced mark in twenty Thai characters.
    pub(crate) fn is_thai(&self) -> bool {
        self.thai >= 4
            && self.thai > self.ascii_letters
            && self.other_letters * 20 <= self.thai
            && self.misplaced * 20 <= self.thai
    }
}
