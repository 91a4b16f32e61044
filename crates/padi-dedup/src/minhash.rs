//! MinHash signatures and LSH band keys (to find candidates), and bottom-k sketches (to
//! verify them).

use xxhash_rust::xxh3::xxh3_64_with_seed;

/// MinHash parameters; part of the index parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MinHashParams {
    pub num_perm: usize,
    pub bands: usize,
    pub rows: usize,
    pub seed: u64,
}

/// Computes MinHash signatures by one-permutation hashing with optimal densification
/// (Shrivastava 2017): each shingle hash is re-mixed once and falls into one of `num_perm`
/// bins, whose minimum is the signature value; an empty bin copies the value of the first
/// non-empty bin on a probe sequence that depends only on the bin and the seed, so that
/// similar sets still agree. O(shingles + num_perm) instead of O(shingles * num_perm), with
/// the same collision probability (the Jaccard similarity) per value. Everything derives
/// from a fixed seed, so every run and every machine computes the same signatures.
#[derive(Debug, Clone)]
pub struct MinHasher {
    params: MinHashParams,
}

/// What the index keeps of one document: a key per LSH band and the verification sketch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocSketch {
    /// One 32-bit key per band (hash of the band's rows).
    pub band_keys: Vec<u32>,
    /// Hash of the whole match key.
    pub text_hash: u64,
    /// Hash of the match key without its marks ([`crate::shingle::mark_skeleton`]): two
    /// texts with the same skeleton but different `text_hash` differ only in marks.
    pub skeleton_hash: u64,
    /// Bottom-k sketch: the `k` smallest shingle hashes (high 32 bits), ascending; the whole
    /// shingle set when it has at most `k` shingles.
    pub bottom: Vec<u32>,
}

impl DocSketch {
    /// Whether two documents differ only in marks (vowel signs, tone marks, diacritics):
    /// such texts are different words, never duplicates (GUIDE §4).
    pub fn differs_only_in_marks(&self, other: &DocSketch) -> bool {
        self.skeleton_hash == other.skeleton_hash && self.text_hash != other.text_hash
    }

    /// The verification part (hashes and bottom-k), as stored in the index.
    pub fn verification_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(16 + 4 * self.bottom.len());
        bytes.extend_from_slice(&self.text_hash.to_le_bytes());
        bytes.extend_from_slice(&self.skeleton_hash.to_le_bytes());
        for v in &self.bottom {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
        bytes
    }

    /// Reads [`DocSketch::verification_bytes`] back (band keys are not stored there).
    pub fn from_verification_bytes(bytes: &[u8]) -> Option<DocSketch> {
        let text_hash = u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?);
        let skeleton_hash = u64::from_le_bytes(bytes.get(8..16)?.try_into().ok()?);
        let rest = bytes.get(16..)?;
        if rest.len() % 4 != 0 {
            return None;
        }
        let bottom = rest
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Some(DocSketch {
            band_keys: Vec::new(),
            text_hash,
            skeleton_hash,
            bottom,
        })
    }
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
        MinHasher { params }
    }

    /// The MinHash signature of a shingle set (all `u32::MAX` for an empty set).
    pub fn signature(&self, shingles: &[u64]) -> Vec<u32> {
        let bins = self.params.num_perm;
        let mut sig = vec![u32::MAX; bins];
        let mut filled = vec![false; bins];
        for &x in shingles {
            let mut state = x ^ self.params.seed;
            let v = splitmix64(&mut state);
            // High half picks the bin (multiply-shift range reduction), low half is the value.
            let bin = (((v >> 32) * bins as u64) >> 32) as usize;
            sig[bin] = sig[bin].min(v as u32);
            filled[bin] = true;
        }
        if shingles.is_empty() || filled.iter().all(|&f| f) {
            return sig;
        }
        let source = sig.clone();
        for bin in 0..bins {
            if filled[bin] {
                continue;
            }
            let mut state = self.params.seed ^ ((bin as u64) << 32);
            // Random probes find a filled bin quickly; the bounded loop and the scan after
            // it only guarantee termination.
            let probed = (0..64 * bins).find_map(|_| {
                let probe = (((splitmix64(&mut state) >> 32) * bins as u64) >> 32) as usize;
                filled[probe].then_some(probe)
            });
            let donor = probed.or_else(|| (0..bins).find(|&b| filled[b]));
            if let Some(donor) = donor {
                sig[bin] = source[donor];
            }
        }
        sig
    }

    /// Band keys of a signature.
    pub fn band_keys(&self, signature: &[u32]) -> Vec<u32> {
        let rows = self.params.rows;
        (0..self.params.bands)
            .map(|band| {
                let mut bytes = Vec::with_capacity(rows * 4);
                for v in &signature[band * rows..(band + 1) * rows] {
                    bytes.extend_from_slice(&v.to_le_bytes());
                }
                (xxh3_64_with_seed(&bytes, band as u64) >> 32) as u32
            })
            .collect()
    }
}

/// The bottom-`k` sketch of a sorted shingle set: its `k` smallest hashes, high 32 bits.
pub fn bottom_k(sorted_shingles: &[u64], k: usize) -> Vec<u32> {
    let mut bottom: Vec<u32> = sorted_shingles
        .iter()
        .take(k)
        .map(|&h| (h >> 32) as u32)
        .collect();
    bottom.dedup();
    bottom
}

/// Jaccard similarity estimated from two bottom-`k` sketches: the share of the `k` smallest
/// hashes of their union that both contain. Exact when both sets have at most `k` shingles;
/// otherwise its standard error is about `sqrt(J * (1 - J) / k)` (0.025 at J = 0.8, k = 256),
/// against 0.038 for the 112-value MinHash signature.
pub fn estimate_jaccard(a: &[u32], b: &[u32], k: usize) -> f64 {
    let (mut i, mut j, mut union, mut both) = (0, 0, 0usize, 0usize);
    while union < k && (i < a.len() || j < b.len()) {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                both += 1;
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x < y => i += 1,
            (Some(_), Some(_)) | (None, Some(_)) => j += 1,
            (Some(_), None) => i += 1,
            (None, None) => break,
        }
        union += 1;
    }
    if union == 0 {
        return 1.0;
    }
    both as f64 / union as f64
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
    fn identical_sets_have_identical_keys() {
        let h = hasher();
        let s: Vec<u64> = (0..100).map(|i| i * 7919).collect();
        let keys = h.band_keys(&h.signature(&s));
        assert_eq!(keys.len(), 16);
        assert_eq!(keys, h.band_keys(&h.signature(&s)));
    }

    #[test]
    fn similar_sets_share_bands_and_different_sets_do_not() {
        let h = hasher();
        let mix = |i: u64| xxh3_64_with_seed(&i.to_le_bytes(), 9);
        let a: Vec<u64> = (0..300).map(mix).collect();
        let near: Vec<u64> = (5..305).map(mix).collect();
        let far: Vec<u64> = (1000..1300).map(mix).collect();
        let shared = |x: &[u64], y: &[u64]| {
            let (kx, ky) = (h.band_keys(&h.signature(x)), h.band_keys(&h.signature(y)));
            kx.iter().zip(&ky).filter(|(p, q)| p == q).count()
        };
        assert!(shared(&a, &near) > 0);
        assert_eq!(shared(&a, &far), 0);
    }

    #[test]
    fn signature_agreement_tracks_jaccard() {
        let h = hasher();
        let mix = |i: u64| xxh3_64_with_seed(&i.to_le_bytes(), 9);
        // Large and small sets (the small ones rely on densification).
        for (size, overlap) in [(2000u64, 1600u64), (2000, 1000), (40, 30), (12, 8)] {
            let a: Vec<u64> = (0..size).map(mix).collect();
            let b: Vec<u64> = (size - overlap..2 * size - overlap).map(mix).collect();
            let truth = jaccard(&sorted(a.iter().copied()), &sorted(b.iter().copied()));
            let (sa, sb) = (h.signature(&a), h.signature(&b));
            let agree = sa.iter().zip(&sb).filter(|(x, y)| x == y).count() as f64 / 128.0;
            assert!(
                (agree - truth).abs() < 0.2,
                "size {size}: truth {truth} agree {agree}"
            );
            assert!(sa.iter().all(|&v| v != u32::MAX));
        }
    }

    fn sorted(v: impl Iterator<Item = u64>) -> Vec<u64> {
        let mut v: Vec<u64> = v.collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn bottom_k_is_exact_for_small_sets_and_close_for_large_ones() {
        let mix = |i: u64| xxh3_64_with_seed(&i.to_le_bytes(), 9);
        let a = sorted((0..100).map(mix));
        let b = sorted((20..120).map(mix));
        let est = estimate_jaccard(&bottom_k(&a, 256), &bottom_k(&b, 256), 256);
        assert!((est - jaccard(&a, &b)).abs() < 1e-9, "{est}");
        for overlap in [2000u64, 1800, 1500, 1000] {
            let a = sorted((0..2000).map(mix));
            let b = sorted((2000 - overlap..4000 - overlap).map(mix));
            let truth = jaccard(&a, &b);
            let est = estimate_jaccard(&bottom_k(&a, 256), &bottom_k(&b, 256), 256);
            assert!((est - truth).abs() < 0.1, "truth {truth} est {est}");
        }
        assert_eq!(estimate_jaccard(&[], &[], 256), 1.0);
        assert_eq!(estimate_jaccard(&[1], &[], 256), 0.0);
    }
}
