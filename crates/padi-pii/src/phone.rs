//! Telephone numbers of the ASEAN countries and Timor-Leste, international and local forms.
//!
//! Numbering plans (ITU-T E.164 national plans) give, per country, which leading digits and how
//! many digits a national significant number (NSN: the number after the country code, without
//! the trunk prefix 0) has. A local form is the trunk prefix 0 followed by an NSN.

/// Country calling codes, three-digit ones first so that `+855` is not read as `+85`.
const COUNTRY_CODES: [&[u8]; 11] = [
    &[8, 5, 5],
    &[8, 5, 6],
    &[6, 7, 3],
    &[6, 7, 0],
    &[6, 2],
    &[6, 0],
    &[6, 5],
    &[6, 6],
    &[8, 4],
    &[6, 3],
    &[9, 5],
];

/// Countries whose local numbers are written with the trunk prefix 0.
const TRUNK_COUNTRIES: [&[u8]; 8] = [
    &[6, 2],
    &[6, 0],
    &[6, 6],
    &[8, 4],
    &[6, 3],
    &[9, 5],
    &[8, 5, 5],
    &[8, 5, 6],
];

/// What a national number is, by its leading digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    Mobile,
    Fixed,
}

/// The kind of national significant number `nsn` is in the country with calling code `cc`, if
/// its leading digit and length fit that country's plan.
fn nsn_kind(cc: &[u8], nsn: &[u8]) -> Option<Line> {
    let (&first, n) = (nsn.first()?, nsn.len());
    let kind = |mobile: bool, fixed: bool| {
        if mobile {
            Some(Line::Mobile)
        } else if fixed {
            Some(Line::Fixed)
        } else {
            None
        }
    };
    match cc {
        // Indonesia: mobile 8xx (9–12 digits); area code 2x–7x, 9xx + subscriber (8–10).
        [6, 2] => kind(
            first == 8 && (9..=12).contains(&n),
            matches!(first, 2..=7 | 9) && (8..=10).contains(&n),
        ),
        // Malaysia: mobile 1x (9–10); fixed 3–9 (8–9).
        [6, 0] => kind(
            first == 1 && (9..=10).contains(&n),
            (3..=9).contains(&first) && (8..=9).contains(&n),
        ),
        // Singapore: 8 digits; mobile 8/9, fixed 6, VoIP 3.
        [6, 5] => kind(
            n == 8 && matches!(first, 8 | 9),
            n == 8 && matches!(first, 3 | 6),
        ),
        // Thailand: mobile 6/8/9 (9); fixed 2–7 (8).
        [6, 6] => kind(
            matches!(first, 6 | 8 | 9) && n == 9,
            (2..=7).contains(&first) && n == 8,
        ),
        // Vietnam: mobile 3/5/7/8/9 (9); fixed 2xx (10).
        [8, 4] => kind(
            matches!(first, 3 | 5 | 7 | 8 | 9) && n == 9,
            first == 2 && n == 10,
        ),
        // Philippines: mobile 9xx (10); fixed 2–8 (9).
        [6, 3] => kind(first == 9 && n == 10, (2..=8).contains(&first) && n == 9),
        // Myanmar: mobile 9 (8–10); fixed 1–8 (8–9).
        [9, 5] => kind(
            first == 9 && (8..=10).contains(&n),
            (1..=8).contains(&first) && (8..=9).contains(&n),
        ),
        // Cambodia: mobile 1x/6x–9x, fixed 2x–5x; 8–9 digits.
        [8, 5, 5] => kind(
            matches!(first, 1 | 6..=9) && (8..=9).contains(&n),
            (2..=5).contains(&first) && (8..=9).contains(&n),
        ),
        // Laos: mobile 20 (10); fixed 21–89 (8–9).
        [8, 5, 6] => kind(
            nsn.starts_with(&[2, 0]) && n == 10,
            first != 0 && !nsn.starts_with(&[2, 0]) && (8..=9).contains(&n),
        ),
        // Brunei: 7 digits; mobile 7/8, fixed 2–5.
        [6, 7, 3] => kind(
            n == 7 && matches!(first, 7 | 8),
            n == 7 && (2..=5).contains(&first),
        ),
        // Timor-Leste: mobile 7xxx xxxx (8), fixed 7 digits.
        [6, 7, 0] => kind(first == 7 && n == 8, n == 7 && (2..=4).contains(&first)),
        _ => None,
    }
}

/// A candidate number: its digit values and the lengths of its digit groups, in order.
pub(crate) struct PhoneShape<'a> {
    pub digits: &'a [u8],
    pub group_lens: &'a [u8],
    /// Written with a leading `+` (international form).
    pub international: bool,
}

/// How sure a number is a telephone number of one of the countries covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PhoneMatch {
    /// International, grouped like a phone number, or a mobile number.
    Sure,
    /// A landline number written as one block of digits ("0212345678"): as often a reference
    /// number, so it counts only after a label such as "Tel" or "telepon".
    NeedsLabel,
}

/// Whether the candidate is a telephone number, and how sure.
pub(crate) fn phone(shape: &PhoneShape<'_>) -> Option<PhoneMatch> {
    let d = shape.digits;
    let lens = shape.group_lens;
    let first_group = lens.first().map_or(0, |&l| usize::from(l));
    let sure = |found: bool| found.then_some(PhoneMatch::Sure);
    if shape.international {
        return sure(international(d, first_group));
    }
    if d.starts_with(&[0, 0]) {
        // 00 is the international call prefix in all these countries: 0062 812 3456 7890.
        return sure(international(&d[2..], first_group.saturating_sub(2)));
    }
    if d.len() == 8 && lens == [4, 4] {
        // Singapore has no trunk prefix: only accept the usual "9123 4567" grouping.
        return sure(nsn_kind(&[6, 5], d).is_some());
    }
    let contiguous = lens.len() == 1;
    let grouped_like_a_phone = contiguous
        || (lens.len() <= 5
            && lens.iter().all(|&l| l >= 2)
            && (2..=5).contains(&lens[0])
            && lens.last().is_some_and(|&l| l >= 3));
    if d.first() != Some(&0) || !grouped_like_a_phone {
        return None;
    }
    let kinds = TRUNK_COUNTRIES
        .iter()
        .filter_map(|cc| nsn_kind(cc, &d[1..]));
    let mut best = None;
    for kind in kinds {
        if kind == Line::Mobile || !contiguous {
            return Some(PhoneMatch::Sure);
        }
        best = Some(PhoneMatch::NeedsLabel);
    }
    best
}

/// A country code and national number; the code must lie within the first digit group.
fn international(d: &[u8], first_group: usize) -> bool {
    COUNTRY_CODES.iter().any(|cc| {
        if first_group < cc.len() || !d.starts_with(cc) {
            return false;
        }
        let nsn = &d[cc.len()..];
        // "+62 (0)812…" and "+62 0812…" keep the trunk prefix by habit.
        let nsn = nsn.strip_prefix(&[0]).unwrap_or(nsn);
        nsn_kind(cc, nsn).is_some()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(digits: &str, lens: &[u8], international: bool) -> Option<PhoneMatch> {
        let d: Vec<u8> = digits.bytes().map(|b| b - b'0').collect();
        phone(&PhoneShape {
            digits: &d,
            group_lens: lens,
            international,
        })
    }

    #[test]
    fn international_and_local_forms() {
        let sure = Some(PhoneMatch::Sure);
        assert_eq!(check("6281234567890", &[2, 3, 4, 4], true), sure);
        assert_eq!(check("85512345678", &[3, 2, 3, 3], true), sure);
        assert_eq!(check("6591234567", &[2, 4, 4], true), sure);
        assert_eq!(check("6512345678", &[2, 4, 4], true), None); // SG never starts with 1
        assert_eq!(check("081234567890", &[4, 4, 4], false), sure);
        assert_eq!(check("021234567", &[2, 3, 4], false), sure);
        assert_eq!(
            check("021234567", &[9], false),
            Some(PhoneMatch::NeedsLabel)
        );
        assert_eq!(check("91234567", &[4, 4], false), sure);
        assert_eq!(check("006281234567890", &[4, 3, 4, 4], false), sure);
        assert_eq!(check("0081234567890", &[13], false), None);
        assert_eq!(check("0306406152", &[1, 3, 5, 1], false), None); // ISBN-10 grouping
        assert_eq!(check("1234567890", &[10], false), None);
        assert_eq!(check("01234567", &[8], false), None);
    }
}
