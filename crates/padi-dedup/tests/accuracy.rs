//! Near-duplicate accuracy on real text in 9 languages, and texts that differ only in marks.

mod common;

use std::collections::HashMap;

use common::{doc, real_documents, test_key, Rng};
use padi_core::Stage;
use padi_dedup::shingle::{jaccard, resolve_mode, shingles, ShingleMode, ShingleParams};
use padi_dedup::{ExactDedup, ExactDedupConfig, NearDedup, NearDedupConfig, UnionFind};

const LABELS: [&str; 9] = [
    "tha_Thai", "khm_Khmr", "mya_Mymr", "lao_Laoo", "vie_Latn", "ind_Latn", "eng_Latn", "ceb_Latn",
    "zsm_Latn",
];

/// A copy of `text` with `rate * tokens` random edits (delete, insert, substitute), where
/// tokens are words in spaced text and code points in unspaced text.
fn edited(text: &str, rate: f64, rng: &mut Rng) -> String {
    let unspaced = resolve_mode(text, ShingleMode::Auto) == ShingleMode::Char;
    let mut tokens: Vec<String> = if unspaced {
        text.chars().map(String::from).collect()
    } else {
        text.split_whitespace().map(String::from).collect()
    };
    let edits = (rate * tokens.len() as f64).round() as usize;
    for _ in 0..edits {
        let at = rng.below(tokens.len());
        let donor = tokens[rng.below(tokens.len())].clone();
        match rng.below(3) {
            0 if tokens.len() > 1 => {
                tokens.remove(at);
            }
            1 => tokens.insert(at, donor),
            _ => tokens[at] = donor,
        }
    }
    tokens.join(if unspaced { "" } else { " " })
}

#[test]
fn near_duplicates_in_nine_languages_are_found_precisely() {
    let Some(data) = padi_core::shared_data::shared_data_dir_or_skip("near-dup accuracy") else {
        return;
    };
    let key = test_key();
    let params = ShingleParams::default();
    let mut rng = Rng(20261120);
    // (id, text, group): copies of one base document share a group.
    let mut corpus: Vec<(String, String, usize)> = Vec::new();
    let rates = [0.0, 0.005, 0.01, 0.02, 0.03, 0.05, 0.08, 0.12, 0.2];
    for label in LABELS {
        for (i, base) in real_documents(&data, label, 3).into_iter().enumerate() {
            let group = corpus.len();
            for copy in 0..3 {
                let rate = rates[rng.below(rates.len())];
                let text = edited(&base, rate, &mut rng);
                corpus.push((format!("{label}-{i}-{copy}"), text, group));
            }
            corpus.push((format!("{label}-{i}-base"), base, group));
        }
    }
    // Interleave copies and originals deterministically.
    for i in (1..corpus.len()).rev() {
        let j = rng.below(i + 1);
        corpus.swap(i, j);
    }
    let sets: Vec<Vec<u64>> = corpus
        .iter()
        .map(|(_, t, _)| shingles(&key(t), &params))
        .collect();
    let position: HashMap<&str, usize> = corpus
        .iter()
        .enumerate()
        .map(|(i, (id, _, _))| (id.as_str(), i))
        .collect();

    let mut stage = NearDedup::new(&NearDedupConfig::default(), key.clone()).expect("stage");
    let batch = corpus
        .iter()
        .enumerate()
        .map(|(i, (id, t, _))| doc(id.clone(), t.clone(), i as u64))
        .collect();
    let out = stage.process(batch).expect("process");

    let mut clusters = UnionFind::new(corpus.len() as u32);
    let (mut removal_pairs, mut removal_correct) = (0usize, 0usize);
    for dropped in &out.dropped {
        let detail = dropped.reason.detail.as_ref().expect("detail");
        let original = position[detail["duplicate_of"].as_str().expect("id")];
        let removed = position[dropped.document.id.as_str()];
        clusters.union(removed as u32, original as u32);
        removal_pairs += 1;
        removal_correct += usize::from(jaccard(&sets[removed], &sets[original]) >= 0.8);
    }
    // True pairs: within a group (distinct FLORES sentences do not overlap across groups;
    // every predicted pair is checked with its true Jaccard above, wherever it comes from).
    let (mut true_pairs, mut recalled, mut cluster_pairs, mut cluster_correct) = (0, 0, 0, 0);
    let mut per_label: HashMap<&str, (usize, usize)> = HashMap::new();
    for a in 0..corpus.len() {
        for b in a + 1..corpus.len() {
            let same_cluster = clusters.find(a as u32) == clusters.find(b as u32);
            if corpus[a].2 != corpus[b].2 && !same_cluster {
                continue;
            }
            let j = jaccard(&sets[a], &sets[b]);
            if same_cluster {
                cluster_pairs += 1;
                cluster_correct += usize::from(j >= 0.8);
            }
            if j >= 0.8 {
                true_pairs += 1;
                recalled += usize::from(same_cluster);
                let label = &corpus[a].0[..8];
                let entry = per_label.entry(label).or_default();
                entry.0 += 1;
                entry.1 += usize::from(same_cluster);
            }
        }
    }
    let precision = removal_correct as f64 / removal_pairs.max(1) as f64;
    let cluster_precision = cluster_correct as f64 / cluster_pairs.max(1) as f64;
    let recall = recalled as f64 / true_pairs.max(1) as f64;
    eprintln!(
        "{} docs, {} removed; removal-pair precision {precision:.3} ({removal_pairs}), \
         cluster-pair precision {cluster_precision:.3} ({cluster_pairs}), recall {recall:.3} ({true_pairs})",
        corpus.len(),
        out.dropped.len()
    );
    let mut labels: Vec<_> = per_label.into_iter().collect();
    labels.sort();
    eprintln!("recall per label (pairs, found): {labels:?}");
    assert!(
        true_pairs > 200,
        "corpus has too few true pairs: {true_pairs}"
    );
    assert!(precision >= 0.95, "precision {precision}");
    assert!(
        cluster_precision >= 0.90,
        "cluster precision {cluster_precision}"
    );
    assert!(recall >= 0.90, "recall {recall}");
    for (label, (pairs, found)) in labels {
        assert!(
            found as f64 >= 0.85 * pairs as f64,
            "{label}: {found}/{pairs}"
        );
    }
}

/// Swaps pairs of marks everywhere in `text` (after NFD for Vietnamese, whose tones are
/// precomposed).
fn swap_marks(text: &str, pairs: &[(char, char)]) -> String {
    use unicode_normalization::UnicodeNormalization;
    let swapped: String = text
        .nfd()
        .map(|c| {
            pairs
                .iter()
                .find_map(|&(a, b)| (c == a).then_some(b).or((c == b).then_some(a)))
                .unwrap_or(c)
        })
        .collect();
    swapped.nfc().collect()
}

/// Documents that differ from each other only in vowel or tone marks are distinct texts:
/// neither exact nor near dedup may merge them.
#[test]
fn texts_differing_only_in_vowel_or_tone_marks_are_kept() {
    let Some(data) = padi_core::shared_data::shared_data_dir_or_skip("mark-only variants") else {
        return;
    };
    let variants: [(&str, &[(char, char)]); 5] = [
        (
            "tha_Thai",
            &[('\u{0E48}', '\u{0E49}'), ('\u{0E34}', '\u{0E35}')],
        ),
        (
            "lao_Laoo",
            &[('\u{0EC8}', '\u{0EC9}'), ('\u{0EB4}', '\u{0EB5}')],
        ),
        (
            "khm_Khmr",
            &[('\u{17B7}', '\u{17B8}'), ('\u{17BB}', '\u{17BC}')],
        ),
        (
            "mya_Mymr",
            &[('\u{1037}', '\u{1038}'), ('\u{102F}', '\u{1030}')],
        ),
        (
            "vie_Latn",
            &[('\u{0300}', '\u{0301}'), ('\u{0303}', '\u{0309}')],
        ),
    ];
    let key = test_key();
    let mut checked = 0;
    for (label, pairs) in variants {
        let mut batch = Vec::new();
        for (i, text) in real_documents(&data, label, 1)
            .into_iter()
            .take(40)
            .enumerate()
        {
            let variant = swap_marks(&text, pairs);
            if variant == text {
                continue;
            }
            batch.push(doc(format!("{label}-{i}"), text, 2 * i as u64));
            batch.push(doc(format!("{label}-{i}-marks"), variant, 2 * i as u64 + 1));
        }
        assert!(batch.len() >= 40, "{label}: too few texts with these marks");
        checked += batch.len() / 2;
        let mut exact = ExactDedup::new(&ExactDedupConfig::default(), key.clone());
        let mut near = NearDedup::new(&NearDedupConfig::default(), key.clone()).expect("stage");
        let after_exact = exact.process(batch).expect("exact");
        assert!(
            after_exact.dropped.is_empty(),
            "{label}: exact merged mark variants"
        );
        let after_near = near.process(after_exact.kept).expect("near");
        let merged: Vec<_> = after_near.dropped.iter().map(|d| &d.document.id).collect();
        assert!(merged.is_empty(), "{label}: near dedup merged {merged:?}");
    }
    assert!(checked >= 100);
}

#[test]
fn single_words_that_differ_in_one_tone_mark_are_different_documents() {
    let key = test_key();
    // Thai "news" / "rice", Lao "new" / "horse"-like pairs, Vietnamese "ma" / "má" / "mà".
    let texts = [
        "ข่าว",
        "ข้าว",
        "ໃໝ່",
        "ໃໝ້",
        "ma",
        "má",
        "mà",
        "ពិត",
        "ពីត",
        "ပဲ",
        "ပဲ့",
    ];
    let batch = texts
        .iter()
        .enumerate()
        .map(|(i, t)| doc(i.to_string(), *t, i as u64))
        .collect();
    let mut exact = ExactDedup::new(&ExactDedupConfig::default(), key.clone());
    let mut near = NearDedup::new(&NearDedupConfig::default(), key).expect("stage");
    let out = near
        .process(exact.process(batch).expect("exact").kept)
        .expect("near");
    assert_eq!(out.kept.len(), texts.len());
}

#[test]
fn a_one_mark_difference_in_a_long_text_is_kept_apart_unless_configured() {
    let base = "ข่าวดีวันนี้ทุกคนในหมู่บ้านมาช่วยกันเก็บเกี่ยวที่นาริมแม่น้ำจนถึงเย็น";
    let variant = base.replacen('\u{0E48}', "\u{0E49}", 1);
    let run = |config: NearDedupConfig| {
        let batch = vec![doc("a", base, 0), doc("b", variant.clone(), 1)];
        let mut near = NearDedup::new(&config, test_key()).expect("stage");
        near.process(batch).expect("near").dropped.len()
    };
    assert_eq!(run(NearDedupConfig::default()), 0);
    let merging = NearDedupConfig {
        mark_variants_distinct: false,
        ..NearDedupConfig::default()
    };
    assert_eq!(run(merging), 1);
}
