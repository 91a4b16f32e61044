//! The scanner: one pass over the bytes of a text that finds PII spans.
//!
//! Most bytes are rejected by a table lookup; only ASCII digits, native digits, `@` and `:` start
//! the (more expensive) matchers. Numbers are read as *spans*: digit groups joined by `-`/`.`
//! (a *run*, which is never split, so a number inside a longer digit string is never partly
//! redacted) and runs joined by single spaces. Candidates are whole runs or consecutive runs of a
//! span, tried longest first.

use std::net::Ipv6Addr;

use crate::context::{hints_around, Hint, Hints};
use crate::ids;
use crate::phone::{phone, PhoneMatch, PhoneShape};
use crate::PiiType;

/// A span of the text to replace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Match {
    pub start: usize,
    pub end: usize,
    pub pii_type: PiiType,
}

/// Bytes that may begin PII: ASCII digits, `@`, `:`, and the lead bytes of Thai/Lao (0xE0) and
/// Myanmar/Khmer (0xE1) digits.
const TRIGGER: [bool; 256] = {
    let mut table = [false; 256];
    let mut c = b'0';
    while c <= b'9' {
        table[c as usize] = true;
        c += 1;
    }
    table[b'@' as usize] = true;
    table[b':' as usize] = true;
    table[0xE0] = true;
    table[0xE1] = true;
    table
};

/// Digit groups kept per span; longer lists of numbers are cut into several spans.
const MAX_GROUPS: usize = 12;
/// Runs per candidate: enough for "+62 812 3456 7890" written with spaces only.
const MAX_RUNS: usize = 6;
/// The longest candidate: a 19-digit card, or a country code and a 13-digit number.
const MAX_DIGITS: usize = 19;
/// The shortest candidate: an IPv4 address such as 1.1.1.1.
const MIN_DIGITS: usize = 4;
/// Longest IPv6 text considered (45 characters at most for a valid address).
const MAX_IPV6: usize = 64;

/// The value and UTF-8 length of the decimal digit at `i`: ASCII, Thai (U+0E50–0E59), Lao
/// (U+0ED0–0ED9), Myanmar (U+1040–1049) or Khmer (U+17E0–17E9).
fn digit_at(b: &[u8], i: usize) -> Option<(u8, usize)> {
    let c = *b.get(i)?;
    if c.is_ascii_digit() {
        return Some((c - b'0', 1));
    }
    if c != 0xE0 && c != 0xE1 {
        return None;
    }
    let (c1, c2) = (*b.get(i + 1)?, *b.get(i + 2)?);
    let value = match (c, c1, c2) {
        (0xE0, 0xB9 | 0xBB, 0x90..=0x99) => c2 - 0x90,
        (0xE1, 0x81, 0x80..=0x89) => c2 - 0x80,
        (0xE1, 0x9F, 0xA0..=0xA9) => c2 - 0xA0,
        _ => return None,
    };
    Some((value, 3))
}

/// ASCII letters, digits and `_`: a number touching one of them is part of a word or code.
fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// Whether a word byte or a native digit ends just before `i`.
fn word_ends_at(b: &[u8], i: usize) -> bool {
    (i >= 1 && is_word_byte(b[i - 1])) || digit_ends_at(b, i)
}

fn digit_ends_at(b: &[u8], i: usize) -> bool {
    (i >= 1 && b[i - 1].is_ascii_digit()) || (i >= 3 && matches!(digit_at(b, i - 3), Some((_, 3))))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    Start,
    Dash,
    Dot,
    Space,
}

#[derive(Debug, Clone, Copy)]
struct Group {
    /// Byte range, including a `(`…`)` around the digits and, for the first group, a `+`.
    start: usize,
    end: usize,
    /// Where the group's digit values start in `Scanner::digits`.
    from: usize,
    /// Number of digits.
    len: usize,
    /// Separator before the group.
    sep: Sep,
}

#[derive(Debug, Clone, Copy)]
struct Run {
    first: usize,
    last: usize,
    digits: usize,
    date: bool,
}

/// A candidate number: consecutive runs of a span.
struct Candidate<'a> {
    digits: &'a [u8],
    group_lens: &'a [u8],
    has_dot: bool,
    has_dash: bool,
    international: bool,
    /// The candidate is one run of four dot-separated ASCII groups.
    dotted_quad: Option<[u32; 4]>,
}

/// Buffers reused across the spans and passes of one text.
#[derive(Debug, Default)]
pub(crate) struct Scanner {
    groups: Vec<Group>,
    digits: Vec<u8>,
    runs: Vec<Run>,
    lens: Vec<u8>,
}

impl Scanner {
    /// Appends the PII spans of `text` to `out`, in order and without overlaps.
    pub(crate) fn scan(&mut self, text: &str, out: &mut Vec<Match>) {
        let b = text.as_bytes();
        let mut i = 0;
        // Nothing before `floor` may be part of a new match.
        let mut floor = 0;
        while i < b.len() {
            let c = b[i];
            if !TRIGGER[usize::from(c)] {
                i += 1;
                continue;
            }
            let found = match c {
                b'@' => email_at(b, i, floor),
                b':' => ipv6_around(b, i, floor),
                _ => {
                    if digit_at(b, i).is_none() {
                        i += 1;
                        continue;
                    }
                    let before = out.len();
                    i = self.number_at(b, i, floor, out);
                    if let Some(last) = out[before..].last() {
                        floor = last.end;
                    }
                    continue;
                }
            };
            match found {
                Some(m) => {
                    out.push(m);
                    i = m.end;
                    floor = m.end;
                }
                None => i += 1,
            }
        }
    }

    /// Handles the number starting at the digit at `i`; returns where scanning continues.
    fn number_at(&mut self, b: &[u8], i: usize, floor: usize, out: &mut Vec<Match>) -> usize {
        if i > floor && is_word_byte(b[i - 1]) {
            if let Some(m) = nric_at(b, i, floor) {
                out.push(m);
                return m.end;
            }
            return skip_word(b, i);
        }
        if hex_then_colon(b, i) {
            if let Some(m) = ipv6_around(b, i, floor) {
                out.push(m);
                return m.end;
            }
        }
        let (international, end) = self.parse_span(b, i);
        self.match_span(b, international, floor, out);
        end
    }

    /// Reads the span starting at the digit at `i` into `groups`/`digits`/`runs`; returns
    /// whether it starts with `+` and where it ends.
    fn parse_span(&mut self, b: &[u8], i: usize) -> (bool, usize) {
        self.groups.clear();
        self.digits.clear();
        self.runs.clear();
        let international = i >= 1 && b[i - 1] == b'+';
        let lead = usize::from(international);
        let mut open = i > lead && b[i - lead - 1] == b'(';
        let mut pos = i;
        let mut sep = Sep::Start;
        loop {
            let digits_start = pos;
            let from = self.digits.len();
            let mut len = 0;
            while let Some((value, width)) = digit_at(b, pos) {
                // A group past MAX_DIGITS only makes too-long candidates: keep its count alone.
                if len <= MAX_DIGITS {
                    self.digits.push(value);
                }
                len += 1;
                pos += width;
            }
            let closed = open && b.get(pos) == Some(&b')');
            let mut start = digits_start;
            if sep == Sep::Start {
                start -= lead;
            }
            if closed {
                pos += 1;
                start -= 1;
            }
            self.groups.push(Group {
                start,
                end: pos,
                from,
                len,
                sep,
            });
            if self.groups.len() == MAX_GROUPS {
                break;
            }
            open = false;
            match b.get(pos) {
                Some(&c @ (b'-' | b'.')) if !closed && digit_at(b, pos + 1).is_some() => {
                    sep = if c == b'-' { Sep::Dash } else { Sep::Dot };
                    pos += 1;
                    continue;
                }
                _ => {}
            }
            let gap = if b.get(pos) == Some(&b' ') || (closed && b.get(pos) == Some(&b'-')) {
                1
            } else if b[pos..].starts_with("\u{a0}".as_bytes()) {
                2
            } else {
                0
            };
            if gap == 0 && !closed {
                break;
            }
            let next = pos + gap;
            if digit_at(b, next).is_some() {
                sep = Sep::Space;
                pos = next;
            } else if gap > 0 && b.get(next) == Some(&b'(') && digit_at(b, next + 1).is_some() {
                sep = Sep::Space;
                open = true;
                pos = next + 1;
            } else {
                break;
            }
        }
        let end = self.groups.last().map_or(i, |g| g.end);
        self.collect_runs();
        (international, end)
    }

    fn collect_runs(&mut self) {
        for (g, group) in self.groups.iter().enumerate() {
            match group.sep {
                Sep::Start | Sep::Space => self.runs.push(Run {
                    first: g,
                    last: g,
                    digits: group.len,
                    date: false,
                }),
                Sep::Dash | Sep::Dot => {
                    if let Some(run) = self.runs.last_mut() {
                        run.last = g;
                        run.digits += group.len;
                    }
                }
            }
        }
        for run in &mut self.runs {
            run.date = is_date(&self.groups[run.first..=run.last], &self.digits);
        }
    }

    /// Tries the candidates of the parsed span, longest first from each run, and records matches.
    fn match_span(&mut self, b: &[u8], international: bool, floor: usize, out: &mut Vec<Match>) {
        let mut a = 0;
        // Runs from here on stand alone (after a match or a date): multi-run candidates must start
        // here, so that a group inside a longer space-separated number is never taken alone.
        let mut segment_start = 0;
        while a < self.runs.len() {
            let mut found = None;
            let mut hints: Option<Hints> = None;
            let last = (a + MAX_RUNS).min(self.runs.len());
            for z in (a..last).rev() {
                let runs = &self.runs[a..=z];
                let digits: usize = runs.iter().map(|r| r.digits).sum();
                if runs.iter().any(|r| r.date) || digits > MAX_DIGITS {
                    continue;
                }
                if digits < MIN_DIGITS {
                    break;
                }
                // Several runs only as the whole (rest of the) span, or an international number
                // at its start: "9370 2194" in "9370 2194 4467 0446" is part of a longer number.
                let whole = a == segment_start && z + 1 == self.runs.len();
                if z > a && !whole && !(international && a == 0) {
                    continue;
                }
                let (first, last) = (self.runs[a].first, self.runs[z].last);
                if !self.boundaries_ok(b, first, last, floor) {
                    continue;
                }
                self.lens.clear();
                self.lens.extend(
                    self.groups[first..=last]
                        .iter()
                        .map(|g| u8::try_from(g.len).unwrap_or(u8::MAX)),
                );
                let from = self.groups[first].from;
                let candidate = Candidate {
                    digits: &self.digits[from..from + digits],
                    group_lens: &self.lens,
                    has_dot: self.groups[first + 1..=last]
                        .iter()
                        .any(|g| g.sep == Sep::Dot),
                    has_dash: self.groups[first + 1..=last]
                        .iter()
                        .any(|g| g.sep == Sep::Dash),
                    international: international && a == 0,
                    dotted_quad: dotted_quad(b, &self.groups[first..=last], &self.digits),
                };
                let (start, end) = (self.groups[first].start, self.groups[last].end);
                let mut hints_here = || *hints.get_or_insert_with(|| hints_around(b, start, end));
                if let Some(pii_type) = classify(&candidate, &mut hints_here) {
                    if !hints_here().has(Hint::NotPii) {
                        found = Some((z, pii_type));
                    }
                    break;
                }
            }
            match found {
                Some((z, pii_type)) => {
                    out.push(Match {
                        start: self.groups[self.runs[a].first].start,
                        end: self.groups[self.runs[z].last].end,
                        pii_type,
                    });
                    a = z + 1;
                    segment_start = a;
                }
                None => {
                    // A date ends a number as clearly as a match: "17-08-2024 0812 3456 7890".
                    if self.runs[a].date {
                        segment_start = a + 1;
                    }
                    a += 1;
                }
            }
        }
    }

    /// A candidate from group `first` to group `last` must not touch a word, a code (`#123`), an
    /// e-mail address or a longer number written with `,` (`/` is allowed: "0811…/0812…" lists
    /// numbers, and dates split at `/` into groups too short for PII). A match ending at `floor`
    /// counts as a neutral neighbour, as its placeholder will be on the next pass.
    fn boundaries_ok(&self, b: &[u8], first: usize, last: usize, floor: usize) -> bool {
        let start = self.groups[first].start;
        let end = self.groups[last].end;
        if first == 0 && start > floor {
            let c = b[start - 1];
            if word_ends_at(b, start)
                || matches!(c, b'#' | b'@' | b'+' | b'$')
                || (matches!(c, b',' | b'.' | b'-') && digit_ends_at(b, start - 1))
            {
                return false;
            }
        }
        if last + 1 == self.groups.len() {
            if let Some(&c) = b.get(end) {
                if is_word_byte(c)
                    || c == b'@'
                    || (matches!(c, b',' | b'.' | b'-') && digit_at(b, end + 1).is_some())
                {
                    return false;
                }
            }
        }
        true
    }
}

/// Classifies a candidate number. `hints` reads the text around the candidate (lazily: most
/// candidates are decided without it).
fn classify(c: &Candidate<'_>, hints: &mut impl FnMut() -> Hints) -> Option<PiiType> {
    if let Some(octets) = c.dotted_quad {
        return (octets[0] >= 1 && octets.iter().all(|&o| o <= 255)).then_some(PiiType::Ip);
    }
    let phone_shape = PhoneShape {
        digits: c.digits,
        group_lens: c.group_lens,
        international: c.international,
    };
    if c.international {
        return phone(&phone_shape).map(|_| PiiType::Phone);
    }
    let d = c.digits;
    let lens = c.group_lens;
    let contiguous = lens.len() == 1;
    match d.len() {
        // One random 13-digit number in eleven passes the check digit: written solid, it also
        // needs Thai script or a label around it.
        13 if ids::thai_id(d)
            && !c.has_dot
            && (lens == [1, 4, 5, 2, 1]
                || (contiguous && (hints().has(Hint::ThaiText) || hints().has(Hint::IdTh)))) =>
        {
            return Some(PiiType::IdTh);
        }
        12 => {
            if hints().has(Hint::IdVn) && ids::vn_citizen_id(d) {
                return Some(PiiType::IdVn);
            }
            if lens == [6, 2, 4] && !c.has_dot && ids::mykad(d, false) {
                return Some(PiiType::IdMy);
            }
            // Undashed, YYMMDD + 6 digits is also a common order-number pattern: need a label.
            if contiguous && ids::mykad(d, true) && hints().has(Hint::IdMy) {
                return Some(PiiType::IdMy);
            }
        }
        16 => {
            if hints().has(Hint::IdPh) {
                return Some(PiiType::IdPh);
            }
            if ids::nik(d) && (contiguous || hints().has(Hint::IdId)) && !hints().has(Hint::Card) {
                return Some(PiiType::IdId);
            }
        }
        _ => {}
    }
    let card_grouping = contiguous || (!c.has_dot && lens.iter().all(|l| (3..=6).contains(l)));
    if (13..=19).contains(&d.len()) && card_grouping && ids::luhn(d) && ids::card_issuer(d) {
        return Some(PiiType::Card);
    }
    // PhilSys numbers have no checksum: without a keyword only the printed 1234-5678-9012-3456
    // form counts, and not when it starts like a card number (2–6).
    if lens == [4, 4, 4, 4] && c.has_dash && !c.has_dot && !(2..=6).contains(&d[0]) {
        return Some(PiiType::IdPh);
    }
    // Vietnamese IDs of the provinces 080–089 are also Indonesian mobile numbers: the language
    // around the number decides.
    let vn_id = contiguous && ids::vn_citizen_id(d);
    if vn_id && hints().has(Hint::VietnameseText) {
        return Some(PiiType::IdVn);
    }
    match phone(&phone_shape) {
        Some(PhoneMatch::Sure) => return Some(PiiType::Phone),
        Some(PhoneMatch::NeedsLabel) if hints().has(Hint::Phone) => return Some(PiiType::Phone),
        _ => {}
    }
    vn_id.then_some(PiiType::IdVn)
}

/// The octets of a run written as four dot-separated ASCII groups of 1–3 digits without leading
/// zeros (which price notations like 1.200.000.000 have).
fn dotted_quad(b: &[u8], groups: &[Group], digits: &[u8]) -> Option<[u32; 4]> {
    if groups.len() != 4 || groups[1..].iter().any(|g| g.sep != Sep::Dot) {
        return None;
    }
    let mut octets = [0; 4];
    for (octet, g) in octets.iter_mut().zip(groups) {
        let ascii = g.end - g.start == g.len && b[g.start].is_ascii_digit();
        let value = &digits[g.from..g.from + g.len.min(4)];
        if !ascii || g.len > 3 || (g.len > 1 && value[0] == 0) {
            return None;
        }
        *octet = value.iter().fold(0, |n, &v| n * 10 + u32::from(v));
    }
    Some(octets)
}

/// A run of three groups joined by the same separator that reads as a date.
fn is_date(groups: &[Group], digits: &[u8]) -> bool {
    let [a, b, c] = groups else {
        return false;
    };
    if b.sep != c.sep || a.len > 4 || b.len > 4 || c.len > 4 {
        return false;
    }
    let value = |g: &Group| {
        let number = digits[g.from..g.from + g.len]
            .iter()
            .fold(0, |n, &v| n * 10 + u32::from(v));
        (number, g.len)
    };
    ids::looks_like_date([value(a), value(b), value(c)])
}

/// Skips a word that contains digits (`abc123`, `A1B2`), so no part of it is taken for a number.
fn skip_word(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        if is_word_byte(b[i]) {
            i += 1;
        } else if let Some((_, width)) = digit_at(b, i) {
            i += width;
        } else {
            break;
        }
    }
    i
}

/// Singapore NRIC/FIN: the letter before `i`, seven ASCII digits at `i`, a check letter.
fn nric_at(b: &[u8], i: usize, floor: usize) -> Option<Match> {
    let start = i.checked_sub(1).filter(|&s| s >= floor)?;
    if start > floor && word_ends_at(b, start) {
        return None;
    }
    let body = b.get(i..i + 7)?;
    let check = *b.get(i + 7)?;
    if !body.iter().all(u8::is_ascii_digit) || !check.is_ascii_alphabetic() {
        return None;
    }
    if b.get(i + 8).is_some_and(|&c| is_word_byte(c)) {
        return None;
    }
    let mut d = [0; 7];
    for (v, &c) in d.iter_mut().zip(body) {
        *v = c - b'0';
    }
    let expected = ids::nric_check_letter(b[start].to_ascii_uppercase(), &d)?;
    (expected == check.to_ascii_uppercase()).then_some(Match {
        start,
        end: i + 8,
        pii_type: PiiType::IdSg,
    })
}

/// Whether up to four hex digits at `i` are followed by `:`, as in `2001:db8::1`.
fn hex_then_colon(b: &[u8], i: usize) -> bool {
    b[i..]
        .iter()
        .take(5)
        .find(|c| !c.is_ascii_hexdigit())
        .is_some_and(|&c| c == b':')
}

fn is_ipv6_byte(c: u8) -> bool {
    c.is_ascii_hexdigit() || c == b':' || c == b'.'
}

/// An IPv6 address containing the byte at `pos`, not touching letters or digits.
fn ipv6_around(b: &[u8], pos: usize, floor: usize) -> Option<Match> {
    let lowest = pos.saturating_sub(MAX_IPV6).max(floor);
    let mut start = pos;
    while start > lowest && is_ipv6_byte(b[start - 1]) {
        start -= 1;
    }
    let mut end = pos;
    while end < b.len() && end - start <= MAX_IPV6 && is_ipv6_byte(b[end]) {
        end += 1;
    }
    if (start > floor && (word_ends_at(b, start) || is_ipv6_byte(b[start - 1])))
        || b.get(end)
            .is_some_and(|&c| is_word_byte(c) || is_ipv6_byte(c))
    {
        return None;
    }
    while end > start && b[end - 1] == b'.' {
        end -= 1;
    }
    if end >= start + 2 && b[end - 1] == b':' && b[end - 2] != b':' {
        end -= 1;
    }
    let text = &b[start..end];
    // `a::b` in code and `::1` are not worth a placeholder: ask for two groups and 5+ hex digits.
    let colons = text.iter().filter(|&&c| c == b':').count();
    let groups = text.split(|&c| c == b':').filter(|g| !g.is_empty()).count();
    let hex_digits = text.iter().filter(|c| c.is_ascii_hexdigit()).count();
    if colons < 2 || groups < 2 || hex_digits < 5 {
        return None;
    }
    std::str::from_utf8(text)
        .ok()?
        .parse::<Ipv6Addr>()
        .ok()
        .map(|_| Match {
            start,
            end,
            pii_type: PiiType::Ip,
        })
}

fn is_email_local_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-')
}

/// An e-mail address around the `@` at `at`: an ASCII local part and a domain of at least two
/// labels whose last label is 2+ letters.
fn email_at(b: &[u8], at: usize, floor: usize) -> Option<Match> {
    let mut start = at;
    while start > floor && is_email_local_byte(b[start - 1]) {
        start -= 1;
    }
    while start < at && matches!(b[start], b'.' | b'-' | b'+') {
        start += 1;
    }
    // A native digit just before would make the local part the tail of a number.
    if start == at || b[at - 1] == b'.' || (start > floor && digit_ends_at(b, start)) {
        return None;
    }
    let mut end = at + 1;
    while end < b.len() && (b[end].is_ascii_alphanumeric() || matches!(b[end], b'.' | b'-')) {
        end += 1;
    }
    while end > at + 1 && matches!(b[end - 1], b'.' | b'-') {
        end -= 1;
    }
    let domain = &b[at + 1..end];
    let mut labels = domain.split(|&c| c == b'.');
    let tld = domain.rsplit(|&c| c == b'.').next()?;
    let well_formed = labels.all(|l| !l.is_empty() && l[0] != b'-' && l[l.len() - 1] != b'-');
    if !well_formed
        || !domain.contains(&b'.')
        || tld.len() < 2
        || !tld.iter().all(u8::is_ascii_alphabetic)
    {
        return None;
    }
    Some(Match {
        start,
        end,
        pii_type: PiiType::Email,
    })
}
