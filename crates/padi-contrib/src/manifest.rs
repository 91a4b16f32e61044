//! `contribution.json`: what a partner says about the files of a package.

use std::collections::BTreeMap;

use padi_core::Provenance;
use padi_io::{Format, TextMode};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The manifest's file name at the root of a package.
pub const MANIFEST_NAME: &str = "contribution.json";

/// The manifest of a contribution package (`schemas/contribution.schema.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// A short name for the contribution (lower-case letters, digits, `-`, `_`); it starts
    /// the contribution id.
    pub name: String,
    /// What the text is, in a sentence or two.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub provenance: Provenance,
    /// Language labels the partner believes the text is in (FLORES style, e.g. `shn_Mymr`).
    pub languages: Vec<String>,
    /// Per-file settings, keyed by the path inside the package (`/` separators).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub files: BTreeMap<String, FileOverride>,
}

/// Settings for one file of a package.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileOverride {
    /// The format when the file name does not tell it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// Languages of this file, when they differ from the package's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub languages: Option<Vec<String>>,
    /// Plain text: one document per `file`, `paragraph` or `line`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_mode: Option<TextMode>,
    /// JSONL/CSV/TSV: the field or column holding the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_field: Option<String>,
    /// Character encoding label when detection should not decide (`windows-874`, `tcvn3`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// Not text to train on (a README, a scanned consent form): kept out of the store.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ignore: bool,
}

impl Manifest {
    /// The JSON Schema of manifests, generated from these types.
    pub fn json_schema() -> serde_json::Value {
        let schema = schemars::schema_for!(Manifest);
        serde_json::to_value(schema).unwrap_or_else(|e| unreachable!("schema serializes: {e}"))
    }

    /// The settings of the file at `path` (defaults when the manifest has none).
    pub fn file(&self, path: &str) -> FileOverride {
        self.files.get(path).cloned().unwrap_or_default()
    }
}

/// Manifests may hold whole-line `//` comments (the template explains each field that way).
/// They are blanked, keeping line numbers, before parsing as JSON.
pub fn strip_comments(text: &str) -> String {
    text.lines()
        .map(|line| {
            if line.trim_start().starts_with("//") {
                ""
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The template `padi contrib init` writes.
pub const TEMPLATE: &str = r#"// contribution.json: describes the text files next to it.
// Lines starting with // are comments; delete or keep them. Check with:
//   padi contrib validate <this directory or archive>
{
  // A short name: lower-case letters, digits, - and _. It starts the contribution id.
  "name": "my-lab-news-2024",
  "description": "News articles in Shan collected from partner newspapers in 2024.",
  "provenance": {
    "contributor": {
      "organisation": "Example Language Lab",
      "contact": "data@example.org"
    },
    // An SPDX licence id or expression: https://spdx.org/licenses/ (CC-BY-4.0, CC0-1.0, ...).
    "licence": "CC-BY-4.0",
    // true only if the licence and the consent allow training machine-learning models.
    "training_allowed": true,
    "consent": {
      // One of: public-domain, open-licence, informed-consent, contract,
      // legitimate-interest, not-required.
      "basis": "open-licence",
      // Where the proof is: a document number, a URL or a file in this package.
      "evidence": "https://example.org/licence-agreement.pdf"
    },
    // Two-letter ISO 3166-1 code of the country where the text was collected.
    "jurisdiction": "MM",
    "collection": {
      // How the text was gathered: web-crawl, transcription, donation, publication, ...
      "method": "publication",
      // Dates as YYYY-MM-DD.
      "start": "2024-01-01",
      "end": "2024-06-30"
    },
    "personal_data": {
      // One of: none, pseudonymised, redacted, contains.
      // "contains" needs a consent basis other than public-domain or not-required.
      "status": "none",
      "measures": "Names of private persons removed by the editors."
    },
    // Legal basis for moving the data to another country: asean-mcc, consent, adequacy,
    // contract, not-applicable.
    "transfer_basis": "not-applicable",
    // Until when the data may be kept (YYYY-MM-DD) or a rule such as "indefinite".
    "retention": "indefinite",
    // E-mail or URL for takedown requests.
    "takedown_contact": "takedown@example.org"
  },
  // Languages you believe the text is in (FLORES style: shn_Mymr, khm_Khmr, tet_Latn, ...).
  "languages": ["shn_Mymr"],
  // Optional per-file settings, keyed by the path inside the package.
  "files": {
    "README.txt": { "ignore": true },
    "articles/archive.dat": { "format": "jsonl", "text_field": "body" },
    "poems.txt": { "text_mode": "paragraph", "languages": ["shn_Mymr", "mya_Mymr"] }
  }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_parses_and_keeps_line_numbers() {
        let stripped = strip_comments(TEMPLATE);
        assert_eq!(stripped.lines().count(), TEMPLATE.lines().count());
        let manifest: Manifest = serde_json::from_str(&stripped).expect("template parses");
        assert_eq!(manifest.provenance.licence, "CC-BY-4.0");
        assert!(manifest.file("README.txt").ignore);
        assert_eq!(manifest.file("other.txt"), FileOverride::default());
    }

    #[test]
    fn the_committed_schema_is_current() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../schemas/contribution.schema.json"
        );
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        let current = serde_json::to_string_pretty(&Manifest::json_schema()).expect("json") + "\n";
        assert!(
            committed == current,
            "schemas/contribution.schema.json is stale: regenerate it with `padi schema contribution > schemas/contribution.schema.json`"
        );
    }
}
