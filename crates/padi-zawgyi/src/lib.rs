//! Zawgyi detection and conversion for Myanmar-script text.
mod syllable;
mod to_unicode;

pub use to_unicode::zawgyi_to_unicode;
