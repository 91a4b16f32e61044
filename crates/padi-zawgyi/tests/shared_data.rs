//! Behaviour on the real text in `../shared/data` (each test skips when it is absent).

use std::path::Path;

use padi_core::shared_data::shared_data_dir_or_skip;
use padi_zawgyi::{
    train_default_model, train_model, unicode_to_zawgyi, zawgyi_to_unicode, ZawgyiDetector,
    DEFAULT_THRESHOLD,
};
use unicode_normalization::UnicodeNormalization;

fn read_lines(data: &Path, file: &str) -> Vec<String> {
    let text = std::fs::read_to_string(data.join(file)).expect("shared data file");
    text.lines().map(str::to_owned).collect()
}

/// NFC, which normalization applies after Zawgyi conversion. It matters here for dot below
/// (ccc 7) and asat (ccc 9): the UDHR reference has both orders while its Zawgyi side has one,
/// so the order cannot be recovered from the Zawgyi.
fn canonical_order(text: &str) -> String {
    text.nfc().collect()
}

fn code_points(text: &str) -> String {
    text.chars().map(|c| format!("{:04X} ", c as u32)).collect()
}

/// The paired UDHR lines: (Zawgyi, Unicode), skipping '#' comments and blank lines.
fn udhr_pairs(data: &Path) -> Vec<(String, String)> {
    let zawgyi = read_lines(data, "zawgyi/udhr_mya_zawgyi_out.txt");
    let unicode = read_lines(data, "zawgyi/udhr_mya_unicode_src.txt");
    assert_eq!(zawgyi.len(), unicode.len(), "UDHR files are line-aligned");
    zawgyi
        .into_iter()
        .zip(unicode)
        .filter(|(z, _)| !z.starts_with('#') && !z.trim().is_empty())
        .collect()
}

#[test]
fn udhr_zawgyi_lines_convert_to_the_unicode_source() {
    let Some(data) = shared_data_dir_or_skip("udhr_zawgyi_lines_convert_to_the_unicode_source")
    else {
        return;
    };
    let pairs = udhr_pairs(&data);
    let (mut exact, mut canonical) = (0, 0);
    for (zawgyi, unicode) in &pairs {
        let converted = zawgyi_to_unicode(zawgyi);
        exact += usize::from(&converted == unicode);
        if canonical_order(&converted) == canonical_order(unicode) {
            canonical += 1;
        } else {
            eprintln!(
                "mismatch:\n  got {}\n  exp {}",
                code_points(&converted),
                code_points(unicode)
            );
        }
    }
    let n = pairs.len();
    eprintln!("UDHR lines: {exact}/{n} exact, {canonical}/{n} exact after NFC (both sides)");
    assert!(n > 90);
    assert!(canonical * 100 >= n * 98, "{canonical}/{n}");
    assert!(exact * 100 >= n * 60, "{exact}/{n}");
}

#[test]
fn per_code_point_pairs_convert() {
    let Some(data) = shared_data_dir_or_skip("per_code_point_pairs_convert") else {
        return;
    };
    let rows = read_lines(&data, "zawgyi/zawgyi_unicode_test.tsv");
    let mut failures = Vec::new();
    for row in &rows[1..] {
        let fields: Vec<&str> = row.split('\t').collect();
        let [comment, zawgyi, unicode] = fields[..] else {
            panic!("bad row {row}");
        };
        let converted = zawgyi_to_unicode(zawgyi);
        if converted != unicode {
            failures.push(format!(
                "{comment}: {zawgyi} -> {converted}, expected {unicode}"
            ));
        }
    }
    let n = rows.len() - 1;
    eprintln!("per-code-point pairs: {}/{n} pass", n - failures.len());
    for failure in &failures {
        eprintln!("  {failure}");
    }
    assert!(failures.len() * 100 <= n * 2, "{failures:#?}");
}

#[test]
fn probabilities_agree_with_the_reference_scores() {
    let Some(data) = shared_data_dir_or_skip("probabilities_agree_with_the_reference_scores")
    else {
        return;
    };
    let detector = ZawgyiDetector::load_default().unwrap();
    let rows = read_lines(&data, "zawgyi/compatibility.tsv");
    let mut disagree = Vec::new();
    for row in &rows {
        let (score, text) = row.split_once('\t').unwrap();
        let reference: f64 = score.replace("Infinity", "inf").parse().unwrap();
        let ours = detector.probability(text);
        if (ours > 0.5) != (reference > 0.5) {
            disagree.push(format!("{text}: reference {reference:.3}, ours {ours:.3}"));
        }
    }
    eprintln!(
        "{}/{} agree on the side of 0.5",
        rows.len() - disagree.len(),
        rows.len()
    );
    for line in &disagree {
        eprintln!("  {line}");
    }
    // The disagreements are fragments of one to three syllables that read the same in both
    // encodings (e.g. the lone letter ၏, which has no bigram at all).
    assert_eq!(rows.len(), 50);
    assert!(disagree.len() <= 3, "{disagree:#?}");
}

/// Unicode lines in the three Myanmar-script languages: far below the threshold, unchanged.
#[test]
fn unicode_burmese_shan_and_mon_are_not_flagged() {
    let Some(data) = shared_data_dir_or_skip("unicode_burmese_shan_and_mon_are_not_flagged") else {
        return;
    };
    let detector = ZawgyiDetector::load_default().unwrap();
    for file in [
        "lid/dev/mya_Mymr.txt",
        "lid/train/shn_Mymr.txt",
        "lid/train/mnw_Mymr.txt",
    ] {
        let lines = read_lines(&data, file);
        let max = lines
            .iter()
            .map(|line| detector.probability(line))
            .fold(0.0, f64::max);
        eprintln!("{file}: {} lines, max P(Zawgyi) {max:.2e}", lines.len());
        for line in &lines {
            let p = detector.probability(line);
            assert!(p < 0.05, "{file}: P = {p} for {line}");
            assert_eq!(detector.convert_if_zawgyi(line, DEFAULT_THRESHOLD), None);
        }
    }
}

/// Zawgyi lines: the UDHR (trained on) and Burmese dev text converted to Zawgyi (never seen).
#[test]
fn zawgyi_lines_are_flagged() {
    let Some(data) = shared_data_dir_or_skip("zawgyi_lines_are_flagged") else {
        return;
    };
    let detector = ZawgyiDetector::load_default().unwrap();
    let udhr = udhr_pairs(&data)
        .into_iter()
        .filter(|(z, u)| z != u)
        .map(|(z, _)| z);
    let dev = read_lines(&data, "lid/dev/mya_Mymr.txt");
    let converted_dev = dev.iter().map(|line| unicode_to_zawgyi(line));
    let mut n = 0;
    for zawgyi in udhr.chain(converted_dev) {
        let p = detector.probability(&zawgyi);
        assert!(p > DEFAULT_THRESHOLD, "P = {p} for {zawgyi}");
        assert!(detector
            .convert_if_zawgyi(&zawgyi, DEFAULT_THRESHOLD)
            .is_some());
        n += 1;
    }
    assert!(n > 160, "{n}");
}

/// Generalisation: a model trained on half of each corpus separates the other half.
#[test]
fn model_trained_on_half_the_lines_separates_the_other_half() {
    let Some(data) =
        shared_data_dir_or_skip("model_trained_on_half_the_lines_separates_the_other_half")
    else {
        return;
    };
    fn halves(lines: Vec<String>) -> (Vec<String>, Vec<String>) {
        let (even, odd): (Vec<_>, Vec<_>) =
            lines.into_iter().enumerate().partition(|(i, _)| i % 2 == 0);
        (
            even.into_iter().map(|(_, l)| l).collect(),
            odd.into_iter().map(|(_, l)| l).collect(),
        )
    }
    let (udhr_train, udhr_test) = halves(
        udhr_pairs(&data)
            .into_iter()
            .map(|(z, u)| format!("{z}\t{u}"))
            .collect(),
    );
    let split = |pairs: &[String], side: usize| -> Vec<String> {
        pairs
            .iter()
            .map(|p| p.split('\t').nth(side).unwrap().to_owned())
            .collect()
    };
    let (mya_train, mya_test) = halves(read_lines(&data, "lid/train/mya_Mymr.txt"));
    let (shn_train, shn_test) = halves(read_lines(&data, "lid/train/shn_Mymr.txt"));
    let (mnw_train, mnw_test) = halves(read_lines(&data, "lid/train/mnw_Mymr.txt"));

    let mut burmese = mya_train.clone();
    burmese.extend(split(&udhr_train, 1));
    let mut zawgyi = split(&udhr_train, 0);
    zawgyi.extend(mya_train.iter().map(|l| unicode_to_zawgyi(l)));
    let detector =
        ZawgyiDetector::from_model(train_model(&[burmese, shn_train, mnw_train], &zawgyi));

    let mut zawgyi_test = split(&udhr_test, 0);
    zawgyi_test.extend(mya_test.iter().map(|l| unicode_to_zawgyi(l)));
    let unicode_test = [split(&udhr_test, 1), mya_test, shn_test, mnw_test].concat();
    let missed = zawgyi_test
        .iter()
        .filter(|z| !unicode_test.contains(z) && detector.probability(z) <= DEFAULT_THRESHOLD)
        .count();
    let flagged = unicode_test
        .iter()
        .filter(|u| detector.probability(u) >= 0.05)
        .count();
    eprintln!(
        "held out: {missed}/{} Zawgyi lines at or below {DEFAULT_THRESHOLD}, {flagged}/{} Unicode lines at or above 0.05",
        zawgyi_test.len(),
        unicode_test.len()
    );
    assert_eq!(flagged, 0);
    assert!(missed * 100 <= zawgyi_test.len(), "{missed}");
}

/// Unicode → Zawgyi → Unicode gives back the (NFC-ordered) line: the two converters agree.
#[test]
fn unicode_lines_survive_a_round_trip_through_zawgyi() {
    let Some(data) = shared_data_dir_or_skip("unicode_lines_survive_a_round_trip_through_zawgyi")
    else {
        return;
    };
    let lines = read_lines(&data, "lid/dev/mya_Mymr.txt");
    let kept = lines
        .iter()
        .filter(|line| {
            canonical_order(&zawgyi_to_unicode(&unicode_to_zawgyi(line))) == canonical_order(line)
        })
        .count();
    eprintln!("round trip: {kept}/{} dev lines", lines.len());
    assert!(kept * 100 >= lines.len() * 95);
}

/// The shipped model file is what the training recipe builds from the shared data.
#[test]
fn shipped_model_is_rebuilt_byte_for_byte() {
    let Some(data) = shared_data_dir_or_skip("shipped_model_is_rebuilt_byte_for_byte") else {
        return;
    };
    let shipped = include_bytes!("../model/zawgyi-bigram.bin");
    let trained = train_default_model(&data).unwrap().to_bytes();
    assert!(
        trained == shipped,
        "model/zawgyi-bigram.bin is stale: run cargo run -p padi-zawgyi --example train-zawgyi-model --release"
    );
}
