//! Byte tables of the Vietnamese single-byte encodings that encoding_rs does not have.
//!
//! Transcribed per byte from glibc's `TCVN5712-1` and `VISCII` converters (the published
//! TCVN 5712:1993 and RFC 1456 charts); `tests/fixtures.rs` checks them against the generated
//! fixtures. Bytes not listed map to the same code point (ASCII, and C0 controls that stand
//! for no letter).

/// A single-byte Vietnamese character set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ByteTable {
    /// C0 control bytes that these encodings reuse for capital letters.
    c0: &'static [(u8, char)],
    /// Bytes 0x80..=0xFF.
    high: &'static [char; 128],
}

impl ByteTable {
    /// The character a byte stands for; every byte stands for one.
    #[inline]
    pub(crate) fn decode_byte(&self, byte: u8) -> char {
        if byte >= 0x80 {
            self.high[usize::from(byte - 0x80)]
        } else if byte < 0x20 {
            self.c0
                .iter()
                .find(|(b, _)| *b == byte)
                .map_or(char::from(byte), |(_, c)| *c)
        } else {
            char::from(byte)
        }
    }

    /// Appends the decoding of `bytes` to `out`.
    pub(crate) fn decode_into(&self, bytes: &[u8], out: &mut String) {
        out.reserve(bytes.len());
        out.extend(bytes.iter().map(|b| self.decode_byte(*b)));
    }
}

/// TCVN 5712:1993 (TCVN3, "ABC"), as glibc's `TCVN5712-1`: bytes 0xB0..=0xB4 are combining
/// tone marks, so the output needs NFC like windows-1258's.
pub(crate) const TCVN3: ByteTable = ByteTable {
    c0: &TCVN3_C0,
    high: &TCVN3_HIGH,
};

/// VISCII (RFC 1456).
pub(crate) const VISCII: ByteTable = ByteTable {
    c0: &VISCII_C0,
    high: &VISCII_HIGH,
};

const TCVN3_C0: [(u8, char); 12] = [
    (0x01, '\u{00DA}'),
    (0x02, '\u{1EE4}'),
    (0x04, '\u{1EEA}'),
    (0x05, '\u{1EEC}'),
    (0x06, '\u{1EEE}'),
    (0x11, '\u{1EE8}'),
    (0x12, '\u{1EF0}'),
    (0x13, '\u{1EF2}'),
    (0x14, '\u{1EF6}'),
    (0x15, '\u{1EF8}'),
    (0x16, '\u{00DD}'),
    (0x17, '\u{1EF4}'),
];

const TCVN3_HIGH: [char; 128] = [
    '\u{00C0}', '\u{1EA2}', '\u{00C3}', '\u{00C1}', '\u{1EA0}', '\u{1EB6}', '\u{1EAC}',
    '\u{00C8}', // 0x80
    '\u{1EBA}', '\u{1EBC}', '\u{00C9}', '\u{1EB8}', '\u{1EC6}', '\u{00CC}', '\u{1EC8}',
    '\u{0128}', // 0x88
    '\u{00CD}', '\u{1ECA}', '\u{00D2}', '\u{1ECE}', '\u{00D5}', '\u{00D3}', '\u{1ECC}',
    '\u{1ED8}', // 0x90
    '\u{1EDC}', '\u{1EDE}', '\u{1EE0}', '\u{1EDA}', '\u{1EE2}', '\u{00D9}', '\u{1EE6}',
    '\u{0168}', // 0x98
    '\u{00A0}', '\u{0102}', '\u{00C2}', '\u{00CA}', '\u{00D4}', '\u{01A0}', '\u{01AF}',
    '\u{0110}', // 0xA0
    '\u{0103}', '\u{00E2}', '\u{00EA}', '\u{00F4}', '\u{01A1}', '\u{01B0}', '\u{0111}',
    '\u{1EB0}', // 0xA8
    '\u{0300}', '\u{0309}', '\u{0303}', '\u{0301}', '\u{0323}', '\u{00E0}', '\u{1EA3}',
    '\u{00E3}', // 0xB0
    '\u{00E1}', '\u{1EA1}', '\u{1EB2}', '\u{1EB1}', '\u{1EB3}', '\u{1EB5}', '\u{1EAF}',
    '\u{1EB4}', // 0xB8
    '\u{1EAE}', '\u{1EA6}', '\u{1EA8}', '\u{1EAA}', '\u{1EA4}', '\u{1EC0}', '\u{1EB7}',
    '\u{1EA7}', // 0xC0
    '\u{1EA9}', '\u{1EAB}', '\u{1EA5}', '\u{1EAD}', '\u{00E8}', '\u{1EC2}', '\u{1EBB}',
    '\u{1EBD}', // 0xC8
    '\u{00E9}', '\u{1EB9}', '\u{1EC1}', '\u{1EC3}', '\u{1EC5}', '\u{1EBF}', '\u{1EC7}',
    '\u{00EC}', // 0xD0
    '\u{1EC9}', '\u{1EC4}', '\u{1EBE}', '\u{1ED2}', '\u{0129}', '\u{00ED}', '\u{1ECB}',
    '\u{00F2}', // 0xD8
    '\u{1ED4}', '\u{1ECF}', '\u{00F5}', '\u{00F3}', '\u{1ECD}', '\u{1ED3}', '\u{1ED5}',
    '\u{1ED7}', // 0xE0
    '\u{1ED1}', '\u{1ED9}', '\u{1EDD}', '\u{1EDF}', '\u{1EE1}', '\u{1EDB}', '\u{1EE3}',
    '\u{00F9}', // 0xE8
    '\u{1ED6}', '\u{1EE7}', '\u{0169}', '\u{00FA}', '\u{1EE5}', '\u{1EEB}', '\u{1EED}',
    '\u{1EEF}', // 0xF0
    '\u{1EE9}', '\u{1EF1}', '\u{1EF3}', '\u{1EF7}', '\u{1EF9}', '\u{00FD}', '\u{1EF5}',
    '\u{1ED0}', // 0xF8
];

const VISCII_C0: [(u8, char); 6] = [
    (0x02, '\u{1EB2}'),
    (0x05, '\u{1EB4}'),
    (0x06, '\u{1EAA}'),
    (0x14, '\u{1EF6}'),
    (0x19, '\u{1EF8}'),
    (0x1E, '\u{1EF4}'),
];

const VISCII_HIGH: [char; 128] = [
    '\u{1EA0}', '\u{1EAE}', '\u{1EB0}', '\u{1EB6}', '\u{1EA4}', '\u{1EA6}', '\u{1EA8}',
    '\u{1EAC}', // 0x80
    '\u{1EBC}', '\u{1EB8}', '\u{1EBE}', '\u{1EC0}', '\u{1EC2}', '\u{1EC4}', '\u{1EC6}',
    '\u{1ED0}', // 0x88
    '\u{1ED2}', '\u{1ED4}', '\u{1ED6}', '\u{1ED8}', '\u{1EE2}', '\u{1EDA}', '\u{1EDC}',
    '\u{1EDE}', // 0x90
    '\u{1ECA}', '\u{1ECE}', '\u{1ECC}', '\u{1EC8}', '\u{1EE6}', '\u{0168}', '\u{1EE4}',
    '\u{1EF2}', // 0x98
    '\u{00D5}', '\u{1EAF}', '\u{1EB1}', '\u{1EB7}', '\u{1EA5}', '\u{1EA7}', '\u{1EA9}',
    '\u{1EAD}', // 0xA0
    '\u{1EBD}', '\u{1EB9}', '\u{1EBF}', '\u{1EC1}', '\u{1EC3}', '\u{1EC5}', '\u{1EC7}',
    '\u{1ED1}', // 0xA8
    '\u{1ED3}', '\u{1ED5}', '\u{1ED7}', '\u{1EE0}', '\u{01A0}', '\u{1ED9}', '\u{1EDD}',
    '\u{1EDF}', // 0xB0
    '\u{1ECB}', '\u{1EF0}', '\u{1EE8}', '\u{1EEA}', '\u{1EEC}', '\u{01A1}', '\u{1EDB}',
    '\u{01AF}', // 0xB8
    '\u{00C0}', '\u{00C1}', '\u{00C2}', '\u{00C3}', '\u{1EA2}', '\u{0102}', '\u{1EB3}',
    '\u{1EB5}', // 0xC0
    '\u{00C8}', '\u{00C9}', '\u{00CA}', '\u{1EBA}', '\u{00CC}', '\u{00CD}', '\u{0128}',
    '\u{1EF3}', // 0xC8
    '\u{0110}', '\u{1EE9}', '\u{00D2}', '\u{00D3}', '\u{00D4}', '\u{1EA1}', '\u{1EF7}',
    '\u{1EEB}', // 0xD0
    '\u{1EED}', '\u{00D9}', '\u{00DA}', '\u{1EF9}', '\u{1EF5}', '\u{00DD}', '\u{1EE1}',
    '\u{01B0}', // 0xD8
    '\u{00E0}', '\u{00E1}', '\u{00E2}', '\u{00E3}', '\u{1EA3}', '\u{0103}', '\u{1EEF}',
    '\u{1EAB}', // 0xE0
    '\u{00E8}', '\u{00E9}', '\u{00EA}', '\u{1EBB}', '\u{00EC}', '\u{00ED}', '\u{0129}',
    '\u{1EC9}', // 0xE8
    '\u{0111}', '\u{1EF1}', '\u{00F2}', '\u{00F3}', '\u{00F4}', '\u{00F5}', '\u{1ECF}',
    '\u{1ECD}', // 0xF0
    '\u{1EE5}', '\u{00F9}', '\u{00FA}', '\u{0169}', '\u{1EE7}', '\u{00FD}', '\u{1EE3}',
    '\u{1EEE}', // 0xF8
];
