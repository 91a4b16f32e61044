//! Script membership tests shared by the rules.

/// Arabic script (Jawi and the Arabic presentation forms), where bidi marks carry meaning.
pub(crate) fn is_arabic(c: char) -> bool {
    matches!(c,
        '\u{0600}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{0870}'..='\u{08FF}'
        | '\u{FB50}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFE}')
}

/// Scripts written without spaces between words, where ZWSP is the word separator: Thai, Lao,
/// Khmer, Myanmar (with its extensions, for Shan and Mon), Tai Tham, Tai Viet, Tai Le,
/// New Tai Lue, Buginese, Balinese and Javanese.
pub(crate) fn writes_without_spaces(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0EFF}'
        | '\u{1000}'..='\u{109F}'
        | '\u{1780}'..='\u{17FF}'
        | '\u{19E0}'..='\u{19FF}'
        | '\u{1950}'..='\u{19DF}'
        | '\u{1A00}'..='\u{1AAF}'
        | '\u{1B00}'..='\u{1B7F}'
        | '\u{A980}'..='\u{A9FF}'
        | '\u{AA60}'..='\u{AADF}')
}
