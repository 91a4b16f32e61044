//! Detection and decoding of small samples written for these tests.

mod common;

use common::{decode_as, read_through, TestEncoder};
use padi_encoding::{decode_to_utf8, detect, DecodingReader, Encoding};
use unicode_normalization::UnicodeNormalization;

const VIETNAMESE: &str = "Hôm nay trời đẹp, chúng tôi đi dạo quanh hồ và uống cà phê sữa đá. \
                          Buổi chiều Việt Nam mưa to, người đi đường vội vã về nhà.";

/// `VIETNAMESE` typed with the VNI font encoding (as the windows-1252 text it reads as).
const VIETNAMESE_VNI: &str =
    "Hoâm nay trôøi ñeïp, chuùng toâi ñi daïo quanh hoà vaø uoáng caø pheâ söõa ñaù. \
                              Buoåi chieàu Vieät Nam möa to, ngöôøi ñi ñöôøng voäi vaõ veà nhaø.";

/// `VIETNAMESE` in VIQR.
const VIETNAMESE_VIQR: &str = "Ho^m nay tro+`i dde.p, chu'ng to^i ddi da.o quanh ho^` va` uo^'ng ca` phe^ su+~a dda'. \
                               Buo^?i chie^`u Vie^.t Nam mu+a to, ngu+o+`i ddi ddu+o+`ng vo^.i va~ ve^` nha`.";

fn windows_1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn vni_is_detected_and_converted() {
    let bytes = windows_1252(VIETNAMESE_VNI);
    for step in [1, 5, 4096] {
        let (detection, out) = read_through(&bytes, step, 64);
        assert_eq!(detection.encoding, Encoding::Vni, "{detection:?}");
        assert_eq!(String::from_utf8(out).unwrap(), VIETNAMESE);
    }
    let caps = windows_1252("VIEÄT NAM: NGÖÔØI ÑI ÑÖÔØNG");
    assert_eq!(decode_as(&caps, Encoding::Vni), "VIỆT NAM: NGƯỜI ĐI ĐƯỜNG");
}

#[test]
fn viqr_is_detected_and_converted() {
    for step in [1, 3, 4096] {
        let (detection, out) = read_through(VIETNAMESE_VIQR.as_bytes(), step, 10);
        assert_eq!(detection.encoding, Encoding::Viqr, "{detection:?}");
        assert_eq!(String::from_utf8(out).unwrap(), VIETNAMESE);
    }
}

#[test]
fn english_and_code_are_never_viqr() {
    for text in [
        "I'm sure you're right: we'll go, they'd say, and he's there. Don't you think so?",
        "Use C++ or Go+ if a^2 + b^2 = c^2 (e.g. for i.e. 3.5 dollars).",
        "Who? Me. Yes... Really? Ok. The end.",
        "Read the README (it's short) and see you at 10 o'clock!",
        "x = a^b; y = (e^x) + o^2; z = u+v; // bitwise ops in C",
    ] {
        let detection = detect(text.as_bytes());
        assert_eq!(detection.encoding, Encoding::Utf8, "{text}: {detection:?}");
    }
}

#[test]
fn legacy_vietnamese_encodings_of_a_crafted_text() {
    for encoding in [
        Encoding::Standard(encoding_rs::WINDOWS_1258),
        Encoding::Tcvn3,
        Encoding::Viscii,
        Encoding::Vni,
    ] {
        let bytes = TestEncoder::new(encoding).encode(VIETNAMESE).unwrap();
        let (detection, out) = read_through(&bytes, 2, 50);
        assert_eq!(detection.encoding, encoding, "{detection:?}");
        let decoded: String = String::from_utf8(out).unwrap().nfc().collect();
        assert_eq!(decoded, VIETNAMESE, "{}", encoding.label());
    }
}

#[test]
fn thai_windows_874_is_detected() {
    let thai = "วันนี้อากาศดีมาก พวกเราไปเดินเล่นที่สวนสาธารณะและกินข้าวเหนียวมะม่วงกันอย่างมีความสุข";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_874.encode(thai);
    assert!(!unmappable);
    let (detection, out) = read_through(&bytes, 1, 7);
    assert_eq!(detection.encoding.label(), "windows-874", "{detection:?}");
    assert_eq!(String::from_utf8(out).unwrap(), thai);
    assert_eq!(Encoding::from_label("TIS-620"), Some(detection.encoding));
    assert_eq!(
        Encoding::from_label("iso-8859-11"),
        Some(detection.encoding)
    );
}

#[test]
fn utf16_with_bom_decodes() {
    let text = "Xin chào! สวัสดี ສະບາຍດີ 🌏 line\r\nnext";
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    for (bytes, label) in [(le, "utf-16le"), (be, "utf-16be")] {
        for step in [1, 3, 4096] {
            let (detection, out) = read_through(&bytes, step, 5);
            assert_eq!(detection.encoding.label(), label);
            assert!(detection.bom);
            assert_eq!(String::from_utf8(out).unwrap(), text);
        }
    }
    // Without a byte order mark, Latin text is recognised by its NUL bytes.
    let text = "Hello, Cebuano: Maayong buntag! Tetum: Bondia.";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    for (bytes, label) in [(le, "utf-16le"), (be, "utf-16be")] {
        let (detection, out) = read_through(&bytes, 5, 5);
        assert_eq!(detection.encoding.label(), label);
        assert!(!detection.bom);
        assert_eq!(String::from_utf8(out).unwrap(), text);
    }
    // A cut last code unit becomes U+FFFD rather than an error.
    let (_, out) = read_through(b"\xFF\xFEa\x00b", 1, 5);
    assert_eq!(String::from_utf8(out).unwrap(), "a\u{FFFD}");
}

#[test]
fn utf8_is_passed_through_byte_for_byte() {
    assert_eq!(detect(b"").encoding, Encoding::Utf8);
    assert_eq!(detect(b"plain ascii").reason, "pure ASCII");
    let (detection, out) = read_through(b"\xEF\xBB\xBFhello", 1, 2);
    assert!(detection.bom);
    assert_eq!(out, b"hello");
    // ASCII with one stray byte: UTF-8 (the record with it is quarantined downstream).
    let (detection, out) = read_through(b"plain text\nwith one \xE9 byte\n", 1, 4);
    assert_eq!(detection.encoding, Encoding::Utf8);
    assert_eq!(out, b"plain text\nwith one \xE9 byte\n");
    // Mostly valid UTF-8 with two bad records: UTF-8, bad bytes untouched.
    let mut bytes = "Tiếng Việt có dấu.\n".repeat(20).into_bytes();
    bytes.extend_from_slice(b"bad \xC3\x28 record\nanother \xFF one\n");
    bytes.extend_from_slice("Trời đẹp.\n".as_bytes());
    let (detection, out) = read_through(&bytes, 3, 100);
    assert_eq!(detection.encoding, Encoding::Utf8, "{detection:?}");
    assert!(detection.confidence < 1.0);
    assert_eq!(out, bytes);
    // A prefix cut mid-character is still UTF-8.
    let cut = "Tiếng Việt".as_bytes();
    assert_eq!(detect(&cut[..cut.len() - 2]).reason, "valid UTF-8");
}

#[test]
fn latin1_text_is_not_utf8() {
    let bytes = windows_1252("Le café était très bon, merci à vous et à bientôt à Noël!");
    let (detection, decoded) = decode_to_utf8(&bytes);
    assert_eq!(detection.encoding.label(), "windows-1252", "{detection:?}");
    assert_eq!(
        String::from_utf8(decoded.into_owned()).unwrap(),
        "Le café était très bon, merci à vous et à bientôt à Noël!"
    );
}

#[test]
fn huge_lines_stream_in_bounded_chunks() {
    let thai_line = "ภาษาไทยเป็นภาษาราชการของประเทศไทย".repeat(40_000);
    let (bytes, _, _) = encoding_rs::WINDOWS_874.encode(&thai_line);
    let mut reader = DecodingReader::new(&bytes[..]).unwrap();
    let mut total = 0;
    let mut buf = [0; 8192];
    loop {
        let n = std::io::Read::read(&mut reader, &mut buf).unwrap();
        if n == 0 {
            break;
        }
        total += n;
    }
    assert_eq!(total, thai_line.len());
    let mut hostile = vec![0xE0u8; 300_000];
    hostile.extend(std::iter::repeat_n(0xF0, 300_000));
    let (_, streamed) = read_through(&hostile, 4093, 8191);
    let (_, whole) = decode_to_utf8(&hostile);
    assert_eq!(streamed, whole.as_ref());
}
