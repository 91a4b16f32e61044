//! Train the LID model, and with a dev directory score it and fit the softmax temperature:
//! `cargo run --release -p padi-lid --example train -- <train dir> <out> [dev dir]`.
//! (`padi lid train` calls the same `padi_lid::train`.)

use std::path::Path;
use std::time::Instant;

use padi_lid::{read_labelled_dir, train, LanguageIdentifier, Model, TrainOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [train_dir, out, rest @ ..] = args.as_slice() else {
        return Err("usage: train <train dir> <out> [dev dir]".into());
    };
    let start = Instant::now();
    let model = train(Path::new(train_dir), TrainOptions::default().seed)?;
    let bytes = model.to_bytes();
    std::fs::write(out, &bytes)?;
    eprintln!(
        "trained in {:.1}s, wrote {} bytes to {out}",
        start.elapsed().as_secs_f64(),
        bytes.len()
    );
    let Some(dev_dir) = rest.first() else {
        return Ok(());
    };
    let dev = read_labelled_dir(Path::new(dev_dir), None)?;
    let pairs: Vec<(&str, &str)> = dev
        .iter()
        .flat_map(|(label, lines)| lines.iter().map(move |t| (label.as_str(), t.as_str())))
        .collect();
    print!(
        "{}",
        LanguageIdentifier::from_model(model.clone()).evaluate(pairs.iter().copied())
    );
    // Calibration: the temperature that minimises the log loss of "the label is right" on dev.
    let mut best = (f64::INFINITY, 0.0);
    for step in 6..=30 {
        let temperature = step as f32 * 0.05;
        let loss = log_loss(&with_temperature(&model, temperature), &pairs);
        println!("temperature {temperature:.2}: log loss {loss:.4}");
        if loss < best.0 {
            best = (loss, temperature);
        }
    }
    println!("best temperature {:.2} (log loss {:.4})", best.1, best.0);
    Ok(())
}

fn with_temperature(model: &Model, temperature: f32) -> LanguageIdentifier {
    let mut model = model.clone();
    for family in model.families.iter_mut().filter(|f| f.labels.len() > 1) {
        family.temperature = temperature;
    }
    LanguageIdentifier::from_model(model)
}

fn log_loss(lid: &LanguageIdentifier, pairs: &[(&str, &str)]) -> f64 {
    let total: f64 = pairs
        .iter()
        .map(|(label, text)| {
            let p = lid.identify(text);
            let right = if p.label == *label {
                p.confidence
            } else {
                1.0 - p.confidence
            };
            -f64::from(right.max(1e-6)).ln()
        })
        .sum();
    total / pairs.len() as f64
}
