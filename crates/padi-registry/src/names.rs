//! Names and paths that come from manifests and indexes are data, not trusted: they are
//! checked before they are joined to a directory or a URL.

use crate::RegistryError;

/// A `/`-separated relative path with only plain components (no `..`, `.`, empty, hidden
/// or backslash parts), safe to join to a directory or a base URL.
pub(crate) fn check_relative(what: &'static str, path: &str) -> Result<(), RegistryError> {
    let plain = |part: &str| {
        !part.is_empty()
            && !part.starts_with('.')
            && !part.contains(['\\', ':', '\0'])
            && part.chars().all(|c| !c.is_control())
    };
    if path.split('/').all(plain) {
        Ok(())
    } else {
        Err(RegistryError::UnsafeName {
            what,
            value: path.to_string(),
        })
    }
}

/// A dataset name or version: one plain path component.
pub(crate) fn check_component(what: &'static str, name: &str) -> Result<(), RegistryError> {
    if name.contains('/') {
        return Err(RegistryError::UnsafeName {
            what,
            value: name.to_string(),
        });
    }
    check_relative(what, name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn refuses_escapes() {
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "data/../../x",
            "a//b",
            "./a",
            "a\\..\\b",
            ".staging/x",
            "C:x",
            "a/",
        ] {
            assert!(check_relative("path", bad).is_err(), "{bad}");
        }
        for good in [
            "data/shn_Mymr/part-00000.jsonl.zst",
            "manifest.json",
            "a/b/c",
        ] {
            assert!(check_relative("path", good).is_ok(), "{good}");
        }
        assert!(check_component("name", "a/b").is_err());
        assert!(check_component("name", "samples").is_ok());
    }

    proptest! {
        /// Whatever passes never leaves the directory it is joined to.
        #[test]
        fn accepted_paths_stay_inside(path in "[a-z./\\\\]{0,12}") {
            if check_relative("path", &path).is_ok() {
                let joined = std::path::Path::new("/root").join(&path);
                prop_assert!(joined.starts_with("/root"));
                prop_assert!(joined
                    .components()
                    .skip(2)
                    .all(|c| matches!(c, std::path::Component::Normal(_))));
            }
        }
    }
}
