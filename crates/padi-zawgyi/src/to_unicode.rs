//! Zawgyi → Unicode conversion, following the stages of the CLDR transform
//! `my-t-my-s0-zawgyi`: map code points, reorder into logical order, sort medials, drop
//! duplicated diacritics.

use crate::model::is_myanmar_letter;
use crate::syllable::{Cluster, Part, ZAWGYI_LIGATURES};

/// Converts Zawgyi-encoded text to Unicode Myanmar in storage order (Unicode UTN #11).
///
/// Every input is accepted: characters that are not Zawgyi Myanmar (Latin, digits used as
/// digits, spaces, ZWSP, ...) pass through unchanged and split syllables. Myanmar runs of the
/// output are NFC; other text is passed through unchanged. Only call
/// this on text known to be Zawgyi (see [`crate::ZawgyiDetector`]): on Unicode text it is
/// wrong, because Zawgyi gives the same code points other meanings.
pub fn zawgyi_to_unicode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut chars = Vec::new();
    let mut cluster = Cluster::default();
    // No syllable spans a line break, so lines are converted one at a time: working memory is
    // bounded by the longest line, not the text.
    for line in text.split_inclusive('\n') {
        chars.clear();
        chars.extend(line.chars());
        convert_line(&chars, &mut cluster, &mut out);
    }
    // Clusters are written in Unicode storage order, but malformed input (a dot below before
    // a kinzi, say) can leave marks of different combining classes out of canonical order;
    // the output promises to be stable under NFC. Only Myanmar runs are normalized: other
    // text passes through untouched (NFC would change CJK compatibility ideographs).
    if unicode_normalization::is_nfc_quick(out.chars()) == unicode_normalization::IsNormalized::Yes
    {
        return out;
    }
    let mut normalized = String::with_capacity(out.len());
    let mut run = String::new();
    for c in out.chars() {
        if is_myanmar(c) {
            run.push(c);
            continue;
        }
        normalized.extend(unicode_normalization::UnicodeNormalization::nfc(
            run.as_str(),
        ));
        run.clear();
        normalized.push(c);
    }
    normalized.extend(unicode_normalization::UnicodeNormalization::nfc(
        run.as_str(),
    ));
    normalized
}

fn is_myanmar(c: char) -> bool {
    matches!(c, '\u{1000}'..='\u{109F}' | '\u{A9E0}'..='\u{A9FF}' | '\u{AA60}'..='\u{AA7F}')
}

fn convert_line(chars: &[char], cluster: &mut Cluster, out: &mut String) {
    let mut skip_until = 0;
    for (at, &c) in chars.iter().enumerate() {
        if at < skip_until {
            continue;
        }
        if is_space(c) && cluster.base.is_some() {
            let after_spaces = at + chars[at..].iter().take_while(|&&c| is_space(c)).count();
            if is_zawgyi_dependent(chars.get(after_spaces)) {
                // Typists put spaces before a mark to nudge its glyph; it belongs here.
                skip_until = after_spaces;
                continue;
            }
        }
        let mut parts = PartBuf::default();
        zawgyi_parts(chars, at, &mut parts);
        if parts.len == 0 {
            cluster.write_unicode(out);
            out.push(c);
            continue;
        }
        for &part in &parts.parts[..parts.len] {
            // The E-vowel and medial ra are written before their consonant in Zawgyi, so
            // like a consonant they open the next syllable.
            let starts_syllable = matches!(part, Part::Base(_) | Part::VowelE | Part::MedialRa)
                && (cluster.base.is_some() || cluster.has_post_base());
            if starts_syllable {
                cluster.write_unicode(out);
            }
            cluster.add(part);
        }
    }
    cluster.write_unicode(out);
}

/// The parts one Zawgyi code point stands for (at most four: ၎ alone means ၎င်း).
struct PartBuf {
    parts: [Part; 4],
    len: usize,
}

impl Default for PartBuf {
    fn default() -> Self {
        PartBuf {
            parts: [Part::Asat; 4],
            len: 0,
        }
    }
}

impl PartBuf {
    fn push(&mut self, part: Part) {
        if self.len < self.parts.len() {
            self.parts[self.len] = part;
            self.len += 1;
        }
    }
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{00A0}'
}

fn is_digit(c: Option<&char>) -> bool {
    c.is_some_and(|c| ('\u{1040}'..='\u{1049}').contains(c))
}

/// Zawgyi marks written after their consonant; a digit before one is a letter in disguise.
fn is_zawgyi_dependent(c: Option<&char>) -> bool {
    !is_zawgyi_prebase(c)
        && c.is_some_and(|&c| {
            matches!(c, '\u{102B}'..='\u{1030}' | '\u{1032}'..='\u{103D}' | '\u{105A}')
                || ('\u{1060}'..='\u{1097}').contains(&c) && !is_zawgyi_letter_glyph(c)
        })
}

/// Zawgyi glyphs in U+1060..=U+1097 that are letters, not marks.
fn is_zawgyi_letter_glyph(c: char) -> bool {
    matches!(
        c,
        '\u{106A}' | '\u{106B}' | '\u{1086}' | '\u{108F}' | '\u{1090}'
    ) || ZAWGYI_LIGATURES.iter().any(|l| l.0 == c)
}

/// Written before a consonant in Zawgyi: the E-vowel and the medial-ra glyphs.
fn is_zawgyi_prebase(c: Option<&char>) -> bool {
    c.is_some_and(|&c| matches!(c, '\u{1031}' | '\u{103B}' | '\u{107E}'..='\u{1084}'))
}

/// Fills `parts` with what the Zawgyi code point at `chars[at]` means; no parts means "not a
/// Zawgyi syllable character" (passed through as is).
fn zawgyi_parts(chars: &[char], at: usize, parts: &mut PartBuf) {
    use Part::*;
    let c = chars[at];
    let prev = at.checked_sub(1).and_then(|p| chars.get(p));
    let next = chars.get(at + 1);
    let followed_by_ing = chars.get(at + 1..at + 4) == Some(&['\u{1004}', '\u{1039}', '\u{1038}']);
    match c {
        // Zawgyi writes ဝ as the digit zero and ရ as the digit seven when they look alike.
        '\u{1040}' => {
            let in_word = is_zawgyi_dependent(next)
                || is_zawgyi_prebase(prev)
                || (!is_digit(prev)
                    && !is_digit(next)
                    && (prev.is_some_and(|&c| is_myanmar_letter(c))
                        || next.is_some_and(|&c| is_myanmar_letter(c))));
            if in_word {
                parts.push(Base('\u{101D}'));
            }
        }
        '\u{1047}' if is_zawgyi_dependent(next) || is_zawgyi_prebase(prev) => {
            parts.push(Base('\u{101B}'))
        }
        // ၎င်း is typed as the digit four + င္း, or as ၎ alone.
        '\u{1044}' if followed_by_ing => parts.push(Base('\u{104E}')),
        '\u{104E}' => {
            parts.push(Base('\u{104E}'));
            if !followed_by_ing {
                parts.push(Base('\u{1004}'));
                parts.push(Asat);
                parts.push(Visarga);
            }
        }
        '\u{1000}'..='\u{1021}'
        | '\u{1023}'..='\u{102A}'
        | '\u{104C}'
        | '\u{104D}'
        | '\u{104F}' => parts.push(Base(c)),
        '\u{102B}' | '\u{102C}' => parts.push(AaVowel(c)),
        '\u{102D}' | '\u{102E}' | '\u{1032}' => parts.push(UpperVowel(c)),
        '\u{102F}' | '\u{1030}' => parts.push(LowerVowel(c)),
        '\u{1033}' => parts.push(LowerVowel('\u{102F}')),
        '\u{1034}' => parts.push(LowerVowel('\u{1030}')),
        '\u{1031}' => parts.push(VowelE),
        '\u{1036}' => parts.push(Anusvara),
        '\u{1037}' | '\u{1094}' | '\u{1095}' => parts.push(DotBelow),
        '\u{1038}' => parts.push(Visarga),
        '\u{1039}' => parts.push(Asat),
        '\u{103A}' | '\u{107D}' => parts.push(MedialYa),
        '\u{103B}' | '\u{107E}'..='\u{1084}' => parts.push(MedialRa),
        '\u{103C}' => parts.push(MedialWa),
        '\u{103D}' | '\u{1087}' => parts.push(MedialHa),
        '\u{105A}' => {
            parts.push(AaVowel('\u{102B}'));
            parts.push(Asat);
        }
        '\u{1064}' => parts.push(Kinzi),
        '\u{106A}' => parts.push(Base('\u{1009}')),
        '\u{106B}' => parts.push(Base('\u{100A}')),
        '\u{1086}' => parts.push(Base('\u{103F}')),
        '\u{1088}' => {
            parts.push(MedialHa);
            parts.push(LowerVowel('\u{102F}'));
        }
        '\u{1089}' => {
            parts.push(MedialHa);
            parts.push(LowerVowel('\u{1030}'));
        }
        '\u{108A}' => {
            parts.push(MedialWa);
            parts.push(MedialHa);
        }
        '\u{108B}' => {
            parts.push(Kinzi);
            parts.push(UpperVowel('\u{102D}'));
        }
        '\u{108C}' => {
            parts.push(Kinzi);
            parts.push(UpperVowel('\u{102E}'));
        }
        '\u{108D}' => {
            parts.push(Kinzi);
            parts.push(Anusvara);
        }
        '\u{108E}' => {
            parts.push(UpperVowel('\u{102D}'));
            parts.push(Anusvara);
        }
        '\u{108F}' => parts.push(Base('\u{1014}')),
        '\u{1090}' => parts.push(Base('\u{101B}')),
        '\u{1096}' => {
            parts.push(Stack('\u{1010}'));
            parts.push(MedialWa);
        }
        _ => {
            if let Some(&(_, base, stacked)) = ZAWGYI_LIGATURES.iter().find(|l| l.0 == c) {
                parts.push(Base(base));
                parts.push(Stack(stacked));
            } else if let Some(stacked) = zawgyi_stacked_consonant(c) {
                parts.push(Stack(stacked));
            }
        }
    }
}

/// The consonant a Zawgyi subscript glyph (U+1060–U+1085, U+1093) stacks under its base.
pub(crate) fn zawgyi_stacked_consonant(c: char) -> Option<char> {
    Some(match c {
        '\u{1060}' => '\u{1000}',
        '\u{1061}' => '\u{1001}',
        '\u{1062}' => '\u{1002}',
        '\u{1063}' => '\u{1003}',
        '\u{1065}' => '\u{1005}',
        '\u{1066}' | '\u{1067}' => '\u{1006}',
        '\u{1068}' => '\u{1007}',
        '\u{1069}' => '\u{1008}',
        '\u{106C}' => '\u{100B}',
        '\u{106D}' => '\u{100C}',
        '\u{1070}' => '\u{100F}',
        '\u{1071}' | '\u{1072}' => '\u{1010}',
        '\u{1073}' | '\u{1074}' => '\u{1011}',
        '\u{1075}' => '\u{1012}',
        '\u{1076}' => '\u{1013}',
        '\u{1077}' => '\u{1014}',
        '\u{1078}' => '\u{1015}',
        '\u{1079}' => '\u{1016}',
        '\u{107A}' => '\u{1017}',
        '\u{107B}' | '\u{1093}' => '\u{1018}',
        '\u{107C}' => '\u{1019}',
        '\u{1085}' => '\u{101C}',
        _ => return None,
    })
}
