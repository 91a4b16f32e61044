//! Match keys for deduplication.

use std::borrow::Cow;

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

use crate::{khmer, vietnamese, Changes, ToneStyle};

/// Characters that do not change what a reader sees.
fn is_zero_width(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// The deduplication key of `text`: two texts a reader would take for the same text get the
/// same key. NFKC, Unicode case folding, zero-width characters (ZWSP, ZWNJ, ZWJ, word joiner,
/// BOM, soft hyphen) removed, Vietnamese tone placement folded (`hoà` = `hòa`), Khmer coeng DA
/// folded into coeng TA, whitespace runs collapsed to one space and trimmed.
///
/// The key is lossy on purpose (NFKC splits Thai sara am, for one): use it only to compare
/// texts, never store it as text. `match_key(&match_key(x)) == match_key(x)`.
pub fn match_key(text: &str) -> String {
    if text.is_ascii() {
        // ASCII is NFKC already and folds case by lowercasing; nothing else applies.
        return collapse_whitespace(&text.to_ascii_lowercase());
    }
    // Zero-width characters go first: between a letter and a mark they would block the
    // composition NFKC makes once they are gone.
    let visible: Cow<'_, str> = if text.contains(is_zero_width) {
        Cow::Owned(text.chars().filter(|&c| !is_zero_width(c)).collect())
    } else {
        Cow::Borrowed(text)
    };
    let compatible = nfkc(&visible);
    // Case folding can produce text that is not NFKC again.
    let folded = caseless::default_case_fold_str(&compatible);
    let collapsed = collapse_whitespace(&nfkc(&folded));
    let khmer_folded = khmer::fold_coeng_da(&collapsed);
    vietnamese::apply_tone_style(&khmer_folded, ToneStyle::Old, &mut Changes::default())
        .unwrap_or(khmer_folded)
}

fn nfkc(text: &str) -> Cow<'_, str> {
    if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.nfkc().collect())
    }
}

fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_what_readers_do_not_see() {
        assert_eq!(match_key("  Hello\u{A0}\u{200B}World \n\n"), "hello world");
        assert_eq!(match_key("Hoà bình"), match_key("hòa  BÌNH"));
        assert_eq!(match_key("thuý"), match_key("thúy"));
        assert_eq!(match_key("កណ្ដាល"), match_key("កណ្តាល"));
        assert_eq!(match_key("ﬁne Straße"), "fine strasse");
        assert_ne!(
            match_key("ก่อน"),
            match_key("กอน"),
            "Thai marks are not folded away"
        );
        assert_ne!(match_key("quý"), match_key("qúy"));
    }
}
