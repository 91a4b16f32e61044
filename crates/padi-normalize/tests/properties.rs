//! Invariants on generated text (no shared data needed).

use padi_normalize::{match_key, NormalizeConfig, Normalizer, ToneStyle};
use proptest::prelude::*;
use unicode_normalization::is_nfc;

/// Letters and marks of the scripts the rules touch, plus the characters real text gets wrong.
const ALPHABET: &[char] = &[
    'a', 'e', 'o', 'u', 'y', 'q', 'h', 'O', 'U', ' ', ' ', '\n', '\r', '\t', '\u{0}', '\u{85}',
    '\u{FEFF}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{200F}', '\u{2029}', '\u{2003}', '\u{A0}',
    '\u{FFFD}', '\u{0300}', '\u{0301}', '\u{0302}', '\u{0306}', '\u{0309}', '\u{031B}', '\u{0323}',
    'ò', 'á', 'ý', 'ẻ', 'ก', 'น', 'เ', 'า', '\u{0E32}', '\u{0E34}', '\u{0E38}', '\u{0E3A}',
    '\u{0E47}', '\u{0E48}', '\u{0E49}', '\u{0E4C}', '\u{0E4D}', 'ນ', 'ເ', '\u{0EB2}', '\u{0EB4}',
    '\u{0EB8}', '\u{0EBC}', '\u{0EC8}', '\u{0ECD}', 'ក', 'ស', 'ម', 'ប', 'រ', 'ដ', 'ឧ', '\u{17B6}',
    '\u{17B8}', '\u{17BB}', '\u{17BE}', '\u{17C1}', '\u{17C2}', '\u{17C4}', '\u{17C6}', '\u{17C9}',
    '\u{17CA}', '\u{17CC}', '\u{17D0}', '\u{17D2}', '\u{17DD}', 'က', 'မ', '\u{1031}', '\u{102D}',
    '\u{1037}', '\u{103A}', '\u{103B}', '\u{103C}', '\u{103D}', '\u{103E}', 'ب',
];

fn script_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 0..40)
        .prop_map(|chars| chars.into_iter().collect())
}

fn all_normalizers() -> Vec<Normalizer> {
    [ToneStyle::Keep, ToneStyle::Old, ToneStyle::New]
        .into_iter()
        .map(|style| {
            Normalizer::new(NormalizeConfig {
                vietnamese_tone_style: style,
                khmer_coeng_da_to_ta: style == ToneStyle::Old,
                ..NormalizeConfig::default()
            })
        })
        .collect()
}

fn check(text: &str) -> Result<(), TestCaseError> {
    for normalizer in all_normalizers() {
        let once = normalizer.normalize(text);
        let twice = normalizer.normalize(&once.text);
        prop_assert_eq!(&twice.text, &once.text, "input {:?}", text);
        prop_assert!(
            !twice.changes.any(),
            "second pass changed {:?}",
            twice.changes
        );
        prop_assert!(is_nfc(&once.text));
        prop_assert!(!once.text.contains('\r'));
    }
    let key = match_key(text);
    prop_assert_eq!(match_key(&key), key);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn script_soup_is_idempotent(text in script_text()) {
        check(&text)?;
    }

    #[test]
    fn any_unicode_is_idempotent(text in any::<String>()) {
        check(&text)?;
    }
}

#[test]
fn crafted_stored_text() {
    let n = Normalizer::default();
    // NBSP, sara am and Lao ໜ stay: stored text is never NFKC.
    for kept in ["1\u{A0}000 บาท", "น้ำ", "ນ້ຳ ໜ້າ", "ﬁ ①"] {
        assert_eq!(n.normalize(kept).text, kept);
    }
    // Myanmar medials typed out of order.
    let out = n.normalize("က\u{103D}\u{103B}န်");
    assert_eq!(out.text, "က\u{103B}\u{103D}န်");
    assert_eq!(out.changes.myanmar_medials_reordered, 1);
    // Paragraphs survive, trailing spaces do not.
    assert_eq!(n.normalize("a  \r\n\r\nb\r\n").text, "a\n\nb");
    // Decomposed Vietnamese with the tone typed before the circumflex.
    assert_eq!(n.normalize("Vie\u{0301}\u{0302}t").text, "Viết");
    assert_eq!(n.normalize("Vi\u{00E9}\u{0302}t").text, "Viết");
}
