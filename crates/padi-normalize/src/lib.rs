//! Text normalization for padi: the `normalize` stage and the dedup match key.
//!
//! [`Normalizer`] turns decoded text into the form padi stores: LF line endings, no control
//! characters or stray BOMs, NFC (never NFKC: it would split Thai ำ and Lao ຳ and turn NBSP
//! into a space), Khmer syllables in SIL khnormal order with split vowels recomposed, Myanmar
//! medials in order, Thai and Lao mark repairs, an optional Vietnamese tone-placement house
//! style, and tidy spaces. ZWSP is kept in scripts written without spaces (Thai, Lao, Khmer,
//! Myanmar, …), ZWNJ and ZWJ everywhere. Every rule counts what it changed ([`Changes`]).
//! Normalization is deterministic and idempotent.
//!
//! Order of the steps: line endings, invisible characters, Vietnamese mark order, NFC; then
//! the script repairs (Thai/Lao, Khmer, Myanmar, Vietnamese tone style, stray ZWSP, NFC
//! again when needed), repeated until they change nothing; then spaces. Zawgyi conversion
//! belongs in front of all of them: it must see the raw text.
//!
//! [`match_key`] gives the lossy key deduplication compares; it is never stored.
//!
//! [`NormalizeFilter`] is the pipeline stage; [`normalize_lines`] serves `padi normalize`.
//!
//! Not here: byte decoding and mojibake repair (`padi-encoding`) and Zawgyi detection and
//! conversion (`padi-zawgyi`), which run before this crate's steps.

mod changes;
mod config;
mod filter;
mod invisible;
mod khmer;
mod lines;
mod match_key;
mod myanmar;
mod normalizer;
mod rewrite;
mod scan;
mod script;
mod thai_lao;
mod vietnamese;

pub use changes::Changes;
pub use config::{NormalizeConfig, ToneStyle};
pub use filter::{NormalizeFilter, EMPTY_AFTER_NORMALIZE};
pub use lines::{normalize_lines, InvalidUtf8Line};
pub use match_key::match_key;
pub use normalizer::{Normalized, Normalizer};
