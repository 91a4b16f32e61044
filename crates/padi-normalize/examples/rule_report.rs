//! Prints, for every language label in `shared/data/lid/` (train and dev), how many lines each
//! normalization rule touched. A rule that fires on much clean FLORES text is a bug.
//!
//! `cargo run --release -p padi-normalize --example rule_report`

use std::collections::BTreeMap;

use padi_normalize::Normalizer;

fn main() -> std::io::Result<()> {
    let Some(dir) = padi_core::shared_data::shared_data_dir() else {
        eprintln!("../shared/data not found (set PADI_SHARED_DATA)");
        return Ok(());
    };
    let normalizer = Normalizer::default();
    // label -> (lines, rule -> lines touched)
    let mut table: BTreeMap<String, (u64, BTreeMap<&'static str, u64>)> = BTreeMap::new();
    for split in ["train", "dev"] {
        let Ok(entries) = std::fs::read_dir(dir.join("lid").join(split)) else {
            continue;
        };
        for entry in entries {
            let path = entry?.path();
            let Some(label) = path
                .file_stem()
                .and_then(|s| s.to_str())
                .map(str::to_string)
            else {
                continue;
            };
            let text = std::fs::read_to_string(&path)?;
            let row = table.entry(label).or_default();
            for line in text.lines() {
                row.0 += 1;
                let changes = normalizer.normalize(line).changes;
                for (rule, count) in changes.iter() {
                    if count > 0 {
                        *row.1.entry(rule).or_insert(0) += 1;
                    }
                }
            }
        }
    }
    println!("| label | lines | rules (lines touched) |");
    println!("|---|---:|---|");
    for (label, (lines, rules)) in &table {
        let fired: Vec<String> = rules.iter().map(|(r, n)| format!("{r} {n}")).collect();
        println!("| {label} | {lines} | {} |", fired.join(", "));
    }
    Ok(())
}
