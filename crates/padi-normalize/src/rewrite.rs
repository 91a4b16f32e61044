//! Lazy copy-on-write editing of a string, so rules that find nothing to do allocate nothing.

/// Builds an edited copy of `src`; nothing is allocated before the first edit. Edits must be
/// made left to right and must not overlap.
pub(crate) struct Rewriter<'a> {
    src: &'a str,
    out: Option<String>,
    copied: usize,
}

impl<'a> Rewriter<'a> {
    pub(crate) fn new(src: &'a str) -> Self {
        Rewriter {
            src,
            out: None,
            copied: 0,
        }
    }

    /// Replaces `src[start..end]` with `with`.
    pub(crate) fn replace(&mut self, start: usize, end: usize, with: &str) {
        let src = self.src;
        let out = self
            .out
            .get_or_insert_with(|| String::with_capacity(src.len() + 16));
        out.push_str(&src[self.copied..start]);
        out.push_str(with);
        self.copied = end;
    }

    /// Removes `src[start..end]`.
    pub(crate) fn remove(&mut self, start: usize, end: usize) {
        self.replace(start, end, "");
    }

    /// The edited text, or `None` when no edit was made.
    pub(crate) fn finish(self) -> Option<String> {
        let mut out = self.out?;
        out.push_str(&self.src[self.copied..]);
        Some(out)
    }
}
