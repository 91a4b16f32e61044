//! Deciding a file's encoding from its first bytes.

use serde::{Serialize, Serializer};

use crate::compose::{is_viqr_vowel, viqr_modifies, viqr_tone, Composer, Scheme};
use crate::decode::decode_all;
use crate::thai::ThaiScore;
use crate::vietnamese::{is_syllable, VietnameseScore};

/// How many bytes of a file [`detect`] needs; the reader sniffs this much.
pub const SNIFF_LEN: usize = 64 * 1024;

/// An encoding [`detect`] can report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte order mark.
    Utf8,
    /// UTF-16 little endian (recognised by its byte order mark only).
    Utf16Le,
    /// UTF-16 big endian (recognised by its byte order mark only).
    Utf16Be,
    /// TCVN 5712:1993 ("TCVN3", "ABC"), glibc `TCVN5712-1`.
    Tcvn3,
    /// VISCII (RFC 1456).
    Viscii,
    /// VNI Windows: a Vietnamese font encoding, windows-1252 bytes with diacritics as letters.
    Vni,
    /// VIQR (RFC 1456): Vietnamese spelled in ASCII (`Vie^.t`).
    Viqr,
    /// An encoding of the WHATWG Encoding Standard other than UTF-8/UTF-16, decoded by
    /// encoding_rs: windows-874 (also for TIS-620 and ISO-8859-11), windows-1258, windows-1252,
    /// Shift_JIS, ...
    Standard(&'static encoding_rs::Encoding),
}

impl Encoding {
    /// A stable lower-case label for records and statistics: `utf-8`, `utf-16le`,
    /// `utf-16be`, `tcvn3`, `viscii`, `vni`, `viqr`, or the encoding_rs name in lower case
    /// (`windows-874`, `windows-1258`, `shift_jis`, ...).
    pub fn label(&self) -> String {
        match self {
            Encoding::Utf8 => "utf-8".into(),
            Encoding::Utf16Le => "utf-16le".into(),
            Encoding::Utf16Be => "utf-16be".into(),
            Encoding::Tcvn3 => "tcvn3".into(),
            Encoding::Viscii => "viscii".into(),
            Encoding::Vni => "vni".into(),
            Encoding::Viqr => "viqr".into(),
            Encoding::Standard(e) => e.name().to_ascii_lowercase(),
        }
    }

    /// The encoding a label names: this crate's labels, common aliases (`tcvn`,
    /// `tcvn5712-1`), and every WHATWG label (`tis-620`, `iso-8859-11` and `windows-874` all
    /// name windows-874). For callers that know a file's encoding better than [`detect`].
    pub fn from_label(label: &str) -> Option<Encoding> {
        let label = label.trim().to_ascii_lowercase();
        Some(match label.as_str() {
            "tcvn3" | "tcvn" | "tcvn5712-1" | "tcvn-5712" | "abc" => Encoding::Tcvn3,
            "viscii" => Encoding::Viscii,
            "vni" => Encoding::Vni,
            "viqr" => Encoding::Viqr,
            _ => {
                let e = encoding_rs::Encoding::for_label(label.as_bytes())?;
                if e == encoding_rs::UTF_8 {
                    Encoding::Utf8
                } else if e == encoding_rs::UTF_16LE {
                    Encoding::Utf16Le
                } else if e == encoding_rs::UTF_16BE {
                    Encoding::Utf16Be
                } else {
                    Encoding::Standard(e)
                }
            }
        })
    }

    /// This encoding's byte order mark, if it has one.
    pub(crate) fn bom(&self) -> &'static [u8] {
        match self {
            Encoding::Utf8 => b"\xEF\xBB\xBF",
            Encoding::Utf16Le => b"\xFF\xFE",
            Encoding::Utf16Be => b"\xFE\xFF",
            _ => b"",
        }
    }

    /// Length of this encoding's byte order mark.
    fn bom_len(&self) -> usize {
        self.bom().len()
    }
}

impl Serialize for Encoding {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.label())
    }
}

/// What [`detect`] decided, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Detection {
    pub encoding: Encoding,
    /// How sure the decision is, from 0 to 1.
    pub confidence: f32,
    /// Whether the input starts with a byte order mark (which the reader strips).
    pub bom: bool,
    /// The evidence, for humans.
    pub reason: String,
}

impl Detection {
    pub(crate) fn new(encoding: Encoding, confidence: f32, reason: String) -> Self {
        Self {
            encoding,
            confidence,
            bom: false,
            reason,
        }
    }

    /// Bytes to skip at the start of the input.
    pub(crate) fn bom_len(&self) -> usize {
        if self.bom {
            self.encoding.bom_len()
        } else {
            0
        }
    }
}

/// Decides the encoding of a file from its first bytes (up to [`SNIFF_LEN`]; `prefix` may end
/// in the middle of a character).
///
/// In order: a byte order mark (UTF-8, UTF-16LE/BE); UTF-16 without one when every other
/// byte is NUL; UTF-8 when at most one sequence is invalid or at least half of the non-ASCII
/// sequences are valid (bad records are the record parser's business, and a few stray bytes
/// must not turn the file's real UTF-8 into silent mojibake), with VIQR recognised in ASCII
/// text only on strong evidence; otherwise Thai windows-874, the Vietnamese legacy encodings
/// by how Vietnamese each decoding looks, and chardetng's guess for the rest.
pub fn detect(prefix: &[u8]) -> Detection {
    let prefix = &prefix[..prefix.len().min(SNIFF_LEN)];
    for encoding in [Encoding::Utf8, Encoding::Utf16Le, Encoding::Utf16Be] {
        if prefix.starts_with(encoding.bom()) {
            let mut detection = Detection::new(encoding, 1.0, "byte order mark".into());
            detection.bom = true;
            return detection;
        }
    }
    if let Some(detection) = detect_utf16_without_bom(prefix) {
        return detection;
    }
    let utf8 = Utf8Stats::of(prefix);
    if utf8.invalid <= 1 || utf8.invalid <= utf8.valid_non_ascii {
        if let Some(detection) = detect_viqr(prefix, &utf8) {
            return detection;
        }
        return utf8.detection();
    }
    detect_legacy(prefix, &utf8)
}

/// UTF-16 of mostly Latin text has a NUL in every other byte, which text in any 8-bit
/// encoding does not.
fn detect_utf16_without_bom(prefix: &[u8]) -> Option<Detection> {
    let pairs = prefix.len() / 2;
    if pairs < 8 {
        return None;
    }
    let (mut even_nul, mut odd_nul) = (0, 0);
    for pair in prefix.chunks_exact(2) {
        even_nul += usize::from(pair[0] == 0);
        odd_nul += usize::from(pair[1] == 0);
    }
    let (encoding, nul, other_nul) = if odd_nul > even_nul {
        (Encoding::Utf16Le, odd_nul, even_nul)
    } else {
        (Encoding::Utf16Be, even_nul, odd_nul)
    };
    (nul * 10 >= pairs * 7 && other_nul * 20 <= pairs).then(|| {
        Detection::new(
            encoding,
            nul as f32 / pairs as f32,
            format!("UTF-16 without byte order mark: {nul} of {pairs} code units with a NUL byte"),
        )
    })
}

/// Counts of UTF-8 sequences in a prefix.
#[derive(Debug, Default)]
struct Utf8Stats {
    ascii: usize,
    valid_non_ascii: usize,
    /// Maximal invalid subsequences; a sequence cut by the end of the prefix is not one.
    invalid: usize,
}

impl Utf8Stats {
    fn of(prefix: &[u8]) -> Self {
        let mut stats = Self::default();
        let mut rest = prefix;
        loop {
            let (valid, error) = match std::str::from_utf8(rest) {
                Ok(valid) => (valid.as_bytes(), None),
                Err(e) => (&rest[..e.valid_up_to()], Some(e)),
            };
            let ascii = valid.iter().filter(|b| b.is_ascii()).count();
            stats.ascii += ascii;
            // Lead bytes, one per non-ASCII character.
            stats.valid_non_ascii += valid.iter().filter(|b| **b >= 0xC0).count();
            match error.and_then(|e| e.error_len().map(|len| e.valid_up_to() + len)) {
                Some(next) => {
                    stats.invalid += 1;
                    rest = &rest[next..];
                }
                None => return stats,
            }
        }
    }

    fn detection(&self) -> Detection {
        if self.invalid == 0 {
            let reason = if self.valid_non_ascii == 0 {
                "pure ASCII"
            } else {
                "valid UTF-8"
            };
            return Detection::new(Encoding::Utf8, 1.0, reason.into());
        }
        let total = self.valid_non_ascii + self.invalid;
        Detection::new(
            Encoding::Utf8,
            self.valid_non_ascii as f32 / total as f32,
            format!(
                "UTF-8 with {} invalid of {} non-ASCII sequences",
                self.invalid, total
            ),
        )
    }
}

/// VIQR needs strong evidence: ASCII text in which at least one word in ten has a vowel
/// modifier (`a(`, `a^`, `e^`, `o^`, `o+`, `u+`) and one in four a modifier or a tone mark,
/// each spelling a Vietnamese syllable. English has no modifiers, and few of its apostrophes
/// make syllables ("I'm"); code (`a^b`, `u+v`) makes none.
fn detect_viqr(prefix: &[u8], utf8: &Utf8Stats) -> Option<Detection> {
    if utf8.valid_non_ascii * 100 > utf8.ascii || utf8.invalid > 0 {
        return None;
    }
    // Cheap rejection of the usual case, text without vowel modifiers.
    let modifiers = prefix
        .windows(2)
        .filter(|pair| viqr_modifies(char::from(pair[0]), char::from(pair[1])))
        .count();
    if modifiers < 3 {
        return None;
    }
    let text = std::str::from_utf8(prefix)
        .ok()
        .or_else(|| std::str::from_utf8(&prefix[..prefix.len().saturating_sub(3)]).ok())?;
    let (mut words, mut modified, mut marked) = (0usize, 0usize, 0usize);
    let mut converted = String::new();
    for word in text.split_ascii_whitespace() {
        words += 1;
        let word = word.trim_matches(|c: char| "\"()[]{},;:!".contains(c));
        let mut has_modifier = false;
        let mut has_mark = false;
        let pairs = word.chars().zip(word.chars().skip(1));
        for (vowel, next) in pairs.filter(|(vowel, _)| is_viqr_vowel(*vowel)) {
            has_modifier |= viqr_modifies(vowel, next);
            has_mark |= viqr_tone(next).is_some();
        }
        if !(has_modifier || has_mark) {
            continue;
        }
        converted.clear();
        Composer::new(Scheme::Viqr).convert(word, true, &mut converted);
        let syllable = converted.trim_end_matches(['.', '?']);
        if syllable.chars().all(char::is_alphabetic) && is_syllable(syllable) {
            modified += usize::from(has_modifier);
            marked += 1;
        }
    }
    let strong = modified >= 3 && modified * 10 >= words && marked * 4 >= words;
    strong.then(|| {
        Detection::new(
            Encoding::Viqr,
            (marked as f32 / words as f32).min(1.0),
            format!("VIQR: {modified} of {words} words with vowel modifiers, {marked} with marks"),
        )
    })
}

/// The Vietnamese legacy encoding under which `bytes` read most like Vietnamese, if any
/// makes them clearly Vietnamese; on a tie, the earlier (more common) encoding.
pub(crate) fn best_vietnamese_decoding(bytes: &[u8]) -> Option<(Encoding, VietnameseScore)> {
    let candidates = [
        Encoding::Standard(encoding_rs::WINDOWS_1258),
        Encoding::Tcvn3,
        Encoding::Viscii,
        Encoding::Vni,
    ];
    candidates
        .into_iter()
        .map(|encoding| (encoding, VietnameseScore::of(&decode_all(encoding, bytes))))
        .filter(|(_, score)| score.is_vietnamese())
        .fold(None, |best, (encoding, score)| match best {
            Some((_, b)) if b.quality() >= score.quality() => best,
            _ => Some((encoding, score)),
        })
}

/// How much of the prefix chardetng sees: it runs at a few MB/s, and a few KiB are enough for
/// the encodings it is left to decide.
const CHARDETNG_LEN: usize = 16 * 1024;

/// Thai first (cheap and unambiguous: windows-874 text that is well-formed Thai), then the
/// Vietnamese legacy encodings (chardetng knows only windows-1258, and takes TCVN3, VISCII
/// and VNI text for something else), then chardetng for the rest.
fn detect_legacy(prefix: &[u8], utf8: &Utf8Stats) -> Detection {
    let windows_874 = Encoding::Standard(encoding_rs::WINDOWS_874);
    let thai = ThaiScore::of(&decode_all(windows_874, prefix));
    if thai.is_thai() {
        return Detection::new(
            windows_874,
            1.0 - thai.misplaced as f32 / thai.thai as f32,
            format!(
                "well-formed Thai as windows-874: {} Thai characters, {} misplaced marks",
                thai.thai, thai.misplaced
            ),
        );
    }
    let best = best_vietnamese_decoding(prefix);
    if let Some((encoding, score)) = best {
        return Detection::new(
            encoding,
            score.quality() as f32,
            format!(
                "Vietnamese as {}: {} of {} words with Vietnamese letters, {} foreign",
                encoding.label(),
                score.vietnamese,
                score.words,
                score.foreign
            ),
        );
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(&prefix[..prefix.len().min(CHARDETNG_LEN)], true);
    let (guess, confident) = detector.guess_assess(None, false);
    // Text that the scoring above did not find Vietnamese is not windows-1258: for the Latin-1
    // letters that other languages use, windows-1252 decodes the same, and it is the honest
    // label.
    let guess = if guess == encoding_rs::WINDOWS_1258 {
        encoding_rs::WINDOWS_1252
    } else {
        guess
    };
    Detection::new(
        Encoding::Standard(guess),
        if confident { 0.9 } else { 0.5 },
        format!(
            "chardetng ({}); not UTF-8: {} invalid sequences",
            if confident { "confident" } else { "unsure" },
            utf8.invalid
        ),
    )
}
