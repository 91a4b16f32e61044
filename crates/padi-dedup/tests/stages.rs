//! Stage-level behaviour: line dedup on crafted boilerplate, and invariants of the stages
//! over arbitrary input and batch splits.

mod common;

use common::{doc, test_key};
use padi_core::{Batch, Document, Stage, StageOutput};
use padi_dedup::{
    ExactDedup, ExactDedupConfig, LineDedup, LineDedupConfig, LineUnit, NearDedup, NearDedupConfig,
};
use proptest::prelude::*;

fn run_in_batches(stage: &mut dyn Stage, docs: Vec<Document>, batch: usize) -> StageOutput {
    let mut all = StageOutput::default();
    let mut docs = docs.into_iter().peekable();
    while docs.peek().is_some() {
        let chunk: Batch = docs.by_ref().take(batch.max(1)).collect();
        let out = stage.process(chunk).expect("process");
        all.kept.extend(out.kept);
        all.dropped.extend(out.dropped);
        for (k, v) in out.counters {
            *all.counters.entry(k).or_insert(0) += v;
        }
    }
    all
}

#[test]
fn repeated_boilerplate_lines_are_removed_after_min_docs() {
    let page = |i: usize| {
        format!(
            "Home | News | Contact\nArticle number {i} talks about rice farming in Savannakhet.\n\
             ยอมรับคุกกี้ทั้งหมด\n\nSecond paragraph {i}.\n"
        )
    };
    let mut docs: Vec<Document> = (0..6)
        .map(|i| doc(i.to_string(), page(i), i as u64))
        .collect();
    docs.push(doc(
        "only-boilerplate",
        "HOME | news | Contact\n\nยอมรับคุกกี้ทั้งหมด",
        6,
    ));
    let config = LineDedupConfig {
        min_docs: 2,
        ..LineDedupConfig::default()
    };
    let mut stage = LineDedup::new(&config, test_key());
    let out = run_in_batches(&mut stage, docs, 3);
    assert_eq!(out.kept.len(), 6);
    assert_eq!(out.kept[0].text, page(0));
    assert_eq!(out.kept[1].text, page(1));
    assert_eq!(
        out.kept[2].text,
        "Article number 2 talks about rice farming in Savannakhet.\n\nSecond paragraph 2.\n"
    );
    // 4 pages x 2 lines, and the 2 lines of the last document.
    assert_eq!(out.counters["line_dedup_lines_removed"], 10);
    assert_eq!(out.counters["line_dedup_docs_changed"], 5);
    assert_eq!(out.dropped.len(), 1);
    assert_eq!(out.dropped[0].reason.code, "boilerplate_only");
}

#[test]
fn repeated_paragraphs_are_removed_in_paragraph_mode() {
    let footer = "Copyright 2024 Example News.\nAll rights reserved.";
    let docs: Vec<Document> = (0..4)
        .map(|i| doc(i.to_string(), format!("Story {i}.\n\n{footer}"), i as u64))
        .collect();
    let config = LineDedupConfig {
        min_docs: 1,
        unit: LineUnit::Paragraph,
        ..LineDedupConfig::default()
    };
    let mut stage = LineDedup::new(&config, test_key());
    let out = run_in_batches(&mut stage, docs, 2);
    assert_eq!(out.kept[0].text, format!("Story 0.\n\n{footer}"));
    assert_eq!(out.kept[3].text, "Story 3.\n\n");
    assert_eq!(out.counters["line_dedup_lines_removed"], 3);
}

#[test]
fn line_table_is_bounded() {
    let config = LineDedupConfig {
        min_docs: 1,
        max_tracked_lines: 2,
        ..LineDedupConfig::default()
    };
    let mut stage = LineDedup::new(&config, test_key());
    let docs = vec![
        doc("a", "one\ntwo\nthree", 0),
        doc("b", "one\ntwo\nthree\nfour", 1),
    ];
    let out = run_in_batches(&mut stage, docs, 10);
    // "three" arrived when the table was full: never counted, never removed.
    assert_eq!(out.kept[1].text, "three\nfour");
}

#[test]
fn invalid_near_config_is_rejected() {
    let config = NearDedupConfig {
        bands: 10,
        ..NearDedupConfig::default()
    };
    assert!(NearDedup::new(&config, test_key()).is_err());
}

fn arbitrary_docs() -> impl Strategy<Value = Vec<Document>> {
    let text = prop_oneof![
        "[a-c ]{0,30}",
        "(ka|lo|mi|tu) (ka|lo|mi|tu) (ka|lo|mi|tu) (ka|lo|mi|tu) (ka|lo|mi|tu) (ka|lo)",
        "[ก-ฮ่้ิี]{0,20}",
    ];
    proptest::collection::vec(text, 0..40).prop_map(|texts| {
        texts
            .into_iter()
            .enumerate()
            .map(|(i, t)| doc(i.to_string(), t, i as u64))
            .collect()
    })
}

fn ids(docs: &[Document]) -> Vec<String> {
    docs.iter().map(|d| d.id.clone()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn stages_partition_their_input_in_order_whatever_the_batches(
        docs in arbitrary_docs(),
        batch in 1usize..9,
    ) {
        let key = test_key();
        let stages: Vec<Box<dyn Fn() -> Box<dyn Stage>>> = vec![
            Box::new(|| Box::new(ExactDedup::new(&ExactDedupConfig::default(), test_key()))),
            Box::new(|| Box::new(LineDedup::new(&LineDedupConfig { min_docs: 2, ..LineDedupConfig::default() }, test_key()))),
            Box::new(|| Box::new(NearDedup::new(&NearDedupConfig::default(), test_key()).expect("near"))),
        ];
        for make in &stages {
            let whole = run_in_batches(make().as_mut(), docs.clone(), docs.len());
            let split = run_in_batches(make().as_mut(), docs.clone(), batch);
            prop_assert_eq!(ids(&whole.kept), ids(&split.kept));
            prop_assert_eq!(&whole.kept, &split.kept);
            prop_assert_eq!(ids(&whole.dropped.iter().map(|d| d.document.clone()).collect::<Vec<_>>()),
                ids(&split.dropped.iter().map(|d| d.document.clone()).collect::<Vec<_>>()));
            prop_assert_eq!(whole.kept.len() + whole.dropped.len(), docs.len());
            let kept: Vec<u64> = whole.kept.iter().map(|d| d.source.record).collect();
            prop_assert!(kept.windows(2).all(|w| w[0] < w[1]));
            // A duplicate always points at a document that came earlier and was kept.
            for dropped in &whole.dropped {
                if let Some(original) = dropped.reason.detail.as_ref().and_then(|d| d["duplicate_of"].as_str()) {
                    let original: u64 = original.parse().expect("id");
                    prop_assert!(original < dropped.document.source.record);
                    prop_assert!(kept.contains(&original));
                }
            }
        }
        // Exact duplicates under the match key are always removed.
        let mut exact = ExactDedup::new(&ExactDedupConfig::default(), key.clone());
        let out = run_in_batches(&mut exact, docs.clone(), batch);
        let keys: std::collections::HashSet<String> = out.kept.iter().map(|d| key(&d.text)).collect();
        prop_assert_eq!(keys.len(), out.kept.len());
    }
}
