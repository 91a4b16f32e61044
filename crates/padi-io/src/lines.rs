use std::io::{self, BufRead};

/// What [`read_line_bounded`] found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Line {
    /// End of input; nothing was read.
    Eof,
    /// A line (without its `\n` or `\r\n`) is in the buffer.
    Complete,
    /// The line was longer than the limit. The buffer holds its first `max` bytes; the rest
    /// was read and discarded. `len` is its full length.
    TooLong { len: u64 },
}

/// Read one line into `buf` (cleared first), keeping at most `max` bytes of it in memory, so a
/// 2 GB line costs `max` bytes, not 2 GB. Returns what was found and how many bytes were
/// consumed from the reader (line and terminator).
pub(crate) fn read_line_bounded<R: BufRead + ?Sized>(
    reader: &mut R,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<(Line, u64)> {
    buf.clear();
    let mut consumed: u64 = 0;
    let mut len: u64 = 0;
    let mut terminated = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        let (chunk, used, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (&available[..i], i + 1, true),
            None => (available, available.len(), false),
        };
        let room = max.saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
        len += chunk.len() as u64;
        consumed += used as u64;
        reader.consume(used);
        if done {
            terminated = true;
            break;
        }
    }
    if consumed == 0 {
        return Ok((Line::Eof, 0));
    }
    if len > max as u64 {
        return Ok((Line::TooLong { len }, consumed));
    }
    if terminated && buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok((Line::Complete, consumed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufReader, Cursor};

    fn lines(input: &[u8], max: usize, capacity: usize) -> Vec<(Line, Vec<u8>, u64)> {
        let mut r = BufReader::with_capacity(capacity, Cursor::new(input.to_vec()));
        let mut buf = Vec::new();
        let mut out = Vec::new();
        loop {
            let (line, n) = read_line_bounded(&mut r, &mut buf, max).expect("read");
            if line == Line::Eof {
                return out;
            }
            out.push((line, buf.clone(), n));
        }
    }

    #[test]
    fn splits_lines_and_strips_crlf() {
        let got = lines(b"a\r\nbb\n\nccc", 10, 2);
        assert_eq!(
            got,
            vec![
                (Line::Complete, b"a".to_vec(), 3),
                (Line::Complete, b"bb".to_vec(), 3),
                (Line::Complete, b"".to_vec(), 1),
                (Line::Complete, b"ccc".to_vec(), 3),
            ]
        );
    }

    #[test]
    fn long_lines_keep_a_prefix_and_skip_the_rest() {
        let mut input = vec![b'x'; 10_000];
        input.extend_from_slice(b"\nok\n");
        let got = lines(&input, 100, 7);
        assert_eq!(got[0].0, Line::TooLong { len: 10_000 });
        assert_eq!(got[0].1.len(), 100);
        assert_eq!(got[0].2, 10_001);
        assert_eq!(got[1], (Line::Complete, b"ok".to_vec(), 3));
    }

    proptest::proptest! {
        #[test]
        fn consumed_bytes_add_up(input in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..500), max in 0usize..50, cap in 1usize..16) {
            let got = lines(&input, max, cap);
            let total: u64 = got.iter().map(|g| g.2).sum();
            proptest::prop_assert_eq!(total, input.len() as u64);
            for (_, buf, _) in &got {
                proptest::prop_assert!(buf.len() <= max);
            }
        }
    }
}
