//! `filter_jsonl`: kept and removed files, broken lines, compressed input.

use std::io::Write;

use padi_filter::{filter_jsonl, QualityConfig, KEPT_FILE, REMOVED_FILE};
use serde_json::{json, Value};

const GOOD: &str = "The river that runs through the old town floods almost every spring, and the people who live near it have learned to move their furniture upstairs. The town council has argued for years about building a wall, but the cost of the project is still larger than the money they have. Some farmers say that the water brings fresh soil to their fields.";

fn input_lines() -> Vec<u8> {
    let mut lines = Vec::new();
    let records = [
        json!({"id": "a", "text": GOOD, "lang": "eng_Latn", "lang_confidence": 0.9, "extra": [1]}),
        json!({"id": "b", "text": "Home | About | Contact\n".repeat(10)}),
    ];
    for r in &records[..1] {
        lines.extend(serde_json::to_vec(r).expect("json"));
        lines.push(b'\n');
    }
    lines.extend(b"{not json\n");
    lines.extend(b"\n");
    lines.extend(b"{\"id\": \"c\"}\r\n");
    lines.extend(b"{\"id\": \"d\", \"text\": \"\xff\xfe\"}\n");
    lines.extend(b"[1, 2]\n");
    lines.extend(serde_json::to_vec(&records[1]).expect("json"));
    lines.extend(b"\n{\"id\": 7, \"text\": \"short\", \"lang\": null}");
    lines
}

fn read_lines(path: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .expect("output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("output line is JSON"))
        .collect()
}

fn check_output(dir: &std::path::Path, report: &padi_filter::FilterReport) {
    assert_eq!(report.documents, 3);
    assert_eq!(report.kept, 1);
    assert_eq!(report.removed, 2);
    assert_eq!(report.removed_by_reason["quality.terminal_punctuation"], 1);
    assert_eq!(report.removed_by_reason["quality.too_short_chars"], 1);
    assert_eq!(report.broken_lines, 4);
    let broken: Vec<u64> = report.broken.iter().map(|b| b.line).collect();
    assert_eq!(broken, [2, 4, 5, 6]);
    assert!(
        report.broken[1].error.contains("text"),
        "{:?}",
        report.broken[1]
    );

    let kept = read_lines(&dir.join(KEPT_FILE));
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0]["id"], "a");
    assert_eq!(kept[0]["extra"], json!([1]));
    let removed = read_lines(&dir.join(REMOVED_FILE));
    assert_eq!(removed[0]["id"], "b");
    assert_eq!(
        removed[0]["quality_drop"]["code"],
        "quality.terminal_punctuation"
    );
    assert_eq!(
        removed[0]["quality_drop"]["detail"],
        json!({"value": 0, "threshold": 0.12})
    );
    assert_eq!(removed[1]["id"], 7);
    assert_eq!(
        removed[1]["quality_drop"]["code"],
        "quality.too_short_chars"
    );
}

#[test]
fn plain_and_compressed_input_give_the_same_result() {
    let dir = tempfile::tempdir().expect("tempdir");
    let plain = dir.path().join("in.jsonl");
    std::fs::write(&plain, input_lines()).expect("write");
    let out = dir.path().join("out");
    let report = filter_jsonl(&plain, &out, &QualityConfig::default()).expect("filter");
    check_output(&out, &report);

    let zst = dir.path().join("in.jsonl.zst");
    let mut encoder =
        zstd::Encoder::new(std::fs::File::create(&zst).expect("create"), 3).expect("encoder");
    encoder.write_all(&input_lines()).expect("compress");
    encoder.finish().expect("finish");
    let out_zst = dir.path().join("out-zst");
    let report_zst = filter_jsonl(&zst, &out_zst, &QualityConfig::default()).expect("filter");
    check_output(&out_zst, &report_zst);
    for file in [KEPT_FILE, REMOVED_FILE] {
        assert_eq!(
            std::fs::read(out.join(file)).expect("plain"),
            std::fs::read(out_zst.join(file)).expect("zst")
        );
    }
}

#[test]
fn missing_input_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let err = filter_jsonl(
        &dir.path().join("nope.jsonl"),
        dir.path(),
        &QualityConfig::default(),
    )
    .expect_err("missing input");
    assert!(err.to_string().contains("nope.jsonl"), "{err}");
}
