//! Decoding and repair of the fixtures in ../shared/data/encodings/ and real text from
//! ../shared/data/lid/ (skipped when the shared data is absent).

mod common;

use std::path::Path;

use common::read_through;
use padi_core::shared_data::shared_data_dir_or_skip;
use padi_encoding::{decode_to_utf8, detect, repair_mojibake, Repair};
use unicode_normalization::UnicodeNormalization;

fn read(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn assert_same_lines(name: &str, got: &str, expected: &str) {
    let got: Vec<&str> = got.lines().collect();
    let expected: Vec<&str> = expected.lines().collect();
    assert_eq!(got.len(), expected.len(), "{name}: line count");
    for (i, (g, e)) in got.iter().zip(&expected).enumerate() {
        assert_eq!(g, e, "{name}: line {}", i + 1);
    }
}

#[test]
fn exact_legacy_pairs_decode_to_their_utf8_counterparts() {
    let Some(data) = shared_data_dir_or_skip("exact_legacy_pairs") else {
        return;
    };
    let dir = data.join("encodings");
    for (file, label, counterpart) in [
        (
            "vie.windows-1258.txt",
            "windows-1258",
            "vie.utf-8.lines.txt",
        ),
        ("vie.tcvn5712-1.txt", "tcvn3", "vie.utf-8.lines.txt"),
        ("vie.viscii.txt", "viscii", "vie.utf-8.lines.txt"),
        ("tha.windows-874.txt", "windows-874", "tha.utf-8.lines.txt"),
        ("tha.tis-620.txt", "windows-874", "tha.utf-8.lines.txt"),
    ] {
        let bytes = read(&dir, file);
        let expected = String::from_utf8(read(&dir, counterpart)).unwrap();
        // Through the reader, one byte at a time, and as a whole buffer.
        let (detection, streamed) = read_through(&bytes, 1, 1000);
        assert_eq!(detection.encoding.label(), label, "{file}: {detection:?}");
        let (_, whole) = decode_to_utf8(&bytes);
        assert_eq!(streamed, whole.as_ref(), "{file}: streamed != whole");
        let decoded: String = String::from_utf8(streamed).unwrap().nfc().collect();
        assert_same_lines(file, &decoded, &expected);
    }
}

#[test]
fn mojibake_fixtures_are_repaired() {
    let Some(data) = shared_data_dir_or_skip("mojibake_fixtures") else {
        return;
    };
    let dir = data.join("encodings");
    for (file, repair, counterpart) in [
        (
            "vie.mojibake-utf8-as-cp1252.utf-8.txt",
            Repair::Utf8AsCp1252,
            "vie.utf-8.lines.txt",
        ),
        (
            "tha.mojibake-tis620-as-latin1.utf-8.txt",
            Repair::Tis620AsLatin1,
            "tha.utf-8.lines.txt",
        ),
    ] {
        let bytes = read(&dir, file);
        assert_eq!(detect(&bytes).encoding.label(), "utf-8", "{file}");
        let text = String::from_utf8(bytes).unwrap();
        let expected = String::from_utf8(read(&dir, counterpart)).unwrap();
        let (fixed, kind) =
            repair_mojibake(&text).unwrap_or_else(|| panic!("{file}: not repaired"));
        assert_eq!(kind, repair, "{file}");
        assert_same_lines(file, &fixed, &expected);
        // Repaired text needs no further repair.
        assert_eq!(repair_mojibake(&fixed), None, "{file}");
    }
}

#[test]
fn vietnamese_legacy_fixtures_read_as_cp1252_are_repaired() {
    let Some(data) = shared_data_dir_or_skip("vietnamese_legacy_read_as_cp1252") else {
        return;
    };
    let dir = data.join("encodings");
    let expected = String::from_utf8(read(&dir, "vie.utf-8.lines.txt")).unwrap();
    for (file, repair) in [
        ("vie.tcvn5712-1.txt", Repair::Tcvn3AsCp1252),
        ("vie.viscii.txt", Repair::VisciiAsCp1252),
    ] {
        // What a tool that assumed windows-1252 made of the file.
        let bytes = read(&dir, file);
        let (misread, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
        let (fixed, kind) = repair_mojibake(&misread).unwrap_or_else(|| panic!("{file}"));
        assert_eq!(kind, repair, "{file}");
        let fixed: String = fixed.nfc().collect();
        assert_same_lines(file, &fixed, &expected);
    }
}

#[test]
fn utf8_fixtures_pass_through_unchanged() {
    let Some(data) = shared_data_dir_or_skip("utf8_fixtures") else {
        return;
    };
    let dir = data.join("encodings");
    for file in [
        "vie.utf-8.txt",
        "vie.utf-8-decomposed.txt",
        "vie.utf-8.lines.txt",
        "tha.utf-8.lines.txt",
        "mya.utf-8.txt",
        "mya.winresearcher.txt",
        // Cut mid-character by NLTK: still UTF-8, the bad tail left for the record parser.
        "mya.utf-8-pre-unicode-5.1.txt",
    ] {
        let bytes = read(&dir, file);
        let (detection, out) = read_through(&bytes, 4096, 333);
        assert_eq!(detection.encoding.label(), "utf-8", "{file}");
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        assert_eq!(detection.bom, body.len() < bytes.len(), "{file}");
        assert_eq!(out, body, "{file}: passthrough changed bytes");
    }
}

#[test]
fn real_text_of_every_language_is_utf8_and_not_repaired() {
    let Some(data) = shared_data_dir_or_skip("real_text_of_every_language") else {
        return;
    };
    let mut files: Vec<_> = ["lid/dev", "lid/train"]
        .iter()
        .flat_map(|split| std::fs::read_dir(data.join(split)).unwrap())
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 90);
    let mut repaired = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.display();
        let detection = detect(text.as_bytes());
        assert_eq!(detection.encoding.label(), "utf-8", "{name}: {detection:?}");
        for line in text.lines() {
            assert_eq!(
                detect(line.as_bytes()).encoding.label(),
                "utf-8",
                "{name}: {line}"
            );
            if let Some((fixed, kind)) = repair_mojibake(line) {
                repaired.push((line.to_string(), fixed, kind));
            }
        }
    }
    // The Indonesian FLORES text itself has a few lines of genuine mojibake ("7â€“2" for
    // "7–2", "ErkoÃ§" for "Erkoç"); repairing those is right. Anything else would be a false
    // positive.
    for (line, fixed, kind) in &repaired {
        eprintln!("repaired ({}): {line} -> {fixed}", kind.label());
        assert_eq!(*kind, Repair::Utf8AsCp1252, "{line}");
        assert!(
            line.contains("â€") || line.contains('Ã'),
            "false positive: {line} -> {fixed}"
        );
    }
    assert!(repaired.len() <= 10, "{} lines repaired", repaired.len());
}
