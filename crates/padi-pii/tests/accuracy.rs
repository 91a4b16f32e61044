//! Precision and recall per PII type on the labelled fixture, and behaviour on real text.

mod support;

use std::collections::BTreeMap;
use std::path::PathBuf;

use padi_pii::{PiiType, Redactor};

fn fixture_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pii_cases.tsv")
}

/// The fixture file is what the generator produces. Set `PADI_REGENERATE_FIXTURE=1` to rewrite it.
#[test]
fn fixture_is_up_to_date() {
    let generated = support::to_tsv(&support::cases());
    if std::env::var_os("PADI_REGENERATE_FIXTURE").is_some() {
        std::fs::write(fixture_path(), &generated).expect("write fixture");
    }
    let stored = std::fs::read_to_string(fixture_path()).expect("read fixture");
    assert!(
        stored == generated,
        "fixture is stale: rerun with PADI_REGENERATE_FIXTURE=1"
    );
}

fn placeholder_counts(text: &str) -> BTreeMap<&'static str, u64> {
    let mut counts = BTreeMap::new();
    for t in PiiType::ALL {
        let n = text.matches(&format!("<{}>", t.name())).count() as u64;
        if n > 0 {
            counts.insert(t.name(), n);
        }
    }
    counts
}

#[derive(Default)]
struct Tally {
    true_pos: u64,
    false_pos: u64,
    false_neg: u64,
}

/// A line only scores when the whole redacted text is right: a placeholder in the wrong place
/// or of the wrong size counts as both a false positive and a false negative.
#[test]
fn precision_and_recall_per_type() {
    let tsv = std::fs::read_to_string(fixture_path()).expect("read fixture");
    let cases = support::from_tsv(&tsv);
    let redactor = Redactor::default();
    let mut tallies: BTreeMap<&'static str, Tally> = PiiType::ALL
        .iter()
        .map(|t| (t.name(), Tally::default()))
        .collect();
    let mut labels: BTreeMap<String, u64> = BTreeMap::new();
    let mut wrong = Vec::new();
    for case in &cases {
        *labels.entry(case.label.clone()).or_insert(0) += 1;
        let actual = redactor.redact(&case.text).text.into_owned();
        let expected_counts = placeholder_counts(&case.expected);
        let actual_counts = placeholder_counts(&actual);
        if actual == case.expected {
            for (t, n) in expected_counts {
                tallies.get_mut(t).expect("known type").true_pos += n;
            }
            continue;
        }
        wrong.push(format!("{}\t{}\n  got\t{}", case.label, case.text, actual));
        for (t, n) in expected_counts {
            tallies.get_mut(t).expect("known type").false_neg += n;
        }
        for (t, n) in actual_counts {
            tallies.get_mut(t).expect("known type").false_pos += n;
        }
    }
    println!("lines per label: {labels:?}");
    println!(
        "{:<6} {:>4} {:>4} {:>4} {:>9} {:>7}",
        "type", "tp", "fp", "fn", "precision", "recall"
    );
    let mut failures = Vec::new();
    for (t, tally) in &tallies {
        let precision = tally.true_pos as f64 / (tally.true_pos + tally.false_pos).max(1) as f64;
        let recall = tally.true_pos as f64 / (tally.true_pos + tally.false_neg).max(1) as f64;
        println!(
            "{t:<6} {:>4} {:>4} {:>4} {precision:>9.3} {recall:>7.3}",
            tally.true_pos, tally.false_pos, tally.false_neg
        );
        if tally.true_pos < 30 || precision < 0.95 || recall < 0.95 {
            failures.push(*t);
        }
    }
    println!("{} of {} lines wrong:", wrong.len(), cases.len());
    for w in &wrong {
        println!("{w}");
    }
    assert!(labels["NONE"] >= 200, "too few look-alikes: {labels:?}");
    assert!(
        failures.is_empty(),
        "below 0.95 (or under 30 positives): {failures:?}"
    );
}
