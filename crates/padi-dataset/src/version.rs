use std::fmt;
use std::path::Path;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::DatasetError;

/// A dataset's semantic version (GUIDE §6): adding data bumps MINOR, removing or changing
/// documents bumps MAJOR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

/// Which part of the latest version a release increments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    Major,
    Minor,
    Patch,
}

impl Version {
    /// The version after `self` for a change of this kind.
    pub fn bump(self, bump: Bump) -> Version {
        match bump {
            Bump::Major => Version {
                major: self.major + 1,
                minor: 0,
                patch: 0,
            },
            Bump::Minor => Version {
                minor: self.minor + 1,
                patch: 0,
                ..self
            },
            Bump::Patch => Version {
                patch: self.patch + 1,
                ..self
            },
        }
    }
}

impl FromStr for Version {
    type Err = DatasetError;

    fn from_str(s: &str) -> Result<Version, DatasetError> {
        let bad = || DatasetError::BadVersion(s.to_string());
        let mut parts = s.split('.').map(|p| {
            if p.is_empty()
                || !p.bytes().all(|b| b.is_ascii_digit())
                || (p.len() > 1 && p.starts_with('0'))
            {
                return Err(bad());
            }
            p.parse::<u64>().map_err(|_| bad())
        });
        let (Some(major), Some(minor), Some(patch), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        Ok(Version {
            major: major?,
            minor: minor?,
            patch: patch?,
        })
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// The highest published version in `dataset` (`<dataset-dir>/<name>`); directories whose
/// name is not a version (staging directories among them) are ignored.
pub fn latest_version(dataset: &Path) -> Result<Option<Version>, DatasetError> {
    let entries = match std::fs::read_dir(dataset) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(DatasetError::io(dataset)(e)),
    };
    let mut latest = None;
    for entry in entries {
        let entry = entry.map_err(DatasetError::io(dataset))?;
        let Some(version) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<Version>().ok())
        else {
            continue;
        };
        if entry.path().join("manifest.json").is_file() {
            latest = latest.max(Some(version));
        }
    }
    Ok(latest)
}

/// The version a release writes and its parent: `version` if given (it must be higher than
/// the latest), otherwise the latest bumped by `bump` (1.0.0 when there is none yet).
pub fn plan_version(
    dataset: &Path,
    version: Option<&str>,
    bump: Bump,
) -> Result<(Version, Option<Version>), DatasetError> {
    let latest = latest_version(dataset)?;
    let next = match version {
        Some(v) => {
            let v: Version = v.parse()?;
            if dataset.join(v.to_string()).exists() {
                return Err(DatasetError::VersionExists {
                    dir: dataset.to_path_buf(),
                    version: v.to_string(),
                });
            }
            if let Some(latest) = latest.filter(|l| *l >= v) {
                return Err(DatasetError::VersionNotHigher {
                    dir: dataset.to_path_buf(),
                    version: v.to_string(),
                    latest: latest.to_string(),
                });
            }
            v
        }
        None => latest.map_or(
            Version {
                major: 1,
                minor: 0,
                patch: 0,
            },
            |l| l.bump(bump),
        ),
    };
    Ok((next, latest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_orders_and_bumps() {
        let v: Version = "1.10.2".parse().expect("version");
        assert_eq!(v.to_string(), "1.10.2");
        assert!(v > "1.9.7".parse().expect("version"));
        assert_eq!(v.bump(Bump::Major).to_string(), "2.0.0");
        assert_eq!(v.bump(Bump::Minor).to_string(), "1.11.0");
        assert_eq!(v.bump(Bump::Patch).to_string(), "1.10.3");
        for bad in ["1.2", "1.2.3.4", "01.2.3", "a.b.c", "", "1..2", "-1.0.0"] {
            assert!(bad.parse::<Version>().is_err(), "{bad}");
        }
    }
}
