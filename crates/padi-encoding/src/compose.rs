//! The two Vietnamese encodings that spell a letter with several characters: VNI (a font
//! encoding: a base letter followed by a diacritic byte, read as windows-1252) and VIQR
//! (RFC 1456: ASCII vowel followed by `(`, `^`, `+` and a tone mark `'`, `` ` ``, `?`, `~`, `.`).
//!
//! Both convert left to right, deciding at each character from at most [`LOOKAHEAD`]
//! characters, so a stream converts chunk by chunk to exactly the same text as a whole buffer.

use crate::vietnamese::{with_tone, Tone};

/// Characters a conversion step may look at, counting the one it starts at.
const LOOKAHEAD: usize = 5;

/// Which multi-character scheme to convert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scheme {
    Vni,
    Viqr,
}

/// A streaming converter from VNI (already decoded as windows-1252) or VIQR to Unicode.
#[derive(Debug, Clone)]
pub(crate) struct Composer {
    scheme: Scheme,
    /// The last input character consumed, for rules that depend on the start of a word.
    prev: Option<char>,
}

impl Composer {
    pub(crate) fn new(scheme: Scheme) -> Self {
        Self { scheme, prev: None }
    }

    /// Converts a prefix of `input`, appending to `out`, and returns its length in bytes.
    /// Unless `last`, stops before a character whose spelling may continue past the end of
    /// `input`; the caller passes the rest again, followed by more input.
    pub(crate) fn convert(&mut self, input: &str, last: bool, out: &mut String) -> usize {
        let mut pos = 0;
        let mut window = ['\0'; LOOKAHEAD];
        while pos < input.len() {
            let mut len = 0;
            for (slot, c) in window.iter_mut().zip(input[pos..].chars()) {
                *slot = c;
                len += 1;
            }
            if len < LOOKAHEAD && !last {
                break;
            }
            let window = &window[..len];
            let (consumed, letter) = match self.scheme {
                Scheme::Vni => vni_step(window),
                Scheme::Viqr => viqr_step(self.prev, window),
            };
            out.push(letter);
            pos += window[..consumed]
                .iter()
                .map(|c| c.len_utf8())
                .sum::<usize>();
            self.prev = Some(window[consumed - 1]);
        }
        pos
    }
}

/// A vowel's form with a circumflex, breve or horn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Modifier {
    Circumflex,
    Breve,
    Horn,
}

fn modify(vowel: char, modifier: Modifier) -> Option<char> {
    Some(match (vowel, modifier) {
        ('a', Modifier::Circumflex) => 'â',
        ('A', Modifier::Circumflex) => 'Â',
        ('e', Modifier::Circumflex) => 'ê',
        ('E', Modifier::Circumflex) => 'Ê',
        ('o', Modifier::Circumflex) => 'ô',
        ('O', Modifier::Circumflex) => 'Ô',
        ('a', Modifier::Breve) => 'ă',
        ('A', Modifier::Breve) => 'Ă',
        ('o', Modifier::Horn) => 'ơ',
        ('O', Modifier::Horn) => 'Ơ',
        ('u', Modifier::Horn) => 'ư',
        ('U', Modifier::Horn) => 'Ư',
        _ => return None,
    })
}

/// VNI letters written with one byte: ơ, ư, đ and i/y with some tones.
fn vni_single(c: char) -> char {
    match c {
        'ô' => 'ơ',
        'Ô' => 'Ơ',
        'ö' => 'ư',
        'Ö' => 'Ư',
        'ñ' => 'đ',
        'Ñ' => 'Đ',
        'æ' => 'ỉ',
        'Æ' => 'Ỉ',
        'ó' => 'ĩ',
        'Ó' => 'Ĩ',
        'ò' => 'ị',
        'Ò' => 'Ị',
        'î' => 'ỵ',
        'Î' => 'Ỵ',
        other => other,
    }
}

/// What a VNI diacritic byte (as windows-1252, either case) adds to the vowel before it.
fn vni_diacritic(c: char) -> Option<(Option<Modifier>, Tone)> {
    let circumflex = Some(Modifier::Circumflex);
    let breve = Some(Modifier::Breve);
    Some(match c.to_lowercase().next()? {
        'ù' => (None, Tone::Acute),
        'ø' => (None, Tone::Grave),
        'û' => (None, Tone::Hook),
        'õ' => (None, Tone::Tilde),
        'ï' => (None, Tone::Dot),
        'â' => (circumflex, Tone::Level),
        'á' => (circumflex, Tone::Acute),
        'à' => (circumflex, Tone::Grave),
        'å' => (circumflex, Tone::Hook),
        'ã' => (circumflex, Tone::Tilde),
        'ä' => (circumflex, Tone::Dot),
        'ê' => (breve, Tone::Level),
        'é' => (breve, Tone::Acute),
        'è' => (breve, Tone::Grave),
        'ú' => (breve, Tone::Hook),
        'ü' => (breve, Tone::Tilde),
        'ë' => (breve, Tone::Dot),
        _ => return None,
    })
}

fn vni_step(window: &[char]) -> (usize, char) {
    let base = vni_single(window[0]);
    let composed = window.get(1).and_then(|next| {
        let (modifier, tone) = vni_diacritic(*next)?;
        let vowel = match modifier {
            Some(modifier) => modify(base, modifier)?,
            None if "aeouyơưAEOUYƠƯ".contains(base) => base,
            None => return None,
        };
        with_tone(vowel, tone)
    });
    match composed {
        Some(letter) => (2, letter),
        None => (1, base),
    }
}

fn viqr_modifier(c: char) -> Option<Modifier> {
    match c {
        '^' => Some(Modifier::Circumflex),
        '(' => Some(Modifier::Breve),
        '+' => Some(Modifier::Horn),
        _ => None,
    }
}

pub(crate) fn viqr_tone(c: char) -> Option<Tone> {
    match c {
        '\'' => Some(Tone::Acute),
        '`' => Some(Tone::Grave),
        '?' => Some(Tone::Hook),
        '~' => Some(Tone::Tilde),
        '.' => Some(Tone::Dot),
        _ => None,
    }
}

pub(crate) fn is_viqr_vowel(c: char) -> bool {
    "aeiouyAEIOUY".contains(c)
}

/// Whether a VIQR modifier character really modifies the vowel before it.
pub(crate) fn viqr_modifies(vowel: char, c: char) -> bool {
    viqr_modifier(c).is_some_and(|m| modify(vowel, m).is_some())
}

fn viqr_step(prev: Option<char>, window: &[char]) -> (usize, char) {
    let c = window[0];
    let next = window.get(1).copied();
    // RFC 1456: a backslash makes the next mark literal.
    if c == '\\' {
        if let Some(mark) = next.filter(|m| viqr_modifier(*m).is_some() || viqr_tone(*m).is_some())
        {
            return (2, mark);
        }
    }
    // `dd` is đ only at the start of a word: Vietnamese đ begins a syllable; English has
    // "add", "middle".
    if matches!(c, 'd' | 'D')
        && matches!(next, Some('d' | 'D'))
        && !prev.is_some_and(|p| p.is_ascii_alphanumeric())
    {
        return (2, if c == 'D' { 'Đ' } else { 'đ' });
    }
    if !is_viqr_vowel(c) {
        return (1, c);
    }
    let (vowel, used) = match next.and_then(viqr_modifier).and_then(|m| modify(c, m)) {
        Some(modified) => (modified, 2),
        None => (c, 1),
    };
    if let Some(mark) = window.get(used).copied() {
        if let Some(tone) =
            viqr_tone(mark).filter(|_| viqr_tone_confirmed(mark, &window[used + 1..]))
        {
            if let Some(letter) = with_tone(vowel, tone) {
                return (used + 1, letter);
            }
        }
    }
    (used, vowel)
}

/// `?` and `.` are also punctuation: read them as tones inside a word, before other
/// punctuation ("bo^.." is "bộ."), or when the sentence goes on in lower case ("ma. ve^`" but
/// not "ma. Ve^`"). Unescaped VIQR is ambiguous before a capital ("o+? Vie^.t").
fn viqr_tone_confirmed(mark: char, after: &[char]) -> bool {
    if !matches!(mark, '?' | '.') {
        return true;
    }
    match after {
        [next, ..] if next.is_ascii_alphabetic() => true,
        [next, ..] if ".,;:!?)\"".contains(*next) => true,
        [' ', next, ..] => next.is_ascii_lowercase(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert_all(scheme: Scheme, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        Composer::new(scheme).convert(text, true, &mut out);
        out
    }

    #[test]
    fn converts_vni() {
        assert_eq!(convert_all(Scheme::Vni, "Vieät Nam"), "Việt Nam");
        assert_eq!(
            convert_all(Scheme::Vni, "Tröôøng ñaïi hoïc"),
            "Trường đại học"
        );
        assert_eq!(convert_all(Scheme::Vni, "NGÖÔØI"), "NGƯỜI");
        assert_eq!(convert_all(Scheme::Vni, "khoâng"), "không");
    }

    #[test]
    fn converts_viqr() {
        assert_eq!(convert_all(Scheme::Viqr, "Vie^.t Nam"), "Việt Nam");
        assert_eq!(
            convert_all(Scheme::Viqr, "ngu+o+`i ddi ho.c"),
            "người đi học"
        );
        assert_eq!(convert_all(Scheme::Viqr, "ca\\. Ddi!"), "ca. Đi!");
        assert_eq!(
            convert_all(Scheme::Viqr, "no' ddi ma. ve^` nha`."),
            "nó đi mạ về nhà."
        );
        assert_eq!(
            convert_all(Scheme::Viqr, "add la ma. Anh"),
            "add la ma. Anh"
        );
    }

    #[test]
    fn streaming_matches_whole_buffer() {
        let text = "Tro+`i mu+a to ho+n ddu+o+.c ca'i gi`? Kho^ng bie^'t.";
        let whole = convert_all(Scheme::Viqr, text);
        let mut composer = Composer::new(Scheme::Viqr);
        let mut out = String::new();
        let mut pending = String::new();
        for c in text.chars() {
            pending.push(c);
            let used = composer.convert(&pending, false, &mut out);
            pending.drain(..used);
        }
        composer.convert(&pending, true, &mut out);
        assert_eq!(out, whole);
    }
}
