//! WARC 1.0/1.1 records (web archives, and WET files of extracted text).
//!
//! A record is a version line, header lines, a blank line and `Content-Length` bytes of block.
//! Per-record gzip (`.warc.gz`) is a multi-member gzip stream, which the reader's decompressor
//! already joins. Blocks are read with a size bound: a larger block is skipped, not loaded.
//! The text of a record is picked by type: `conversion` (WET) blocks are text, `response` and
//! `resource` blocks are HTTP payloads or documents whose HTML is reduced to its main text.

use std::io::{self, BufRead, Read};

/// Header lines of one record may not exceed this (real headers are a few hundred bytes).
const MAX_HEADER_BYTES: usize = 64 * 1024;

/// One record as read.
#[derive(Debug, Clone, PartialEq)]
pub struct WarcRecord {
    /// Byte offset of the version line in the (decompressed) stream.
    pub offset: u64,
    /// Header names as written, values trimmed.
    pub headers: Vec<(String, String)>,
    /// The block, or its length when it was over the limit and skipped.
    pub block: Result<Vec<u8>, u64>,
}

impl WarcRecord {
    /// A header value, names compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Reads records one at a time from a decompressed stream.
pub struct WarcParser<R> {
    inner: R,
    /// Bytes consumed so far.
    pub offset: u64,
    max_block: u64,
}

impl<R: BufRead> WarcParser<R> {
    pub fn new(inner: R, max_block: usize) -> Self {
        WarcParser {
            inner,
            offset: 0,
            max_block: max_block as u64,
        }
    }

    /// The next record, `None` at the end. An error means the stream is not WARC from here on
    /// (reading cannot resynchronise reliably, so the caller stops).
    pub fn next_record(&mut self) -> io::Result<Option<WarcRecord>> {
        let mut line = Vec::new();
        // Blank lines end the previous record.
        loop {
            line.clear();
            let n = self.read_line(&mut line)?;
            if n == 0 {
                return Ok(None);
            }
            if !line.trim_ascii().is_empty() {
                break;
            }
        }
        let offset = self.offset - line.len() as u64;
        if !line.starts_with(b"WARC/") {
            return Err(invalid(format!(
                "expected a `WARC/1.x` version line at byte {offset}"
            )));
        }
        let mut headers = Vec::new();
        let mut header_bytes = 0;
        loop {
            line.clear();
            let n = self.read_line(&mut line)?;
            header_bytes += n;
            if n == 0 {
                return Err(invalid(format!(
                    "the record at byte {offset} ends inside its headers"
                )));
            }
            if header_bytes > MAX_HEADER_BYTES {
                return Err(invalid(format!(
                    "the headers of the record at byte {offset} are over {MAX_HEADER_BYTES} bytes"
                )));
            }
            let text = String::from_utf8_lossy(line.trim_ascii());
            if text.is_empty() {
                break;
            }
            if let Some((name, value)) = text.split_once(':') {
                headers.push((name.trim().to_string(), value.trim().to_string()));
            }
        }
        let length: u64 = header(&headers, "Content-Length")
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| {
                invalid(format!(
                    "the record at byte {offset} has no valid Content-Length"
                ))
            })?;
        let block = if length > self.max_block {
            let skipped = io::copy(&mut (&mut self.inner).take(length), &mut io::sink())?;
            self.offset += skipped;
            Err(length)
        } else {
            let mut block = Vec::with_capacity(length as usize);
            (&mut self.inner).take(length).read_to_end(&mut block)?;
            self.offset += block.len() as u64;
            if (block.len() as u64) < length {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    format!("the record at byte {offset} is truncated"),
                ));
            }
            Ok(block)
        };
        Ok(Some(WarcRecord {
            offset,
            headers,
            block,
        }))
    }

    fn read_line(&mut self, line: &mut Vec<u8>) -> io::Result<usize> {
        let n = (&mut self.inner)
            .take(MAX_HEADER_BYTES as u64)
            .read_until(b'\n', line)?;
        self.offset += n as u64;
        Ok(n)
    }
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

/// What a record's block holds for us.
#[derive(Debug, PartialEq)]
pub enum WarcText {
    /// Text (still in the payload's encoding) and whether it is HTML.
    Payload { bytes: Vec<u8>, html: bool },
    /// Not a text document (request, metadata, warcinfo, images, …).
    Skip,
    /// A text record we cannot read, with the reason.
    Unsupported(String),
}

/// The text payload of a record with a block that was read.
pub fn warc_text(record: &WarcRecord, block: Vec<u8>) -> WarcText {
    let kind = record
        .header("WARC-Type")
        .unwrap_or("")
        .to_ascii_lowercase();
    match kind.as_str() {
        "conversion" => WarcText::Payload {
            bytes: block,
            html: false,
        },
        "resource" => by_content_type(record.header("Content-Type").unwrap_or(""), block),
        "response" => {
            let is_http = record
                .header("Content-Type")
                .is_some_and(|t| t.to_ascii_lowercase().starts_with("application/http"));
            if !is_http {
                return by_content_type(record.header("Content-Type").unwrap_or(""), block);
            }
            http_payload(block)
        }
        _ => WarcText::Skip,
    }
}

fn by_content_type(content_type: &str, bytes: Vec<u8>) -> WarcText {
    let t = content_type.to_ascii_lowercase();
    if t.contains("html") {
        WarcText::Payload { bytes, html: true }
    } else if t.starts_with("text/") || t.is_empty() {
        WarcText::Payload { bytes, html: false }
    } else {
        WarcText::Skip
    }
}

/// Split an HTTP response into headers and body; only an uncompressed body can be read.
fn http_payload(mut block: Vec<u8>) -> WarcText {
    let Some(end) = find(&block, b"\r\n\r\n")
        .map(|i| i + 4)
        .or_else(|| find(&block, b"\n\n").map(|i| i + 2))
    else {
        return WarcText::Unsupported("HTTP response without a header/body separator".into());
    };
    let head = String::from_utf8_lossy(&block[..end]).to_ascii_lowercase();
    let field = |name: &str| {
        head.lines()
            .find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_string()))
    };
    if let Some(encoding) = field("content-encoding:") {
        if encoding != "identity" {
            return WarcText::Unsupported(format!(
                "HTTP body is `{encoding}`-encoded; store decoded responses (as most crawlers do)"
            ));
        }
    }
    if field("transfer-encoding:").is_some_and(|t| t.contains("chunked")) {
        return WarcText::Unsupported("HTTP body is chunked; store decoded responses".into());
    }
    let content_type = field("content-type:").unwrap_or_default();
    block.drain(..end);
    by_content_type(&content_type, block)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn record(kind: &str, extra: &str, block: &str) -> String {
        format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: http://example.org/{kind}\r\nWARC-Date: 2024-05-01T10:00:00Z\r\n{extra}Content-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        )
    }

    #[test]
    fn records_are_split_by_length_and_typed() {
        let http = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>ສະບາຍດີ</p>";
        let warc = format!(
            "{}{}{}",
            record("warcinfo", "", "software: test"),
            record(
                "response",
                "Content-Type: application/http; msgtype=response\r\n",
                http
            ),
            record(
                "conversion",
                "Content-Type: text/plain\r\n",
                "plain text\nline two"
            ),
        );
        let mut parser = WarcParser::new(warc.as_bytes(), 1 << 20);
        let mut kinds = Vec::new();
        while let Some(r) = parser.next_record().expect("record") {
            let block = r.block.clone().expect("block");
            kinds.push((r.offset, warc_text(&r, block)));
        }
        assert_eq!(kinds.len(), 3);
        assert_eq!(kinds[0], (0, WarcText::Skip));
        assert_eq!(
            kinds[1].1,
            WarcText::Payload {
                bytes: "<p>ສະບາຍດີ</p>".as_bytes().to_vec(),
                html: true
            }
        );
        assert_eq!(
            kinds[2].1,
            WarcText::Payload {
                bytes: b"plain text\nline two".to_vec(),
                html: false
            }
        );
        assert_eq!(parser.offset, warc.len() as u64);
    }

    #[test]
    fn oversized_blocks_are_skipped_and_garbage_is_an_error() {
        let warc = format!(
            "{}{}",
            record("conversion", "", &"x".repeat(100)),
            record("conversion", "", "small")
        );
        let mut parser = WarcParser::new(warc.as_bytes(), 50);
        let first = parser.next_record().expect("ok").expect("record");
        assert_eq!(first.block, Err(100));
        let second = parser.next_record().expect("ok").expect("record");
        assert_eq!(second.block, Ok(b"small".to_vec()));
        let mut parser = WarcParser::new(&b"not a warc\n"[..], 50);
        assert!(parser.next_record().is_err());
        let mut parser = WarcParser::new(&b"WARC/1.0\r\nContent-Length: 10\r\n\r\nabc"[..], 50);
        assert!(parser.next_record().is_err());
    }
}
