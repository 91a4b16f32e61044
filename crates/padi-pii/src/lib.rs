//! Personal-data (PII) redaction for Southeast Asian text.
//!
//! [`Redactor::redact`] replaces e-mail addresses, telephone numbers of the ASEAN countries and
//! Timor-Leste, IPv4/IPv6 addresses, payment card numbers and national identity numbers
//! (Indonesian NIK, Thai ID, Malaysian MyKad, Singapore NRIC/FIN, Philippine PhilSys, Vietnamese
//! citizen ID) with typed placeholders such as `<EMAIL>` and `<ID_TH>`, and counts what it
//! replaced. Numbers are validated (checksums, dates, region codes, numbering plans) so that
//! dates, prices, years, order numbers, ISBNs and version numbers stay. Thai, Lao, Khmer and
//! Myanmar digits count as digits.
//!
//! [`PiiFilter`] runs the redactor as a pipeline stage (`type = "pii"`) and [`redact_lines`]
//! serves `padi redact`. This crate does not find names, street addresses or other free-text
//! personal data, and a redacted text is not anonymised: it only lacks the patterns above.
//!
//! # What counts as what
//!
//! A number is read as digit groups joined by `-`/`.` (a *run*, never split: no part of a longer
//! digit string is redacted) and runs joined by single spaces. It must not touch ASCII letters,
//! `_`, `@`, `#`, or continue as a number with `,`. Runs that read as dates are skipped.
//!
//! - `ID_TH`: 13 digits, mod-11 check digit, first digit 1–8, province 10–96; written solid or
//!   `1-2345-67890-12-3`.
//! - `ID_SG`: `S`/`T`/`F`/`G`/`M` + 7 digits + the check letter of that series.
//! - `ID_MY`: `YYMMDD-PB-###G` with a real date and an issued place-of-birth code. Without dashes
//!   it also matches date-based order numbers, so it then needs a label before it (`IC`,
//!   `MyKad`, `kad pengenalan`, `K/P`) and a Malaysian state code.
//! - `ID_ID`: 16 solid digits: a province code, non-zero regency/district, a date (women's day
//!   +40), a non-zero serial. Grouped forms need a label (`NIK`, `KTP`).
//! - `ID_PH`: PhilSys numbers have no public checksum. A label (`PhilSys`, `PSN`, `PCN`,
//!   `PhilID`) makes any 16-digit number one; without it only `1234-5678-9012-3456` counts,
//!   and not if it starts with 2–6 (card prefixes).
//! - `ID_VN`: 12 digits: province code from the official list, century/gender digit 0–3, a
//!   birth year. With a label (`CCCD`, `CMND`, `căn cước`, `định danh`) any grouping, else solid
//!   only. Codes 080–089 collide with Indonesian mobile numbers; Vietnamese letters nearby decide.
//! - `CARD`: 13–19 digits, Luhn, the issuer prefixes and lengths of Visa, Mastercard, Amex,
//!   Discover, JCB, UnionPay and Diners; solid or in groups of 3–6.
//! - `PHONE`: `+` or `00` and a country code (62, 60, 65, 66, 84, 63, 95, 855, 856, 673, 670)
//!   followed by a national number of a valid length and leading digit for that country; or a
//!   local number with trunk prefix 0 valid in one of the countries that use it, solid or in
//!   groups of 2+ digits; or Singapore's `9123 4567`.
//! - `IP`: dotted quads without leading zeros; IPv6 as parsed by the standard library, with at
//!   least two groups and five hex digits written (`::1` and `a::b` stay).
//! - `EMAIL`: ASCII local part `@` a domain of 2+ labels ending in 2+ letters.
//!
//! Keywords (`ISBN`, `version`) before a number keep it. Thai, Lao, Khmer and Myanmar digits are
//! read like ASCII digits in every number type except IPv4 and NRIC.

mod context;
mod filter;
mod ids;
mod phone;
mod scan;

use std::borrow::Cow;
use std::io::{self, BufRead, Write};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use filter::PiiFilter;
use scan::{Match, Scanner};

/// A kind of personal data, named in placeholders, metadata and counters by [`PiiType::name`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PiiType {
    Email,
    Phone,
    /// IPv4 or IPv6 address.
    Ip,
    /// Payment card number (Luhn-valid, known issuer prefix).
    Card,
    /// Indonesian NIK.
    IdId,
    /// Thai national ID.
    IdTh,
    /// Malaysian MyKad.
    IdMy,
    /// Singapore NRIC/FIN.
    IdSg,
    /// Philippine PhilSys number (PSN or PCN).
    IdPh,
    /// Vietnamese citizen ID.
    IdVn,
}

impl PiiType {
    pub const ALL: [PiiType; 10] = [
        PiiType::Email,
        PiiType::Phone,
        PiiType::Ip,
        PiiType::Card,
        PiiType::IdId,
        PiiType::IdTh,
        PiiType::IdMy,
        PiiType::IdSg,
        PiiType::IdPh,
        PiiType::IdVn,
    ];

    /// The upper-case name: `EMAIL`, `ID_TH`, …
    pub fn name(self) -> &'static str {
        match self {
            PiiType::Email => "EMAIL",
            PiiType::Phone => "PHONE",
            PiiType::Ip => "IP",
            PiiType::Card => "CARD",
            PiiType::IdId => "ID_ID",
            PiiType::IdTh => "ID_TH",
            PiiType::IdMy => "ID_MY",
            PiiType::IdSg => "ID_SG",
            PiiType::IdPh => "ID_PH",
            PiiType::IdVn => "ID_VN",
        }
    }

    /// The type called `name` (as returned by [`PiiType::name`]).
    pub fn from_name(name: &str) -> Option<PiiType> {
        PiiType::ALL.into_iter().find(|t| t.name() == name)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// How many items of each type were redacted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PiiCounts([u64; PiiType::ALL.len()]);

impl PiiCounts {
    pub fn get(&self, pii_type: PiiType) -> u64 {
        self.0[pii_type.index()]
    }

    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }

    pub fn is_empty(&self) -> bool {
        self.total() == 0
    }

    /// The types with a non-zero count, in [`PiiType::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = (PiiType, u64)> + '_ {
        PiiType::ALL
            .into_iter()
            .map(|t| (t, self.get(t)))
            .filter(|&(_, n)| n > 0)
    }

    pub fn add(&mut self, other: &PiiCounts) {
        for (mine, theirs) in self.0.iter_mut().zip(other.0) {
            *mine += theirs;
        }
    }

    fn increment(&mut self, pii_type: PiiType) {
        self.0[pii_type.index()] += 1;
    }

    /// The non-zero counts as a JSON object keyed by type name (`{"EMAIL": 2}`).
    pub fn to_json(&self) -> serde_json::Map<String, serde_json::Value> {
        self.iter()
            .map(|(t, n)| (t.name().to_string(), n.into()))
            .collect()
    }
}

/// Settings of the `pii` stage (`[[stage]] type = "pii"`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PiiConfig {
    /// Types to redact (default: all). Other types are still recognised, so that no part of,
    /// say, a phone number is redacted as something else, but they are left in the text.
    pub types: Vec<PiiType>,
    /// Placeholder written instead of the data; `{type}` becomes the type name. It must not
    /// contain digits, `@` or `:`, so that redacting a redacted text changes nothing.
    pub placeholder: String,
}

impl Default for PiiConfig {
    fn default() -> Self {
        PiiConfig {
            types: PiiType::ALL.to_vec(),
            placeholder: "<{type}>".to_string(),
        }
    }
}

/// A configuration the redactor cannot work with.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PiiConfigError {
    #[error("pii placeholder {0:?} contains a digit, '@' or ':', which could be redacted again")]
    UnstablePlaceholder(String),
}

/// Text after redaction, with what was replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redacted<'a> {
    /// The input itself when nothing was replaced.
    pub text: Cow<'a, str>,
    pub counts: PiiCounts,
}

/// Upper bound on redaction passes over one text (see [`Redactor::redact`]).
pub const MAX_PASSES: usize = 4;

/// Finds and replaces PII. Cheap to share between threads (`&self` only).
#[derive(Debug, Clone)]
pub struct Redactor {
    /// Placeholder per type, or `None` for types left in the text.
    placeholders: [Option<String>; PiiType::ALL.len()],
}

impl Redactor {
    pub fn new(config: &PiiConfig) -> Result<Redactor, PiiConfigError> {
        let unstable = |c: char| c.is_ascii_digit() || c == '@' || c == ':';
        if config.placeholder.contains(unstable) {
            return Err(PiiConfigError::UnstablePlaceholder(
                config.placeholder.clone(),
            ));
        }
        Ok(Redactor::from_valid_config(config))
    }

    fn from_valid_config(config: &PiiConfig) -> Redactor {
        let placeholders = PiiType::ALL.map(|t| {
            config
                .types
                .contains(&t)
                .then(|| config.placeholder.replace("{type}", t.name()))
        });
        Redactor { placeholders }
    }

    /// Redacts `text`. Bytes outside the replaced spans are copied unchanged.
    ///
    /// Scanning repeats on the redacted text until nothing more is replaced: a placeholder can
    /// free a neighbouring number (`0812-3456-7890+66 81 234 5678` → two phones), and repeating
    /// makes `redact(redact(x)) == redact(x)`. Every pass removes digits, so this ends; real text
    /// needs at most two passes, and [`MAX_PASSES`] bounds adversarial input.
    pub fn redact<'a>(&self, text: &'a str) -> Redacted<'a> {
        let mut scanner = Scanner::default();
        let mut matches = Vec::new();
        let mut counts = PiiCounts::default();
        let mut current = Cow::Borrowed(text);
        for _ in 0..MAX_PASSES {
            matches.clear();
            scanner.scan(&current, &mut matches);
            match self.replace(&current, &matches, &mut counts) {
                Some(next) => current = Cow::Owned(next),
                None => break,
            }
        }
        Redacted {
            text: current,
            counts,
        }
    }

    /// `text` with the enabled matches replaced, or `None` if none is enabled.
    fn replace(&self, text: &str, matches: &[Match], counts: &mut PiiCounts) -> Option<String> {
        let mut out: Option<String> = None;
        let mut copied = 0;
        for m in matches {
            let Some(placeholder) = &self.placeholders[m.pii_type.index()] else {
                continue;
            };
            let out = out.get_or_insert_with(|| String::with_capacity(text.len()));
            out.push_str(&text[copied..m.start]);
            out.push_str(placeholder);
            copied = m.end;
            counts.increment(m.pii_type);
        }
        let mut out = out?;
        out.push_str(&text[copied..]);
        Some(out)
    }
}

impl Default for Redactor {
    fn default() -> Self {
        Redactor::from_valid_config(&PiiConfig::default())
    }
}

/// Redacts `input` line by line into `output` (for `padi redact`): one output line per input
/// line, line endings (`\n`, `\r\n`, none at the end) kept. A line that is not UTF-8 is an
/// `InvalidData` error naming its 1-based number.
pub fn redact_lines(
    mut input: impl BufRead,
    mut output: impl Write,
    redactor: &Redactor,
) -> io::Result<PiiCounts> {
    let mut counts = PiiCounts::default();
    let mut line = Vec::new();
    let mut number = 0u64;
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        number += 1;
        let text = std::str::from_utf8(&line).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("line {number} is not UTF-8: {e}"),
            )
        })?;
        let redacted = redactor.redact(text);
        output.write_all(redacted.text.as_bytes())?;
        counts.add(&redacted.counts);
    }
    output.flush()?;
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_defaults_and_rejects_unknown_keys() {
        let config: PiiConfig = serde_json::from_str("{}").expect("empty config");
        assert_eq!(config, PiiConfig::default());
        let config: PiiConfig =
            serde_json::from_str(r#"{"types": ["EMAIL", "ID_TH"], "placeholder": "[{type}]"}"#)
                .expect("config");
        assert_eq!(config.types, vec![PiiType::Email, PiiType::IdTh]);
        assert!(serde_json::from_str::<PiiConfig>(r#"{"typo": 1}"#).is_err());
        let bad = PiiConfig {
            placeholder: "<PII:{type}>".into(),
            ..PiiConfig::default()
        };
        assert!(Redactor::new(&bad).is_err());
    }

    #[test]
    fn disabled_types_stay_but_are_not_split() {
        let config = PiiConfig {
            types: vec![PiiType::Email],
            placeholder: "[{type}]".into(),
        };
        let redactor = Redactor::new(&config).expect("valid config");
        let r = redactor.redact("mail a.b@example.co.id or call +62 812-3456-7890");
        assert_eq!(r.text, "mail [EMAIL] or call +62 812-3456-7890");
        assert_eq!(r.counts.get(PiiType::Email), 1);
        assert_eq!(r.counts.total(), 1);
    }

    #[test]
    fn config_schema_lists_the_stage_keys() {
        let schema = serde_json::to_value(schemars::schema_for!(PiiConfig)).expect("schema");
        let properties = &schema["properties"];
        assert!(properties.get("types").is_some() && properties.get("placeholder").is_some());
        assert_eq!(schema["additionalProperties"], serde_json::json!(false));
    }

    #[test]
    fn names_round_trip() {
        for t in PiiType::ALL {
            assert_eq!(PiiType::from_name(t.name()), Some(t));
            let json = serde_json::to_string(&t).expect("serialize");
            assert_eq!(json, format!("\"{}\"", t.name()));
        }
    }

    #[test]
    fn redact_lines_keeps_line_structure() {
        let input = "a 081234567890\r\nno pii\n\nlast x@y.org";
        let mut out = Vec::new();
        let counts =
            redact_lines(input.as_bytes(), &mut out, &Redactor::default()).expect("redact");
        assert_eq!(
            String::from_utf8(out).expect("utf8"),
            "a <PHONE>\r\nno pii\n\nlast <EMAIL>"
        );
        assert_eq!(counts.get(PiiType::Phone), 1);
        assert_eq!(counts.get(PiiType::Email), 1);
        let bad: &[u8] = b"ok\n\xff\n";
        let err = redact_lines(bad, Vec::new(), &Redactor::default()).expect_err("not utf8");
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert!(err.to_string().contains("line 2"));
    }
}
