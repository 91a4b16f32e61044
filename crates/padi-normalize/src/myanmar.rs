//! Myanmar medial order (UTN #11): YA < RA < WA < HA.

use crate::rewrite::Rewriter;
use crate::Changes;

fn is_medial(c: char) -> bool {
    matches!(c, '\u{103B}'..='\u{103E}')
}

/// Sorts every run of medials YA, RA, WA, HA (U+103B–103E, already in code point order).
pub(crate) fn order_medials(text: &str, changes: &mut Changes) -> Option<String> {
    let mut edit = Rewriter::new(text);
    let mut run: Vec<char> = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if !is_medial(c) {
            continue;
        }
        run.clear();
        run.push(c);
        let mut end = start + c.len_utf8();
        while let Some(&(i, next)) = chars.peek() {
            if !is_medial(next) {
                break;
            }
            run.push(next);
            end = i + next.len_utf8();
            chars.next();
        }
        if run.windows(2).any(|w| w[0] > w[1]) {
            run.sort_unstable();
            let fixed: String = run.iter().collect();
            edit.replace(start, end, &fixed);
            changes.myanmar_medials_reordered += 1;
        }
    }
    edit.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medials_are_sorted() {
        let mut changes = Changes::default();
        // ကျွ typed as KA + WA + YA.
        let out = order_medials("က\u{103D}\u{103B}န်", &mut changes);
        assert_eq!(out.as_deref(), Some("က\u{103B}\u{103D}န်"));
        assert_eq!(changes.myanmar_medials_reordered, 1);
        // HA before RA: မြှ.
        let out = order_medials("မ\u{103E}\u{103C}င့်", &mut changes);
        assert_eq!(out.as_deref(), Some("မ\u{103C}\u{103E}င့်"));
        assert_eq!(order_medials("မြန်မာ ကျွန်ုပ်", &mut Changes::default()), None);
    }
}
