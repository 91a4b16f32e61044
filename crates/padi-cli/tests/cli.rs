//! The `padi` binary end to end: the README's main job, exit codes, schemas.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn padi(args: &[&str]) -> Output {
    // A fixed creation time makes a repeated release of the samples identical to the last
    // one, so test runs do not pile up dataset versions under out/.
    Command::new(env!("CARGO_BIN_EXE_padi"))
        .args(args)
        .current_dir(workspace())
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .expect("run padi")
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Output files that must not depend on the thread count (all but the timing report).
fn data_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("output dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.file_name().is_some_and(|n| n != "run-report.json"))
        .map(|p| (p.display().to_string(), std::fs::read(&p).expect("read")))
        .map(|(p, b)| (p.rsplit('/').next().unwrap_or_default().to_string(), b))
        .collect();
    files.sort();
    files
}

#[test]
fn samples_pipeline_runs_accounts_for_every_record_and_ignores_thread_count() {
    let tmp = tempfile::tempdir().expect("tmp");
    let one = tmp.path().join("one");
    let two = tmp.path().join("two");
    for (dir, threads) in [(&one, "1"), (&two, "2")] {
        let out = padi(&[
            "run",
            "pipelines/samples.toml",
            "--threads",
            threads,
            "--output",
            dir.to_str().expect("utf8 path"),
        ]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert!(stdout.contains(" read = "), "{stdout}");
        assert!(!stdout.contains("DOES NOT BALANCE"), "{stdout}");
    }
    assert_eq!(data_files(&one), data_files(&two));
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(one.join("run-report.json")).expect("report"))
            .expect("json");
    let t = &report["totals"];
    let n = |k: &str| t[k].as_u64().expect("count");
    assert_eq!(
        n("read") + n("split"),
        n("written") + n("dropped") + n("quarantined")
    );
    // Every record in samples/ is one of: the JSONL lines (11 + 6), the text paragraphs
    // (4 + 2 + 2 + 2), the CSV rows (4) and the legacy paragraphs (2 + 1).
    assert_eq!(n("read"), 34);
    assert!(n("written") > 15, "{t}");
    assert_eq!(
        n("quarantined"),
        2,
        "the broken JSON line and the record without text"
    );
    for contribution in [
        "samples-web",
        "samples-text",
        "samples-forum",
        "samples-legacy",
    ] {
        assert!(report["contributions"][contribution]["read"].as_u64() > Some(0));
    }
}

#[test]
fn bad_pipelines_exit_2_with_the_file_and_key_named() {
    let tmp = tempfile::tempdir().expect("tmp");
    let p = tmp.path().join("bad.toml");
    std::fs::write(&p, "[[input]]\npath = \"x\"\n[output]\npath = \"o\"\n[[stage]]\ntype = \"normalize\"\nnfkc = true\n").expect("write");
    let out = padi(&["run", p.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("bad.toml") && err.contains("unknown field `nfkc`"),
        "{err}"
    );

    std::fs::write(
        &p,
        "[[input]]\npath = \"missing-dir\"\n[output]\npath = \"o\"\n",
    )
    .expect("write");
    let out = padi(&["run", p.to_str().expect("utf8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("missing-dir"),
        "{}",
        text(&out.stderr)
    );

    let out = padi(&["run", "no-such-pipeline.toml"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn version_and_help() {
    let out = padi(&["--version"]);
    assert!(out.status.success());
    assert!(text(&out.stdout).starts_with("padi "));
    let out = padi(&["run", "--help"]);
    assert!(text(&out.stdout).contains("--threads"));
    assert!(text(&padi(&["--help"]).stdout).contains("EXIT CODES"));
}

#[test]
fn committed_schemas_match_the_code() {
    for kind in ["pipeline", "document"] {
        let out = padi(&["schema", kind]);
        assert!(out.status.success());
        let committed =
            std::fs::read_to_string(workspace().join(format!("schemas/{kind}.schema.json")))
                .expect("committed schema");
        assert_eq!(
            text(&out.stdout),
            committed,
            "schemas/{kind}.schema.json is stale: run `cargo run -p padi-cli -- schema {kind} > schemas/{kind}.schema.json`"
        );
    }
}

#[test]
fn every_pipeline_file_validates_against_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(workspace().join("schemas/pipeline.schema.json")).expect("schema"),
    )
    .expect("json");
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let mut seen = 0;
    for entry in std::fs::read_dir(workspace().join("pipelines")).expect("pipelines") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let value: toml::Value =
            toml::from_str(&std::fs::read_to_string(&path).expect("read")).expect("toml");
        let json = serde_json::to_value(value).expect("json");
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        seen += 1;
    }
    assert!(seen > 0);
    // And the schema rejects what the loader rejects.
    let bad = serde_json::json!({"input": [{"path": "x"}], "output": {"path": "o"}, "stage": [{"type": "length", "min_char": 1}]});
    assert!(!validator.is_valid(&bad));
}

#[test]
fn line_tools_keep_one_line_per_line() {
    use std::io::Write;
    let run = |cmd: &str, input: &str| -> String {
        let mut child = Command::new(env!("CARGO_BIN_EXE_padi"))
            .arg(cmd)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write");
        let out = child.wait_with_output().expect("wait");
        assert!(out.status.success());
        text(&out.stdout)
    };
    let normalized = run("normalize", "ทดสอบ\u{200B}ภาษา\r\n\nสระ\u{0E4D}\u{0E32}\n");
    assert_eq!(normalized, "ทดสอบ\u{200B}ภาษา\n\nสระ\u{0E33}\n");
    let redacted = run("redact", "mail budi@example.id now\nno pii here\n");
    assert_eq!(redacted, "mail <EMAIL> now\nno pii here\n");
}
