//! The trained model and its binary format.
//!
//! A model holds one classifier per script family (`Latn`, `Mymr`, `Arab`, `Hani`, …). A
//! family with a single label needs no weights: its script decides. A family with several
//! labels is a multinomial logistic regression over hashed n-gram features; weights are
//! stored as `i8` with one `f32` scale per bucket, which keeps the model a quarter of its
//! `f32` size with no measurable loss of accuracy.
//!
//! Format (all integers and floats little-endian):
//! ```text
//! magic "PADILID\0", version u32
//! family count u32, then per family:
//!   name (u32 length + UTF-8), label count u32, labels (u32 length + UTF-8 each),
//!   bits u32 (0 = no weights), temperature f32, bias f32 × labels,
//!   scale f32 × 2^bits, weight i8 × 2^bits × labels (row-major: bucket, then label)
//! ```

use crate::features::FeatureExtractor;

const MAGIC: &[u8; 8] = b"PADILID\0";
/// Bumped whenever the format or the feature extraction changes.
pub const FORMAT_VERSION: u32 = 3;

/// Why model bytes could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("not a padi LID model (bad magic bytes)")]
    BadMagic,
    #[error("unsupported LID model version {found} (this build reads version {FORMAT_VERSION})")]
    Version { found: u32 },
    #[error("LID model is truncated or corrupt: {0}")]
    Corrupt(&'static str),
}

/// The classifier of one script family.
#[derive(Debug, Clone, PartialEq)]
pub struct FamilyModel {
    /// Family name: an ISO 15924 code, `Hani` for Chinese, Japanese and Korean.
    pub family: String,
    /// Labels in the order of the weight columns (sorted).
    pub labels: Vec<String>,
    /// log2 of the number of feature buckets; 0 when the family has a single label.
    pub bits: u32,
    /// Softmax temperature for calibrated confidences.
    pub temperature: f32,
    pub bias: Vec<f32>,
    /// One row per bucket: the row's `f32` scale (little-endian), then one `i8` weight per
    /// label. Keeping the scale beside its weights makes each feature one memory access;
    /// the table is far larger than the CPU caches closest to the core.
    rows: Vec<u8>,
}

impl FamilyModel {
    /// A family from per-bucket scales and row-major `i8` weights (`labels.len()` per bucket).
    pub fn new(
        family: String,
        labels: Vec<String>,
        bits: u32,
        temperature: f32,
        bias: Vec<f32>,
        scales: &[f32],
        weights: &[i8],
    ) -> Self {
        let n = labels.len();
        let mut rows = Vec::with_capacity(scales.len() * (4 + n));
        for (scale, row) in scales.iter().zip(weights.chunks_exact(n)) {
            rows.extend_from_slice(&scale.to_le_bytes());
            rows.extend(row.iter().map(|&w| w as u8));
        }
        FamilyModel {
            family,
            labels,
            bits,
            temperature,
            bias,
            rows,
        }
    }

    fn stride(&self) -> usize {
        4 + self.labels.len()
    }

    /// Label probabilities of a text, written into `probs` (one per label).
    pub fn probabilities(&self, fx: &mut FeatureExtractor, text: &str, probs: &mut Vec<f32>) {
        probs.clear();
        probs.extend_from_slice(&self.bias);
        if self.bits == 0 {
            probs.iter_mut().for_each(|p| *p = 1.0);
            return;
        }
        fx.extract(text, self.bits);
        let stride = self.stride();
        let buckets = &fx.buckets;
        let norm = 1.0 / (buckets.len().max(1) as f32).sqrt();
        let mut i = 0;
        while i < buckets.len() {
            // Repeated features (weighted word features) come in runs: one row visit each.
            let b = buckets[i] as usize;
            let run = buckets[i..]
                .iter()
                .take_while(|&&x| x as usize == b)
                .count();
            i += run;
            if let Some(&ahead) = buckets.get(i + PREFETCH_DISTANCE) {
                prefetch(&self.rows, ahead as usize * stride);
            }
            let row = &self.rows[b * stride..(b + 1) * stride];
            let scale = f32::from_le_bytes([row[0], row[1], row[2], row[3]]) * norm * run as f32;
            if scale == 0.0 {
                continue;
            }
            for (p, &w) in probs.iter_mut().zip(&row[4..]) {
                *p += scale * f32::from(w as i8);
            }
        }
        softmax(probs, self.temperature);
    }
}

/// How many features ahead the scoring loop asks for a row: rows are scattered over a table
/// larger than the core's caches, and waiting for them is most of the detection time.
const PREFETCH_DISTANCE: usize = 8;

/// Hint the CPU to fetch `table[at..]` into cache; nothing on other architectures.
#[inline(always)]
fn prefetch(table: &[u8], at: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(byte) = table.get(at) {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: prefetching is a hint; it never faults, and the address is in bounds.
        unsafe { _mm_prefetch::<_MM_HINT_T0>((byte as *const u8).cast::<i8>()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (table, at);
}

/// In-place softmax of `logits / temperature`.
pub fn softmax(logits: &mut [f32], temperature: f32) {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for l in logits.iter_mut() {
        *l = ((*l - max) / temperature).exp();
        sum += *l;
    }
    for l in logits.iter_mut() {
        *l /= sum;
    }
}

/// All family classifiers, sorted by family name.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub families: Vec<FamilyModel>,
}

impl Model {
    pub fn family(&self, name: &str) -> Option<&FamilyModel> {
        self.families.iter().find(|f| f.family == name)
    }

    /// Every label the model can output, sorted.
    pub fn labels(&self) -> Vec<&str> {
        let mut labels: Vec<&str> = self
            .families
            .iter()
            .flat_map(|f| f.labels.iter().map(String::as_str))
            .collect();
        labels.sort_unstable();
        labels
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        put_u32(&mut out, FORMAT_VERSION);
        put_u32(&mut out, self.families.len() as u32);
        for f in &self.families {
            put_str(&mut out, &f.family);
            put_u32(&mut out, f.labels.len() as u32);
            for label in &f.labels {
                put_str(&mut out, label);
            }
            put_u32(&mut out, f.bits);
            out.extend_from_slice(&f.temperature.to_le_bytes());
            for v in &f.bias {
                out.extend_from_slice(&v.to_le_bytes());
            }
            let stride = f.stride();
            for row in f.rows.chunks_exact(stride) {
                out.extend_from_slice(&row[..4]);
            }
            for row in f.rows.chunks_exact(stride) {
                out.extend_from_slice(&row[4..]);
            }
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut r = Reader { bytes };
        if r.take(MAGIC.len())? != MAGIC {
            return Err(ModelError::BadMagic);
        }
        let version = r.u32()?;
        if version != FORMAT_VERSION {
            return Err(ModelError::Version { found: version });
        }
        let family_count = r.u32()?;
        let mut families = Vec::new();
        for _ in 0..family_count {
            let family = r.string()?;
            let label_count = r.u32()? as usize;
            if label_count == 0 {
                return Err(ModelError::Corrupt("family without labels"));
            }
            let labels = (0..label_count)
                .map(|_| r.string())
                .collect::<Result<Vec<_>, _>>()?;
            let bits = r.u32()?;
            if bits > 24 {
                return Err(ModelError::Corrupt("bucket count too large"));
            }
            let temperature = r.f32()?;
            if !(temperature > 0.0 && temperature.is_finite()) {
                return Err(ModelError::Corrupt("temperature must be positive"));
            }
            let bias = r.f32s(label_count)?;
            let buckets = if bits == 0 { 0 } else { 1usize << bits };
            let scales = r.f32s(buckets)?;
            let weights: Vec<i8> = r
                .take(buckets * label_count)?
                .iter()
                .map(|&b| b as i8)
                .collect();
            families.push(FamilyModel::new(
                family,
                labels,
                bits,
                temperature,
                bias,
                &scales,
                &weights,
            ));
        }
        if !r.bytes.is_empty() {
            return Err(ModelError::Corrupt("trailing bytes"));
        }
        Ok(Model { families })
    }
}

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        if n > self.bytes.len() {
            return Err(ModelError::Corrupt("unexpected end of data"));
        }
        let (head, tail) = self.bytes.split_at(n);
        self.bytes = tail;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        let mut a = [0; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        self.array().map(u32::from_le_bytes)
    }

    fn f32(&mut self) -> Result<f32, ModelError> {
        self.array().map(f32::from_le_bytes)
    }

    fn f32s(&mut self, n: usize) -> Result<Vec<f32>, ModelError> {
        let bytes = self.take(
            n.checked_mul(4)
                .ok_or(ModelError::Corrupt("size overflow"))?,
        )?;
        Ok(bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }

    fn string(&mut self) -> Result<String, ModelError> {
        let len = self.u32()? as usize;
        String::from_utf8(self.take(len)?.to_vec())
            .map_err(|_| ModelError::Corrupt("label is not UTF-8"))
    }
}
