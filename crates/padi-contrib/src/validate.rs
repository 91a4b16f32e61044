//! Checks of a manifest that a partner can act on: every problem at once, each saying where
//! (a JSON path or a file) and what to write instead.

use std::collections::BTreeSet;
use std::fmt;
use std::sync::OnceLock;

use serde::Serialize;

use crate::countries::ISO_3166_ALPHA2;
use crate::manifest::{strip_comments, Manifest, MANIFEST_NAME};

/// One thing to fix in a package.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Problem {
    /// Where: `contribution.json` plus a JSON path (`/provenance/licence`), or a file or
    /// archive entry of the package.
    pub location: String,
    pub message: String,
}

impl Problem {
    pub fn new(location: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            location: location.into(),
            message: message.into(),
        }
    }

    fn at(path: &str, message: impl Into<String>) -> Problem {
        Problem::new(format!("{MANIFEST_NAME} {path}"), message)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

pub const CONSENT_BASES: &[&str] = &[
    "public-domain",
    "open-licence",
    "informed-consent",
    "contract",
    "legitimate-interest",
    "not-required",
];

pub const PERSONAL_DATA_STATUSES: &[&str] = &["none", "pseudonymised", "redacted", "contains"];

/// Bases that say nobody's consent was sought, so they cannot cover text that still holds
/// personal data.
const NO_CONSENT_BASES: &[&str] = &["public-domain", "not-required", "open-licence"];

/// Parse and check manifest text. Returns the manifest when it could be read (even with
/// problems in its values) and every problem found.
pub fn check_manifest(text: &str) -> (Option<Manifest>, Vec<Problem>) {
    let value: serde_json::Value = match serde_json::from_str(&strip_comments(text)) {
        Ok(v) => v,
        Err(e) => {
            return (
                None,
                vec![Problem::new(
                    MANIFEST_NAME,
                    format!(
                        "not valid JSON at line {}, column {}: {e}. Check for a missing comma or quote near there",
                        e.line(),
                        e.column()
                    ),
                )],
            )
        }
    };
    let mut problems = schema_problems(&value);
    if !problems.is_empty() {
        problems.extend(partial_value_problems(&value));
        problems.sort();
        problems.dedup();
        return (None, problems);
    }
    let manifest: Manifest = match serde_json::from_value(value) {
        Ok(m) => m,
        Err(e) => {
            problems.push(Problem::new(MANIFEST_NAME, e.to_string()));
            return (None, problems);
        }
    };
    problems.extend(value_problems(&manifest));
    (Some(manifest), problems)
}

fn schema_problems(value: &serde_json::Value) -> Vec<Problem> {
    static VALIDATOR: OnceLock<Option<jsonschema::Validator>> = OnceLock::new();
    let Some(validator) =
        VALIDATOR.get_or_init(|| jsonschema::validator_for(&Manifest::json_schema()).ok())
    else {
        return vec![Problem::new(
            MANIFEST_NAME,
            "internal error: the manifest schema does not compile",
        )];
    };
    let mut problems: Vec<Problem> = validator
        .iter_errors(value)
        .map(|e| {
            let path = e.instance_path.to_string();
            let path = if path.is_empty() {
                "/".to_string()
            } else {
                path
            };
            Problem::at(&path, e.to_string())
        })
        .collect();
    problems.sort();
    problems.dedup();
    problems
}

/// The value checks of the fields that are well-typed, when others are not: a manifest with
/// a type error still gets its licence, country, dates and labels checked in the same run.
/// The fields are laid over the template, and only problems at fields present are kept.
fn partial_value_problems(value: &serde_json::Value) -> Vec<Problem> {
    let Ok(mut base) =
        serde_json::from_str::<serde_json::Value>(&strip_comments(crate::manifest::TEMPLATE))
    else {
        return Vec::new();
    };
    base["files"] = serde_json::json!({});
    const STRINGS: &[&str] = &[
        "/name",
        "/provenance/licence",
        "/provenance/jurisdiction",
        "/provenance/consent/basis",
        "/provenance/consent/evidence",
        "/provenance/personal_data/status",
        "/provenance/collection/start",
        "/provenance/collection/end",
    ];
    let mut present = Vec::new();
    for pointer in STRINGS {
        if let (Some(found), Some(slot)) = (
            value.pointer(pointer).filter(|v| v.is_string()),
            base.pointer_mut(pointer),
        ) {
            *slot = found.clone();
            present.push(*pointer);
        }
    }
    if let Some(labels) = value.pointer("/languages").filter(|v| {
        v.as_array()
            .is_some_and(|a| a.iter().all(|l| l.is_string()))
    }) {
        base["languages"] = labels.clone();
        present.push("/languages");
    }
    let Ok(manifest) = serde_json::from_value::<Manifest>(base) else {
        return Vec::new();
    };
    value_problems(&manifest)
        .into_iter()
        .filter(|p| {
            present.iter().any(|pointer| {
                p.location == format!("{MANIFEST_NAME} {pointer}")
                    || p.location
                        .starts_with(&format!("{MANIFEST_NAME} {pointer}/"))
            })
        })
        .collect()
}

fn value_problems(m: &Manifest) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut add = |path: &str, message: String| problems.push(Problem::at(path, message));
    if !is_valid_name(&m.name) {
        add(
            "/name",
            format!(
                "`{}` is not a usable name: use 1 to 40 lower-case letters, digits, `-` or `_`, starting with a letter or digit",
                m.name
            ),
        );
    }
    let p = &m.provenance;
    if let Some(why) = licence_problem(&p.licence) {
        add("/provenance/licence", why);
    }
    if !ISO_3166_ALPHA2.contains(&p.jurisdiction.as_str()) {
        add(
            "/provenance/jurisdiction",
            format!(
                "`{}` is not a two-letter ISO 3166-1 country code; write e.g. `TH` for Thailand, `MM` for Myanmar, `ID` for Indonesia",
                p.jurisdiction
            ),
        );
    }
    if !CONSENT_BASES.contains(&p.consent.basis.as_str()) {
        add(
            "/provenance/consent/basis",
            format!(
                "`{}` is not a consent basis; write one of: {}",
                p.consent.basis,
                CONSENT_BASES.join(", ")
            ),
        );
    }
    if !PERSONAL_DATA_STATUSES.contains(&p.personal_data.status.as_str()) {
        add(
            "/provenance/personal_data/status",
            format!(
                "`{}` is not a personal-data status; write one of: {}",
                p.personal_data.status,
                PERSONAL_DATA_STATUSES.join(", ")
            ),
        );
    }
    if p.personal_data.status == "contains" {
        if NO_CONSENT_BASES.contains(&p.consent.basis.as_str()) {
            add(
                "/provenance/consent/basis",
                format!(
                    "the text contains personal data, so consent basis `{}` is not enough: use informed-consent, contract or legitimate-interest, or remove the personal data and set personal_data.status to `redacted`",
                    p.consent.basis
                ),
            );
        }
        if p.consent.evidence.as_deref().is_none_or(str::is_empty) {
            add(
                "/provenance/consent/evidence",
                "the text contains personal data: say where the proof of consent is (a document number, URL or file)".to_string(),
            );
        }
    }
    for (path, date) in [
        ("/provenance/collection/start", &p.collection.start),
        ("/provenance/collection/end", &p.collection.end),
    ] {
        if let Some(date) = date {
            if !is_iso_date(date) {
                add(
                    path,
                    format!("`{date}` is not a date; write it as YYYY-MM-DD, e.g. 2024-03-31"),
                );
            }
        }
    }
    if let (Some(start), Some(end)) = (&p.collection.start, &p.collection.end) {
        if is_iso_date(start) && is_iso_date(end) && start > end {
            add(
                "/provenance/collection",
                format!("the collection ends ({end}) before it starts ({start})"),
            );
        }
    }
    for (path, value) in [
        (
            "/provenance/contributor/organisation",
            &p.contributor.organisation,
        ),
        ("/provenance/contributor/contact", &p.contributor.contact),
        ("/provenance/takedown_contact", &p.takedown_contact),
        ("/provenance/collection/method", &p.collection.method),
    ] {
        if value.trim().is_empty() {
            add(path, "is empty; fill it in".to_string());
        }
    }
    if m.languages.is_empty() {
        add(
            "/languages",
            "list at least one language label, e.g. [\"khm_Khmr\"]".to_string(),
        );
    }
    let mut label_lists = vec![("/languages".to_string(), &m.languages)];
    for (file, o) in &m.files {
        if let Some(languages) = &o.languages {
            label_lists.push((
                format!("/files/{}/languages", pointer_escape(file)),
                languages,
            ));
        }
        if let Some(label) = &o.encoding {
            if padi_encoding_label_unknown(label) {
                add(
                    &format!("/files/{}/encoding", pointer_escape(file)),
                    format!("unknown encoding `{label}`; use a label such as utf-8, windows-874, windows-1258, tcvn3"),
                );
            }
        }
    }
    for (path, labels) in label_lists {
        for (i, label) in labels.iter().enumerate() {
            if let Some(why) = label_problem(label) {
                add(&format!("{path}/{i}"), why);
            }
        }
    }
    problems
}

fn padi_encoding_label_unknown(label: &str) -> bool {
    !label.trim().eq_ignore_ascii_case("auto")
        && padi_encoding::Encoding::from_label(label).is_none()
}

/// JSON Pointer escaping of one path segment.
fn pointer_escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// A contribution name: `[a-z0-9][a-z0-9_-]{0,39}`.
pub fn is_valid_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 40
        && (bytes[0].is_ascii_lowercase() || bytes[0].is_ascii_digit())
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-' || *b == b'_')
}

/// A contribution id as [`crate::contribution_id`] makes it: a name, `-`, 12 hex digits.
pub fn is_valid_id(id: &str) -> bool {
    id.rsplit_once('-').is_some_and(|(name, hash)| {
        is_valid_name(name) && hash.len() == 12 && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// Why `licence` is not a usable SPDX expression, if it is not.
pub fn licence_problem(licence: &str) -> Option<String> {
    match spdx::Expression::parse(licence) {
        Ok(_) => None,
        Err(e) => {
            let hint = spdx::imprecise_license_id(licence)
                .map(|(id, _)| format!(" Did you mean `{}`?", id.name))
                .unwrap_or_default();
            Some(format!(
                "`{licence}` is not an SPDX licence id or expression ({}). Use an id from https://spdx.org/licenses/ such as CC-BY-4.0, CC-BY-SA-4.0 or CC0-1.0, or `LicenseRef-<name>` for your own licence.{hint}",
                e.reason
            ))
        }
    }
}

/// `YYYY-MM-DD` with a month and day that exist.
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u32>().ok());
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// Every language label padi knows: those the language identifier can output, plus `und`.
/// Taken from padi-lid's model so the two never disagree.
pub fn known_labels() -> &'static BTreeSet<String> {
    static LABELS: OnceLock<BTreeSet<String>> = OnceLock::new();
    LABELS.get_or_init(|| {
        let mut labels: BTreeSet<String> = padi_lid::LanguageIdentifier::load_default()
            .map(|lid| lid.model().labels().into_iter().map(String::from).collect())
            .unwrap_or_default();
        labels.insert(padi_lid::UND.to_string());
        labels
    })
}

/// The label padi uses for `label`: `fil_*` (Filipino) is written `tgl_*`.
pub fn canonical_label(label: &str) -> String {
    match label.strip_prefix("fil_") {
        Some(script) => format!("tgl_{script}"),
        None => label.to_string(),
    }
}

fn label_problem(label: &str) -> Option<String> {
    let canonical = canonical_label(label);
    if known_labels().contains(&canonical) {
        return None;
    }
    let language = canonical.split('_').next().unwrap_or_default();
    let same_language: Vec<&str> = known_labels()
        .iter()
        .filter(|l| l.split('_').next() == Some(language))
        .map(String::as_str)
        .collect();
    let hint = if same_language.is_empty() {
        "labels are an ISO 639-3 code, `_` and an ISO 15924 script, e.g. shn_Mymr, khm_Khmr, ceb_Latn".to_string()
    } else {
        format!("did you mean {}?", same_language.join(" or "))
    };
    Some(format!(
        "`{label}` is not a language label padi knows; {hint}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::TEMPLATE;
    use proptest::prelude::*;

    fn problems_of(edit: impl FnOnce(&mut serde_json::Value)) -> Vec<Problem> {
        let mut value: serde_json::Value =
            serde_json::from_str(&strip_comments(TEMPLATE)).expect("template");
        edit(&mut value);
        check_manifest(&value.to_string()).1
    }

    #[test]
    fn the_template_is_valid() {
        assert_eq!(check_manifest(TEMPLATE).1, []);
    }

    #[test]
    fn every_problem_is_listed_with_its_path() {
        let problems = problems_of(|v| {
            v["provenance"]["licence"] = "CC-BY 4".into();
            v["provenance"]["jurisdiction"] = "XX".into();
            v["provenance"]["personal_data"]["status"] = "contains".into();
            v["provenance"]["consent"]["basis"] = "public-domain".into();
            v["provenance"]["consent"]
                .as_object_mut()
                .expect("object")
                .remove("evidence");
            v["provenance"]["collection"]["start"] = "2024-02-30".into();
            v["languages"] = serde_json::json!(["shn_Mymr", "fil_Latn", "shn_Latn", "xx"]);
        });
        let locations: Vec<&str> = problems.iter().map(|p| p.location.as_str()).collect();
        assert_eq!(
            locations,
            [
                "contribution.json /provenance/licence",
                "contribution.json /provenance/jurisdiction",
                "contribution.json /provenance/consent/basis",
                "contribution.json /provenance/consent/evidence",
                "contribution.json /provenance/collection/start",
                "contribution.json /languages/2",
                "contribution.json /languages/3",
            ],
            "{problems:#?}"
        );
        assert!(problems[5].message.contains("shn_Mymr"), "{}", problems[5]);
    }

    #[test]
    fn schema_errors_name_the_json_path() {
        let problems = problems_of(|v| {
            v["provenance"]["training_allowed"] = "yes".into();
            v["provenance"]
                .as_object_mut()
                .expect("object")
                .remove("takedown_contact");
            v["colour"] = "blue".into();
        });
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 3, "{text:#?}");
        // A type error does not hide the value checks of the other fields.
        let problems = problems_of(|v| {
            v["provenance"]["training_allowed"] = "yes".into();
            v["provenance"]["jurisdiction"] = "Burma".into();
            v["languages"] = serde_json::json!(["shn_Latn"]);
        });
        let locations: Vec<&str> = problems.iter().map(|p| p.location.as_str()).collect();
        assert_eq!(
            locations,
            [
                "contribution.json /languages/0",
                "contribution.json /provenance/jurisdiction",
                "contribution.json /provenance/training_allowed",
            ]
        );
        assert!(text
            .iter()
            .any(|t| t.contains("/provenance/training_allowed") && t.contains("boolean")));
        assert!(text.iter().any(|t| t.contains("takedown_contact")));
        assert!(text.iter().any(|t| t.contains("colour")));
        let (_, problems) = check_manifest("{\n  \"name\": \"x\",\n}");
        assert!(problems[0].message.contains("line 3"), "{:?}", problems[0]);
    }

    #[test]
    fn licences_dates_and_labels() {
        assert_eq!(licence_problem("CC-BY-4.0 OR MIT"), None);
        assert_eq!(licence_problem("LicenseRef-lab-terms"), None);
        assert!(licence_problem("CC BY").is_some());
        assert!(is_iso_date("2024-02-29"));
        assert!(!is_iso_date("2023-02-29"));
        assert!(!is_iso_date("2024-1-01"));
        assert!(known_labels().contains("shn_Mymr"), "{:?}", known_labels());
        assert_eq!(label_problem("fil_Latn"), None);
    }

    proptest! {
        #[test]
        fn arbitrary_text_never_panics(s in ".{0,300}") {
            let _ = check_manifest(&s);
        }
    }
}
