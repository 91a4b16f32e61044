//! Any bytes: the normalizer and the match key never panic, and both are idempotent.
//! `cargo +nightly fuzz run normalize` from `crates/padi-normalize`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use padi_normalize::{match_key, NormalizeConfig, Normalizer, ToneStyle};

fuzz_target!(|data: &[u8]| {
    let Some((&switches, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let style = match switches % 3 {
        0 => ToneStyle::Keep,
        1 => ToneStyle::Old,
        _ => ToneStyle::New,
    };
    let normalizer = Normalizer::new(NormalizeConfig {
        vietnamese_tone_style: style,
        khmer_coeng_da_to_ta: switches & 4 != 0,
        ..NormalizeConfig::default()
    });
    let once = normalizer.normalize(&text);
    let twice = normalizer.normalize(&once.text);
    assert_eq!(once.text, twice.text);
    assert!(unicode_normalization::is_nfc(&once.text));
    let key = match_key(&text);
    assert_eq!(match_key(&key), key);
});
