//! Keywords written just before a number that tell what kind of number it is.
//!
//! Philippine PSNs and Vietnamese citizen IDs have no public checksum, so a label such as
//! "PhilSys" or "CCCD" is what separates them from other long numbers; other labels break ties
//! between types that a number satisfies at once (an Indonesian NIK that is also Luhn-valid).
//! Keywords never contain placeholder names (`PHONE`, `CARD`, …) so that redacted text reads the
//! same on a second pass.

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
    ("national id", Hint::IdPh),
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
    ("hp", Hint::Phone),
    ("wa", Hint::Phone),
    ("whatsapp", Hint::Phone),
    ("mobile", Hint::Phone),
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

/// Hints from the keywords in the [`WINDOW`] bytes before `end`.
pub(crate) fn hints_before(text: &[u8], end: usize) -> Hints {
    let start = end.saturating_sub(WINDOW);
    let window = &text[start..end];
    let mut hints = 0;
    for &(keyword, hint) in KEYWORDS {
        if hints & hint as u16 == 0 && contains_keyword(window, keyword.as_bytes()) {
            hints |= hint as u16;
        }
    }
    Hints(hints)
}

fn contains_keyword(window: &[u8], keyword: &[u8]) -> bool {
    if keyword.len() > window.len() {
        return false;
    }
    let whole_word = keyword.is_ascii();
    (0..=window.len() - keyword.len()).any(|at| {
        let found = window[at..at + keyword.len()]
            .iter()
            .zip(keyword)
            .all(|(&t, &k)| t.to_ascii_lowercase() == k);
        found
            && (!whole_word
                || ((at == 0 || !window[at - 1].is_ascii_alphabetic())
                    && window
                        .get(at + keyword.len())
                        .map_or(true, |b| !b.is_ascii_alphabetic())))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_whole_word_keywords_only() {
        let text = "Số CCCD: ".as_bytes();
        assert!(hints_before(text, text.len()).has(Hint::IdVn));
        let text = b"hotel room ";
        assert!(!hints_before(text, text.len()).has(Hint::Phone));
        let text = b"Tel. ";
        assert!(hints_before(text, text.len()).has(Hint::Phone));
        let text = "บัตรประชาชนเลขที่ ".as_bytes();
        assert!(hints_before(text, text.len()).has(Hint::IdTh));
    }
}
