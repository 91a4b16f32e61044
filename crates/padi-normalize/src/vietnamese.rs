//! Vietnamese: combining-mark order before NFC, and tone placement house style.

use unicode_normalization::char::{compose, decompose_canonical, is_combining_mark};

use crate::rewrite::Rewriter;
use crate::{Changes, ToneStyle};

/// The five tone marks as combining characters.
fn is_tone(c: char) -> bool {
    matches!(
        c,
        '\u{0300}' | '\u{0301}' | '\u{0303}' | '\u{0309}' | '\u{0323}'
    )
}

/// Circumflex and breve: same combining class (230) as most tones, so canonical ordering does
/// not move them, and NFC can only compose them when they come first.
fn is_quality(c: char) -> bool {
    matches!(c, '\u{0302}' | '\u{0306}')
}

fn is_vietnamese_mark(c: char) -> bool {
    is_tone(c) || is_quality(c) || c == '\u{031B}'
}

/// In decomposed text, puts circumflex and breve before a tone mark typed ahead of them
/// (`e` U+0301 U+0302 → `e` U+0302 U+0301), so that NFC composes `ế`. Only on a vowel letter
/// that takes these marks, written plain or precomposed with its tone: text that already went
/// through NFC once has `é` U+0302 in place of `e` U+0301 U+0302.
pub(crate) fn order_marks(text: &str, changes: &mut Changes) -> Option<String> {
    let mut edit = Rewriter::new(text);
    let mut marks: Vec<char> = Vec::new();
    let mut fixed = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, letter)) = chars.next() {
        let Some((base, tone)) = split_tone(letter) else {
            continue;
        };
        if !matches!(base, 'a' | 'e' | 'o' | 'u' | 'A' | 'E' | 'O' | 'U') {
            continue;
        }
        marks.clear();
        marks.extend(tone);
        let mut end = start + letter.len_utf8();
        while let Some(&(i, c)) = chars.peek() {
            if !is_vietnamese_mark(c) {
                break;
            }
            marks.push(c);
            end = i + c.len_utf8();
            chars.next();
        }
        // Dot below (class 220) is put first by canonical ordering itself.
        let tone_first = marks
            .iter()
            .position(|&c| is_tone(c) && c != '\u{0323}')
            .zip(marks.iter().rposition(|&c| is_quality(c)))
            .is_some_and(|(tone, quality)| tone < quality);
        if tone_first {
            marks.sort_by_key(|&c| !is_quality(c));
            fixed.clear();
            fixed.push(base);
            fixed.extend(marks.iter());
            if fixed != text[start..end] {
                edit.replace(start, end, &fixed);
                changes.vietnamese_marks_reordered += 1;
            }
        }
    }
    edit.finish()
}

/// `c` as a plain vowel letter and its tone mark, when it is one of the letters the style
/// rule moves tones between (a, e, o, u, y with at most a tone).
fn split_tone(c: char) -> Option<(char, Option<char>)> {
    let mut parts = ['\0'; 3];
    let mut n = 0;
    decompose_canonical(c, |d| {
        if n < parts.len() {
            parts[n] = d;
        }
        n += 1;
    });
    let base = parts[0];
    if !matches!(base.to_ascii_lowercase(), 'a' | 'e' | 'o' | 'u' | 'y') {
        return None;
    }
    match n {
        1 => Some((base, None)),
        2 if is_tone(parts[1]) => Some((base, Some(parts[1]))),
        _ => None,
    }
}

fn is_vowel_letter(c: char) -> bool {
    let mut base = c;
    decompose_canonical(c, |d| {
        if base == c {
            base = d;
        }
    });
    matches!(base.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

fn with_tone(base: char, tone: Option<char>) -> char {
    tone.and_then(|t| compose(base, t)).unwrap_or(base)
}

/// Moves the tone of word-final `oa`, `oe`, `uy` to the first vowel (old style: `hòa`,
/// `thúy`) or the second (new style: `hoà`, `thuý`). `qu` + `y` is left alone: there the `u`
/// belongs to the consonant (`quý`). Input must be NFC.
pub(crate) fn apply_tone_style(
    text: &str,
    style: ToneStyle,
    changes: &mut Changes,
) -> Option<String> {
    if style == ToneStyle::Keep || text.is_ascii() {
        return None;
    }
    let mut edit = Rewriter::new(text);
    let mut word: Vec<(usize, char)> = Vec::new();
    // A combining mark belongs to the word: a tone moved next to it would compose with it.
    let in_word = |c: char| c.is_alphabetic() || is_combining_mark(c);
    let mut chars = text.char_indices().peekable();
    while let Some(&(_, c)) = chars.peek() {
        if !in_word(c) {
            chars.next();
            continue;
        }
        word.clear();
        while let Some(&(i, c)) = chars.peek() {
            if !in_word(c) {
                break;
            }
            word.push((i, c));
            chars.next();
        }
        if let Some(fixed) = restyle_word(&word, style) {
            let (start, _) = word[word.len() - 2];
            let (last, c) = word[word.len() - 1];
            edit.replace(start, last + c.len_utf8(), &fixed);
            changes.vietnamese_tone_moved += 1;
        }
    }
    edit.finish()
}

/// The last two letters of `word` rewritten in `style`, if they change.
fn restyle_word(word: &[(usize, char)], style: ToneStyle) -> Option<String> {
    let n = word.len();
    if n < 2 {
        return None;
    }
    let (first, first_tone) = split_tone(word[n - 2].1)?;
    let (second, second_tone) = split_tone(word[n - 1].1)?;
    let pair = (first.to_ascii_lowercase(), second.to_ascii_lowercase());
    if !matches!(pair, ('o', 'a') | ('o', 'e') | ('u', 'y')) {
        return None;
    }
    if let Some(&(_, before)) = n.checked_sub(3).and_then(|k| word.get(k)) {
        if is_vowel_letter(before) || (pair.0 == 'u' && matches!(before, 'q' | 'Q')) {
            return None;
        }
    }
    let tone = match (first_tone, second_tone) {
        (Some(t), None) | (None, Some(t)) => t,
        _ => return None,
    };
    let (new_first, new_second) = match style {
        ToneStyle::Old => (with_tone(first, Some(tone)), second),
        ToneStyle::New => (first, with_tone(second, Some(tone))),
        ToneStyle::Keep => return None,
    };
    if new_first == word[n - 2].1 {
        return None;
    }
    Some([new_first, new_second].iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style(text: &str, style: ToneStyle) -> String {
        apply_tone_style(text, style, &mut Changes::default()).unwrap_or_else(|| text.to_string())
    }

    #[test]
    fn old_and_new_style_both_ways() {
        for (old, new) in [
            ("hòa", "hoà"),
            ("thúy", "thuý"),
            ("khỏe", "khoẻ"),
            ("Hòa bình", "Hoà bình"),
            ("THỦY", "THUỶ"),
            ("tòa án", "toà án"),
        ] {
            assert_eq!(style(old, ToneStyle::New), new);
            assert_eq!(style(new, ToneStyle::Old), old);
            assert_eq!(style(old, ToneStyle::Old), old);
            assert_eq!(style(new, ToneStyle::New), new);
        }
    }

    #[test]
    fn words_outside_the_rule_are_untouched() {
        for word in [
            "quý", "quà", "gìn", "giữ", "hoàn", "toán", "khuya", "thuyền", "hoa", "ngoài",
        ] {
            assert_eq!(style(word, ToneStyle::New), word, "{word}");
            assert_eq!(style(word, ToneStyle::Old), word, "{word}");
        }
    }

    #[test]
    fn decomposed_marks_are_put_in_composable_order() {
        let mut changes = Changes::default();
        let out = order_marks("e\u{0301}\u{0302} a\u{0300}\u{0306}", &mut changes);
        assert_eq!(out.as_deref(), Some("e\u{0302}\u{0301} a\u{0306}\u{0300}"));
        assert_eq!(changes.vietnamese_marks_reordered, 2);
        assert_eq!(order_marks("e\u{0302}\u{0301}", &mut changes), None);
        // After an earlier NFC the tone is already composed with the letter.
        let out = order_marks("Vi\u{00E9}\u{0302}t", &mut changes);
        assert_eq!(out.as_deref(), Some("Vie\u{0302}\u{0301}t"));
    }
}
