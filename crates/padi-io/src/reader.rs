use std::io::{self, BufRead, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::lines::{read_line_bounded, Line};
use crate::quarantine::excerpt;
use crate::record::{FileContext, Item, Payload, RawRecord};
use crate::warc::{warc_text, WarcParser, WarcText};
use crate::{open_decompressed, Format, InputFile, QuarantineEntry, QuarantineReason, TextMode};
use padi_encoding::{DecodingReader, Encoding};

/// How to read one file, beyond its format.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReaderSettings {
    pub text_mode: TextMode,
    /// CSV/TSV: the first row names the columns.
    pub has_header: bool,
    /// `None` detects the encoding from the file's first 64 KiB.
    pub encoding: Option<Encoding>,
    pub limits: ReadLimits,
}

/// Limits that keep one bad record from exhausting memory.
#[derive(Debug, Clone, Copy)]
pub struct ReadLimits {
    /// A record (line, paragraph, file or CSV row) longer than this is quarantined, and only
    /// this many bytes of it are ever held in memory.
    pub max_record_bytes: usize,
}

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits {
            max_record_bytes: 16 * 1024 * 1024,
        }
    }
}

/// Streams the records of one file. Never fails: what cannot be read becomes a quarantine
/// [`Item`], and reading stops at an I/O error (the error is the last item).
pub struct FileReader {
    context: Arc<FileContext>,
    limits: ReadLimits,
    state: State,
    /// Next record index.
    record: u64,
    /// Lines consumed so far.
    line: u64,
    /// Bytes of the decompressed stream consumed so far.
    offset: u64,
    buf: Vec<u8>,
}

enum State {
    Lines {
        reader: Box<dyn BufRead + Send>,
        payload: fn(Vec<u8>) -> Payload,
    },
    Paragraphs(Box<dyn BufRead + Send>),
    WholeFile(Box<dyn BufRead + Send>),
    /// The whole file (HTML, Markdown) reduced to its text by `convert`.
    Converted {
        reader: Box<dyn BufRead + Send>,
        convert: fn(&str) -> String,
    },
    Warc(Box<WarcParser<Box<dyn BufRead + Send>>>),
    Csv(Box<CsvState>),
    /// Nothing more to read; an item may still be waiting.
    Done(Option<QuarantineEntry>),
}

struct CsvState {
    reader: csv::Reader<GuardedReader>,
    guard: Arc<AtomicU64>,
    text: usize,
    id: Option<usize>,
    kept: Vec<(String, usize)>,
    row: csv::ByteRecord,
}

impl FileReader {
    /// Open `file` for reading records as `context` and `settings` say. The bytes are
    /// decompressed, then decoded to UTF-8 (see `padi-encoding`); a file that is not UTF-8
    /// gets its encoding recorded in every document's `metadata.encoding`.
    pub fn open(
        file: &InputFile,
        mut context: FileContext,
        settings: &ReaderSettings,
        progress: Arc<AtomicU64>,
    ) -> FileReader {
        let limits = settings.limits;
        let text_mode = settings.text_mode;
        let has_header = settings.has_header;
        let stream = open_decompressed(&file.path, progress).and_then(|(stream, _)| {
            // WARC lengths count raw bytes; each record's payload is decoded on its own.
            if file.format == Some(Format::Warc) {
                return Ok(stream);
            }
            let decoded = match settings.encoding {
                Some(encoding) => DecodingReader::with_encoding(stream, encoding)?,
                None => DecodingReader::new(stream)?,
            };
            let detection = decoded.detection();
            if detection.encoding != Encoding::Utf8 {
                context.file_metadata.extend(detection.file_metadata());
            }
            Ok(Box::new(decoded) as Box<dyn BufRead + Send>)
        });
        let mut reader = FileReader {
            context: Arc::new(context),
            limits,
            state: State::Done(None),
            record: 0,
            line: 0,
            offset: 0,
            buf: Vec::new(),
        };
        let Some(format) = file.format else {
            reader.state = State::Done(Some(reader.file_entry(
                QuarantineReason::UnsupportedFormat,
                "cannot tell the format from the file name; set `format` in the [[input]] table"
                    .to_string(),
            )));
            return reader;
        };
        let stream = match stream {
            Ok(stream) => stream,
            Err(e) => {
                reader.state = State::Done(Some(
                    reader.file_entry(QuarantineReason::ReadError, format!("cannot open: {e}")),
                ));
                return reader;
            }
        };
        reader.state = match (format, text_mode) {
            (Format::Jsonl, _) => State::Lines {
                reader: stream,
                payload: Payload::Json,
            },
            (Format::Text, TextMode::Line) => State::Lines {
                reader: stream,
                payload: Payload::Text,
            },
            (Format::Text, TextMode::Paragraph) => State::Paragraphs(stream),
            (Format::Text, TextMode::File) => State::WholeFile(stream),
            (Format::Csv | Format::Tsv, _) => reader.open_csv(stream, format, has_header),
            (Format::Html, _) => State::Converted {
                reader: stream,
                convert: crate::html::html_to_text,
            },
            (Format::Markdown, _) => State::Converted {
                reader: stream,
                convert: crate::markdown::markdown_to_text,
            },
            (Format::Warc, _) => {
                State::Warc(Box::new(WarcParser::new(stream, limits.max_record_bytes)))
            }
            (Format::Auto, _) => unreachable!("resolve_input resolves `auto`"),
        };
        reader
    }

    fn open_csv(
        &mut self,
        stream: Box<dyn BufRead + Send>,
        format: Format,
        has_header: bool,
    ) -> State {
        let guard = Arc::new(AtomicU64::new(0));
        let guarded = GuardedReader {
            inner: stream,
            since_reset: Arc::clone(&guard),
            limit: self.limits.max_record_bytes as u64,
        };
        let tsv = format == Format::Tsv;
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(if tsv { b'\t' } else { b',' })
            // TSV in the wild is rarely quoted; a stray `"` must not swallow the file.
            .quoting(!tsv)
            .has_headers(has_header)
            .flexible(true)
            .from_reader(guarded);
        let ctx = Arc::clone(&self.context);
        let headers: Vec<String> = if has_header {
            match reader.byte_headers() {
                Ok(h) => h
                    .iter()
                    .map(|c| String::from_utf8_lossy(c).into_owned())
                    .collect(),
                Err(e) => {
                    return State::Done(Some(self.file_entry(
                        QuarantineReason::ReadError,
                        format!("cannot read the header row: {e}"),
                    )))
                }
            }
        } else {
            Vec::new()
        };
        guard.store(0, Ordering::Relaxed);
        let column = |name: &str| -> Option<usize> {
            if has_header {
                headers.iter().position(|h| h == name)
            } else {
                name.parse().ok()
            }
        };
        let Some(text) = column(&ctx.text_field) else {
            let what = if has_header {
                format!(
                    "no column `{}`; the columns are: {}",
                    ctx.text_field,
                    headers.join(", ")
                )
            } else {
                format!(
                    "`text_field = \"{}\"` must be a column number when `has_header = false`",
                    ctx.text_field
                )
            };
            return State::Done(Some(
                self.file_entry(QuarantineReason::MissingTextField, what),
            ));
        };
        let id = ctx.id_field.as_deref().and_then(column);
        let kept = ctx
            .keep_fields
            .iter()
            .filter_map(|k| column(k).map(|i| (k.clone(), i)))
            .collect();
        State::Csv(Box::new(CsvState {
            reader,
            guard,
            text,
            id,
            kept,
            row: csv::ByteRecord::new(),
        }))
    }

    /// A quarantine entry for the file as a whole (or its unread rest).
    fn file_entry(&self, reason: QuarantineReason, message: String) -> QuarantineEntry {
        QuarantineEntry {
            contribution: self.context.contribution.clone(),
            file: self.context.file.clone(),
            line: (self.line > 0).then_some(self.line + 1),
            record: Some(self.record),
            byte_offset: Some(self.offset),
            reason,
            message,
            excerpt: String::new(),
        }
    }

    fn record_item(&mut self, line: u64, offset: u64, payload: Payload) -> Item {
        let item = Item::Record(RawRecord {
            context: Arc::clone(&self.context),
            record: self.record,
            line: Some(line),
            byte_offset: Some(offset),
            payload,
        });
        self.record += 1;
        item
    }

    fn too_large(&mut self, line: u64, offset: u64, len: u64) -> Item {
        let entry = QuarantineEntry {
            contribution: self.context.contribution.clone(),
            file: self.context.file.clone(),
            line: Some(line),
            record: Some(self.record),
            byte_offset: Some(offset),
            reason: QuarantineReason::RecordTooLarge,
            message: format!(
                "record is {len} bytes, over the limit of {} (raise [limits] max_record_bytes to accept it)",
                self.limits.max_record_bytes
            ),
            excerpt: excerpt(&self.buf),
        };
        self.record += 1;
        Item::Quarantine(entry)
    }

    fn read_error(&mut self, e: &io::Error) -> Item {
        let entry = self.file_entry(
            QuarantineReason::ReadError,
            format!(
                "read failed after {} lines ({} bytes); the rest of the file was not read: {e}",
                self.line, self.offset
            ),
        );
        self.state = State::Done(None);
        self.record += 1;
        Item::Quarantine(entry)
    }

    /// Read the next line into `self.buf`, stripping a UTF-8 BOM at the start of the file.
    fn next_line(&mut self, reader: &mut (dyn BufRead + Send)) -> io::Result<(Line, u64)> {
        let (line, n) = read_line_bounded(reader, &mut self.buf, self.limits.max_record_bytes)?;
        if self.offset == 0 && self.buf.starts_with(b"\xEF\xBB\xBF") {
            self.buf.drain(..3);
        }
        if line != Line::Eof {
            self.line += 1;
        }
        Ok((line, n))
    }

    /// The next line and the offset where it starts, or the read-error item that ends the file.
    fn advance(&mut self, reader: &mut (dyn BufRead + Send)) -> Result<(Line, u64), Box<Item>> {
        let start = self.offset;
        match self.next_line(reader) {
            Ok((line, n)) => {
                self.offset += n;
                Ok((line, start))
            }
            Err(e) => Err(Box::new(self.read_error(&e))),
        }
    }

    fn next_from_lines(
        &mut self,
        mut reader: Box<dyn BufRead + Send>,
        payload: fn(Vec<u8>) -> Payload,
    ) -> Option<Item> {
        loop {
            let (line, start) = match self.advance(&mut *reader) {
                Ok(r) => r,
                Err(item) => return Some(*item),
            };
            let line_no = self.line;
            match line {
                Line::Eof => {
                    self.state = State::Done(None);
                    return None;
                }
                Line::TooLong { len } => {
                    self.state = State::Lines { reader, payload };
                    return Some(self.too_large(line_no, start, len));
                }
                Line::Complete if self.buf.trim_ascii().is_empty() => continue,
                Line::Complete => {
                    let bytes = std::mem::take(&mut self.buf);
                    self.state = State::Lines { reader, payload };
                    return Some(self.record_item(line_no, start, payload(bytes)));
                }
            }
        }
    }

    fn next_paragraph(&mut self, mut reader: Box<dyn BufRead + Send>) -> Option<Item> {
        let max = self.limits.max_record_bytes;
        let mut block: Vec<u8> = Vec::new();
        let mut start: Option<(u64, u64)> = None;
        let mut oversized_len: u64 = 0;
        loop {
            let (line, line_start) = match self.advance(&mut *reader) {
                Ok(r) => r,
                Err(item) => return Some(*item),
            };
            let blank = line == Line::Complete && self.buf.trim_ascii().is_empty();
            if line == Line::Eof || blank {
                let Some((line_no, offset)) = start else {
                    if line == Line::Eof {
                        self.state = State::Done(None);
                        return None;
                    }
                    continue;
                };
                self.state = if line == Line::Eof {
                    State::Done(None)
                } else {
                    State::Paragraphs(reader)
                };
                if oversized_len > 0 {
                    self.buf = block;
                    return Some(self.too_large(line_no, offset, oversized_len));
                }
                return Some(self.record_item(line_no, offset, Payload::Text(block)));
            }
            start.get_or_insert((self.line, line_start));
            let line_len = match line {
                Line::TooLong { len } => len,
                _ => self.buf.len() as u64,
            };
            let joined = block.len() as u64 + u64::from(!block.is_empty()) + line_len;
            if oversized_len > 0 || joined > max as u64 {
                oversized_len = oversized_len.max(block.len() as u64) + line_len + 1;
                continue;
            }
            if !block.is_empty() {
                block.push(b'\n');
            }
            block.extend_from_slice(&self.buf);
        }
    }

    fn next_whole_file(&mut self, reader: Box<dyn BufRead + Send>) -> Option<Item> {
        self.state = State::Done(None);
        let max = self.limits.max_record_bytes as u64;
        let mut bytes = Vec::new();
        let mut limited = reader.take(max + 1);
        if let Err(e) = limited.read_to_end(&mut bytes) {
            return Some(self.read_error(&e));
        }
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        if bytes.len() as u64 > max {
            let mut rest = limited.into_inner();
            let len = match io::copy(&mut rest, &mut io::sink()) {
                Ok(n) => n + bytes.len() as u64,
                Err(e) => return Some(self.read_error(&e)),
            };
            self.buf = bytes;
            return Some(self.too_large(1, 0, len));
        }
        if bytes.trim_ascii().is_empty() {
            return None;
        }
        while bytes.last() == Some(&b'\n') || bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
        Some(self.record_item(1, 0, Payload::Text(bytes)))
    }

    fn next_row(&mut self, mut csv: Box<CsvState>) -> Option<Item> {
        loop {
            let result = csv.reader.read_byte_record(&mut csv.row);
            let position = csv.row.position().cloned();
            let (line, offset) = position
                .map(|p| (p.line(), p.byte()))
                .unwrap_or((self.line + 1, self.offset));
            match result {
                Ok(false) => {
                    self.state = State::Done(None);
                    return None;
                }
                Err(e) => {
                    self.line = line.saturating_sub(1);
                    self.offset = offset;
                    let oversized =
                        csv.guard.load(Ordering::Relaxed) > self.limits.max_record_bytes as u64;
                    if oversized {
                        let entry = self.file_entry(
                            QuarantineReason::RecordTooLarge,
                            format!(
                                "a row is over the limit of {} bytes; the rest of the file was not read (raise [limits] max_record_bytes)",
                                self.limits.max_record_bytes
                            ),
                        );
                        self.state = State::Done(None);
                        self.record += 1;
                        return Some(Item::Quarantine(entry));
                    }
                    return Some(self.read_error(&io::Error::other(e.to_string())));
                }
                Ok(true) => {
                    csv.guard.store(0, Ordering::Relaxed);
                    self.line = line;
                    self.offset = offset;
                    if csv.row.iter().all(|f| f.trim_ascii().is_empty()) {
                        continue;
                    }
                    let Some(text) = csv.row.get(csv.text).map(<[u8]>::to_vec) else {
                        let entry = QuarantineEntry {
                            contribution: self.context.contribution.clone(),
                            file: self.context.file.clone(),
                            line: Some(line),
                            record: Some(self.record),
                            byte_offset: Some(offset),
                            reason: QuarantineReason::MissingTextField,
                            message: format!(
                                "row has {} fields, the text column is number {}",
                                csv.row.len(),
                                csv.text + 1
                            ),
                            excerpt: excerpt(csv.row.as_slice()),
                        };
                        self.record += 1;
                        self.state = State::Csv(csv);
                        return Some(Item::Quarantine(entry));
                    };
                    let id = csv.id.and_then(|i| csv.row.get(i)).map(<[u8]>::to_vec);
                    let kept = csv
                        .kept
                        .iter()
                        .filter_map(|(name, i)| csv.row.get(*i).map(|v| (name.clone(), v.to_vec())))
                        .collect();
                    self.state = State::Csv(csv);
                    return Some(self.record_item(line, offset, Payload::Row { text, id, kept }));
                }
            }
        }
    }
}

impl FileReader {
    /// The next text record of a web archive. Records that are not text are skipped but keep
    /// their index, so `record` is the record's position in the archive.
    fn next_warc(&mut self, mut parser: Box<WarcParser<Box<dyn BufRead + Send>>>) -> Option<Item> {
        loop {
            let record = match parser.next_record() {
                Ok(Some(record)) => record,
                Ok(None) => return None,
                Err(e) => {
                    self.offset = parser.offset;
                    return Some(self.read_error(&e));
                }
            };
            self.offset = parser.offset;
            let block = match record.block.clone() {
                Ok(block) => block,
                Err(len) => {
                    self.buf.clear();
                    self.state = State::Warc(parser);
                    return Some(self.too_large(1, record.offset, len));
                }
            };
            let (bytes, html) = match warc_text(&record, block) {
                WarcText::Skip => {
                    self.record += 1;
                    continue;
                }
                WarcText::Unsupported(why) => {
                    let mut entry = self.file_entry(QuarantineReason::UnsupportedFormat, why);
                    entry.byte_offset = Some(record.offset);
                    entry.line = None;
                    self.record += 1;
                    self.state = State::Warc(parser);
                    return Some(Item::Quarantine(entry));
                }
                WarcText::Payload { bytes, html } => (bytes, html),
            };
            let (detection, utf8) = padi_encoding::decode_to_utf8(&bytes);
            let text = match (html, std::str::from_utf8(&utf8)) {
                (true, Ok(page)) => crate::html::html_to_text(page).into_bytes(),
                _ => utf8.into_owned(),
            };
            let mut kept = Vec::new();
            for (key, header) in [
                ("url", "WARC-Target-URI"),
                ("date", "WARC-Date"),
                ("warc_record_id", "WARC-Record-ID"),
            ] {
                if let Some(value) = record.header(header) {
                    kept.push((key.to_string(), value.as_bytes().to_vec()));
                }
            }
            if detection.encoding != Encoding::Utf8 {
                kept.push((
                    "encoding".to_string(),
                    detection.encoding.label().into_bytes(),
                ));
            }
            let item = Item::Record(RawRecord {
                context: Arc::clone(&self.context),
                record: self.record,
                line: None,
                byte_offset: Some(record.offset),
                payload: Payload::Row {
                    text,
                    id: None,
                    kept,
                },
            });
            self.record += 1;
            self.state = State::Warc(parser);
            return Some(item);
        }
    }
}

impl Iterator for FileReader {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        match std::mem::replace(&mut self.state, State::Done(None)) {
            State::Done(pending) => {
                let entry = pending?;
                self.record += 1;
                Some(Item::Quarantine(entry))
            }
            State::Lines { reader, payload } => self.next_from_lines(reader, payload),
            State::Paragraphs(reader) => self.next_paragraph(reader),
            State::WholeFile(reader) => self.next_whole_file(reader),
            State::Converted { reader, convert } => {
                self.next_whole_file(reader).map(|item| match item {
                    Item::Record(mut r) => {
                        // Invalid UTF-8 stays as is, for the decoder to quarantine.
                        if let Payload::Text(bytes) = &r.payload {
                            if let Ok(text) = std::str::from_utf8(bytes) {
                                r.payload = Payload::Text(convert(text).into_bytes());
                            }
                        }
                        Item::Record(r)
                    }
                    other => other,
                })
            }
            State::Warc(parser) => self.next_warc(parser),
            State::Csv(csv) => self.next_row(csv),
        }
    }
}

/// Fails a read once more than `limit` bytes pass without a reset, so the CSV parser cannot
/// grow one row without bound.
struct GuardedReader {
    inner: Box<dyn BufRead + Send>,
    since_reset: Arc<AtomicU64>,
    limit: u64,
}

impl Read for GuardedReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // The CSV reader buffers ahead, so allow one buffer of slack beyond the limit.
        if self.since_reset.load(Ordering::Relaxed) > self.limit + 256 * 1024 {
            return Err(io::Error::other("record exceeds the size limit"));
        }
        let n = self.inner.read(buf)?;
        self.since_reset.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read(name: &str, bytes: &[u8], format: Format, mode: TextMode, max: usize) -> Vec<Item> {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let file = InputFile {
            path,
            name: name.into(),
            format: Some(format),
            size: bytes.len() as u64,
        };
        let ctx = FileContext {
            contribution: "c".into(),
            file: name.into(),
            text_field: "text".into(),
            id_field: Some("id".into()),
            keep_fields: vec!["url".into()],
            file_metadata: Default::default(),
        };
        let settings = ReaderSettings {
            text_mode: mode,
            has_header: true,
            encoding: None,
            limits: ReadLimits {
                max_record_bytes: max,
            },
        };
        FileReader::open(&file, ctx, &settings, Arc::default()).collect()
    }

    fn warc_record(kind: &str, extra: &str, block: &str) -> Vec<u8> {
        let record = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: http://example.org/{kind}\r\nWARC-Date: 2024-05-01T10:00:00Z\r\n{extra}Content-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        );
        // Per-record gzip members, as in real `.warc.gz` files.
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(record.as_bytes()).expect("gz");
        enc.finish().expect("gz")
    }

    #[test]
    fn warc_text_records_keep_url_date_and_position() {
        let html = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><script>x()</script><body><p>ສະບາຍດີ</p><p>ໂລກ</p></body></html>";
        let mut bytes = warc_record("warcinfo", "", "software: test");
        bytes.extend(warc_record(
            "response",
            "Content-Type: application/http;msgtype=response\r\n",
            html,
        ));
        bytes.extend(warc_record("conversion", "", &"long ".repeat(100)));
        bytes.extend(warc_record("conversion", "", "Tetun text"));
        let items = read("a.warc.gz", &bytes, Format::Warc, TextMode::Line, 300);
        assert_eq!(
            texts(&items),
            ["ສະບາຍດີ\nໂລກ", "Q:record_too_large", "Tetun text"]
        );
        let Item::Record(page) = &items[0] else {
            panic!("record")
        };
        assert_eq!(page.record, 1);
        let doc = page.clone().into_document().expect("doc");
        assert_eq!(doc.metadata["url"], "http://example.org/response");
        assert_eq!(doc.metadata["date"], "2024-05-01T10:00:00Z");
        let Item::Record(last) = &items[2] else {
            panic!("record")
        };
        assert_eq!(last.record, 3);
        assert!(last.byte_offset.is_some_and(|o| o > 0));
    }

    #[test]
    fn html_and_markdown_files_become_their_text() {
        let items = read(
            "p.html",
            b"<nav>menu</nav><h1>Ti\xc3\xaau \xc4\x91\xe1\xbb\x81</h1><p>one</p>",
            Format::Html,
            TextMode::Paragraph,
            1000,
        );
        assert_eq!(texts(&items), ["Tiêu đề\none"]);
        let items = read(
            "n.md",
            b"# Title\n\nSome *text*.\n",
            Format::Markdown,
            TextMode::Paragraph,
            1000,
        );
        assert_eq!(texts(&items), ["Title\n\nSome text."]);
        let big = format!("<p>{}</p>", "x".repeat(2000));
        let items = read(
            "b.html",
            big.as_bytes(),
            Format::Html,
            TextMode::Paragraph,
            1000,
        );
        assert_eq!(texts(&items), ["Q:record_too_large"]);
    }

    fn texts(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .map(|i| match i {
                Item::Record(r) => match r.clone().into_document() {
                    Ok(d) => d.text,
                    Err(q) => format!("Q:{}", q.reason.as_str()),
                },
                Item::Quarantine(q) => format!("Q:{}", q.reason.as_str()),
            })
            .collect()
    }

    #[test]
    fn paragraphs_lines_and_whole_files() {
        let input = "\u{feff}ສະບາຍດີ\nແຖວສອງ\r\n\r\n\n  \nປາຣາສອງ\n";
        let items = read(
            "a.txt",
            input.as_bytes(),
            Format::Text,
            TextMode::Paragraph,
            1000,
        );
        assert_eq!(texts(&items), ["ສະບາຍດີ\nແຖວສອງ", "ປາຣາສອງ"]);
        let Item::Record(second) = &items[1] else {
            panic!("record")
        };
        assert_eq!((second.record, second.line), (1, Some(6)));

        let items = read(
            "a.txt",
            input.as_bytes(),
            Format::Text,
            TextMode::Line,
            1000,
        );
        assert_eq!(texts(&items), ["ສະບາຍດີ", "ແຖວສອງ", "ປາຣາສອງ"]);

        let items = read(
            "a.txt",
            input.as_bytes(),
            Format::Text,
            TextMode::File,
            1000,
        );
        assert_eq!(texts(&items), ["ສະບາຍດີ\nແຖວສອງ\r\n\r\n\n  \nປາຣາສອງ"]);
        assert!(read("e.txt", b"", Format::Text, TextMode::File, 10).is_empty());
        assert!(read("e.txt", b"\n\n", Format::Text, TextMode::Paragraph, 10).is_empty());
    }

    #[test]
    fn oversized_records_are_quarantined_and_reading_goes_on() {
        let mut input = b"short one\n\n".to_vec();
        input.extend(std::iter::repeat_n(b'x', 5000));
        input.extend_from_slice(b"\nmore x\n\nlast\n");
        let items = read("a.txt", &input, Format::Text, TextMode::Paragraph, 100);
        assert_eq!(texts(&items), ["short one", "Q:record_too_large", "last"]);
        let items = read("a.txt", &input, Format::Text, TextMode::Line, 100);
        assert_eq!(
            texts(&items),
            ["short one", "Q:record_too_large", "more x", "last"]
        );
        let items = read("a.txt", &input, Format::Text, TextMode::File, 100);
        assert_eq!(texts(&items), ["Q:record_too_large"]);
    }

    #[test]
    fn jsonl_with_bad_lines_and_positions() {
        let input =
            b"{\"text\":\"a\"}\n\nnot json\n{\"text\":\"\xff\"}\n{\"text\":\"b\",\"id\":\"x\"}";
        let items = read("a.jsonl", input, Format::Jsonl, TextMode::Paragraph, 1000);
        assert_eq!(
            texts(&items),
            ["a", "Q:invalid_json", "Q:invalid_utf8", "b"]
        );
        let Item::Record(last) = &items[3] else {
            panic!("record")
        };
        assert_eq!(
            (last.record, last.line, last.byte_offset),
            (3, Some(5), Some(36))
        );
    }

    #[test]
    fn truncated_gzip_reads_what_it_can_and_reports_the_rest() {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        for i in 0..20_000 {
            writeln!(enc, "{{\"text\":\"line {i}\"}}").expect("write");
        }
        let gz = enc.finish().expect("gz");
        let items = read(
            "a.jsonl.gz",
            &gz[..gz.len() / 2],
            Format::Jsonl,
            TextMode::Line,
            1000,
        );
        let t = texts(&items);
        assert!(t.len() > 100);
        assert_eq!(t.last().map(String::as_str), Some("Q:read_error"));
        assert!(t[..t.len() - 1]
            .iter()
            .all(|s| s.starts_with("line ") || s == "Q:invalid_json"));
    }

    #[test]
    fn legacy_encodings_are_decoded_and_recorded() {
        // "ภาษาไทย" in TIS-620 / windows-874.
        let tis620 =
            b"\xC0\xD2\xC9\xD2\xE4\xB7\xC2 \xC0\xD2\xC9\xD2\xE4\xB7\xC2\n\n\xC0\xD2\xC9\xD2\n";
        let items = read("th.txt", tis620, Format::Text, TextMode::Paragraph, 1000);
        assert_eq!(texts(&items), ["ภาษาไทย ภาษาไทย", "ภาษา"]);
        let Item::Record(r) = &items[0] else {
            panic!("record")
        };
        let doc = r.clone().into_document().expect("doc");
        assert_eq!(doc.metadata["encoding"], "windows-874");
        let utf8 = read(
            "u.txt",
            "ภาษาไทย\n".as_bytes(),
            Format::Text,
            TextMode::Line,
            100,
        );
        let Item::Record(r) = &utf8[0] else {
            panic!("record")
        };
        assert!(!r
            .clone()
            .into_document()
            .expect("doc")
            .metadata
            .contains_key("encoding"));
    }

    #[test]
    fn csv_and_tsv_rows() {
        let csv = "id,text,url\n1,\"ສະບາຍ, ດີ\nສອງແຖວ\",u1\n2,,u2\n3\n4,ok,u4\n";
        let items = read("a.csv", csv.as_bytes(), Format::Csv, TextMode::Line, 1000);
        assert_eq!(
            texts(&items),
            ["ສະບາຍ, ດີ\nສອງແຖວ", "", "Q:missing_text_field", "ok"]
        );
        let Item::Record(r) = &items[3] else {
            panic!("record")
        };
        assert_eq!(r.line, Some(6));
        let tsv = "text\tid\nsay \"hi\tA\n";
        let items = read("a.tsv", tsv.as_bytes(), Format::Tsv, TextMode::Line, 1000);
        assert_eq!(texts(&items), ["say \"hi"]);
        let items = read("b.csv", b"body\nx\n", Format::Csv, TextMode::Line, 1000);
        assert_eq!(texts(&items), ["Q:missing_text_field"]);
    }
}
