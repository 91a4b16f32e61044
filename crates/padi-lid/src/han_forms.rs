//! Simplified against Traditional Chinese, decided by character forms rather than by the
//! model.
//!
//! Whether a Chinese text is written in Simplified or Traditional characters is a fact of
//! its characters (`这`/`這`, `国`/`國`), not a matter of style, so the model is not left to
//! weigh it against everything else it sees: a short Traditional sentence full of Latin
//! brand names could otherwise come out `zho_Hans`. Characters that exist in only one of
//! the two systems are counted; the side with more of them rules out the labels of the
//! other script. Japanese and Korean labels are never touched (kanji share many simplified
//! forms), and a text with no such character, or as many of each, is left to the model.
//!
//! The character lists (`data/`) come from OpenCC's conversion tables, keeping only the
//! characters that are never a form of the other system, nor a Taiwan or Hong Kong
//! standard form (Taiwan writes `群`, `床`, `峰`).

use std::sync::OnceLock;

static SIMPLIFIED_ONLY: &str = include_str!("../data/han_simplified_only.txt");
static TRADITIONAL_ONLY: &str = include_str!("../data/han_traditional_only.txt");

/// A sorted list of the characters of a data file (lines starting with `#` are comments).
fn parse(data: &str) -> Vec<char> {
    let mut chars: Vec<char> = data
        .lines()
        .filter(|line| !line.starts_with('#'))
        .flat_map(str::chars)
        .filter(|c| !c.is_whitespace())
        .collect();
    chars.sort_unstable();
    chars.dedup();
    chars
}

fn simplified_only() -> &'static [char] {
    static SET: OnceLock<Vec<char>> = OnceLock::new();
    SET.get_or_init(|| parse(SIMPLIFIED_ONLY))
}

fn traditional_only() -> &'static [char] {
    static SET: OnceLock<Vec<char>> = OnceLock::new();
    SET.get_or_init(|| parse(TRADITIONAL_ONLY))
}

/// The character system a Chinese text is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HanForm {
    Simplified,
    Traditional,
}

impl HanForm {
    /// The ISO 15924 subtag of labels in this system.
    fn script_subtag(self) -> &'static str {
        match self {
            HanForm::Simplified => "Hans",
            HanForm::Traditional => "Hant",
        }
    }

    fn other(self) -> HanForm {
        match self {
            HanForm::Simplified => HanForm::Traditional,
            HanForm::Traditional => HanForm::Simplified,
        }
    }
}

/// Which system `text` is written in, when its system-specific characters say so.
pub(crate) fn han_form(text: &str) -> Option<HanForm> {
    let (simplified, traditional) = (simplified_only(), traditional_only());
    let (mut s, mut t) = (0usize, 0usize);
    for c in text.chars().filter(|c| *c >= '\u{3400}') {
        if simplified.binary_search(&c).is_ok() {
            s += 1;
        } else if traditional.binary_search(&c).is_ok() {
            t += 1;
        }
    }
    match s.cmp(&t) {
        std::cmp::Ordering::Greater => Some(HanForm::Simplified),
        std::cmp::Ordering::Less => Some(HanForm::Traditional),
        std::cmp::Ordering::Equal => None,
    }
}

/// Move the probability of Chinese labels in the wrong character system (`zho_Hans` for a
/// Traditional text) to the labels of the right one, in proportion to what they have. Only
/// when the model's best label is Chinese; nothing changes without a label of the right
/// system to receive it.
pub(crate) fn restrict(labels: &[String], text: &str, probs: &mut [f32]) {
    let is_chinese = |label: &str| label.ends_with("_Hans") || label.ends_with("_Hant");
    let Some(best) = crate::lexicon::argmax(probs) else {
        return;
    };
    if !labels.get(best).is_some_and(|l| is_chinese(l)) {
        return;
    }
    let Some(form) = han_form(text) else {
        return;
    };
    let has_subtag = |label: &str, form: HanForm| label.ends_with(form.script_subtag());
    let right: f32 = labels
        .iter()
        .zip(probs.iter())
        .filter(|(l, _)| has_subtag(l, form))
        .map(|(_, p)| p)
        .sum();
    let wrong: f32 = labels
        .iter()
        .zip(probs.iter())
        .filter(|(l, _)| has_subtag(l, form.other()))
        .map(|(_, p)| p)
        .sum();
    if right <= 0.0 || wrong <= 0.0 {
        return;
    }
    let scale = (right + wrong) / right;
    for (label, p) in labels.iter().zip(probs.iter_mut()) {
        if has_subtag(label, form) {
            *p *= scale;
        } else if has_subtag(label, form.other()) {
            *p = 0.0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels() -> Vec<String> {
        ["jpn_Jpan", "kor_Hang", "yue_Hant", "zho_Hans", "zho_Hant"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn lists_are_disjoint_and_hold_the_common_pairs() {
        for c in simplified_only() {
            assert!(traditional_only().binary_search(c).is_err(), "{c} in both");
        }
        for (s, t) in [
            ('这', '這'),
            ('国', '國'),
            ('们', '們'),
            ('说', '說'),
            ('网', '網'),
        ] {
            assert!(simplified_only().binary_search(&s).is_ok(), "{s}");
            assert!(traditional_only().binary_search(&t).is_ok(), "{t}");
        }
        // Taiwan and Hong Kong standard forms are never counted as simplified.
        for c in ['群', '床', '峰', '為', '裡', '着', '説'] {
            assert!(simplified_only().binary_search(&c).is_err(), "{c}");
        }
    }

    #[test]
    fn form_of_crafted_text() {
        assert_eq!(han_form("这是一个网站"), Some(HanForm::Simplified));
        assert_eq!(han_form("這是一個網站"), Some(HanForm::Traditional));
        assert_eq!(
            han_form("Go Running Tours 在四大洲網羅了很多觀光公司"),
            Some(HanForm::Traditional)
        );
        assert_eq!(han_form("中文 text 山水"), None);
        assert_eq!(han_form(""), None);
    }

    #[test]
    fn wrong_system_loses_its_probability_to_the_right_one() {
        let mut probs = [0.0, 0.0, 0.2, 0.6, 0.2];
        restrict(&labels(), "網羅了很多觀光公司", &mut probs);
        assert_eq!(probs[3], 0.0);
        assert!((probs[2] - 0.5).abs() < 1e-6 && (probs[4] - 0.5).abs() < 1e-6);

        let mut probs = [0.0, 0.0, 0.5, 0.1, 0.4];
        restrict(&labels(), "这是一个网站", &mut probs);
        assert!((probs[3] - 1.0).abs() < 1e-6);
    }

    #[test]
    fn japanese_korean_and_undecided_text_are_left_alone() {
        let before = [0.7, 0.0, 0.1, 0.1, 0.1];
        let mut probs = before;
        restrict(&labels(), "国際会議で発表した", &mut probs);
        assert_eq!(probs, before);
        let before = [0.0, 0.0, 0.3, 0.4, 0.3];
        let mut probs = before;
        restrict(&labels(), "中文山水", &mut probs);
        assert_eq!(probs, before);
    }
}
