//! Plain text of a Markdown file.
//!
//! Line-based and forgiving: keeps the prose of headings, paragraphs, lists, quotes and tables,
//! drops front matter, code blocks, rules, image and link targets and inline markup. It is
//! not a CommonMark renderer: the aim is training text, not faithful layout.

/// The prose of `markdown`, paragraphs separated by a blank line.
pub fn markdown_to_text(markdown: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut lines = markdown.lines().peekable();
    // YAML front matter at the very start is metadata, not text.
    if lines.peek().map(|l| l.trim_end()) == Some("---") {
        lines.next();
        for line in lines.by_ref() {
            if matches!(line.trim_end(), "---" | "...") {
                break;
            }
        }
    }
    let mut fence: Option<&str> = None;
    for line in lines {
        let trimmed = line.trim();
        if let Some(marker) = fence {
            if trimmed.starts_with(marker) {
                fence = None;
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            continue;
        }
        if is_rule(trimmed) || is_table_separator(trimmed) {
            continue;
        }
        let text = inline_text(strip_block_markers(trimmed));
        let text = text.trim();
        if text.is_empty() {
            if out.last().is_some_and(|l| !l.is_empty()) {
                out.push(String::new());
            }
        } else {
            out.push(text.to_string());
        }
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out.join("\n")
}

fn is_rule(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    compact.len() >= 3
        && ['-', '*', '_']
            .iter()
            .any(|m| compact.chars().all(|c| c == *m))
}

fn is_table_separator(line: &str) -> bool {
    line.contains('-')
        && line.contains('|')
        && line
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// Heading hashes, quote markers and list bullets at the start of a line.
fn strip_block_markers(mut line: &str) -> &str {
    loop {
        let before = line;
        line = line.trim_start_matches('>').trim_start();
        line = line.trim_start_matches('#').trim_start();
        for bullet in ["- ", "* ", "+ "] {
            if let Some(rest) = line.strip_prefix(bullet) {
                line = rest.trim_start();
            }
        }
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && digits < 10 {
            if let Some(rest) = line[digits..]
                .strip_prefix(". ")
                .or_else(|| line[digits..].strip_prefix(") "))
            {
                line = rest.trim_start();
            }
        }
        if line == before {
            return line;
        }
    }
}

/// Inline markup removed: `![alt](src)` → alt, `[text](url)` → text, emphasis and code marks,
/// `<autolinks>` and table pipes.
fn inline_text(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        match c {
            '!' if rest[1..].starts_with('[') => rest = &rest[1..],
            '[' => {
                if let Some((text, after)) = link(rest) {
                    out.push_str(&inline_text(text));
                    rest = after;
                } else {
                    out.push('[');
                    rest = &rest[1..];
                }
            }
            '<' => match rest.find('>') {
                Some(end) if !rest[1..end].contains(' ') && end > 1 => rest = &rest[end + 1..],
                _ => {
                    out.push('<');
                    rest = &rest[1..];
                }
            },
            '*' | '`' | '~' => rest = &rest[1..],
            '|' => {
                out.push(' ');
                rest = &rest[1..];
            }
            '\\' if rest.len() > 1 => {
                let next = rest[1..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&rest[1..1 + next]);
                rest = &rest[1 + next..];
            }
            _ => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    let mut collapsed = String::with_capacity(out.len());
    for word in out.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    collapsed
}

/// `[text](target)` or `[text][ref]` at the start of `s`: the text and what follows.
fn link(s: &str) -> Option<(&str, &str)> {
    let close = s.find(']')?;
    let text = &s[1..close];
    let after = &s[close + 1..];
    let target_end = match after.chars().next() {
        Some('(') => after.find(')')?,
        Some('[') => after.find(']')?,
        _ => return None,
    };
    Some((text, &after[target_end + 1..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn prose_survives_markup_does_not() {
        let md = "---\ntitle: x\n---\n# ພາສາລາວ\n\nSome *bold* and `code` with a [link](http://x.y) and ![pic](a.png).\n\n```\nlet x = 1;\n```\n\n- item one\n- item two\n\n| a | b |\n|---|---|\n| c | d |\n\n---\n> quoted \\*star\\*\n";
        assert_eq!(
            markdown_to_text(md),
            "ພາສາລາວ\n\nSome bold and code with a link and pic.\n\nitem one\nitem two\n\na b\nc d\n\nquoted *star*"
        );
    }

    proptest! {
        #[test]
        fn never_panics(s in "[\\[\\]()<>*`!#|\\\\a-z ~\n-]{0,200}") {
            let _ = markdown_to_text(&s);
        }
    }
}
