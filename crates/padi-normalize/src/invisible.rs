//! Line endings, invisible characters and whitespace (GUIDE §3.5).

use crate::rewrite::Rewriter;
use crate::script::{is_arabic, writes_without_spaces};
use crate::Changes;

const ZWSP: char = '\u{200B}';

/// CR LF and lone CR become LF; U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR too, so
/// paragraph structure is kept in the one form every later tool understands.
pub(crate) fn line_endings(text: &str, changes: &mut Changes) -> Option<String> {
    let mut edit = Rewriter::new(text);
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        match c {
            '\r' if bytes.get(i + 1) == Some(&b'\n') => edit.remove(i, i + 1),
            '\r' | '\u{2028}' | '\u{2029}' => edit.replace(i, i + c.len_utf8(), "\n"),
            _ => continue,
        }
        changes.line_endings_normalized += 1;
    }
    edit.finish()
}

/// What the invisible-character rule does with one character.
enum Invisible {
    Control,
    Bom,
    Format,
    Bidi,
}

fn classify(c: char) -> Option<Invisible> {
    match c {
        '\t' | '\n' => None,
        '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}' => Some(Invisible::Control),
        '\u{FEFF}' => Some(Invisible::Bom),
        '\u{206A}'..='\u{206F}' | '\u{FFF9}'..='\u{FFFC}' => Some(Invisible::Format),
        '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{061C}' => Some(Invisible::Bidi),
        _ => None,
    }
}

/// Whether the invisible-character rule acts on `c` (removes or, for U+FFFD, counts it).
pub(crate) fn is_invisible_target(c: char) -> bool {
    c == '\u{FFFD}' || classify(c).is_some()
}

/// Removes controls (except tab and newline), BOMs, deprecated format characters and bidi
/// marks in text without Arabic script. Counts U+FFFD without touching it. ZWNJ and ZWJ are
/// always kept.
pub(crate) fn invisible(text: &str, changes: &mut Changes) -> Option<String> {
    changes.replacement_chars += text.matches('\u{FFFD}').count() as u64;
    let mut edit = Rewriter::new(text);
    // Decided on first use: most texts have no bidi mark at all.
    let mut keep_bidi: Option<bool> = None;
    for (i, c) in text.char_indices() {
        let Some(kind) = classify(c) else { continue };
        match kind {
            Invisible::Control => changes.controls_removed += 1,
            Invisible::Bom => changes.bom_removed += 1,
            Invisible::Format => changes.format_chars_removed += 1,
            Invisible::Bidi => {
                if *keep_bidi.get_or_insert_with(|| text.chars().any(is_arabic)) {
                    continue;
                }
                changes.bidi_marks_removed += 1;
            }
        }
        edit.remove(i, i + c.len_utf8());
    }
    edit.finish()
}

/// ZWSP separates words in Thai, Lao, Khmer, Myanmar and similar scripts, and is kept anywhere
/// in a text that uses one of them (it also sits next to punctuation and Latin words there).
/// Elsewhere it is an invisible leftover of web pages that splits words for tokenizers.
pub(crate) fn remove_stray_zwsp(text: &str, changes: &mut Changes) -> Option<String> {
    if text.chars().any(writes_without_spaces) {
        return None;
    }
    let mut edit = Rewriter::new(text);
    for (i, c) in text.char_indices() {
        if c == ZWSP {
            edit.remove(i, i + c.len_utf8());
            changes.zwsp_removed += 1;
        }
    }
    edit.finish()
}

/// Space characters that are plain word spaces in another width. NBSP, U+202F and U+3000 are
/// not here: they carry a non-breaking or full-width meaning the writer chose.
fn is_plain_space_variant(c: char) -> bool {
    matches!(c, '\u{2000}'..='\u{200A}' | '\u{205F}' | '\u{1680}')
}

fn is_edge_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n')
}

/// Unicode spaces become U+0020, trailing spaces and tabs of each line go, and whitespace
/// around the whole text goes. Blank lines between paragraphs stay.
pub(crate) fn spaces(text: &str, variants: bool, changes: &mut Changes) -> Option<String> {
    let mut edit = Rewriter::new(text);
    if variants {
        for (i, c) in text.char_indices() {
            if is_plain_space_variant(c) {
                edit.replace(i, i + c.len_utf8(), " ");
                changes.spaces_normalized += 1;
            }
        }
    }
    let spaced = edit.finish();
    let current = spaced.as_deref().unwrap_or(text);
    match trim(current, changes) {
        Some(trimmed) => Some(trimmed),
        None => spaced,
    }
}

fn trim(text: &str, changes: &mut Changes) -> Option<String> {
    let inner = text.trim_matches(is_edge_space);
    let lines_need_trim = inner.contains(" \n") || inner.contains("\t\n");
    if inner.len() == text.len() && !lines_need_trim {
        return None;
    }
    if inner.len() != text.len() {
        changes.edges_trimmed += 1;
    }
    let mut out = String::with_capacity(inner.len());
    for (n, line) in inner.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let kept = line.trim_end_matches([' ', '\t']);
        if kept.len() != line.len() {
            changes.trailing_spaces_trimmed += 1;
        }
        out.push_str(kept);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(f: fn(&str, &mut Changes) -> Option<String>, text: &str) -> (String, Changes) {
        let mut changes = Changes::default();
        let out = f(text, &mut changes).unwrap_or_else(|| text.to_string());
        (out, changes)
    }

    #[test]
    fn line_endings_keep_paragraphs() {
        let (out, c) = run(line_endings, "a\r\nb\rc\n\nd\u{2029}e");
        assert_eq!(out, "a\nb\nc\n\nd\ne");
        assert_eq!(c.line_endings_normalized, 3);
        assert_eq!(line_endings("a – b\n\nc", &mut Changes::default()), None);
    }

    #[test]
    fn controls_boms_and_bidi() {
        let (out, c) = run(
            invisible,
            "\u{FEFF}a\u{0}b\u{7}c\u{85}\u{FEFF}d\u{200E}e\u{206A}",
        );
        assert_eq!(out, "abcde");
        assert_eq!(c.controls_removed, 3);
        assert_eq!(c.bom_removed, 2);
        assert_eq!(c.bidi_marks_removed, 1);
        assert_eq!(c.format_chars_removed, 1);
        // Jawi keeps its bidi marks.
        let jawi = "\u{200F}ڤد\u{200E}";
        assert_eq!(run(invisible, jawi).0, jawi);
        // Tab, newline, ZWNJ, ZWJ and U+FFFD stay; U+FFFD is counted.
        let (out, c) = run(invisible, "a\tb\nc\u{200C}d\u{200D}e\u{FFFD}");
        assert_eq!(out, "a\tb\nc\u{200C}d\u{200D}e\u{FFFD}");
        assert_eq!(c.replacement_chars, 1);
        assert!(!c.any());
    }

    #[test]
    fn zwsp_is_kept_only_in_scripts_without_spaces() {
        let run = |text| run(remove_stray_zwsp, text);
        for kept in [
            "ภาษา\u{200B}ไทย",
            "ພາສາ\u{200B}ລາວ",
            "ភាសា\u{200B}ខ្មែរ",
            "မြန်မာ\u{200B}စာ",
            "ไทย \u{200B}abc",
            "“\u{200B} ឯកតា",
        ] {
            assert_eq!(run(kept).0, kept);
        }
        let (out, c) = run("web\u{200B}site \u{200B}\u{200B}x");
        assert_eq!(out, "website x");
        assert_eq!(c.zwsp_removed, 3);
    }

    #[test]
    fn spaces_and_trimming() {
        let all_spaces = |text: &str, changes: &mut Changes| spaces(text, true, changes);
        let (out, c) = run(all_spaces, "  a\u{2003}b \t\n\n c\u{A0}d \n");
        assert_eq!(out, "a b\n\n c\u{A0}d");
        assert_eq!(c.spaces_normalized, 1);
        assert_eq!(c.trailing_spaces_trimmed, 1);
        assert_eq!(c.edges_trimmed, 1);
        assert_eq!(spaces("a b\n\nc", true, &mut Changes::default()), None);
    }
}
