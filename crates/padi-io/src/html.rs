//! Main text of an HTML page, as plain lines.
//!
//! A small tolerant tokenizer rather than a full HTML5 parser: we only need the visible text of
//! the page body, one line per block element, without scripts, styles, navigation and other
//! boilerplate. When the page marks its content with `<main>` or `<article>`, only that is kept.
//! Input is one bounded record (the reader quarantines pages over `max_record_bytes`).

/// Elements whose content is never text of the page.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "head", "nav", "header", "footer", "aside", "form",
    "svg", "select", "button", "iframe", "object", "canvas", "math",
];

/// Elements whose content is raw text: the tokenizer must jump to the closing tag.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "xmp", "title"];

/// Elements that start a new line of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "table",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "hr",
    "figcaption",
    "caption",
    "body",
];

const CONTENT: &[&str] = &["main", "article"];

/// The visible main text of `html`: one line per block, whitespace collapsed, entities decoded,
/// empty lines dropped.
pub fn html_to_text(html: &str) -> String {
    let only_content = has_content_element(html);
    let mut out = Extractor::default();
    let mut rest = html;
    let mut skip_depth = 0usize;
    let mut content_depth = 0usize;
    while let Some(lt) = rest.find('<') {
        if skip_depth == 0 && (!only_content || content_depth > 0) {
            out.text(&rest[..lt]);
        }
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        let Some(tag) = parse_tag(rest) else {
            // A lone `<` is text.
            if skip_depth == 0 && (!only_content || content_depth > 0) {
                out.text("<");
            }
            rest = &rest[1..];
            continue;
        };
        rest = &rest[tag.len..];
        let name = tag.name.as_str();
        if !tag.closing && RAW_TEXT.contains(&name) && !tag.self_closing {
            // Raw text runs to the closing tag; `<` inside it is not markup.
            let end = find_ascii_ci(rest, &format!("</{name}"));
            let body = &rest[..end.unwrap_or(rest.len())];
            if name == "textarea" && skip_depth == 0 && (!only_content || content_depth > 0) {
                out.text(body);
            }
            rest = &rest[end.unwrap_or(rest.len())..];
            if let Some(close) = parse_tag(rest) {
                rest = &rest[close.len..];
            }
            continue;
        }
        if SKIPPED.contains(&name) && !tag.self_closing {
            if tag.closing {
                skip_depth = skip_depth.saturating_sub(1);
            } else {
                skip_depth += 1;
            }
            continue;
        }
        if CONTENT.contains(&name) && !tag.self_closing {
            if tag.closing {
                content_depth = content_depth.saturating_sub(1);
            } else {
                content_depth += 1;
            }
        }
        if BLOCKS.contains(&name) {
            out.break_line();
        }
    }
    if skip_depth == 0 && (!only_content || content_depth > 0) {
        out.text(rest);
    }
    out.finish()
}

fn has_content_element(html: &str) -> bool {
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt..];
        if let Some(tag) = parse_tag(rest) {
            if !tag.closing && CONTENT.contains(&tag.name.as_str()) {
                return true;
            }
            rest = &rest[tag.len..];
        } else {
            rest = &rest[1..];
        }
    }
    false
}

struct Tag {
    /// Lower-case element name; empty for `<!doctype>` and `<?…>`.
    name: String,
    closing: bool,
    self_closing: bool,
    /// Bytes from `<` to `>` inclusive.
    len: usize,
}

/// The tag at the start of `s` (which starts with `<`), or `None` when the `<` is text.
fn parse_tag(s: &str) -> Option<Tag> {
    let bytes = s.as_bytes();
    let mut i = 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let special = matches!(bytes.get(i), Some(b'!' | b'?'));
    let name_start = i;
    if !special {
        if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            return None;
        }
        while bytes
            .get(i)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-')
        {
            i += 1;
        }
    }
    let name = if special {
        String::new()
    } else {
        s[name_start..i].to_ascii_lowercase()
    };
    // Find the closing `>`, skipping quoted attribute values.
    let mut quote: Option<u8> = None;
    while let Some(&b) = bytes.get(i) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') if !special => quote = Some(b),
            (None, b'>') => {
                let self_closing = i > 0 && bytes[i - 1] == b'/';
                return Some(Tag {
                    name,
                    closing,
                    self_closing,
                    len: i + 1,
                });
            }
            _ => {}
        }
        i += 1;
    }
    // An unterminated tag swallows the rest, as browsers do.
    Some(Tag {
        name,
        closing,
        self_closing: false,
        len: s.len(),
    })
}

fn find_ascii_ci(haystack: &str, needle: &str) -> Option<usize> {
    let n = needle.len();
    haystack
        .as_bytes()
        .windows(n)
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[derive(Default)]
struct Extractor {
    lines: Vec<String>,
    line: String,
}

impl Extractor {
    fn text(&mut self, raw: &str) {
        let decoded = decode_entities(raw);
        let is_space = |c: char| c.is_whitespace() && c != '\u{a0}';
        // Inline tags do not separate words (`<b>ທຸກ</b>ຄົນ` is one word); whitespace does.
        let mut space = decoded.starts_with(is_space);
        for word in decoded.split(is_space).filter(|w| !w.is_empty()) {
            if space && !self.line.is_empty() && !self.line.ends_with(' ') {
                self.line.push(' ');
            }
            self.line.push_str(word);
            space = true;
        }
        if decoded.ends_with(is_space) && !self.line.is_empty() && !self.line.ends_with(' ') {
            self.line.push(' ');
        }
    }

    fn break_line(&mut self) {
        let line = self.line.trim();
        if !line.is_empty() {
            self.lines.push(line.replace('\u{a0}', " "));
        }
        self.line.clear();
    }

    fn finish(mut self) -> String {
        self.break_line();
        self.lines.join("\n")
    }
}

/// Decode character references: the five XML ones, `&nbsp;` and numeric ones. Others are
/// left as written (they are rare in text and a table of 2,000 names is not worth it).
pub(crate) fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.as_bytes()[..rest.len().min(12)]
            .iter()
            .position(|&b| b == b';');
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let code = if let Some(hex) =
                        name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
                    {
                        u32::from_str_radix(hex, 16).ok()
                    } else {
                        name.strip_prefix('#').and_then(|d| d.parse().ok())
                    };
                    code.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn keeps_body_text_and_drops_boilerplate() {
        let html = r#"<!DOCTYPE html><html><head><title>T</title>
            <style>p { color: red }</style><script>if (a < b) { x("</p>") }</script></head>
            <body><nav><a href="/">Home</a> | <a href="/x">News</a></nav>
            <p>ສະບາຍດີ <b>ທຸກ</b>ຄົນ &amp; friends&nbsp;here</p>
            <!-- a comment <p>hidden</p> -->
            <div>Line&#32;two<br>Line three &#x1000;</div>
            <footer>© 2024</footer></body></html>"#;
        assert_eq!(
            html_to_text(html),
            "ສະບາຍດີ ທຸກຄົນ & friends here\nLine two\nLine three က"
        );
    }

    #[test]
    fn main_element_wins_over_the_rest_of_the_page() {
        let html = "<body><div>Menu item</div><main><h1>Title</h1><p>Body text.</p></main><div>Related</div></body>";
        assert_eq!(html_to_text(html), "Title\nBody text.");
    }

    #[test]
    fn broken_markup_does_not_lose_text_or_panic() {
        assert_eq!(html_to_text("a < b and c > d"), "a < b and c > d");
        assert_eq!(html_to_text("<p>open <b attr='x>y'>bold"), "open bold");
        assert_eq!(html_to_text("text <script>never closed"), "text");
        assert_eq!(html_to_text("&bogus; &#xZZ; &"), "&bogus; &#xZZ; &");
    }

    proptest! {
        #[test]
        fn never_panics_and_never_emits_markup_of_skipped_elements(s in ".{0,200}") {
            let html = format!("<script>{s}</script><p>{s}</p>");
            let text = html_to_text(&html);
            prop_assert!(!text.contains("<script"));
        }
    }
}
