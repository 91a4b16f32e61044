//! Khmer syllable normalization following the categories and ordering of SIL's khnormal.
//!
//! Within a syllable (a base followed by non-base Khmer characters) characters are stably
//! sorted by category; then split vowels are recomposed, a vowel sign u typed for a consonant
//! shifter becomes the shifter, and coeng RO goes after any other coeng. Unlike khnormal,
//! coeng DA is turned into coeng TA only on request ([`crate::NormalizeConfig`]), and the
//! syllable is sorted once more at the end so that the result is a fixed point.

use crate::rewrite::Rewriter;
use crate::Changes;

const COENG: char = '\u{17D2}';
const ZWJ: char = '\u{200D}';
const SIGN_U: char = '\u{17BB}';
const SIGN_E: char = '\u{17C1}';
const SIGN_OE: char = '\u{17BE}';
const SIGN_AU: char = '\u{17C4}';
const SIGN_II: char = '\u{17B8}';
const SIGN_AA: char = '\u{17B6}';
const NIKAHIT: char = '\u{17C6}';
const ROBAT: char = '\u{17CC}';
const RO: char = '\u{179A}';
const BA: char = '\u{1794}';
const DA: char = '\u{178A}';
const TA: char = '\u{178F}';
/// Muusikatoan, the shifter written on series-2 consonants.
const SHIFTER_SERIES_2: char = '\u{17C9}';
/// Triisap, the shifter written on series-1 consonants.
const SHIFTER_SERIES_1: char = '\u{17CA}';

/// Sort keys within a syllable, in khnormal's order (ZWJ last as in its current version).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cat {
    Other,
    Base,
    Robat,
    Coeng,
    Shift,
    Zwnj,
    VowelPre,
    VowelBelow,
    VowelAbove,
    VowelPost,
    SignMid,
    SignFinal,
    Zwj,
}

fn category(c: char) -> Cat {
    match c {
        '\u{1780}'..='\u{17A2}' | '\u{17A5}'..='\u{17B3}' => Cat::Base,
        '\u{17B6}' => Cat::VowelPost,
        '\u{17B7}'..='\u{17BA}' => Cat::VowelAbove,
        '\u{17BB}'..='\u{17BD}' => Cat::VowelBelow,
        '\u{17BE}'..='\u{17C5}' => Cat::VowelPre,
        '\u{17C6}' | '\u{17CB}' | '\u{17CD}'..='\u{17D1}' | '\u{17D3}' | '\u{17DD}' => Cat::SignMid,
        '\u{17C7}' | '\u{17C8}' => Cat::SignFinal,
        '\u{17C9}' | '\u{17CA}' => Cat::Shift,
        '\u{17CC}' => Cat::Robat,
        '\u{17D2}' => Cat::Coeng,
        '\u{200C}' => Cat::Zwnj,
        '\u{200D}' => Cat::Zwj,
        _ => Cat::Other,
    }
}

/// Categories of `chars`, with a base or ZWJ that follows a coeng (or a ZWJ that is itself
/// part of a coeng) counted as part of the coeng. A ZWJ that follows no coeng does not pull
/// the next base into its syllable: sorting would then move that base in front of the ZWJ
/// and a second pass would read the text differently.
fn categories(chars: &[char]) -> Vec<Cat> {
    let mut cats: Vec<Cat> = chars.iter().map(|&c| category(c)).collect();
    for i in 1..chars.len() {
        let after_coeng = cats[i - 1] == Cat::Coeng && matches!(chars[i - 1], COENG | ZWJ);
        if after_coeng && matches!(cats[i], Cat::Base | Cat::Zwj) {
            cats[i] = Cat::Coeng;
        }
    }
    cats
}

fn is_consonant(c: char) -> bool {
    matches!(c, '\u{1780}'..='\u{17A2}' | '\u{17A5}'..='\u{17B3}')
}

/// Series-1 consonants (their inherent vowel is "a"; they take triisap).
fn is_series_1(c: char) -> bool {
    matches!(c,
        '\u{1780}'..='\u{1783}'
        | '\u{1785}'..='\u{1788}'
        | '\u{178A}'..='\u{178D}'
        | '\u{178F}'..='\u{1792}'
        | '\u{1795}'..='\u{1797}'
        | '\u{179E}'..='\u{17A0}'
        | '\u{17A2}')
}

/// Normalizes every Khmer syllable of `text`.
pub(crate) fn normalize(text: &str, da_to_ta: bool, changes: &mut Changes) -> Option<String> {
    let indexed: Vec<(usize, char)> = text.char_indices().collect();
    let chars: Vec<char> = indexed.iter().map(|&(_, c)| c).collect();
    let cats = categories(&chars);
    let mut edit = Rewriter::new(text);
    let mut syllable = String::new();
    let mut i = 0;
    while i < chars.len() {
        if cats[i] != Cat::Base {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < chars.len() && cats[end] > Cat::Base {
            end += 1;
        }
        let fixed = normalize_syllable(&chars[i..end], da_to_ta, changes);
        if fixed != chars[i..end] {
            let start_byte = indexed[i].0;
            let end_byte = indexed.get(end).map_or(text.len(), |&(b, _)| b);
            syllable.clear();
            syllable.extend(fixed.iter());
            edit.replace(start_byte, end_byte, &syllable);
        }
        i = end;
    }
    edit.finish()
}

fn sorted(chars: &[char]) -> Vec<char> {
    let cats = categories(chars);
    let mut order: Vec<usize> = (0..chars.len()).collect();
    order.sort_by_key(|&n| cats[n]);
    order.into_iter().map(|n| chars[n]).collect()
}

fn normalize_syllable(original: &[char], da_to_ta: bool, changes: &mut Changes) -> Vec<char> {
    let mut s = sorted(original);
    let mut reordered = s != original;
    changes.khmer_vowel_recomposed += recompose_split_vowels(&mut s);
    // khnormal moves u before a recomposed OE so that the shifter rule below can see it.
    for k in 0..s.len().saturating_sub(1) {
        if s[k] == SIGN_OE && s[k + 1] == SIGN_U {
            s.swap(k, k + 1);
        }
    }
    changes.khmer_shifter_restored += restore_shifters(&mut s);
    reordered |= coeng_ro_second(&mut s);
    if da_to_ta {
        for k in 0..s.len().saturating_sub(1) {
            if s[k] == COENG && s[k + 1] == DA {
                s[k + 1] = TA;
                changes.khmer_coeng_da_to_ta += 1;
            }
        }
    }
    let resorted = sorted(&s);
    // The OE/u swap can be undone by the final sort: only a result that differs counts.
    if (reordered || resorted != s) && resorted != original {
        changes.khmer_reordered += 1;
    }
    resorted
}

/// U+17C1 (+ below vowel) + U+17B8 → U+17BE (+ below vowel); the same with U+17B6 → U+17C4.
fn recompose_split_vowels(s: &mut Vec<char>) -> u64 {
    let mut count = 0;
    let mut k = 0;
    while k < s.len() {
        if s[k] == SIGN_E {
            let second = if s
                .get(k + 1)
                .is_some_and(|&c| category(c) == Cat::VowelBelow)
            {
                k + 2
            } else {
                k + 1
            };
            let compound = match s.get(second) {
                Some(&SIGN_II) => Some(SIGN_OE),
                Some(&SIGN_AA) => Some(SIGN_AU),
                _ => None,
            };
            if let Some(compound) = compound {
                s[k] = compound;
                s.remove(second);
                count += 1;
            }
        }
        k += 1;
    }
    count
}

/// A vowel sign u written before an upper vowel where a consonant shifter belongs becomes the
/// shifter of the cluster's series: triisap when the cluster (after any BA) has a series-1
/// consonant, muusikatoan otherwise.
fn restore_shifters(s: &mut [char]) -> u64 {
    let mut count = 0;
    for k in 0..s.len() {
        if s[k] != SIGN_U || !upper_vowel_follows(s, k + 1) {
            continue;
        }
        if let Some(series_1) = cluster_series_1(&s[..k]) {
            s[k] = if series_1 {
                SHIFTER_SERIES_1
            } else {
                SHIFTER_SERIES_2
            };
            count += 1;
        }
    }
    count
}

fn upper_vowel_follows(s: &[char], at: usize) -> bool {
    match s.get(at) {
        Some('\u{17B7}'..='\u{17BA}' | '\u{17BE}' | '\u{17BF}' | '\u{17DD}' | '\u{17D0}') => true,
        Some(&SIGN_AA) => s.get(at + 1) == Some(&NIKAHIT),
        _ => false,
    }
}

/// For the text before a vowel sign u: `None` when it does not end in a consonant cluster
/// (base, robat, up to two coengs, an optional ZWJ coeng and pre-vowel), otherwise whether the
/// cluster counts as series 1.
fn cluster_series_1(before: &[char]) -> Option<bool> {
    let mut end = before.len();
    if end > 0 && matches!(before[end - 1], '\u{17C1}'..='\u{17C5}') {
        end -= 1;
    }
    if end >= 3 && before[end - 3] == COENG && before[end - 2] == ZWJ && before[end - 1] != RO {
        end -= 3;
    }
    let mut consonants = Vec::with_capacity(3);
    while end >= 2 && before[end - 2] == COENG && is_consonant(before[end - 1]) {
        consonants.push(before[end - 1]);
        end -= 2;
    }
    if end >= 1 && before[end - 1] == ROBAT {
        end -= 1;
    }
    if end >= 1 && is_consonant(before[end - 1]) {
        consonants.push(before[end - 1]);
    }
    if consonants.is_empty() {
        return None;
    }
    // `consonants` runs from the last consonant backwards; a BA ends the part that counts.
    Some(
        consonants
            .iter()
            .take(3)
            .take_while(|&&c| c != BA)
            .any(|&c| is_series_1(c)),
    )
}

/// Coeng RO goes after another coeng that directly follows it.
fn coeng_ro_second(s: &mut [char]) -> bool {
    let mut moved = false;
    for k in 0..s.len().saturating_sub(3) {
        if s[k] == COENG && s[k + 1] == RO && s[k + 2] == COENG && is_consonant(s[k + 3]) {
            s.swap(k + 1, k + 3);
            moved = true;
        }
    }
    moved
}

/// Coeng DA and coeng TA look the same; the match key treats them as one.
pub(crate) fn fold_coeng_da(text: &str) -> String {
    text.replace("\u{17D2}\u{178A}", "\u{17D2}\u{178F}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(text: &str) -> String {
        normalize(text, false, &mut Changes::default()).unwrap_or_else(|| text.to_string())
    }

    #[test]
    fn crafted_syllables() {
        // Split vowel typed in two parts, and the e-vowel typed before the coeng.
        assert_eq!(norm("ល\u{17C1}\u{17B6}ក"), "លោក");
        assert_eq!(norm("ខ\u{17C2}\u{17D2}មរ"), "ខ្មែរ");
        // u + ii on a series-1 consonant is triisap + ii.
        assert_eq!(norm("ស\u{17B8}\u{17BB}"), "ស\u{17CA}\u{17B8}");
        // ... and muusikatoan on a series-2 consonant.
        assert_eq!(norm("ម\u{17B8}\u{17BB}"), "ម\u{17C9}\u{17B8}");
        // Coeng RO after another coeng.
        assert_eq!(
            norm("ស\u{17D2}រ\u{17D2}ត\u{17B8}"),
            "ស\u{17D2}ត\u{17D2}រ\u{17B8}"
        );
        // Coeng DA kept by default, folded on request.
        assert_eq!(norm("បន្ដ"), "បន្ដ");
        let mut changes = Changes::default();
        assert_eq!(normalize("បន្ដ", true, &mut changes).as_deref(), Some("បន្ត"));
        assert_eq!(changes.khmer_coeng_da_to_ta, 1);
        // Clean text is not touched.
        assert_eq!(
            normalize("ព្រះរាជាណាចក្រកម្ពុជា", false, &mut Changes::default()),
            None
        );
    }
}
