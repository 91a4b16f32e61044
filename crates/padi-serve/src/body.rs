//! Response bodies: a file streamed in fixed chunks, or a short message.

use std::pin::Pin;
use std::task::{ready, Context, Poll};

use bytes::{Bytes, BytesMut};
use hyper::body::{Body, Frame, SizeHint};
use tokio::io::{AsyncRead, ReadBuf};

/// Bytes read from the file per frame: the most any one response holds in memory.
const CHUNK: usize = 64 * 1024;

/// A response body: `remaining` bytes from the file's current position, read on demand, or
/// a short in-memory message.
pub enum ResponseBody {
    File {
        file: tokio::fs::File,
        remaining: u64,
    },
    Message(Option<Bytes>),
}

impl ResponseBody {
    pub fn empty() -> Self {
        Self::Message(None)
    }

    pub fn message(text: &'static str) -> Self {
        Self::Message(Some(Bytes::from_static(text.as_bytes())))
    }
}

impl Body for ResponseBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        match self.get_mut() {
            Self::Message(text) => Poll::Ready(text.take().map(|b| Ok(Frame::data(b)))),
            Self::File { file, remaining } => {
                if *remaining == 0 {
                    return Poll::Ready(None);
                }
                let want = usize::try_from(*remaining).map_or(CHUNK, |r| r.min(CHUNK));
                let mut chunk = BytesMut::zeroed(want);
                let mut buf = ReadBuf::new(&mut chunk);
                ready!(Pin::new(file).poll_read(cx, &mut buf))?;
                let got = buf.filled().len();
                if got == 0 {
                    // The file shrank after the headers went out: fail the response rather
                    // than send fewer bytes than Content-Length promised.
                    return Poll::Ready(Some(Err(std::io::Error::new(
                        std::io::ErrorKind::UnexpectedEof,
                        "file shorter than announced",
                    ))));
                }
                chunk.truncate(got);
                *remaining -= got as u64;
                Poll::Ready(Some(Ok(Frame::data(chunk.freeze()))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            Self::Message(text) => text.is_none(),
            Self::File { remaining, .. } => *remaining == 0,
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Self::Message(text) => {
                SizeHint::with_exact(text.as_ref().map_or(0, |b| b.len() as u64))
            }
            Self::File { remaining, .. } => SizeHint::with_exact(*remaining),
        }
    }
}
