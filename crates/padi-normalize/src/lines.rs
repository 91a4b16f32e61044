//! Line-by-line normalization for `padi normalize`.

use std::io::{self, BufRead, Write};

use crate::{Changes, Normalizer};

/// The error inside the [`io::Error`] (kind `InvalidData`) that [`normalize_lines`] returns
/// for a line that is not UTF-8. Decoding legacy encodings is the decode stage's job, and
/// decoding lossily here (U+FFFD) would silently damage text, so the command stops.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: not valid UTF-8 (decode the input first)")]
pub struct InvalidUtf8Line {
    /// 1-based line number.
    pub line: u64,
}

/// Reads `input` line by line and writes each line normalized to `output`: exactly one output
/// line (LF-terminated) per input line, even when a line normalizes to nothing. Line
/// terminators (LF or CR LF) are not part of the text; a line break that normalization creates
/// inside a line (from a lone CR or U+2028) becomes a space, to keep lines aligned. Returns
/// the summed change counts. A line that is not UTF-8 stops the run with an `InvalidData`
/// error wrapping [`InvalidUtf8Line`]; the lines before it have been written.
pub fn normalize_lines(
    mut input: impl BufRead,
    mut output: impl Write,
    normalizer: &Normalizer,
) -> io::Result<Changes> {
    let mut total = Changes::default();
    let mut buf = Vec::new();
    let mut line_number = 0u64;
    loop {
        buf.clear();
        if input.read_until(b'\n', &mut buf)? == 0 {
            break;
        }
        line_number += 1;
        let mut content = buf.strip_suffix(b"\n").unwrap_or(&buf);
        if let Some(stripped) = content.strip_suffix(b"\r") {
            content = stripped;
            total.line_endings_normalized += 1;
        }
        let text = std::str::from_utf8(content).map_err(|_| {
            output.flush().ok();
            io::Error::new(
                io::ErrorKind::InvalidData,
                InvalidUtf8Line { line: line_number },
            )
        })?;
        let (normalized, changes) = normalizer.normalize_cow(text);
        total.add(&changes);
        if normalized.contains('\n') {
            output.write_all(normalized.replace('\n', " ").as_bytes())?;
        } else {
            output.write_all(normalized.as_bytes())?;
        }
        output.write_all(b"\n")?;
    }
    output.flush()?;
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &[u8]) -> io::Result<(String, Changes)> {
        let mut out = Vec::new();
        let changes = normalize_lines(input, &mut out, &Normalizer::default())?;
        Ok((String::from_utf8(out).expect("utf8"), changes))
    }

    #[test]
    fn one_output_line_per_input_line() {
        let (out, changes) = run(b"a \r\n\n\xEF\xBB\xBF\nb\rc\nlast").expect("run");
        assert_eq!(out, "a\n\n\nb c\nlast\n");
        assert_eq!(changes.bom_removed, 1);
        assert_eq!(changes.line_endings_normalized, 2);
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let err = run(b"ok\nbad \xFF\n").expect_err("invalid");
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        let inner = err
            .get_ref()
            .and_then(|e| e.downcast_ref::<InvalidUtf8Line>())
            .expect("InvalidUtf8Line inside");
        assert_eq!(inner.line, 2);
        assert!(err.to_string().contains("line 2"));
    }
}
