//! Where a contribution comes from and on what terms (GUIDE §6).
//!
//! One record per contribution (source). Partner packages carry it in `contribution.json`,
//! pipeline files may state it for plain inputs, and dataset manifests copy it for every
//! source, so any training document can be traced to its licence and consent.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Terms and origin of one contribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    pub contributor: Contributor,
    /// SPDX licence identifier or expression (`CC-BY-4.0`, `Apache-2.0`, `LicenseRef-…`).
    pub licence: String,
    /// Whether the licence and consent allow training machine-learning models.
    pub training_allowed: bool,
    pub consent: Consent,
    /// ISO 3166-1 alpha-2 code of the country where the text was collected (`TH`, `ID`, `MM`).
    pub jurisdiction: String,
    pub collection: Collection,
    pub personal_data: PersonalData,
    /// Legal basis for moving the data across borders (`asean-mcc`, `consent`, `adequacy`,
    /// `not-applicable`, …), as required by PDPA/PDP-style laws.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer_basis: Option<String>,
    /// Until when the data may be kept (ISO date) or the retention rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention: Option<String>,
    /// Who to write to for a takedown (e-mail or URL).
    pub takedown_contact: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contributor {
    pub organisation: String,
    pub contact: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Consent {
    /// `public-domain`, `open-licence`, `informed-consent`, `contract`,
    /// `legitimate-interest`, or `not-required`.
    pub basis: String,
    /// Reference to the evidence (document id, URL, archive path).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Collection {
    /// How the text was gathered (`web-crawl`, `transcription`, `donation`, `publication`, …).
    pub method: String,
    /// ISO dates of the collection period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonalData {
    /// `none`, `pseudonymised`, `redacted`, or `contains`.
    pub status: String,
    /// What was done about it (e.g. "phone numbers and e-mails redacted by padi pii").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measures: Option<String>,
}
