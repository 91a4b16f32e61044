//! Fairness on real text (skipped without ../shared/data): good documents in unspaced scripts
//! are kept at the same rate as in spaced ones, and per-label word thresholds follow the
//! measured words-per-sentence of each language.

use std::collections::BTreeMap;
use std::path::Path;

use padi_core::{Document, Source};
use padi_filter::{word_factor, QualityConfig, QualityFilter, Segmenter, Thresholds};

/// Documents of `per_doc` consecutive dev lines of `label`, one sentence per line.
fn dev_documents(data: &Path, label: &str, per_doc: usize) -> Vec<Document> {
    let text =
        std::fs::read_to_string(data.join(format!("lid/dev/{label}.txt"))).expect("dev file");
    let lines: Vec<&str> = text.lines().collect();
    lines
        .chunks_exact(per_doc)
        .enumerate()
        .map(|(i, chunk)| {
            let source = Source {
                contribution: "dev".into(),
                file: label.into(),
                record: i as u64,
                line: Some((i * per_doc + 1) as u64),
                byte_offset: None,
            };
            let mut doc = Document::new(format!("{label}-{i}"), chunk.join("\n"), source);
            doc.lang = Some(label.to_string());
            doc.lang_confidence = Some(1.0);
            doc
        })
        .collect()
}

fn keep_rate(filter: &QualityFilter, docs: &[Document]) -> (f64, BTreeMap<&'static str, usize>) {
    let mut reasons = BTreeMap::new();
    for doc in docs {
        if let Err(failure) = filter.check(doc) {
            *reasons.entry(failure.rule.code()).or_insert(0) += 1;
        }
    }
    let dropped: usize = reasons.values().sum();
    (1.0 - dropped as f64 / docs.len() as f64, reasons)
}

#[test]
fn unspaced_scripts_are_kept_as_often_as_spaced_ones() {
    let Some(data) = padi_core::shared_data::shared_data_dir_or_skip("fairness") else {
        return;
    };
    let filter = QualityFilter::new(&QualityConfig::default());
    let mut rates = Vec::new();
    for label in [
        "tha_Thai", "lao_Laoo", "khm_Khmr", "mya_Mymr", "ind_Latn", "vie_Latn",
    ] {
        let docs = dev_documents(&data, label, 5);
        let (rate, reasons) = keep_rate(&filter, &docs);
        eprintln!(
            "{label}: kept {:.1}% of {} {reasons:?}",
            rate * 100.0,
            docs.len()
        );
        rates.push((label, rate));
    }
    let min = rates.iter().map(|r| r.1).fold(f64::INFINITY, f64::min);
    let max = rates.iter().map(|r| r.1).fold(0.0, f64::max);
    assert!(min >= 0.90, "a keep rate is below 90%: {rates:?}");
    assert!(
        max - min <= 0.05,
        "keep rates differ by more than 5 points: {rates:?}"
    );
}

#[test]
fn every_dev_label_keeps_most_good_documents() {
    let Some(data) = padi_core::shared_data::shared_data_dir_or_skip("all dev labels") else {
        return;
    };
    let filter = QualityFilter::new(&QualityConfig::default());
    let mut files: Vec<_> = std::fs::read_dir(data.join("lid/dev"))
        .expect("dev dir")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    let mut low = Vec::new();
    for path in files {
        let label = path.file_stem().and_then(|s| s.to_str()).expect("label");
        let docs = dev_documents(&data, label, 5);
        let (rate, reasons) = keep_rate(&filter, &docs);
        eprintln!(
            "{label}: kept {:.1}% of {} {reasons:?}",
            rate * 100.0,
            docs.len()
        );
        if rate < 0.85 {
            low.push((label.to_string(), rate, reasons));
        }
    }
    assert!(low.is_empty(), "labels with keep rate < 85%: {low:?}");
}

/// The shipped word factor of each FLORES label matches how many words a FLORES sentence has
/// in that label compared with English (the dev files of FLORES labels start with the same
/// 78 sentences), within 5%.
#[test]
fn min_words_follow_words_per_sentence() {
    let Some(data) = padi_core::shared_data::shared_data_dir_or_skip("calibration") else {
        return;
    };
    let segmenter = Segmenter::default();
    let words_per_sentence = |label: &str| -> f64 {
        let text = std::fs::read_to_string(data.join(format!("lid/dev/{label}.txt"))).expect("dev");
        let lines: Vec<&str> = text.lines().take(78).collect();
        let words: usize = lines.iter().map(|l| segmenter.words(l).len()).sum();
        words as f64 / lines.len() as f64
    };
    let english = words_per_sentence("eng_Latn");
    let config = QualityConfig::default();
    let mut off = Vec::new();
    for label in [
        "tha_Thai", "lao_Laoo", "khm_Khmr", "mya_Mymr", "shn_Mymr", "ind_Latn", "vie_Latn",
        "zsm_Latn", "tgl_Latn", "ceb_Latn", "kac_Latn", "zho_Hans", "jpn_Jpan", "kor_Hang",
    ] {
        let ratio = words_per_sentence(label) / english;
        let min_words = config.resolve(Some(label)).min_words;
        eprintln!("{label}: {ratio:.2} x English words per sentence, min_words {min_words}");
        if (word_factor(label) / ratio - 1.0).abs() > 0.05 {
            off.push((label, ratio, word_factor(label)));
        }
        let expected = Thresholds::GLOBAL.min_words as f64 * word_factor(label);
        assert_eq!(min_words, expected.round() as u64, "{label}");
    }
    assert!(
        off.is_empty(),
        "word factors out of line with words per sentence: {off:?}"
    );
}

/// Keep rates of windows of 3 consecutive FLORES sentences (about 60 English words, near the
/// 50-word threshold) per label, and their spread (max - min).
fn near_threshold_rates(data: &Path, filter: &QualityFilter) -> (Vec<(&'static str, f64)>, f64) {
    let mut rates = Vec::new();
    for label in [
        "eng_Latn", "tha_Thai", "lao_Laoo", "khm_Khmr", "mya_Mymr", "ind_Latn", "vie_Latn",
    ] {
        let text = std::fs::read_to_string(data.join(format!("lid/dev/{label}.txt"))).expect("dev");
        let lines: Vec<&str> = text.lines().take(78).collect();
        let docs: Vec<Document> = lines
            .windows(3)
            .map(|w| {
                let source = Source {
                    contribution: "dev".into(),
                    file: label.into(),
                    record: 0,
                    line: None,
                    byte_offset: None,
                };
                let mut doc = Document::new(label, w.join("\n"), source);
                doc.lang = Some(label.to_string());
                doc.lang_confidence = Some(1.0);
                doc
            })
            .collect();
        let (rate, reasons) = keep_rate(filter, &docs);
        eprintln!(
            "{label}: kept {:.1}% of {} {reasons:?}",
            rate * 100.0,
            docs.len()
        );
        rates.push((label, rate));
    }
    let min = rates.iter().map(|r| r.1).fold(f64::INFINITY, f64::min);
    let max = rates.iter().map(|r| r.1).fold(0.0, f64::max);
    (rates, max - min)
}

/// Parallel content, same decisions: near the word threshold, every language keeps about the
/// same share, and that is the word factors' doing (one `min_words` for all spreads further).
#[test]
fn near_threshold_documents_are_treated_alike() {
    let Some(data) = padi_core::shared_data::shared_data_dir_or_skip("near threshold") else {
        return;
    };
    let calibrated = QualityFilter::new(&QualityConfig::default());
    let (rates, spread) = near_threshold_rates(&data, &calibrated);
    assert!(
        spread <= 0.10,
        "keep rates differ by more than 10 points: {rates:?}"
    );
    let uniform = QualityFilter::new(&QualityConfig {
        min_words: Some(Thresholds::GLOBAL.min_words),
        ..QualityConfig::default()
    });
    let (uniform_rates, uniform_spread) = near_threshold_rates(&data, &uniform);
    assert!(
        uniform_spread > spread + 0.10,
        "one min_words for all is not less fair: {uniform_rates:?} vs {rates:?}"
    );
}
