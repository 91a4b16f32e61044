//! Behaviour on real sentences from `../shared/data/lid/dev` (skipped when absent).

use std::path::PathBuf;

use padi_core::shared_data::shared_data_dir_or_skip;
use padi_pii::{PiiType, Redactor};

fn dev_lines(test: &str) -> Option<Vec<(String, String)>> {
    let dir: PathBuf = shared_data_dir_or_skip(test)?.join("lid/dev");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read lid/dev")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let mut lines = Vec::new();
    for path in files {
        let label = path
            .file_stem()
            .expect("file name")
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&path).expect("read dev file");
        lines.extend(text.lines().map(|l| (label.clone(), l.to_string())));
    }
    Some(lines)
}

/// FLORES/NusaX sentences are news and reviews with years, prices, dates and counts but no
/// personal data: (almost) nothing may be redacted.
#[test]
fn real_sentences_are_left_alone() {
    let Some(lines) = dev_lines("real_sentences_are_left_alone") else {
        return;
    };
    let redactor = Redactor::default();
    let mut changed = Vec::new();
    let mut with_digits = 0;
    for (label, line) in &lines {
        with_digits += usize::from(line.bytes().any(|b| b.is_ascii_digit()));
        let out = redactor.redact(line);
        if !out.counts.is_empty() {
            changed.push(format!("{label}: {line}\n  -> {}", out.text));
        }
    }
    println!(
        "{} of {} lines ({} with ASCII digits) redacted",
        changed.len(),
        lines.len(),
        with_digits
    );
    for c in &changed {
        println!("{c}");
    }
    assert!(lines.len() > 1000);
    assert!(
        changed.len() <= lines.len() / 1000,
        "too many false positives"
    );
}

/// PII inserted into real sentences of every script is found, and the sentence around it comes
/// back byte for byte.
#[test]
fn pii_inside_real_sentences_is_found() {
    let Some(lines) = dev_lines("pii_inside_real_sentences_is_found") else {
        return;
    };
    let samples = [
        ("siti.aminah@contoh.co.id", PiiType::Email),
        ("+62 812-3456-7890", PiiType::Phone),
        ("081-234-5678", PiiType::Phone),
        ("10.20.30.40", PiiType::Ip),
        ("4111 1111 1111 1111", PiiType::Card),
        ("1-1017-00207-04-8", PiiType::IdTh),
        ("S1234567D", PiiType::IdSg),
        ("900101-14-5678", PiiType::IdMy),
    ];
    let redactor = Redactor::default();
    let mut tried = 0;
    for (n, (label, line)) in lines.iter().enumerate().step_by(7) {
        if line
            .bytes()
            .any(|b| b.is_ascii_digit() || b == b'@' || b == b':')
        {
            continue;
        }
        let (value, pii_type) = samples[n % samples.len()];
        let cut = line
            .char_indices()
            .map(|(i, _)| i)
            .nth(line.chars().count() / 2)
            .unwrap_or(0);
        let text = format!("{} {value} {}", &line[..cut], &line[cut..]);
        let out = redactor.redact(&text);
        let expected = format!("{} <{}> {}", &line[..cut], pii_type.name(), &line[cut..]);
        assert_eq!(out.text, expected, "{label}");
        tried += 1;
    }
    assert!(tried > 300, "only {tried} sentences tried");
}
