//! Crafted documents: junk is dropped with the right reason, good text is kept, thresholds
//! resolve per label.

use std::collections::BTreeMap;

use padi_core::{Document, DocumentFilter, FilterStage, Source, Stage, Verdict};
use padi_filter::{
    shipped_label_overrides, QualityConfig, QualityFilter, Rule, Thresholds, COVERED_LABELS,
};
use proptest::prelude::*;
use serde_json::json;

fn doc(text: &str, lang: Option<&str>) -> Document {
    let source = Source {
        contribution: "test".into(),
        file: "crafted".into(),
        record: 0,
        line: None,
        byte_offset: None,
    };
    let mut doc = Document::new("d", text, source);
    doc.lang = lang.map(str::to_string);
    doc.lang_confidence = lang.map(|_| 0.95);
    doc
}

/// A plain English paragraph written for these tests: 4 lines, ~90 words, no repetition.
const GOOD_ENGLISH: &str = "The river that runs through the old town floods almost every spring, and the people who live near it have learned to move their furniture upstairs.\n\
The town council has argued for years about building a wall, but the cost of the project is still larger than the money they have.\n\
Some farmers say that the water brings fresh soil to their fields and that a wall would change the way the valley has worked for centuries.\n\
For now the families wait for the rain to stop, clean their houses when the water goes down, and hope that next year will be drier.";

fn rule_of(filter: &QualityFilter, d: &Document) -> Option<Rule> {
    filter.check(d).err().map(|f| f.rule)
}

#[test]
fn good_text_is_kept_with_and_without_label() {
    let filter = QualityFilter::new(&QualityConfig::default());
    assert_eq!(filter.check(&doc(GOOD_ENGLISH, None)), Ok(()));
    assert_eq!(filter.check(&doc(GOOD_ENGLISH, Some("eng_Latn"))), Ok(()));
}

#[test]
fn junk_is_dropped_with_the_right_reason() {
    let filter = QualityFilter::new(&QualityConfig::default());
    let menu = "Home | About | Contact\n".repeat(12);
    assert_eq!(
        rule_of(&filter, &doc(&menu, None)),
        Some(Rule::TerminalPunctuation)
    );
    // Thai has no terminal-punctuation rule; the repetition still catches the menu.
    assert_eq!(
        rule_of(&filter, &doc(&menu, Some("tha_Thai"))),
        Some(Rule::DuplicateLines)
    );

    let cookies =
        "We use cookies to improve your experience on our site. Accept all cookies?\n\n".repeat(6);
    let with_article = format!("{GOOD_ENGLISH}\n\n{cookies}");
    assert_eq!(
        rule_of(&filter, &doc(&with_article, None)),
        Some(Rule::DuplicateLines)
    );

    let soup = "$$$ ### !!! %%% &&& *** @@@ ^^^ ~~~ +++ ===.\n".repeat(3);
    assert_eq!(rule_of(&filter, &doc(&soup, None)), Some(Rule::SymbolRatio));

    let repeated = format!(
        "{GOOD_ENGLISH}\n{}",
        "Click here to win a free phone today!\n".repeat(20)
    );
    assert_eq!(
        rule_of(&filter, &doc(&repeated, None)),
        Some(Rule::DuplicateLines)
    );

    let digits: String = (0..60).map(|i| format!("{} ", 104_729u64 * i)).collect();
    assert_eq!(
        rule_of(&filter, &doc(&format!("Lorem ipsum {digits}."), None)),
        Some(Rule::DigitRatio)
    );

    let spam = format!("{}.", "buy cheap phones online ".repeat(30));
    assert_eq!(rule_of(&filter, &doc(&spam, None)), Some(Rule::TopNgram));

    let broken = GOOD_ENGLISH.replace('e', "\u{FFFD}");
    assert_eq!(
        rule_of(&filter, &doc(&broken, None)),
        Some(Rule::ReplacementChars)
    );

    assert_eq!(
        rule_of(&filter, &doc("Too short.", None)),
        Some(Rule::TooShortChars)
    );
    let few_words = "Supercalifragilistic expialidocious antidisestablishmentarianism.";
    assert_eq!(
        rule_of(&filter, &doc(few_words, None)),
        Some(Rule::TooShortWords)
    );

    let mut unsure = doc(GOOD_ENGLISH, Some("eng_Latn"));
    unsure.lang_confidence = Some(0.1);
    assert_eq!(rule_of(&filter, &unsure), Some(Rule::LowLidConfidence));
}

#[test]
fn drops_name_rule_value_and_threshold() {
    let filter = QualityFilter::new(&QualityConfig::default());
    let text = "one two three four five six seven eight nine ten eleven twelve.";
    let mut counters = BTreeMap::new();
    let Verdict::Drop(dropped) = filter.apply(doc(text, None), &mut counters) else {
        panic!("kept a 12-word document");
    };
    assert_eq!(dropped.reason.code, "quality.too_short_words");
    assert_eq!(
        dropped.reason.detail,
        Some(json!({"value": 12, "threshold": 50}))
    );
    assert_eq!(counters["quality.checked"], 1);
    assert_eq!(counters["quality.too_short_words"], 1);

    let spam = format!("{}.", "buy cheap phones online ".repeat(30));
    let failure = filter.check(&doc(&spam, None)).expect_err("spam");
    let detail = failure.detail();
    assert_eq!(detail["n"], 2);
    assert_eq!(detail["threshold"], 0.2);
    assert!(detail["value"].as_f64().expect("number") > 0.2);
}

#[test]
fn burmese_little_section_is_not_a_sentence_end() {
    let filter = QualityFilter::new(&QualityConfig::default());
    // Made-up Burmese-script lines; only the final mark differs between the two documents.
    let line = "မြန်မာနိုင်ငံ မြို့တော် နေပြည်တော် ရန်ကုန် မန္တလေး ပုဂံ";
    let commas: String = (0..8).map(|i| format!("{line} {i}၊\n")).collect();
    let failure = filter
        .check(&doc(&commas, Some("mya_Mymr")))
        .expect_err("commas");
    assert_eq!(failure.rule, Rule::TerminalPunctuation);
    assert_eq!(failure.value, 0.0);
    let stops: String = (0..8).map(|i| format!("{line} {i}။\n")).collect();
    assert_ne!(
        rule_of(&filter, &doc(&stops, Some("mya_Mymr"))),
        Some(Rule::TerminalPunctuation)
    );
}

#[test]
fn every_covered_label_has_shipped_defaults() {
    for label in COVERED_LABELS {
        assert!(shipped_label_overrides(label).is_some(), "{label}");
    }
    assert!(shipped_label_overrides("xyz_Latn").is_none());
    let config = QualityConfig::default();
    assert_eq!(
        config.resolve(Some("tha_Thai")).min_terminal_line_fraction,
        0.0
    );
    assert!(config.resolve(Some("mya_Mymr")).min_terminal_line_fraction > 0.0);
    if let Some(dir) = padi_core::shared_data::shared_data_dir_or_skip("covered labels") {
        let mut labels: Vec<String> = std::fs::read_dir(dir.join("lid/train"))
            .expect("train dir")
            .map(|e| e.expect("entry").path())
            .filter_map(|p| Some(p.file_stem()?.to_str()?.to_string()))
            .collect();
        labels.sort();
        assert_eq!(labels, COVERED_LABELS);
    }
}

#[test]
fn config_layers_resolve_in_order() {
    let config: QualityConfig = toml::from_str(
        "min_words = 30\nmin_chars = 10\n\
         [labels.tha_Thai]\nmin_words = 20\n\
         [labels.xyz_Latn]\nmax_symbol_ratio = 0.5\n",
    )
    .expect("config");
    let filter = QualityFilter::new(&config);
    // User label override beats user global beats shipped label beats shipped global.
    assert_eq!(filter.thresholds(Some("tha_Thai")).min_words, 20);
    assert_eq!(filter.thresholds(Some("lao_Laoo")).min_words, 30);
    assert_eq!(filter.thresholds(Some("lao_Laoo")).min_chars, 10);
    // Unknown labels and unlabelled documents fall back to the global values.
    let global = filter.thresholds(None).clone();
    assert_eq!(filter.thresholds(Some("qqq_Zzzz")), &global);
    assert_eq!(global.min_words, 30);
    assert_eq!(global.max_symbol_ratio, Thresholds::GLOBAL.max_symbol_ratio);
    assert_eq!(filter.thresholds(Some("xyz_Latn")).max_symbol_ratio, 0.5);

    assert!(toml::from_str::<QualityConfig>("min_word = 3").is_err());
    assert!(toml::from_str::<QualityConfig>("[labels.tha_Thai]\nbogus = 1").is_err());
    assert!(toml::from_str::<QualityConfig>("max_top_ngram_char_fraction = [0.1]").is_err());
    let schema = serde_json::to_value(schemars::schema_for!(QualityConfig)).expect("schema");
    assert!(schema["properties"]["labels"].is_object());
    assert!(schema["properties"]["min_words"].is_object());
}

/// The shape a pipeline file has: `[[stage]]` tables tagged by `type`.
#[test]
fn pipeline_stage_table_parses() {
    #[derive(serde::Deserialize)]
    #[serde(tag = "type", rename_all = "snake_case")]
    enum StageConfig {
        Quality(QualityConfig),
    }
    #[derive(serde::Deserialize)]
    struct Pipeline {
        stage: Vec<StageConfig>,
    }
    let pipeline: Pipeline = toml::from_str(
        "[[stage]]\ntype = \"quality\"\nmin_words = 30\n[stage.labels.tha_Thai]\nmin_words = 20\n",
    )
    .expect("pipeline");
    let StageConfig::Quality(config) = &pipeline.stage[0];
    assert_eq!(config.min_words, Some(30));
    assert_eq!(config.labels["tha_Thai"].min_words, Some(20));
    let typo = "[[stage]]\ntype = \"quality\"\nmin_wrds = 30\n";
    assert!(toml::from_str::<Pipeline>(typo).is_err());
}

#[test]
fn neutral_values_switch_rules_off() {
    let config: QualityConfig = toml::from_str(
        "min_chars = 0\nmin_words = 0\nmin_terminal_line_fraction = 0.0\n\
         max_duplicate_line_fraction = 1.0\nmax_duplicate_line_char_fraction = 1.0\n\
         max_duplicate_paragraph_fraction = 1.0\nmax_duplicate_paragraph_char_fraction = 1.0\n\
         max_top_ngram_char_fraction = [1.0, 1.0, 1.0]\n\
         max_duplicate_ngram_char_fraction = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0]\n",
    )
    .expect("config");
    let filter = QualityFilter::new(&config);
    let menu = "Home | About | Contact\n".repeat(12);
    assert_eq!(filter.check(&doc(&menu, None)), Ok(()));
}

#[test]
fn filter_stage_counts_and_keeps_order() {
    let docs = vec![
        doc(GOOD_ENGLISH, None),
        doc("x", None),
        doc(&"Home | About\n".repeat(9), None),
        doc(GOOD_ENGLISH, Some("eng_Latn")),
    ];
    let out = FilterStage(QualityFilter::new(&QualityConfig::default()))
        .process(docs)
        .expect("process");
    assert_eq!(out.kept.len(), 2);
    assert_eq!(out.dropped.len(), 2);
    assert_eq!(out.counters["quality.checked"], 4);
    assert_eq!(out.counters["quality.too_short_chars"], 1);
}

proptest! {
    #[test]
    fn any_text_gets_a_deterministic_verdict(text in "\\PC{0,300}", newlines in 0usize..5) {
        let filter = QualityFilter::new(&QualityConfig::default());
        let text = format!("{text}{}", "\n".repeat(newlines));
        for lang in [None, Some("tha_Thai"), Some("mya_Mymr"), Some("eng_Latn")] {
            let d = doc(&text, lang);
            let first = filter.check(&d);
            prop_assert_eq!(&first, &filter.check(&d));
            if let Err(f) = first {
                prop_assert!(f.value.is_finite());
                prop_assert!(f.detail()["value"].is_number());
            }
        }
    }
}
