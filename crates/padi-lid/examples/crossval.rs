//! k-fold cross-validation on the training split, so that choices can be checked without
//! touching dev: `cargo run --release -p padi-lid --example crossval -- <train dir> [k|tail
//! [label]]`. With a label, its misidentified held-out lines are printed to stderr.
//!
//! Line `i` of every label goes to fold `i % k`. FLORES files are parallel translations in
//! the same order, so a sentence and its translations are always held out together. `tail`
//! holds out the last 20 % of each file instead, in one fold: for UDHR text that is the end
//! of the declaration, articles the model never saw (as in the withheld UDHR evaluation).

use std::path::Path;

use padi_lid::{read_labelled_dir, train_on, LanguageIdentifier, TrainOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(train_dir) = args.first() else {
        return Err("usage: crossval <train dir> [k|tail [label]]".into());
    };
    let tail = args.get(1).is_some_and(|a| a == "tail");
    let k: usize = match args.get(1) {
        Some(a) if a == "tail" => 1,
        Some(a) => a.parse()?,
        None => 5,
    };
    let show = args.get(2);
    let data = read_labelled_dir(Path::new(train_dir), None)?;
    let mut held_out: Vec<(String, String)> = Vec::new();
    for fold in 0..k {
        let split = |keep: bool| -> Vec<(String, Vec<String>)> {
            data.iter()
                .map(|(label, lines)| {
                    let tail_start = lines.len() - lines.len() / 5;
                    let held_out = |i: usize| {
                        if tail {
                            i >= tail_start
                        } else {
                            i % k == fold
                        }
                    };
                    let lines = lines
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| held_out(*i) != keep)
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
