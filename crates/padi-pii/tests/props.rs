//! Invariants of redaction on arbitrary text.

use padi_pii::Redactor;
use proptest::prelude::*;

/// Text mixing scripts, digits of several scripts, separators and PII-like fragments.
fn mixed_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("0812-3456-7890".to_string()),
        Just("+66 81 234 5678".to_string()),
        Just("budi@contoh.co.id".to_string()),
        Just("S1234567D".to_string()),
        Just("1-1017-00207-04-8".to_string()),
        Just("2001:db8::8a2e:370:7334".to_string()),
        Just("192.168.1.1".to_string()),
        Just("4111 1111 1111 1111".to_string()),
        Just("๐๘๑-๒๓๔-๕๖๗๘".to_string()),
        Just("၀၉ ၁၂၃ ၄၅၆ ၇၈၉".to_string()),
        "[0-9 .\\-+():@]{1,20}",
        "[a-zA-Z0-9 ]{1,12}",
        "\\PC{1,12}",
        Just("ภาษาไทย\u{200B}".to_string()),
        Just("Tiếng Việt ".to_string()),
        Just("\u{a0}".to_string()),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn redaction_is_idempotent(text in mixed_text()) {
        let redactor = Redactor::default();
        let once = redactor.redact(&text).text.into_owned();
        let twice = redactor.redact(&once);
        prop_assert_eq!(&twice.text, &once);
        prop_assert!(twice.counts.is_empty());
    }

    #[test]
    fn text_without_triggers_is_untouched(text in "[^0-9@:\u{e50}-\u{e59}\u{ed0}-\u{ed9}\u{1040}-\u{1049}\u{17e0}-\u{17e9}]{0,200}") {
        let redacted = Redactor::default().redact(&text);
        prop_assert!(matches!(redacted.text, std::borrow::Cow::Borrowed(_)));
        prop_assert!(redacted.counts.is_empty());
    }

    /// Text around PII comes back byte for byte: what is left after removing the placeholders
    /// is the original minus the redacted spans, in order.
    #[test]
    fn surrounding_text_is_preserved(prefix in "\\PC{0,30}", suffix in "\\PC{0,30}") {
        let text = format!("{prefix} budi@contoh.co.id {suffix}");
        let redacted = Redactor::default().redact(&text);
        let out = redacted.text.as_ref();
        prop_assert!(out.contains("<EMAIL>"));
        // Everything outside placeholders is a subsequence of the input's bytes, in order.
        let mut rest = text.as_str();
        for part in out.split(['<', '>']) {
            if padi_pii::PiiType::from_name(part).is_some() {
                continue;
            }
            let at = rest.find(part);
            prop_assert!(at.is_some(), "{:?} not found in {:?}", part, rest);
            rest = &rest[at.unwrap_or(0) + part.len()..];
        }
    }

    #[test]
    fn never_panics_on_any_string(text in "\\PC{0,300}") {
        let _ = Redactor::default().redact(&text);
    }
}

#[test]
fn unicode_around_pii_is_kept() {
    let redactor = Redactor::default();
    let text = "โทร\u{200B}๐๘๑-๒๓๔-๕๖๗๘\u{200B}ค่ะ · ဖုန်း ၀၉ ၁၂၃ ၄၅၆ ၇၈၉ ။";
    let out = redactor.redact(text);
    assert_eq!(out.text, "โทร\u{200B}<PHONE>\u{200B}ค่ะ · ဖုန်း <PHONE> ။");
}
