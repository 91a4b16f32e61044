//! The encoding-neutral shape of a Myanmar syllable, shared by both converters.
//!
//! Zawgyi stores a syllable in visual order (E-vowel and medial ra before the consonant, kinzi
//! after it) and Unicode in logical order. Both converters parse their input into [`Part`]s,
//! gather the parts of one consonant into a [`Cluster`], and write the cluster out in the order
//! of the other encoding. Gathering by role is also what sorts medials (YA < RA < WA < HA) and
//! drops duplicated diacritics: a role is either present or not.

/// One meaningful piece of a syllable, in Unicode terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    /// A consonant, independent vowel or other letter that carries marks.
    Base(char),
    /// Kinzi: `U+1004 U+103A U+1039` written over the next consonant.
    Kinzi,
    /// A consonant stacked under the previous one (`U+1039` + consonant in Unicode).
    Stack(char),
    MedialYa,
    MedialRa,
    MedialWa,
    MedialHa,
    /// The E-vowel U+1031.
    VowelE,
    /// U+102D, U+102E, U+1032.
    UpperVowel(char),
    /// U+102F, U+1030.
    LowerVowel(char),
    /// U+102B, U+102C.
    AaVowel(char),
    Anusvara,
    DotBelow,
    Asat,
    Visarga,
}

pub(crate) const KINZI: [char; 3] = ['\u{1004}', '\u{103A}', '\u{1039}'];
pub(crate) const VIRAMA: char = '\u{1039}';
pub(crate) const ASAT: char = '\u{103A}';

/// Zawgyi glyphs for a consonant with another stacked under it: (glyph, base, stacked).
pub(crate) const ZAWGYI_LIGATURES: [(char, char, char); 5] = [
    ('\u{106E}', '\u{100D}', '\u{100D}'),
    ('\u{106F}', '\u{100D}', '\u{100E}'),
    ('\u{1091}', '\u{100F}', '\u{100D}'),
    ('\u{1092}', '\u{100B}', '\u{100C}'),
    ('\u{1097}', '\u{100B}', '\u{100B}'),
];

/// The parts of one syllable (one base consonant) gathered by role.
#[derive(Debug, Default)]
pub(crate) struct Cluster {
    pub kinzi: bool,
    pub base: Option<char>,
    /// An asat written on the base itself, before a medial (ယောက်ျား): UTN #11 keeps it there.
    pub base_asat: bool,
    pub stacks: Vec<char>,
    pub ya: bool,
    pub ra: bool,
    pub wa: bool,
    pub ha: bool,
    pub vowel_e: bool,
    pub upper: Vec<char>,
    pub lower: Vec<char>,
    pub aa: Vec<char>,
    pub anusvara: bool,
    pub dot_below: bool,
    pub asat: bool,
    pub visarga: bool,
}

impl Cluster {
    pub fn is_empty(&self) -> bool {
        !self.kinzi && self.base.is_none() && !self.ra && !self.vowel_e && !self.has_post_base()
    }

    /// Whether any part that follows the base in Zawgyi's visual order is present.
    pub fn has_post_base(&self) -> bool {
        !self.stacks.is_empty()
            || self.base_asat
            || self.ya
            || self.wa
            || self.ha
            || !self.upper.is_empty()
            || !self.lower.is_empty()
            || !self.aa.is_empty()
            || self.anusvara
            || self.dot_below
            || self.asat
            || self.visarga
    }

    pub fn add(&mut self, part: Part) {
        fn push_once(list: &mut Vec<char>, c: char) {
            if !list.contains(&c) {
                list.push(c);
            }
        }
        match part {
            Part::Base(c) => self.base = Some(c),
            Part::Kinzi => self.kinzi = true,
            Part::Stack(c) => self.stacks.push(c),
            Part::MedialYa | Part::MedialRa | Part::MedialWa | Part::MedialHa => {
                // An asat before a medial, or between a medial and a vowel, sits on the base
                // (ယောက်ျား), not at the syllable's end.
                if self.asat && !self.has_vowel() {
                    self.asat = false;
                    self.base_asat = true;
                }
                match part {
                    Part::MedialYa => self.ya = true,
                    Part::MedialRa => self.ra = true,
                    Part::MedialWa => self.wa = true,
                    _ => self.ha = true,
                }
            }
            Part::VowelE => self.vowel_e = true,
            Part::UpperVowel(c) | Part::LowerVowel(c) | Part::AaVowel(c) => {
                if self.asat && self.has_medial() {
                    self.asat = false;
                    self.base_asat = true;
                }
                let list = match part {
                    Part::UpperVowel(_) => &mut self.upper,
                    Part::LowerVowel(_) => &mut self.lower,
                    _ => &mut self.aa,
                };
                push_once(list, c);
            }
            Part::Anusvara => self.anusvara = true,
            Part::DotBelow => self.dot_below = true,
            Part::Asat => self.asat = true,
            Part::Visarga => self.visarga = true,
        }
    }

    fn has_vowel(&self) -> bool {
        !self.upper.is_empty() || !self.lower.is_empty() || !self.aa.is_empty()
    }

    fn has_medial(&self) -> bool {
        self.ya || self.ra || self.wa || self.ha
    }

    pub fn clear(&mut self) {
        self.kinzi = false;
        self.base = None;
        self.base_asat = false;
        self.stacks.clear();
        self.ya = false;
        self.ra = false;
        self.wa = false;
        self.ha = false;
        self.vowel_e = false;
        self.upper.clear();
        self.lower.clear();
        self.aa.clear();
        self.anusvara = false;
        self.dot_below = false;
        self.asat = false;
        self.visarga = false;
    }

    /// Appends the cluster in Unicode storage order (UTN #11) and clears it.
    ///
    /// Order: kinzi, base, its own asat, stacked consonants, medials Y R W H, E, upper, lower and aa vowels,
    /// anusvara, dot below, asat, visarga (dot below before asat is also the NFC order).
    pub fn write_unicode(&mut self, out: &mut String) {
        if self.is_empty() {
            return;
        }
        self.fix_zawgyi_spellings();
        if self.kinzi {
            out.extend(KINZI);
        }
        out.extend(self.base);
        if self.base_asat {
            out.push(ASAT);
        }
        for &stacked in &self.stacks {
            out.push(VIRAMA);
            out.push(stacked);
        }
        for (present, medial) in [
            (self.ya, '\u{103B}'),
            (self.ra, '\u{103C}'),
            (self.wa, '\u{103D}'),
            (self.ha, '\u{103E}'),
            (self.vowel_e, '\u{1031}'),
        ] {
            if present {
                out.push(medial);
            }
        }
        for &vowel in self.upper.iter().chain(&self.lower).chain(&self.aa) {
            out.push(vowel);
        }
        for (present, sign) in [
            (self.anusvara, '\u{1036}'),
            (self.dot_below, '\u{1037}'),
            (self.asat, ASAT),
            (self.visarga, '\u{1038}'),
        ] {
            if present {
                out.push(sign);
            }
        }
        self.clear();
    }

    /// Letters Zawgyi spells with look-alikes, and marks typed over each other.
    ///
    /// ဈ is typed as စ + medial ya; ဉ as ဥ when it has an asat, a stacked consonant or an aa
    /// vowel (ဉာဏ်); ဦ as ဥ + ီ. ိ typed with ီ shows as ီ, and ု with ူ as ု.
    fn fix_zawgyi_spellings(&mut self) {
        const SA: char = '\u{1005}';
        const JHA: char = '\u{1008}';
        const U: char = '\u{1025}';
        const I: char = '\u{102D}';
        const II: char = '\u{102E}';
        const UU: char = '\u{1030}';
        if self.ya {
            if let Some(last) = self.stacks.last_mut() {
                if *last == SA {
                    *last = JHA;
                    self.ya = false;
                }
            } else if self.base == Some(SA) {
                self.base = Some(JHA);
                self.ya = false;
            }
        }
        if self.upper.contains(&II) {
            self.upper.retain(|&c| c != I);
        }
        if self.lower.len() > 1 {
            self.lower.retain(|&c| c != UU);
        }
        if self.base == Some(U) {
            if self.asat || self.base_asat || !self.stacks.is_empty() || !self.aa.is_empty() {
                self.base = Some('\u{1009}');
            } else if let Some(at) = self.upper.iter().position(|&c| c == II) {
                self.upper.remove(at);
                self.base = Some('\u{1026}');
            }
        }
    }
}
