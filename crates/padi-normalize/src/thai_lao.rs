//! Thai and Lao repairs: doubled sara e, decomposed sara am, mark order, repeated marks and
//! marks left without a base.
//!
//! NFC does not fix these: the vowel signs and most marks of both scripts have combining
//! class 0, and sara am has no canonical decomposition.

use crate::Changes;
use unicode_normalization::char::is_combining_mark;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Thai,
    Lao,
}

/// The letters the rules rewrite, per script.
struct Letters {
    sara_e: char,
    sara_ae: char,
    nikhahit: char,
    sara_aa: char,
    sara_am: char,
}

const THAI: Letters = Letters {
    sara_e: '\u{0E40}',
    sara_ae: '\u{0E41}',
    nikhahit: '\u{0E4D}',
    sara_aa: '\u{0E32}',
    sara_am: '\u{0E33}',
};

const LAO: Letters = Letters {
    sara_e: '\u{0EC0}',
    sara_ae: '\u{0EC1}',
    nikhahit: '\u{0ECD}',
    sara_aa: '\u{0EB2}',
    sara_am: '\u{0EB3}',
};

impl Script {
    fn of(c: char) -> Option<Script> {
        match c {
            '\u{0E00}'..='\u{0E7F}' => Some(Script::Thai),
            '\u{0E80}'..='\u{0EFF}' => Some(Script::Lao),
            _ => None,
        }
    }

    fn letters(self) -> &'static Letters {
        match self {
            Script::Thai => &THAI,
            Script::Lao => &LAO,
        }
    }
}

/// Position of a combining mark in a well-formed cluster: vowel signs first (above and below,
/// including nikhahit, which Lao also writes as the vowel sign o: `ຕໍ່`), then tone marks and
/// cancellation marks.
fn mark_rank(c: char) -> Option<u8> {
    match c {
        '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}' | '\u{0E4D}' | '\u{0E4E}' => Some(0),
        '\u{0E48}'..='\u{0E4C}' => Some(1),
        '\u{0EB1}' | '\u{0EB4}'..='\u{0EBC}' | '\u{0ECD}' | '\u{0ECE}' => Some(0),
        '\u{0EC8}'..='\u{0ECC}' => Some(1),
        _ => None,
    }
}

/// What one pass found, before it is filed under the Thai or Lao counters.
#[derive(Default)]
struct Counts {
    sara_e: u64,
    sara_am: u64,
    reordered: u64,
    duplicates: u64,
    dangling: u64,
}

impl Counts {
    fn file(&self, script: Script, changes: &mut Changes) {
        let (sara_e, sara_am, reordered, duplicates, dangling) = match script {
            Script::Thai => (
                &mut changes.thai_sara_e_composed,
                &mut changes.thai_sara_am_composed,
                &mut changes.thai_marks_reordered,
                &mut changes.thai_duplicate_marks_removed,
                &mut changes.thai_dangling_marks_removed,
            ),
            Script::Lao => (
                &mut changes.lao_sara_e_composed,
                &mut changes.lao_sara_am_composed,
                &mut changes.lao_marks_reordered,
                &mut changes.lao_duplicate_marks_removed,
                &mut changes.lao_dangling_marks_removed,
            ),
        };
        *sara_e += self.sara_e;
        *sara_am += self.sara_am;
        *reordered += self.reordered;
        *duplicates += self.duplicates;
        *dangling += self.dangling;
    }
}

/// Applies the Thai and Lao rules to `text`.
pub(crate) fn repair(text: &str, changes: &mut Changes) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut thai = Counts::default();
    let mut lao = Counts::default();
    let mut run: Vec<char> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let Some(script) = Script::of(c) else {
            out.push(c);
            i += 1;
            continue;
        };
        let letters = script.letters();
        let counts = match script {
            Script::Thai => &mut thai,
            Script::Lao => &mut lao,
        };
        if c == letters.sara_e && chars.get(i + 1) == Some(&letters.sara_e) {
            out.push(letters.sara_ae);
            counts.sara_e += 1;
            i += 2;
            continue;
        }
        if mark_rank(c).is_none() {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && mark_rank(chars[i]).is_some()
            && Script::of(chars[i]) == Some(script)
        {
            i += 1;
        }
        // The base is the last character that is not itself a mark: NFC may move other
        // scripts' marks in front of these, which must not turn a dangling run into a kept one.
        let base = out.chars().rev().find(|&c| !is_combining_mark(c));
        if base.is_none() || base.is_some_and(char::is_whitespace) {
            counts.dangling += (i - start) as u64;
            continue;
        }
        run.clear();
        run.extend_from_slice(&chars[start..i]);
        // Stable: marks of one rank keep the order NFC gave them.
        run.sort_by_key(|&m| mark_rank(m));
        counts.reordered += u64::from(run[..] != chars[start..i]);
        let before = run.len();
        run.dedup();
        counts.duplicates += (before - run.len()) as u64;
        // Nikhahit + sara aa is sara am, wherever the tone mark was typed.
        if chars.get(i) == Some(&letters.sara_aa) {
            if let Some(at) = run.iter().position(|&m| m == letters.nikhahit) {
                run.remove(at);
                out.extend(run.iter());
                out.push(letters.sara_am);
                counts.sara_am += 1;
                i += 1;
                continue;
            }
        }
        out.extend(run.iter());
    }
    thai.file(Script::Thai, changes);
    lao.file(Script::Lao, changes);
    (out != text).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(text: &str) -> (String, Changes) {
        let mut changes = Changes::default();
        let out = repair(text, &mut changes).unwrap_or_else(|| text.to_string());
        (out, changes)
    }

    #[test]
    fn thai_rules() {
        let (out, c) = fix("เเมว");
        assert_eq!(out, "แมว");
        assert_eq!(c.thai_sara_e_composed, 1);
        let (out, c) = fix("น\u{0E49}\u{0E4D}\u{0E32}");
        assert_eq!(out, "น้ำ");
        assert_eq!(c.thai_sara_am_composed, 1);
        // Nikhahit typed before the tone mark.
        assert_eq!(fix("น\u{0E4D}\u{0E49}\u{0E32}").0, "น้ำ");
        // Nikhahit without sara aa keeps its place before the tone mark.
        assert_eq!(repair("ส\u{0E4D}\u{0E48}", &mut Changes::default()), None);
        // Tone mark typed before the upper vowel.
        let (out, c) = fix("ท\u{0E48}\u{0E35}");
        assert_eq!(out, "ที่");
        assert_eq!(c.thai_marks_reordered, 1);
        let (out, c) = fix("ก\u{0E48}\u{0E48}อน");
        assert_eq!(out, "ก่อน");
        assert_eq!(c.thai_duplicate_marks_removed, 1);
        let (out, c) = fix("ไทย \u{0E48}\u{0E34}ดี");
        assert_eq!(out, "ไทย ดี");
        assert_eq!(c.thai_dangling_marks_removed, 2);
        assert_eq!(fix("\u{0E31}ก").0, "ก");
    }

    #[test]
    fn lao_rules() {
        let (out, c) = fix("ເເລ້ວ");
        assert_eq!(out, "ແລ້ວ");
        assert_eq!(c.lao_sara_e_composed, 1);
        let (out, c) = fix("ນ\u{0ECD}\u{0EB2}");
        assert_eq!(out, "ນຳ");
        assert_eq!(c.lao_sara_am_composed, 1);
        assert_eq!(fix("ນ\u{0ECD}\u{0EC9}\u{0EB2}").0, "ນ້ຳ");
        // Lao writes the vowel sign o with the same character: ຕໍ່ is well formed.
        assert_eq!(repair("ຕໍ່ ຂໍ້", &mut Changes::default()), None);
        assert_eq!(fix("ທ\u{0EC8}\u{0EB5}").0, "ທີ່");
        assert_eq!(fix("ກ\u{0EC9}\u{0EC9}").0, "ກ\u{0EC9}");
        assert_eq!(fix(" \u{0EC8}ລາວ").0, " ລາວ");
    }

    #[test]
    fn sara_am_survives() {
        for text in ["น้ำ ทำ", "ນ້ຳ ທຳ"] {
            assert_eq!(repair(text, &mut Changes::default()), None);
        }
    }
}
