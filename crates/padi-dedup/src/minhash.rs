//! MinHash signatures, LSH band keys and the compact sketch used to verify candidates.

use xxhash_rust::xxh3::xxh3_64_with_seed;

/// MinHash parameters; part of the index parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinHashParams {
    pub num_perm: usize,
    pub bands: usize,
    pub rows: usize,
    pub seed: u64,
}

/// Computes signatures with `num_perm` hash functions `h_i(x) = hi32(a_i * x + b_i)`, where
/// `x` is a (uniform) 64-bit shingle hash and `a_i`, `b_i` come from a fixed seed, so every
/// run and every machine computes the same signatures.
#[derive(Debug, Clone)]
pub struct MinHasher {
    params: MinHashParams,
    mul: Vec<u64>,
    add: Vec<u64>,
}

/// What the index keeps of one document: a key per LSH band and the verification sketch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocSketch {
    /// One 32-bit key per band (hash of the band's rows).
    pub band_keys: Vec<u32>,
    /// The low 4 bits of every signature value, two per byte (b-bit MinHash).
    pub nibbles: Vec<u8>,
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl MinHasher {
    pub fn new(params: MinHashParams) -> Self {
        let mut state = params.seed;
        let mut mul = Vec::with_capacity(params.num_perm);
        let mut add = Vec::with_capacity(params.num_perm);
        for _ in 0..params.num_perm {
            mul.push(splitmix64(&mut state) | 1);
            add.push(splitmix64(&mut state));
        }
        MinHasher { params, mul, add }
    }

    pub fn params(&self) -> &MinHashParams {
        &self.params
    }

    /// The MinHash signature of a shingle set (all `u32::MAX` for an empty set).
    pub fn signature(&self, shingles: &[u64]) -> Vec<u32> {
        let mut sig = vec![u32::MAX; self.params.num_perm];
        for &x in shingles {
            for ((slot, &a), &b) in sig.iter_mut().zip(&self.mul).zip(&self.add) {
                let h = (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32;
                *slot = (*slot).min(h);
            }
        }
        sig
    }

    /// Band keys and verification sketch of a signature.
    pub fn sketch(&self, signature: &[u32]) -> DocSketch {
        let rows = self.params.rows;
        let band_keys = (0..self.params.bands)
            .map(|band| {
                let mut bytes = Vec::with_capacity(rows * 4);
                for v in &signature[band * rows..(band + 1) * rows] {
                    bytes.extend_from_slice(&v.to_le_bytes());
                }
                (xxh3_64_with_seed(&bytes, band as u64) >> 32) as u32
            })
            .collect();
        let nibbles = signature
            .chunks(2)
            .map(|pair| {
                let lo = (pair[0] & 0xF) as u8;
                let hi = pair.get(1).map_or(0, |v| (v & 0xF) as u8);
                lo | (hi << 4)
            })
            .collect();
        DocSketch { band_keys, nibbles }
    }
}

/// Estimated Jaccard similarity from two b-bit (4-bit) sketches of `num_perm` values.
///
/// Two different minima agree on 4 bits by chance with probability 1/16, so the raw agreement
/// `p` is corrected to `(p - 1/16) / (15/16)`. The standard error is close to that of full
/// 32-bit signatures (0.039 vs 0.038 at J = 0.8 with 112 permutations).
pub fn estimate_jaccard(a: &[u8], b: &[u8], num_perm: usize) -> f64 {
    let mut agree = 0usize;
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        agree += usize::from(x & 0xF == y & 0xF);
        if 2 * i + 1 < num_perm {
            agree += usize::from(x >> 4 == y >> 4);
        }
    }
    let p = agree as f64 / num_perm as f64;
    ((p - 1.0 / 16.0) / (15.0 / 16.0)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shingle::jaccard;

    fn hasher() -> MinHasher {
        MinHasher::new(MinHashParams {
            num_perm: 128,
            bands: 16,
            rows: 8,
            seed: 1,
        })
    }

    #[test]
    fn identical_sets_have_identical_sketches() {
        let h = hasher();
        let s: Vec<u64> = (0..100).map(|i| i * 7919).collect();
        let a = h.sketch(&h.signature(&s));
        assert_eq!(a, h.sketch(&h.signature(&s)));
        assert_eq!(estimate_jaccard(&a.nibbles, &a.nibbles, 128), 1.0);
    }

    #[test]
    fn estimate_tracks_true_jaccard() {
        let h = hasher();
        let mix = |i: u64| xxh3_64_with_seed(&i.to_le_bytes(), 9);
        for overlap in [200u64, 150, 100, 50] {
            let a: Vec<u64> = (0..200).map(mix).collect();
            let b: Vec<u64> = (200 - overlap..400 - overlap).map(mix).collect();
            let (mut sa, mut sb) = (a.clone(), b.clone());
            sa.sort_unstable();
            sb.sort_unstable();
            let truth = jaccard(&sa, &sb);
            let est = estimate_jaccard(
                &h.sketch(&h.signature(&a)).nibbles,
                &h.sketch(&h.signature(&b)).nibbles,
                128,
            );
            assert!((est - truth).abs() < 0.15, "truth {truth} est {est}");
        }
    }

    #[test]
    fn odd_permutation_counts_ignore_the_padding_nibble() {
        let h = MinHasher::new(MinHashParams {
            num_perm: 3,
            bands: 1,
            rows: 3,
            seed: 1,
        });
        let a = h.sketch(&h.signature(&[1, 2, 3]));
        assert_eq!(a.nibbles.len(), 2);
        assert_eq!(estimate_jaccard(&a.nibbles, &a.nibbles, 3), 1.0);
    }
}
