//! Match keys for deduplication.

use unicode_normalization::UnicodeNormalization;

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
    // Zero-width characters go first: between a letter and a mark they would block the
    // composition NFKC makes once they are gone.
    let visible: String = text.chars().filter(|&c| !is_zero_width(c)).collect();
    let nfkc: String = visible.nfkc().collect();
    // Case folding can produce text that is not NFKC again (and the other way round).
    let folded: String = caseless::default_case_fold_str(&nfkc).nfkc().collect();
    let collapsed = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    let khmer_folded = khmer::fold_coeng_da(&collapsed);
    vietnamese::apply_tone_style(&khmer_folded, ToneStyle::Old, &mut Changes::default())
        .unwrap_or(khmer_folded)
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
