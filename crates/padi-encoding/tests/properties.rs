//! Invariants on arbitrary and hostile input: no panics, streaming equals whole-buffer
//! decoding, UTF-8 passes through, every other encoding yields valid UTF-8.

mod common;

use common::read_through;
use padi_encoding::{decode_to_utf8, detect, repair_mojibake, DecodingReader, Encoding};
use proptest::prelude::*;
use std::io::Read;

/// Bytes that look like text in some encoding more often than uniform noise would.
fn texty_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..600),
        prop::collection::vec(
            prop_oneof![0x20u8..0x7F, 0x80u8..=0xFF, Just(b'\n')],
            0..600
        ),
        "[a-zA-Z ^(+'`?~.]{0,300}".prop_map(String::into_bytes),
        ".{0,200}".prop_map(String::into_bytes),
    ]
}

fn forced_encodings() -> impl Strategy<Value = Encoding> {
    prop::sample::select(vec![
        Encoding::Tcvn3,
        Encoding::Viscii,
        Encoding::Vni,
        Encoding::Viqr,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
        Encoding::Standard(encoding_rs::WINDOWS_874),
        Encoding::Standard(encoding_rs::WINDOWS_1258),
        Encoding::Standard(encoding_rs::SHIFT_JIS),
        Encoding::Standard(encoding_rs::GB18030),
    ])
}

fn read_forced(data: &[u8], encoding: Encoding, step: usize) -> Vec<u8> {
    let mut reader =
        DecodingReader::with_encoding(common::Trickle { data, step }, encoding).unwrap();
    let mut out = Vec::new();
    reader.read_to_end(&mut out).unwrap();
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn streaming_equals_whole_buffer(data in texty_bytes(), step in 1usize..40, read_len in 1usize..50) {
        let (detection, streamed) = read_through(&data, step, read_len);
        let (whole_detection, whole) = decode_to_utf8(&data);
        prop_assert_eq!(&detection, &whole_detection);
        prop_assert_eq!(&streamed, whole.as_ref());
        if detection.encoding == Encoding::Utf8 {
            prop_assert_eq!(&streamed[..], &data[detection.bom as usize * 3..]);
        } else {
            prop_assert!(std::str::from_utf8(&streamed).is_ok());
        }
    }

    #[test]
    fn forced_encodings_stream_to_valid_utf8(data in texty_bytes(), encoding in forced_encodings(), step in 1usize..17) {
        let streamed = read_forced(&data, encoding, step);
        prop_assert!(std::str::from_utf8(&streamed).is_ok());
        prop_assert_eq!(streamed, read_forced(&data, encoding, usize::MAX));
    }

    #[test]
    fn detection_never_panics_on_cut_input(data in texty_bytes(), cut in 0usize..600) {
        let cut = cut.min(data.len());
        let detection = detect(&data[..cut]);
        prop_assert!((0.0..=1.0).contains(&detection.confidence));
    }

    #[test]
    fn repair_never_panics(text in ".{0,200}") {
        if let Some((fixed, _)) = repair_mojibake(&text) {
            prop_assert_ne!(fixed, text);
        }
    }

    /// Text misread as windows-1252 comes back exactly when it has two or more non-ASCII
    /// characters.
    #[test]
    fn utf8_read_as_cp1252_is_repaired(text in "[a-z ]{0,10}[à-ỹ]{2,6}[a-z ]{0,10}") {
        let (mojibake, _, _) = encoding_rs::WINDOWS_1252.decode(text.as_bytes());
        let repaired = repair_mojibake(&mojibake).map(|(fixed, _)| fixed);
        prop_assert_eq!(repaired, Some(text));
    }
}
