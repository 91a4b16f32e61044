//! k-fold cross-validation on the training split, so that choices can be checked without
//! touching dev: `cargo run --release -p padi-lid --example crossval -- <train dir> [k [label]]`.
//! With a label, its misidentified held-out lines are printed to stderr.
//!
//! Line `i` of every label goes to fold `i % k`. FLORES files are parallel translations in
//! the same order, so a sentence and its translations are always held out together.

use std::path::Path;

use padi_lid::{read_labelled_dir, train_on, LanguageIdentifier, TrainOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(train_dir) = args.first() else {
        return Err("usage: crossval <train dir> [k [label]]".into());
    };
    let k: usize = args.get(1).map(|s| s.parse()).transpose()?.unwrap_or(5);
    let show = args.get(2);
    let data = read_labelled_dir(Path::new(train_dir), None)?;
    let mut held_out: Vec<(String, String)> = Vec::new();
    for fold in 0..k {
        let split = |keep: bool| -> Vec<(String, Vec<String>)> {
            data.iter()
                .map(|(label, lines)| {
                    let lines = lines
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| (i % k == fold) != keep)
                        .map(|(_, l)| l.clone())
                        .collect();
                    (label.clone(), lines)
                })
                .collect()
        };
        let model = train_on(&split(true), &TrainOptions::default()).ok_or("no training text")?;
        let lid = LanguageIdentifier::from_model(model);
        for (label, lines) in split(false) {
            for line in lines {
                let predicted = lid.identify(&line).label;
                if show == Some(&label) && predicted != label {
                    eprintln!("{label} -> {predicted}\t{line}");
                }
                held_out.push((label.clone(), predicted));
            }
        }
        eprintln!("fold {}/{k} done", fold + 1);
    }
    let report = padi_lid::EvalReport::from_pairs(
        held_out
            .iter()
            .map(|(gold, predicted)| (gold.as_str(), predicted.as_str())),
    );
    print!("{report}");
    Ok(())
}
