//! Deterministic training from labelled text files.
//!
//! Input: a directory of `<label>.txt` files (one sentence or paragraph per line), as in
//! `shared/data/lid/train/`. Lines that occur under more than one label are dropped (source
//! artifacts: URLs, untranslated headlines). Each script family with several labels gets a
//! multinomial logistic regression trained by plain SGD over a seeded shuffle; every step runs
//! in a fixed order on one thread per family, so the same data and seed give the same bytes.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::features::FeatureExtractor;
use crate::model::{softmax, FamilyModel, Model};
use crate::script::label_family;

/// Why training failed.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error("cannot read training data {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("training file name `{0}` is not a label like `zsm_Latn.txt`")]
    BadLabel(String),
    #[error("no training text found in {0}")]
    Empty(PathBuf),
}

/// Training hyperparameters. The defaults were chosen on the dev split and produce the
/// committed model.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    pub seed: u64,
    pub epochs: u32,
    pub learning_rate: f32,
    /// Class weight exponent: each label's loss is weighted by `(mean lines / its lines)^x`,
    /// so labels with 50 lines are not drowned by labels with 4,000.
    pub balance: f32,
    /// log2 of the feature bucket count of each multi-label family.
    pub bits: u32,
    /// Softmax temperature written into the model (fitted on dev, see the README).
    pub temperature: f32,
    /// Use at most this many lines per label (the first ones); for quick tests.
    pub max_lines_per_label: Option<usize>,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            seed: 42,
            epochs: 5,
            learning_rate: 0.1,
            balance: 1.0,
            bits: 17,
            temperature: 0.6,
            max_lines_per_label: None,
        }
    }
}

/// Train with default options and the given seed.
pub fn train(train_dir: &Path, seed: u64) -> Result<Model, TrainError> {
    train_with(
        train_dir,
        &TrainOptions {
            seed,
            ..TrainOptions::default()
        },
    )
}

/// Read `<label>.txt` files from a directory, sorted by label, each as its non-empty lines.
pub fn read_labelled_dir(
    dir: &Path,
    max_lines_per_label: Option<usize>,
) -> Result<Vec<(String, Vec<String>)>, TrainError> {
    let io = |source| TrainError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(io)?;
    files.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let label = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        if !is_label(&label) {
            return Err(TrainError::BadLabel(label));
        }
        let text = std::fs::read_to_string(&path).map_err(|source| TrainError::Io {
            path: path.clone(),
            source,
        })?;
        let lines: Vec<String> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .take(max_lines_per_label.unwrap_or(usize::MAX))
            .map(str::to_string)
            .collect();
        out.push((label, lines));
    }
    Ok(out)
}

/// `xxx_Xxxx`: ISO 639-3 code and ISO 15924 script.
fn is_label(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 8
        && b[..3].iter().all(u8::is_ascii_lowercase)
        && b[3] == b'_'
        && b[4].is_ascii_uppercase()
        && b[5..].iter().all(u8::is_ascii_lowercase)
}

/// Train from the `<label>.txt` files of a directory (see [`read_labelled_dir`]).
pub fn train_with(train_dir: &Path, options: &TrainOptions) -> Result<Model, TrainError> {
    let data = read_labelled_dir(train_dir, options.max_lines_per_label)?;
    train_on(&data, options).ok_or_else(|| TrainError::Empty(train_dir.to_path_buf()))
}

/// Train from labelled lines already in memory (sorted by label, as [`read_labelled_dir`]
/// returns them); `None` when there is no line at all. `max_lines_per_label` is not applied
/// here: it limits reading. Cross-validation calls this with each fold held out.
pub fn train_on(data: &[(String, Vec<String>)], options: &TrainOptions) -> Option<Model> {
    // Lines under more than one label teach nothing but confusion.
    let mut owners: HashMap<&str, usize> = HashMap::new();
    for (i, (_, lines)) in data.iter().enumerate() {
        for line in lines {
            owners
                .entry(line.as_str())
                .and_modify(|owner| {
                    if *owner != i {
                        *owner = usize::MAX;
                    }
                })
                .or_insert(i);
        }
    }
    let mut families: BTreeMap<&str, Vec<(&str, Vec<&str>)>> = BTreeMap::new();
    for (i, (label, lines)) in data.iter().enumerate() {
        let kept: Vec<&str> = lines
            .iter()
            .map(String::as_str)
            .filter(|l| owners.get(l) == Some(&i))
            .collect();
        if !kept.is_empty() {
            families
                .entry(label_family(label))
                .or_default()
                .push((label, kept));
        }
    }
    if families.is_empty() {
        return None;
    }
    let families: Vec<FamilyModel> = families
        .into_par_iter()
        .map(|(family, labels)| train_family(family, &labels, options))
        .collect();
    Some(Model { families })
}

/// A small deterministic PRNG (SplitMix64), so the shuffle never depends on a crate version.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Features of all training lines of a family, stored flat.
struct Samples {
    labels: Vec<u16>,
    offsets: Vec<usize>,
    buckets: Vec<u32>,
}

impl Samples {
    fn build(labels: &[(&str, Vec<&str>)], bits: u32) -> Samples {
        let per_line: Vec<(u16, Vec<u32>)> = labels
            .par_iter()
            .enumerate()
            .flat_map_iter(|(class, (_, lines))| {
                let mut fx = FeatureExtractor::default();
                lines
                    .iter()
                    .map(move |line| {
                        fx.extract(line, bits);
                        (class as u16, fx.buckets.clone())
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut samples = Samples {
            labels: Vec::with_capacity(per_line.len()),
            offsets: vec![0],
            buckets: Vec::new(),
        };
        for (class, buckets) in per_line.into_iter().filter(|(_, b)| !b.is_empty()) {
            samples.labels.push(class);
            samples.buckets.extend_from_slice(&buckets);
            samples.offsets.push(samples.buckets.len());
        }
        samples
    }

    fn features(&self, i: usize) -> &[u32] {
        &self.buckets[self.offsets[i]..self.offsets[i + 1]]
    }
}

fn train_family(family: &str, labels: &[(&str, Vec<&str>)], options: &TrainOptions) -> FamilyModel {
    let names: Vec<String> = labels.iter().map(|(l, _)| l.to_string()).collect();
    let n = names.len();
    if n == 1 {
        return FamilyModel::new(family.to_string(), names, 0, 1.0, vec![0.0], &[], &[]);
    }
    let bits = options.bits;
    let samples = Samples::build(labels, bits);
    let mut counts = vec![0usize; n];
    for &c in &samples.labels {
        counts[c as usize] += 1;
    }
    let mean = samples.labels.len() as f32 / n as f32;
    let class_weight: Vec<f32> = counts
        .iter()
        .map(|&c| (mean / c.max(1) as f32).powf(options.balance))
        .collect();

    let mut weights = vec![0f32; (1usize << bits) * n];
    // AdaGrad: per-weight step sizes let rare but decisive n-grams (the words that tell
    // Malay from Indonesian) learn as fast as frequent shared ones.
    let mut squared = vec![0f32; weights.len()];
    let mut bias = vec![0f32; n];
    let mut grad = vec![0f32; n];
    let mut order: Vec<usize> = (0..samples.labels.len()).collect();
    let mut rng = SplitMix64(options.seed ^ u64::from(bits));
    for _ in 0..options.epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let features = samples.features(i);
            let norm = 1.0 / (features.len() as f32).sqrt();
            grad.copy_from_slice(&bias);
            for &b in features {
                let row = &weights[b as usize * n..(b as usize + 1) * n];
                for (g, &w) in grad.iter_mut().zip(row) {
                    *g += norm * w;
                }
            }
            softmax(&mut grad, 1.0);
            let class = samples.labels[i] as usize;
            grad[class] -= 1.0;
            if grad.iter().all(|g| g.abs() < 1e-3) {
                continue;
            }
            let cw = class_weight[class];
            grad.iter_mut().for_each(|g| *g *= cw);
            for (bv, g) in bias.iter_mut().zip(&grad) {
                *bv -= 0.1 * options.learning_rate * g;
            }
            for &b in features {
                let range = b as usize * n..(b as usize + 1) * n;
                let rows = weights[range.clone()].iter_mut().zip(&mut squared[range]);
                for ((w, sq), g) in rows.zip(&grad) {
                    let g = g * norm;
                    *sq += g * g;
                    *w -= options.learning_rate * g / (sq.sqrt() + 1e-6);
                }
            }
        }
    }
    let (scales, quantized) = quantize(&weights, n);
    FamilyModel::new(
        family.to_string(),
        names,
        bits,
        options.temperature,
        bias,
        &scales,
        &quantized,
    )
}

/// Per-row symmetric quantization to `i8`.
fn quantize(weights: &[f32], n: usize) -> (Vec<f32>, Vec<i8>) {
    let mut scales = Vec::with_capacity(weights.len() / n);
    let mut quantized = Vec::with_capacity(weights.len());
    for row in weights.chunks_exact(n) {
        let max = row.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = max / 127.0;
        scales.push(scale);
        quantized.extend(row.iter().map(|&w| {
            if scale == 0.0 {
                0
            } else {
                (w / scale).round().clamp(-127.0, 127.0) as i8
            }
        }));
    }
    (scales, quantized)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_checked() {
        assert!(is_label("zsm_Latn"));
        assert!(!is_label("zsm"));
        assert!(!is_label("ZSM_Latn"));
        assert!(!is_label("zsm-Latn"));
    }

    #[test]
    fn shuffle_is_a_permutation_and_seeded() {
        let mut a: Vec<u32> = (0..100).collect();
        let mut b = a.clone();
        SplitMix64(7).shuffle(&mut a);
        SplitMix64(7).shuffle(&mut b);
        assert_eq!(a, b);
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..100).collect::<Vec<_>>());
        assert_ne!(a, sorted);
    }

    #[test]
    fn quantization_keeps_row_maxima() {
        let (scales, q) = quantize(&[0.0, 2.54, -1.0, 0.0, 0.0, 0.0], 3);
        assert_eq!(q, vec![0, 127, -50, 0, 0, 0]);
        assert!((scales[0] - 0.02).abs() < 1e-6);
        assert_eq!(scales[1], 0.0);
    }
}
