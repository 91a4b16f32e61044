//! Keywords written just before a number that tell what kind of number it is.
//!
//! Philippine PSNs and Vietnamese citizen IDs have no public checksum, so a label such as
//! "PhilSys" or "CCCD" is what separates them from other long numbers; other labels break ties
//! between types that a number satisfies at once (an Indonesian NIK that is also Luhn-valid).
//! A placeholder such as `<PHONE>` reads as a label on the redactor's next pass; that can only
//! add redactions, and the redactor repeats until nothing changes.

/// How many bytes before a number are searched for keywords.
const WINDOW: usize = 64;

/// A set of hints, one bit per [`Hint`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Hints(u16);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u16)]
pub(crate) enum Hint {
    IdPh = 1,
    IdVn = 2,
    IdId = 4,
    IdMy = 8,
    IdTh = 16,
    Card = 32,
    Phone = 64,
    /// A label of something that is not personal data (ISBN, version): redact nothing.
    NotPii = 128,
    /// Vietnamese letters near the number (before or after).
    VietnameseText = 256,
    /// Thai script near the number (before or after).
    ThaiText = 512,
}

impl Hints {
    pub(crate) fn has(self, hint: Hint) -> bool {
        self.0 & hint as u16 != 0
    }
}

/// Keywords, lowercase. ASCII keywords must stand as whole words; others match anywhere.
const KEYWORDS: &[(&str, Hint)] = &[
    ("philsys", Hint::IdPh),
    ("psn", Hint::IdPh),
    ("philid", Hint::IdPh),
    ("pcn", Hint::IdPh),
    ("pambansang", Hint::IdPh),
    ("cccd", Hint::IdVn),
    ("cmnd", Hint::IdVn),
    ("căn cước", Hint::IdVn),
    ("can cuoc", Hint::IdVn),
    ("định danh", Hint::IdVn),
    ("citizen id", Hint::IdVn),
    ("nik", Hint::IdId),
    ("ktp", Hint::IdId),
    ("kependudukan", Hint::IdId),
    ("mykad", Hint::IdMy),
    ("kad pengenalan", Hint::IdMy),
    ("ic", Hint::IdMy),
    ("k/p", Hint::IdMy),
    ("บัตรประชาชน", Hint::IdTh),
    ("ประจำตัวประชาชน", Hint::IdTh),
    ("thai id", Hint::IdTh),
    ("credit", Hint::Card),
    ("kartu", Hint::Card),
    ("kredit", Hint::Card),
    ("visa", Hint::Card),
    ("mastercard", Hint::Card),
    ("thẻ", Hint::Card),
    ("บัตรเครดิต", Hint::Card),
    ("tel", Hint::Phone),
    ("telp", Hint::Phone),
    ("telepon", Hint::Phone),
    ("telefon", Hint::Phone),
    ("telpon", Hint::Phone),
    ("tlp", Hint::Phone),
    ("fax", Hint::Phone),
    ("call", Hint::Phone),
    ("ph", Hint::Phone),
    ("hape", Hint::Phone),
    ("hp", Hint::Phone),
    ("wa", Hint::Phone),
    ("whatsapp", Hint::Phone),
    ("mobile", Hint::Phone),
    ("phone", Hint::Phone),
    ("hotline", Hint::Phone),
    ("sđt", Hint::Phone),
    ("điện thoại", Hint::Phone),
    ("โทร", Hint::Phone),
    ("isbn", Hint::NotPii),
    ("issn", Hint::NotPii),
    ("version", Hint::NotPii),
    ("versi", Hint::NotPii),
    ("phiên bản", Hint::NotPii),
];

/// Hints for the number at `start..end`: keywords in the [`WINDOW`] bytes before it, and
/// Vietnamese letters within [`WINDOW`] bytes on either side.
pub(crate) fn hints_around(text: &[u8], start: usize, end: usize) -> Hints {
    let before = &text[start.saturating_sub(WINDOW)..start];
    let after = &text[end..(end + WINDOW).min(text.len())];
    let mut hints = keyword_hints(before);
    if has_vietnamese_letter(before) || has_vietnamese_letter(after) {
        hints |= Hint::VietnameseText as u16;
    }
    if has_thai_letter(before) || has_thai_letter(after) {
        hints |= Hint::ThaiText as u16;
    }
    Hints(hints)
}

/// Thai block U+0E00–U+0E7F (UTF-8 E0 B8 xx, E0 B9 xx).
fn has_thai_letter(window: &[u8]) -> bool {
    window
        .windows(2)
        .any(|pair| pair[0] == 0xE0 && (pair[1] == 0xB8 || pair[1] == 0xB9))
}

/// Letters used in Vietnamese and rarely elsewhere: ă đ ơ ư (either case) and the precomposed
/// letters with tone marks of U+1EA0–U+1EF9 (UTF-8 E1 BA A0 – E1 BB B9).
fn has_vietnamese_letter(window: &[u8]) -> bool {
    window.windows(2).enumerate().any(|(i, pair)| match pair {
        [0xC4, 0x82 | 0x83 | 0x90 | 0x91] | [0xC6, 0xA0 | 0xA1 | 0xAF | 0xB0] => true,
        [0xE1, 0xBA] => window.get(i + 2).is_some_and(|&c| c >= 0xA0),
        [0xE1, 0xBB] => window.get(i + 2).is_some_and(|&c| c <= 0xB9),
        _ => false,
    })
}

/// For each byte value, the keywords (bit `i` for `KEYWORDS[i]`) that start with it, either
/// ASCII case: each position of a window is then checked only against the keywords that can
/// start there.
const KEYWORDS_BY_FIRST_BYTE: [u64; 256] = {
    assert!(KEYWORDS.len() <= 64, "one bit per keyword");
    let mut table = [0u64; 256];
    let mut i = 0;
    while i < KEYWORDS.len() {
        let first = KEYWORDS[i].0.as_bytes()[0];
        table[first as usize] |= 1 << i;
        table[first.to_ascii_uppercase() as usize] |= 1 << i;
        i += 1;
    }
    table
};

/// The hints of every keyword in `window`.
fn keyword_hints(window: &[u8]) -> u16 {
    let mut hints = 0;
    for (at, &byte) in window.iter().enumerate() {
        let mut candidates = KEYWORDS_BY_FIRST_BYTE[usize::from(byte)];
        while candidates != 0 {
            let index = candidates.trailing_zeros() as usize;
            candidates &= candidates - 1;
            if let Some(&(keyword, hint)) = KEYWORDS.get(index) {
                if hints & hint as u16 == 0 && keyword_at(window, at, keyword.as_bytes()) {
                    hints |= hint as u16;
                }
            }
        }
    }
    hints
}

/// Whether `keyword` is at `at` in `window` (ASCII case-insensitive); ASCII keywords must not
/// touch other letters.
fn keyword_at(window: &[u8], at: usize, keyword: &[u8]) -> bool {
    let Some(found) = window.get(at..at + keyword.len()) else {
        return false;
    };
    found
        .iter()
        .zip(keyword)
        .all(|(&t, &k)| t.to_ascii_lowercase() == k)
        && (!keyword.is_ascii()
            || ((at == 0 || !window[at - 1].is_ascii_alphabetic())
                && window
                    .get(at + keyword.len())
                    .is_none_or(|b| !b.is_ascii_alphabetic())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_whole_word_keywords_only() {
        let text = "Số CCCD: ".as_bytes();
        assert!(hints_around(text, text.len(), text.len()).has(Hint::IdVn));
        let text = b"hotel room ";
        assert!(!hints_around(text, text.len(), text.len()).has(Hint::Phone));
        let text = b"Tel. ";
        assert!(hints_around(text, text.len(), text.len()).has(Hint::Phone));
        let text = "Mã 0 đã".as_bytes();
        assert!(hints_around(text, 4, 5).has(Hint::VietnameseText));
        let text = "Kode 0 sudah".as_bytes();
        assert!(!hints_around(text, 5, 6).has(Hint::VietnameseText));
        assert!(!hints_around(text, 5, 6).has(Hint::ThaiText));
        let text = "0 ค่ะ".as_bytes();
        assert!(hints_around(text, 0, 1).has(Hint::ThaiText));
        let text = "บัตรประชาชนเลขที่ ".as_bytes();
        assert!(hints_around(text, text.len(), text.len()).has(Hint::IdTh));
    }
}
