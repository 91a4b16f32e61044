//! Detection accuracy on real text from ../shared/data/lid/ re-encoded in each legacy
//! encoding, one line per document (the hardest case: a line has few words). Prints the
//! figures; asserts floors.

mod common;

use common::TestEncoder;
use padi_core::shared_data::shared_data_dir_or_skip;
use padi_encoding::{detect, Encoding};
use unicode_normalization::UnicodeNormalization;

fn lines(data: &std::path::Path, label: &str) -> Vec<String> {
    ["lid/dev", "lid/train"]
        .iter()
        .filter_map(|split| {
            std::fs::read_to_string(data.join(split).join(format!("{label}.txt"))).ok()
        })
        .flat_map(|text| {
            text.lines()
                .map(|l| l.nfc().collect::<String>())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn vietnamese_and_thai_lines_are_detected() {
    let Some(data) = shared_data_dir_or_skip("vietnamese_and_thai_lines_are_detected") else {
        return;
    };
    let vietnamese = lines(&data, "vie_Latn");
    assert!(vietnamese.len() > 500);
    for encoding in [
        Encoding::Standard(encoding_rs::WINDOWS_1258),
        Encoding::Tcvn3,
        Encoding::Viscii,
        Encoding::Vni,
    ] {
        let encoder = TestEncoder::new(encoding);
        let encoded: Vec<Vec<u8>> = vietnamese
            .iter()
            .filter_map(|l| encoder.encode(l))
            .collect();
        let mut right = 0;
        for bytes in &encoded {
            let detection = detect(bytes);
            if detection.encoding == encoding {
                right += 1;
            } else {
                eprintln!(
                    "  {} taken for {}: {}",
                    encoding.label(),
                    detection.encoding.label(),
                    detection.reason
                );
            }
        }
        let rate = right as f64 / encoded.len() as f64;
        eprintln!(
            "{}: {right}/{} lines ({:.1}%)",
            encoding.label(),
            encoded.len(),
            rate * 100.0
        );
        assert!(encoded.len() > 500);
        assert!(rate >= 0.98, "{}: {rate}", encoding.label());
    }
    let thai = lines(&data, "tha_Thai");
    let encoded: Vec<Vec<u8>> = thai
        .iter()
        .filter_map(|l| {
            let (bytes, _, unmappable) = encoding_rs::WINDOWS_874.encode(l);
            (!unmappable).then(|| bytes.into_owned())
        })
        .collect();
    let right = encoded
        .iter()
        .filter(|b| detect(b).encoding.label() == "windows-874")
        .count();
    let rate = right as f64 / encoded.len() as f64;
    eprintln!(
        "windows-874: {right}/{} lines ({:.1}%)",
        encoded.len(),
        rate * 100.0
    );
    assert!(rate >= 0.98);
}

/// VIQR spelling of NFC Vietnamese (RFC 1456 marks after the vowel; `dd` for đ).
fn viqr(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            'đ' => out.push_str("dd"),
            'Đ' => out.push_str("DD"),
            c if c.is_ascii() => out.push(c),
            c => {
                let mut tone = None;
                for part in std::iter::once(c).nfd() {
                    match part {
                        '\u{306}' => out.push('('),
                        '\u{302}' => out.push('^'),
                        '\u{31B}' => out.push('+'),
                        '\u{301}' => tone = Some('\''),
                        '\u{300}' => tone = Some('`'),
                        '\u{309}' => tone = Some('?'),
                        '\u{303}' => tone = Some('~'),
                        '\u{323}' => tone = Some('.'),
                        other => out.push(other),
                    }
                }
                out.extend(tone);
            }
        }
    }
    out
}

#[test]
fn viqr_lines_are_detected_and_converted() {
    let Some(data) = shared_data_dir_or_skip("viqr_lines") else {
        return;
    };
    let vietnamese: Vec<String> = lines(&data, "vie_Latn")
        .into_iter()
        .filter(|l| l.chars().all(|c| c.is_ascii() || c.is_alphabetic()))
        .collect();
    let (mut detected, mut exact) = (0, 0);
    for line in &vietnamese {
        let spelled = viqr(line);
        if detect(spelled.as_bytes()).encoding == Encoding::Viqr {
            detected += 1;
            let decoded = common::decode_as(spelled.as_bytes(), Encoding::Viqr);
            if decoded == *line {
                exact += 1;
            }
        }
    }
    let total = vietnamese.len();
    eprintln!("viqr: detected {detected}/{total} lines, {exact} of them converted exactly");
    assert!(total > 400);
    assert!(detected * 100 >= total * 95, "{detected}/{total}");
    // Unescaped VIQR is ambiguous where `?` or `.` ends a word before a capital ("o+? Vie^.t"
    // is "ở Việt", "nha. Ve^`" is "nha. Về"): about one line in ten has such a word.
    assert!(exact * 100 >= detected * 85, "{exact}/{detected}");
}

#[test]
fn other_latin_lines_are_not_taken_for_vietnamese_or_thai() {
    let Some(data) = shared_data_dir_or_skip("other_latin_lines") else {
        return;
    };
    let mut total = 0;
    let mut vietnamese = Vec::new();
    let mut labels: Vec<String> = std::fs::read_dir(data.join("lid/dev"))
        .unwrap()
        .filter_map(|entry| {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let label = name.strip_suffix(".txt")?.to_string();
            (label.ends_with("_Latn") && label != "vie_Latn").then_some(label)
        })
        .collect();
    labels.sort();
    for label in &labels {
        for line in lines(&data, label) {
            let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&line);
            if unmappable || bytes.is_ascii() {
                continue;
            }
            total += 1;
            let encoding = detect(&bytes).encoding;
            if matches!(
                encoding,
                Encoding::Tcvn3 | Encoding::Viscii | Encoding::Vni | Encoding::Viqr
            ) || encoding.label() == "windows-1258"
            {
                vietnamese.push((label, encoding.label(), line));
            }
        }
    }
    for (label, encoding, line) in &vietnamese {
        eprintln!("{label} taken for {encoding}: {line}");
    }
    eprintln!(
        "windows-1252 lines taken for Vietnamese or Thai: {}/{total}",
        vietnamese.len()
    );
    assert!(total > 500);
    assert!(
        vietnamese.len() * 200 <= total,
        "{} of {total}",
        vietnamese.len()
    );
}
