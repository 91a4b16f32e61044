//! Unicode → Zawgyi conversion, used to make Zawgyi training text for the detector.
//!
//! It writes what a typical Zawgyi-One typist produces (visual order, the narrow/wide medial-ra
//! glyphs, short na and ra before lower marks, the merged kinzi and ha glyphs), so that text
//! converted from Unicode news looks like Zawgyi news to the model.

use crate::syllable::{Cluster, Part, ASAT, KINZI, VIRAMA, ZAWGYI_LIGATURES};
use crate::to_unicode::zawgyi_stacked_consonant;

/// Converts Unicode Myanmar text to Zawgyi, in Zawgyi's visual storage order.
///
/// Meant for building detector training data and for tests, not for publishing text. Zawgyi
/// typists spell some syllables in two orders (dot below and asat, ု and ိ, ံ and ု); this
/// alternates between them, deterministically, so a model trained on the output knows both.
/// Characters that are not Burmese Unicode (Latin, Shan or Mon letters, ...) pass through.
pub fn unicode_to_zawgyi(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut cluster = Cluster::default();
    let mut spelling = Alternation::default();
    let mut at = 0;
    while at < chars.len() {
        let (part, used) = unicode_part(&chars[at..]);
        // `used` is at least 1 for non-empty input; `max` keeps the loop finite regardless.
        let used = used.max(1);
        at += used;
        match part {
            None => {
                write_zawgyi(&mut cluster, &mut spelling, &mut out);
                out.extend(&chars[at - used..at]);
            }
            Some(part) => {
                let starts_syllable = match part {
                    Part::Kinzi => !cluster.is_empty(),
                    Part::Base(_) => cluster.base.is_some() || cluster.has_post_base(),
                    _ => false,
                };
                if starts_syllable {
                    write_zawgyi(&mut cluster, &mut spelling, &mut out);
                }
                cluster.add(part);
            }
        }
    }
    write_zawgyi(&mut cluster, &mut spelling, &mut out);
    out
}

/// The syllable part at the start of `chars` (in Unicode logical order) and how many
/// characters it spans; `None` for a character that is passed through.
fn unicode_part(chars: &[char]) -> (Option<Part>, usize) {
    use Part::*;
    let is_consonant = |c: Option<&char>| c.is_some_and(|c| ('\u{1000}'..='\u{1021}').contains(c));
    if chars.starts_with(&KINZI) && is_consonant(chars.get(3)) {
        return (Some(Kinzi), 3);
    }
    let Some(&c) = chars.first() else {
        return (None, 0);
    };
    let part = match c {
        VIRAMA if is_consonant(chars.get(1)) => return (chars.get(1).map(|&s| Stack(s)), 2),
        '\u{1000}'..='\u{102A}' | '\u{103F}' | '\u{104C}'..='\u{104F}' => Base(c),
        '\u{102B}' | '\u{102C}' => AaVowel(c),
        '\u{102D}' | '\u{102E}' | '\u{1032}' => UpperVowel(c),
        '\u{102F}' | '\u{1030}' => LowerVowel(c),
        '\u{1031}' => VowelE,
        '\u{1036}' => Anusvara,
        '\u{1037}' => DotBelow,
        '\u{1038}' => Visarga,
        ASAT => Asat,
        '\u{103B}' => MedialYa,
        '\u{103C}' => MedialRa,
        '\u{103D}' => MedialWa,
        '\u{103E}' => MedialHa,
        _ => return (None, 1),
    };
    (Some(part), 1)
}

/// Consonants whose medial ra is drawn with the wide glyph.
fn is_wide(c: char) -> bool {
    matches!(
        c,
        '\u{1000}'
            | '\u{1003}'
            | '\u{1006}'
            | '\u{100F}'
            | '\u{1010}'
            | '\u{1011}'
            | '\u{1018}'
            | '\u{101A}'
            | '\u{101C}'
            | '\u{101E}'
            | '\u{101F}'
            | '\u{1021}'
    )
}

/// The Zawgyi subscript glyph for a stacked consonant: the first glyph the Zawgyi → Unicode
/// table reads as that consonant (one table, so the two directions cannot disagree).
fn zawgyi_subscript(c: char) -> Option<char> {
    ('\u{1060}'..='\u{1093}').find(|&glyph| zawgyi_stacked_consonant(glyph) == Some(c))
}

/// Base + stacked consonant pairs Zawgyi draws as one glyph.
fn zawgyi_ligature(base: char, stacked: char) -> Option<char> {
    if (base, stacked) == ('\u{101E}', '\u{101E}') {
        return Some('\u{1086}');
    }
    ZAWGYI_LIGATURES
        .iter()
        .find(|l| (l.1, l.2) == (base, stacked))
        .map(|l| l.0)
}

/// Which of two spellings to use next, per choice, alternating.
#[derive(Default)]
struct Alternation {
    dot_before_asat: bool,
    u_before_i: bool,
    anusvara_before_u: bool,
}

fn flip(choice: &mut bool) -> bool {
    *choice = !*choice;
    *choice
}

/// Appends the cluster in Zawgyi visual order and clears it.
fn write_zawgyi(cluster: &mut Cluster, spelling: &mut Alternation, out: &mut String) {
    let c = &*cluster;
    let lower_marks = !c.lower.is_empty() || c.wa || c.ha || !c.stacks.is_empty();
    let has_upper = c.kinzi || !c.upper.is_empty() || c.anusvara;
    if c.vowel_e {
        out.push('\u{1031}');
    }
    // ဈ is typed as စ + medial ya.
    let (base, ya) = match c.base {
        Some('\u{1008}') => (Some('\u{1005}'), true),
        base => (base, c.ya),
    };
    if c.ra {
        let wide = base.is_some_and(is_wide);
        out.push(match (wide, has_upper) {
            (false, false) => '\u{103B}',
            (true, false) => '\u{107E}',
            (false, true) => '\u{107F}',
            (true, true) => '\u{1080}',
        });
    }
    let mut stacks = &c.stacks[..];
    let ligature = base
        .zip(stacks.first())
        .and_then(|(b, &s)| zawgyi_ligature(b, s));
    if let Some(glyph) = ligature {
        out.push(glyph);
        stacks = &stacks[1..];
    } else if let Some(b) = base {
        out.push(match b {
            '\u{103F}' => '\u{1086}',
            '\u{1014}' if lower_marks => '\u{108F}',
            '\u{101B}' if !c.lower.is_empty() && c.upper.is_empty() => '\u{1090}',
            '\u{1009}' if c.asat || !stacks.is_empty() => '\u{1025}',
            '\u{1009}' => '\u{106A}',
            b => b,
        });
    }
    if c.base_asat {
        out.push('\u{1039}');
    }
    let mut upper = &c.upper[..];
    let mut anusvara = c.anusvara;
    if c.kinzi {
        // Kinzi merges with an i, ii or anusvara above the same consonant.
        match (upper.first(), anusvara) {
            (Some('\u{102D}'), _) => {
                out.push('\u{108B}');
                upper = &upper[1..];
            }
            (Some('\u{102E}'), _) => {
                out.push('\u{108C}');
                upper = &upper[1..];
            }
            (None, true) => {
                out.push('\u{108D}');
                anusvara = false;
            }
            _ => out.push('\u{1064}'),
        }
    }
    for &stacked in stacks {
        match zawgyi_subscript(stacked) {
            Some(glyph) => out.push(glyph),
            None => {
                out.push('\u{1039}');
                out.push(stacked);
            }
        }
    }
    if ya {
        out.push(if c.wa { '\u{107D}' } else { '\u{103A}' });
    }
    let mut lower = &c.lower[..];
    let tall_u = ya || c.ra || !stacks.is_empty();
    if upper.first() == Some(&'\u{102D}') && anusvara {
        out.push('\u{108E}');
        upper = &upper[1..];
        anusvara = false;
    }
    match (c.wa, c.ha) {
        (true, true) => out.push('\u{108A}'),
        (true, false) => out.push('\u{103C}'),
        (false, true) => match lower.first() {
            Some('\u{102F}') if !tall_u => {
                out.push('\u{1088}');
                lower = &lower[1..];
            }
            Some('\u{1030}') if !tall_u => {
                out.push('\u{1089}');
                lower = &lower[1..];
            }
            // Typists write an upper vowel before a plain ha (ႏိွ).
            _ => {
                out.extend(upper);
                upper = &[];
                out.push(if c.ra { '\u{1087}' } else { '\u{103D}' });
            }
        },
        (false, false) => {}
    }
    let zawgyi_lower = lower.iter().map(|&vowel| match vowel {
        '\u{102F}' if tall_u => '\u{1033}',
        '\u{1030}' if tall_u => '\u{1034}',
        v => v,
    });
    if !upper.is_empty() && !lower.is_empty() && flip(&mut spelling.u_before_i) {
        out.extend(zawgyi_lower.clone());
        out.extend(upper);
    } else {
        out.extend(upper);
    }
    if anusvara && (lower.is_empty() || flip(&mut spelling.anusvara_before_u)) {
        out.push('\u{1036}');
        anusvara = false;
    }
    if upper.is_empty() || lower.is_empty() || !spelling.u_before_i {
        out.extend(zawgyi_lower);
    }
    if anusvara {
        out.push('\u{1036}');
    }
    let mut asat = c.asat;
    for &vowel in &c.aa {
        if vowel == '\u{102B}' && asat {
            out.push('\u{105A}');
            asat = false;
        } else {
            out.push(vowel);
        }
    }
    // The low dot glyph goes under lower marks.
    let dot = c
        .dot_below
        .then_some(if lower_marks { '\u{1094}' } else { '\u{1037}' });
    if asat && dot.is_some() && flip(&mut spelling.dot_before_asat) {
        out.extend(dot);
        out.push('\u{1039}');
    } else {
        out.extend(asat.then_some('\u{1039}'));
        out.extend(dot);
    }
    if c.visarga {
        out.push('\u{1038}');
    }
    cluster.clear();
}
