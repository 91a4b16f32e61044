//! Train the LID model and optionally score it on a dev directory, until `padi lid train`
//! exists: `cargo run --release -p padi-lid --example train -- <train dir> <out> [dev dir]`.

use std::path::Path;
use std::time::Instant;

use padi_lid::{read_labelled_dir, train_with, LanguageIdentifier, TrainOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [train_dir, out, rest @ ..] = args.as_slice() else {
        return Err("usage: train <train dir> <out> [dev dir]".into());
    };
    let mut options = TrainOptions::default();
    let env = |k: &str| std::env::var(k).ok();
    if let Some(v) = env("LID_EPOCHS") {
        options.epochs = v.parse()?;
    }
    if let Some(v) = env("LID_LR") {
        options.learning_rate = v.parse()?;
    }
    if let Some(v) = env("LID_BALANCE") {
        options.balance = v.parse()?;
    }
    if let Some(v) = env("LID_BITS") {
        options.bits = v.parse()?;
    }
    if let Some(v) = env("LID_TEMP") {
        options.temperature = v.parse()?;
    }
    let start = Instant::now();
    let model = if std::env::var("LID_LOAD").is_ok() {
        padi_lid::Model::from_bytes(&std::fs::read(out)?)?
    } else {
        train_with(Path::new(train_dir), &options)?
    };
    let bytes = model.to_bytes();
    eprintln!(
        "trained in {:.1}s, {} bytes",
        start.elapsed().as_secs_f64(),
        bytes.len()
    );
    std::fs::write(out, &bytes)?;
    if let Some(dev) = rest.first() {
        let mut model = model;
        if let Some(t) = env("LID_SET_TEMP") {
            for f in &mut model.families {
                f.temperature = t.parse()?;
            }
        }
        let lid = LanguageIdentifier::from_model(model);
        let data = read_labelled_dir(Path::new(dev), None)?;
        let pairs = data
            .iter()
            .flat_map(|(l, lines)| lines.iter().map(move |t| (l.as_str(), t.as_str())));
        let report = lid.evaluate(pairs);
        print!("{report}");
        let mut nll = 0.0;
        let mut n = 0;
        for (label, lines) in &data {
            for t in lines {
                let p = lid.identify(t);
                if std::env::var("LID_SHOW").is_ok_and(|s| s.split(',').any(|x| x == label))
                    && &p.label != label
                {
                    println!("{label} -> {} {:.2}: {t}", p.label, p.confidence);
                }
                let q = if &p.label == label {
                    p.confidence
                } else {
                    1.0 - p.confidence
                };
                nll -= (q.max(1e-6) as f64).ln();
                n += 1;
            }
        }
        println!("binary NLL of confidence {:.4}", nll / n as f64);
        if let Some(which) = env("LID_SPEED") {
            let lines: Vec<&String> = data.iter().flat_map(|(_, l)| l).collect();
            let bytes: usize = lines.iter().map(|l| l.len()).sum::<usize>() * 20;
            let t = cpu_time::ProcessTime::now();
            let mut acc = 0.0f64;
            for _ in 0..20 {
                for l in &lines {
                    acc += if which == "w" {
                        whatlang::detect(l).map_or(0.0, |i| i.confidence())
                    } else {
                        lid.identify(l).confidence as f64
                    };
                }
            }
            let secs = t.elapsed().as_secs_f64();
            println!("{which}: {:.2} MB/s cpu ({acc})", bytes as f64 / secs / 1e6);
        }
    }
    Ok(())
}
