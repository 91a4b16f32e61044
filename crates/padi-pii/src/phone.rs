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

/// Whether `nsn` is a plausible national significant number in the country with calling code `cc`.
fn nsn_valid(cc: &[u8], nsn: &[u8]) -> bool {
    let (Some(&first), n) = (nsn.first(), nsn.len()) else {
        return false;
    };
    if first == 0 {
        return false;
    }
    match cc {
        // Indonesia: mobile 8xx (9–12 digits), landline area code + subscriber (8–10).
        [6, 2] => (first == 8 && (9..=12).contains(&n)) || (first != 1 && (8..=10).contains(&n)),
        // Malaysia: mobile 1x (9–10), landline (8–9).
        [6, 0] => (first == 1 && (9..=10).contains(&n)) || (first != 1 && (8..=9).contains(&n)),
        // Singapore: 8 digits, fixed 6, mobile 8/9, 3 for VoIP.
        [6, 5] => n == 8 && matches!(first, 3 | 6 | 8 | 9),
        // Thailand: mobile 6/8/9 (9), landline 2–7 (8).
        [6, 6] => (matches!(first, 6 | 8 | 9) && n == 9) || ((2..=7).contains(&first) && n == 8),
        // Vietnam: mobile 3/5/7/8/9 (9), landline 2xx (10).
        [8, 4] => (matches!(first, 3 | 5 | 7 | 8 | 9) && n == 9) || (first == 2 && n == 10),
        // Philippines: mobile 9xx (10), landline (9).
        [6, 3] => (first == 9 && n == 10) || ((2..=8).contains(&first) && n == 9),
        // Myanmar: mobile 9 (8–10), landline (7–9).
        [9, 5] => (first == 9 && (8..=10).contains(&n)) || (7..=9).contains(&n),
        // Cambodia: 8–9 digits.
        [8, 5, 5] => (8..=9).contains(&n),
        // Laos: mobile 20 (10), landline (8–9).
        [8, 5, 6] => (nsn.starts_with(&[2, 0]) && n == 10) || (first != 2 && (8..=9).contains(&n)),
        // Brunei: 7 digits.
        [6, 7, 3] => n == 7 && (2..=8).contains(&first),
        // Timor-Leste: 7 digits, mobile 7xxx xxxx (8).
        [6, 7, 0] => n == 7 || (first == 7 && n == 8),
        _ => false,
    }
}

/// A candidate number: its digit values and the lengths of its digit groups, in order.
pub(crate) struct PhoneShape<'a> {
    pub digits: &'a [u8],
    pub group_lens: &'a [u8],
    /// Written with a leading `+` (international form).
    pub international: bool,
}

/// Whether the candidate is a telephone number of one of the countries covered.
pub(crate) fn phone(shape: &PhoneShape<'_>) -> bool {
    let d = shape.digits;
    let lens = shape.group_lens;
    let first_group = lens.first().map_or(0, |&l| usize::from(l));
    if shape.international {
        return international(d, first_group);
    }
    if d.starts_with(&[0, 0]) {
        // 00 is the international call prefix in all these countries: 0062 812 3456 7890.
        return international(&d[2..], first_group.saturating_sub(2));
    }
    if d.len() == 8 && lens == [4, 4] {
        // Singapore has no trunk prefix: only accept the usual "9123 4567" grouping.
        return nsn_valid(&[6, 5], d);
    }
    let grouped_like_a_phone = lens.len() == 1
        || (lens.len() <= 5
            && lens.iter().all(|&l| l >= 2)
            && (2..=5).contains(&lens[0])
            && lens.last().is_some_and(|&l| l >= 3));
    d.first() == Some(&0)
        && grouped_like_a_phone
        && TRUNK_COUNTRIES.iter().any(|cc| nsn_valid(cc, &d[1..]))
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
        nsn_valid(cc, nsn)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(digits: &str, lens: &[u8], international: bool) -> bool {
        let d: Vec<u8> = digits.bytes().map(|b| b - b'0').collect();
        phone(&PhoneShape {
            digits: &d,
            group_lens: lens,
            international,
        })
    }

    #[test]
    fn international_and_local_forms() {
        assert!(check("6281234567890", &[2, 3, 4, 4], true));
        assert!(check("85512345678", &[3, 2, 3, 3], true));
        assert!(check("6591234567", &[2, 4, 4], true));
        assert!(!check("6512345678", &[2, 4, 4], true)); // SG numbers do not start with 1
        assert!(check("081234567890", &[4, 4, 4], false));
        assert!(check("0212345678", &[2, 3, 4], false) || check("021234567", &[2, 3, 4], false));
        assert!(check("91234567", &[4, 4], false));
        assert!(check("006281234567890", &[4, 3, 4, 4], false));
        assert!(!check("0081234567890", &[13], false));
        assert!(!check("0306406152", &[1, 3, 5, 1], false)); // ISBN-10 grouping
        assert!(!check("1234567890", &[10], false));
    }
}
