//! Checksum and structure validators for identity and card numbers.
//!
//! Every function takes digit *values* (0–9), not ASCII bytes, so that native-script digits
//! (Thai, Lao, Khmer, Myanmar) are validated exactly like ASCII ones.

/// Number of a run of digit values (`[1, 2]` → 12).
fn number(d: &[u8]) -> u32 {
    d.iter().fold(0, |n, &v| n * 10 + u32::from(v))
}

/// Whether `day`/`month` is a calendar date in some year (29 February is allowed because a
/// two-digit year cannot tell leap years apart).
fn valid_day_month(day: u32, month: u32) -> bool {
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => 29,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// Luhn (mod 10) check used by payment cards.
pub(crate) fn luhn(d: &[u8]) -> bool {
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &v)| {
            let v = u32::from(v);
            if i % 2 == 1 {
                let twice = v * 2;
                if twice > 9 {
                    twice - 9
                } else {
                    twice
                }
            } else {
                v
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Whether the issuer prefix (IIN) belongs to a card network that issues numbers of this length:
/// Visa, Mastercard, American Express, Discover, JCB, UnionPay and Diners Club.
pub(crate) fn card_issuer(d: &[u8]) -> bool {
    let n = d.len();
    if n < 13 {
        return false;
    }
    let p2 = number(&d[..2]);
    let p3 = number(&d[..3]);
    let p4 = number(&d[..4]);
    match d[0] {
        4 => matches!(n, 13 | 16 | 19),
        5 => (51..=55).contains(&p2) && n == 16,
        2 => (2221..=2720).contains(&p4) && n == 16,
        3 => {
            ((p2 == 34 || p2 == 37) && n == 15)
                || ((3528..=3589).contains(&p4) && n >= 16)
                || (((300..=305).contains(&p3) || p2 == 36 || p2 == 38 || p2 == 39) && n >= 14)
        }
        6 => (p4 == 6011 || (644..=649).contains(&p3) || p2 == 65 || p2 == 62) && n >= 16,
        _ => false,
    }
}

/// Thai national ID: 13 digits, first digit 1–8 (person category), digits 2–3 a province code,
/// last digit `(11 - Σ dᵢ·(13-i) mod 11) mod 10`.
pub(crate) fn thai_id(d: &[u8]) -> bool {
    if d.len() != 13 || !(1..=8).contains(&d[0]) || !(10..=96).contains(&number(&d[1..3])) {
        return false;
    }
    let sum: u32 = d[..12]
        .iter()
        .enumerate()
        .map(|(i, &v)| u32::from(v) * (13 - i as u32))
        .sum();
    (11 - sum % 11) % 10 == u32::from(d[12])
}

/// Indonesian province codes (Kemendagri), including the Papua provinces created in 2022.
const NIK_PROVINCES: &[u32] = &[
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65,
    71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96,
];

/// Indonesian NIK: province, regency and district codes, birth date DDMMYY (women's day + 40),
/// then a non-zero 4-digit serial.
pub(crate) fn nik(d: &[u8]) -> bool {
    if d.len() != 16 {
        return false;
    }
    let province = number(&d[..2]);
    if !NIK_PROVINCES.contains(&province) {
        return false;
    }
    if number(&d[2..4]) == 0 || number(&d[4..6]) == 0 || number(&d[12..]) == 0 {
        return false;
    }
    let day = number(&d[6..8]);
    let day = if day > 40 { day - 40 } else { day };
    valid_day_month(day, number(&d[8..10]))
}

/// Malaysian MyKad place-of-birth codes: states (01–16 and their alternates 21–59), and the
/// country/region codes for people born abroad (60–68, 71–72, 74–79, 82–93, 98–99).
fn mykad_place(code: u32, born_in_malaysia_only: bool) -> bool {
    let state = (1..=16).contains(&code) || (21..=59).contains(&code);
    if born_in_malaysia_only {
        return state;
    }
    state
        || (60..=68).contains(&code)
        || code == 71
        || code == 72
        || (74..=79).contains(&code)
        || (82..=93).contains(&code)
        || code == 98
        || code == 99
}

/// Malaysian MyKad YYMMDD-PB-###G: a valid birth date and place-of-birth code. `strict` (used for
/// numbers written without dashes) only accepts places of birth inside Malaysia.
pub(crate) fn mykad(d: &[u8], strict: bool) -> bool {
    d.len() == 12
        && valid_day_month(number(&d[4..6]), number(&d[2..4]))
        && mykad_place(number(&d[6..8]), strict)
}

/// Singapore NRIC/FIN check letter for a prefix letter and 7 digits, or `None` for an unknown
/// prefix. Weights 2,7,6,5,4,3,2; offsets T/G +4, M +3; one letter table per series.
pub(crate) fn nric_check_letter(prefix: u8, d: &[u8]) -> Option<u8> {
    const WEIGHTS: [u32; 7] = [2, 7, 6, 5, 4, 3, 2];
    let (offset, table): (u32, &[u8; 11]) = match prefix {
        b'S' => (0, b"JZIHGFEDCBA"),
        b'T' => (4, b"JZIHGFEDCBA"),
        b'F' => (0, b"XWUTRQPNMLK"),
        b'G' => (4, b"XWUTRQPNMLK"),
        b'M' => (3, b"XWUTRQPNJLK"),
        _ => return None,
    };
    if d.len() != 7 {
        return None;
    }
    let sum: u32 = d.iter().zip(WEIGHTS).map(|(&v, w)| u32::from(v) * w).sum();
    Some(table[((sum + offset) % 11) as usize])
}

/// Vietnamese province codes used in citizen ID numbers (Circular 07/2016/TT-BCA).
const VN_PROVINCES: &[u32] = &[
    1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37,
    38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77,
    79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
];

/// Vietnamese 12-digit citizen ID: province code, century/gender digit (0–1 born 1900s, 2–3
/// born 2000s), two-digit birth year, six-digit serial. Births in the 2000s are accepted up to
/// 2029 so that the check does not depend on today's date.
pub(crate) fn vn_citizen_id(d: &[u8]) -> bool {
    if d.len() != 12 || !VN_PROVINCES.contains(&number(&d[..3])) {
        return false;
    }
    match d[3] {
        0 | 1 => true,
        2 | 3 => number(&d[4..6]) <= 29,
        _ => false,
    }
}

/// Whether 3 digit groups with these values and lengths read as a date (day-month-year,
/// month-day-year or year-month-day).
pub(crate) fn looks_like_date(groups: [(u32, usize); 3]) -> bool {
    let [(a, la), (b, lb), (c, lc)] = groups;
    let short = |l: usize| l == 1 || l == 2;
    if short(la) && short(lb) && (lc == 2 || lc == 4) {
        return valid_day_month(a, b) || valid_day_month(b, a);
    }
    la == 4 && short(lb) && short(lc) && valid_day_month(c, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digits(s: &str) -> Vec<u8> {
        s.bytes()
            .filter(u8::is_ascii_digit)
            .map(|b| b - b'0')
            .collect()
    }

    #[test]
    fn luhn_and_issuers() {
        assert!(luhn(&digits("4111111111111111")));
        assert!(!luhn(&digits("4111111111111112")));
        assert!(luhn(&digits("378282246310005")));
        assert!(card_issuer(&digits("378282246310005")));
        assert!(card_issuer(&digits("5555555555554444")));
        assert!(!card_issuer(&digits("9780306406157")));
    }

    #[test]
    fn nric_known_values() {
        assert_eq!(nric_check_letter(b'S', &digits("1234567")), Some(b'D'));
        assert_eq!(nric_check_letter(b'M', &digits("5012345")), Some(b'J'));
        assert_eq!(nric_check_letter(b'X', &digits("1234567")), None);
    }

    #[test]
    fn thai_checksum() {
        // 1-1017-00207-04-? : Σ = 1·13+1·12+0·11+1·10+7·9+0·8+0·7+2·6+0·5+7·4+0·3+4·2 = 146;
        // 146 mod 11 = 3; (11-3) mod 10 = 8.
        assert!(thai_id(&digits("1101700207048")));
        assert!(!thai_id(&digits("1101700207047")));
    }

    #[test]
    fn nik_structure() {
        assert!(nik(&digits("3201014507900001"))); // woman born 5 July 1990
        assert!(!nik(&digits("3201013207900001"))); // 32 July
        assert!(!nik(&digits("2001010101900001"))); // province 20 does not exist
        assert!(!nik(&digits("3201010101900000"))); // serial 0000
    }

    #[test]
    fn mykad_and_vn() {
        assert!(mykad(&digits("900101145678"), true));
        assert!(!mykad(&digits("900101705678"), false)); // place code 70 unused
        assert!(mykad(&digits("900101715678"), false));
        assert!(!mykad(&digits("900101715678"), true));
        assert!(vn_citizen_id(&digits("079203001234")));
        assert!(!vn_citizen_id(&digits("003203001234"))); // province 003 unused
        assert!(!vn_citizen_id(&digits("079293001234"))); // born 2093
    }
}
