//! Crafted inputs and invariants; no shared data needed.

use padi_zawgyi::{
    train_model, unicode_to_zawgyi, zawgyi_to_unicode, BigramModel, ModelError, ZawgyiDetector,
    DEFAULT_THRESHOLD,
};
use proptest::prelude::*;

fn detector() -> &'static ZawgyiDetector {
    ZawgyiDetector::shared().expect("embedded model parses")
}

#[test]
fn text_without_myanmar_letters_is_not_zawgyi() {
    let detector = detector();
    for text in [
        "",
        " ",
        "hello world",
        "\u{200B}",
        "၁၂၃ ၄၅",
        "။ ၊",
        "ສະບາຍດີ",
        "🙂",
    ] {
        assert_eq!(detector.probability(text), 0.0, "{text:?}");
        assert_eq!(detector.convert_if_zawgyi(text, DEFAULT_THRESHOLD), None);
    }
}

#[test]
fn crafted_zawgyi_is_flagged_and_converted() {
    let detector = detector();
    // "Myanmar country" and "I am going", typed in Zawgyi.
    let zawgyi = "ျမန္မာႏိုင္ငံ ကၽြန္ေတာ္ သြားမယ္";
    let unicode = "မြန်မာနိုင်ငံ ကျွန်တော် သွားမယ်";
    assert!(detector.probability(zawgyi) > DEFAULT_THRESHOLD);
    assert!(detector.probability(unicode) < 0.05);
    assert_eq!(
        detector
            .convert_if_zawgyi(zawgyi, DEFAULT_THRESHOLD)
            .as_deref(),
        Some(unicode)
    );
    assert_eq!(detector.convert_if_zawgyi(unicode, DEFAULT_THRESHOLD), None);
}

#[test]
fn latin_around_zawgyi_is_kept() {
    assert_eq!(
        zawgyi_to_unicode("padi: ျမန္မာ (2024) ok"),
        "padi: မြန်မာ (2024) ok"
    );
    assert!(detector().probability("news ေျပာပါတယ္ today") > 0.5);
}

#[test]
fn lone_and_misplaced_marks_do_not_panic() {
    for text in [
        "ေ",
        "ျ",
        "္",
        "ၤ",
        "ႋ",
        "ု",
        " ့",
        "ေ ",
        "ာ္း",
        "၎",
        "၀",
        "၇",
        "၄င္း",
        "ဥ",
        "ႆ",
    ] {
        let converted = zawgyi_to_unicode(text);
        assert!(!converted.is_empty(), "{text:?}");
        let _ = unicode_to_zawgyi(text);
        let _ = detector().probability(text);
    }
}

#[test]
fn digits_stay_digits_and_look_alike_letters_become_letters() {
    assert_eq!(zawgyi_to_unicode("၂၀၁၅ ခုႏွစ္"), "၂၀၁၅ ခုနှစ်");
    assert_eq!(zawgyi_to_unicode("၀န္ႀကီး"), "ဝန်ကြီး");
    assert_eq!(zawgyi_to_unicode("ေ၇"), "ရေ");
    assert_eq!(zawgyi_to_unicode("၄င္း"), "၎င်း");
    assert_eq!(zawgyi_to_unicode("၎"), "၎င်း");
}

#[test]
fn medials_are_sorted_and_duplicated_marks_dropped() {
    // Zawgyi medial ha (U+103D) typed before medial wa (U+103C) still gives wa before ha.
    assert_eq!(zawgyi_to_unicode("လွြ"), "လွှ");
    assert_eq!(zawgyi_to_unicode("ကုု"), "ကု");
    assert_eq!(zawgyi_to_unicode("ေနာ့့"), "နော့");
}

#[test]
fn model_bytes_round_trip_and_bad_bytes_are_errors() {
    let model = train_model(&[vec!["မြန်မာ"]], &["ျမန္မာ"]);
    let bytes = model.to_bytes();
    assert_eq!(BigramModel::from_bytes(&bytes), Ok(model.clone()));
    assert_eq!(
        BigramModel::from_bytes(b"not a model"),
        Err(ModelError::BadMagic)
    );
    assert!(matches!(
        BigramModel::from_bytes(&bytes[..bytes.len() - 1]),
        Err(ModelError::WrongSize { .. })
    ));
    assert!(matches!(
        BigramModel::from_bytes(&bytes[..8]),
        Err(ModelError::WrongSize { .. })
    ));
}

#[test]
fn training_is_deterministic_and_order_independent() {
    let unicode = vec!["မြန်မာ", "နိုင်ငံ", "ကျွန်တော်"];
    let zawgyi = ["ျမန္မာ", "ႏိုင္ငံ", "ကၽြန္ေတာ္"];
    let reversed: Vec<&str> = unicode.iter().rev().copied().collect();
    let first = train_model(std::slice::from_ref(&unicode), &zawgyi).to_bytes();
    assert_eq!(first, train_model(&[unicode], &zawgyi).to_bytes());
    assert_eq!(first, train_model(&[reversed], &zawgyi).to_bytes());
}

proptest! {
    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let detector = detector();
        let p = detector.probability(&text);
        prop_assert!((0.0..=1.0).contains(&p));
        let _ = detector.convert_if_zawgyi(&text, DEFAULT_THRESHOLD);
        let _ = unicode_to_zawgyi(&text);
    }

    #[test]
    fn myanmar_soup_converts_to_valid_text(
        text in proptest::collection::vec(
            prop_oneof![
                8 => proptest::char::range('\u{1000}', '\u{109F}'),
                1 => Just(' '),
                1 => Just('\u{200B}'),
                1 => proptest::char::any(),
            ],
            0..40,
        ).prop_map(|chars| chars.into_iter().collect::<String>())
    ) {
        // A String is valid UTF-8 by construction; check the output is Unicode Myanmar: no
        // Zawgyi-only glyph code point survives, and nothing is invented beyond what the
        // mapping allows (each input code point gives at most four outputs).
        let converted = zawgyi_to_unicode(&text);
        prop_assert!(converted.chars().count() <= 4 * text.chars().count());
        let zawgyi_only = |c: char| matches!(c, '\u{1033}' | '\u{1034}' | '\u{1060}'..='\u{1097}');
        prop_assert!(!converted.chars().any(zawgyi_only), "{:?}", converted);
        // Non-Myanmar characters pass through in order.
        let outside = |s: &str| s.chars().filter(|c| !('\u{1000}'..='\u{109F}').contains(c) && *c != ' ').collect::<String>();
        prop_assert_eq!(outside(&converted), outside(&text));
        let p = detector().probability(&text);
        prop_assert!((0.0..=1.0).contains(&p));
    }
}

#[test]
fn spaces_before_a_mark_are_dropped_and_other_spaces_kept() {
    // A space typed before the dot below or the asat, as in the google/language-resources pairs.
    assert_eq!(zawgyi_to_unicode("အဖြဲ ့အစည္း"), "အဖွဲ့အစည်း");
    assert_eq!(zawgyi_to_unicode("ကၽြန္ ္ေတာ္"), "ကျွန်တော်");
    // Before a consonant, the E-vowel or medial ra the space separates words.
    assert_eq!(zawgyi_to_unicode("ေန ေျပာ ျမန္"), "နေ ပြော မြန်");
    // A long run of spaces is handled in one go.
    let spaces = " ".repeat(10_000);
    assert_eq!(zawgyi_to_unicode(&format!("က{spaces}့")), "က့");
}

#[test]
fn look_alike_vowels_and_overtyped_marks() {
    assert_eq!(zawgyi_to_unicode("ဥာဏ္"), "ဉာဏ်");
    assert_eq!(zawgyi_to_unicode("ဥ္"), "ဉ်");
    assert_eq!(zawgyi_to_unicode("ဦး"), "ဦး");
    assert_eq!(zawgyi_to_unicode("ကိီ"), "ကီ");
    // Asat on the base before a medial: ယောက်ျား.
    assert_eq!(zawgyi_to_unicode("ေယာက္်ား"), "ယောက်ျား");
    assert_eq!(zawgyi_to_unicode("ေယာက်္ား"), "ယောက်ျား");
}

#[test]
fn config_defaults_and_validation() {
    use padi_zawgyi::{ThresholdError, ZawgyiConfig};
    let config: ZawgyiConfig = serde_json::from_str("{}").unwrap();
    assert_eq!(config, ZawgyiConfig::default());
    assert!(config.enabled);
    assert_eq!(config.threshold, DEFAULT_THRESHOLD);
    assert_eq!(config.validate(), Ok(()));
    let strict: ZawgyiConfig = serde_json::from_str(r#"{"threshold": 0.99}"#).unwrap();
    assert_eq!(strict.threshold, 0.99);
    for bad in [1.0, 1.5, -0.1, f64::NAN] {
        let config = ZawgyiConfig {
            threshold: bad,
            ..ZawgyiConfig::default()
        };
        assert!(matches!(config.validate(), Err(ThresholdError(_))), "{bad}");
    }
    assert!(serde_json::from_str::<ZawgyiConfig>(r#"{"treshold": 0.9}"#).is_err());
}

#[test]
fn mixed_documents_are_converted_line_by_line() {
    let detector = detector();
    let document = "ျမန္မာႏိုင္ငံ ကၽြန္ေတာ္\r\nမြန်မာနိုင်ငံ ကျွန်တော်\nEnglish line\nေျပာပါတယ္";
    let (converted, lines) = detector
        .convert_zawgyi_lines(document, DEFAULT_THRESHOLD)
        .expect("two Zawgyi lines");
    assert_eq!(lines, 2);
    assert_eq!(
        converted,
        "မြန်မာနိုင်ငံ ကျွန်တော်\r\nမြန်မာနိုင်ငံ ကျွန်တော်\nEnglish line\nပြောပါတယ်"
    );
    assert_eq!(
        detector.convert_zawgyi_lines("မြန်မာ\nEnglish\n", DEFAULT_THRESHOLD),
        None
    );
}

#[test]
fn common_news_words_typed_in_zawgyi() {
    let pairs = [
        ("ေက်ာင္း", "ကျောင်း"),
        ("ၾကိဳက္", "ကြိုက်"),
        ("ျပည္သူ႔", "ပြည်သူ့"),
        ("ေဆာင္ရြက္", "ဆောင်ရွက်"),
        ("လႊတ္ေတာ္", "လွှတ်တော်"),
        ("ၿငိမ္းခ်မ္းေရး", "ငြိမ်းချမ်းရေး"),
        ("ေ႐ြး", "ရွေး"),
        ("စီးပြားေရး", "စီးပွားရေး"),
        ("ၫႊန္ၾကား", "ညွှန်ကြား"),
        ("သမၼတ", "သမ္မတ"),
        ("ႏုိင္ငံေတာ္", "နိုင်ငံတော်"),
        ("ေျမာက္", "မြောက်"),
        ("ရန္ကုန္ၿမိဳ႕", "ရန်ကုန်မြို့"),
    ];
    for (zawgyi, unicode) in pairs {
        assert_eq!(zawgyi_to_unicode(zawgyi), unicode, "{zawgyi}");
        assert_eq!(zawgyi_to_unicode(&unicode_to_zawgyi(unicode)), unicode);
    }
}

#[test]
fn ligature_glyphs_are_letters() {
    // ႑ (ဏ္ဍ) after a space starts a word; the space stays.
    assert_eq!(zawgyi_to_unicode("ဘ ႑ာ"), "ဘ ဏ္ဍာ");
    assert_eq!(zawgyi_to_unicode("၀႒"), "ဝဋ္ဌ");
}

proptest! {
    #[test]
    fn converted_text_is_already_in_nfc_mark_order(
        text in proptest::collection::vec(proptest::char::range('\u{1000}', '\u{109F}'), 0..30)
            .prop_map(|chars| chars.into_iter().collect::<String>())
    ) {
        use unicode_normalization::UnicodeNormalization;
        // The converter writes marks in canonical order (dot below before asat), so the NFC
        // that follows it in normalization changes nothing.
        let converted = zawgyi_to_unicode(&text);
        let nfc: String = converted.nfc().collect();
        prop_assert_eq!(nfc, converted);
    }
}

/// One Unicode Burmese syllable in storage order, from a small grammar.
fn unicode_syllable() -> impl Strategy<Value = String> {
    // Consonants without look-alike spellings in Zawgyi (စ+ya is ဈ, ဉ is typed as ဥ).
    let consonant = proptest::sample::select(vec![
        'က', 'ခ', 'ဂ', 'င', 'ဆ', 'ည', 'တ', 'ထ', 'ဒ', 'န', 'ပ', 'ဖ', 'ဗ', 'ဘ', 'မ', 'ယ', 'ရ', 'လ',
        'သ', 'ဟ', 'အ',
    ]);
    let stacked = proptest::option::weighted(
        0.15,
        proptest::sample::select(vec!['က', 'တ', 'ဒ', 'ပ', 'မ', 'လ']),
    );
    (
        proptest::bool::weighted(0.05),
        consonant,
        stacked,
        proptest::array::uniform4(proptest::bool::weighted(0.15)),
        proptest::bool::weighted(0.25),
        proptest::sample::select(vec!["", "ိ", "ီ", "ဲ", "ု", "ူ", "ို", "ာ", "ါ"]),
        proptest::sample::select(vec!["", "ံ", "့", "်", "း", "့်", "ံ့", "်း"]),
    )
        .prop_map(|(kinzi, base, stacked, medials, e, vowel, sign)| {
            let mut s = String::new();
            if kinzi {
                s.push_str("င်္");
            }
            s.push(base);
            if let Some(c) = stacked {
                s.push('္');
                s.push(c);
            }
            for (present, medial) in medials.iter().zip(['ျ', 'ြ', 'ွ', 'ှ']) {
                if *present {
                    s.push(medial);
                }
            }
            if e {
                s.push('ေ');
            }
            s.push_str(vowel);
            s.push_str(sign);
            s
        })
}

proptest! {
    #[test]
    fn unicode_syllables_survive_a_round_trip_through_zawgyi(
        syllables in proptest::collection::vec(unicode_syllable(), 1..8)
    ) {
        let unicode: String = syllables.concat();
        let zawgyi = unicode_to_zawgyi(&unicode);
        prop_assert_eq!(zawgyi_to_unicode(&zawgyi), unicode.clone(), "via {:?}", zawgyi);
    }
}

#[test]
fn dot_below_before_kinzi_comes_out_in_nfc_order() {
    use unicode_normalization::UnicodeNormalization;
    let converted = padi_zawgyi::zawgyi_to_unicode("\u{1094}\u{1064}က");
    assert_eq!(converted, converted.nfc().collect::<String>());
}
