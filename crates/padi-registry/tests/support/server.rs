//! A static HTTP/1.1 file server on loopback with Range and ETag support that logs every
//! request and injects faults: a dropped connection after some bytes, an error status, a
//! range ignored (200 instead of 206), a corrupted file, a stall after a byte budget.

use std::collections::{HashMap, HashSet, VecDeque};
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One scripted misbehaviour, used by the next request for its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Send the headers and this many body bytes, then close the connection.
    DropAfter(u64),
    /// Answer with this status and no body.
    Status(u16),
    /// Answer 200 with the whole file even when a range was asked for.
    IgnoreRange,
    /// Both: answer 200 from byte 0 whatever the range, and close after this many bytes.
    IgnoreRangeDropAfter(u64),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    pub path: String,
    pub range: Option<String>,
    pub if_range: Option<String>,
    pub status: u16,
    pub body_bytes: u64,
}

#[derive(Default)]
struct State {
    root: PathBuf,
    log: Mutex<Vec<Logged>>,
    faults: Mutex<HashMap<String, VecDeque<Fault>>>,
    corrupt: Mutex<HashSet<String>>,
    /// Body bytes the server sends in total before it stalls (while `stalled` is set).
    stall_budget: AtomicU64,
    stalling: AtomicBool,
    sent: AtomicU64,
}

pub struct FaultServer {
    pub addr: SocketAddr,
    state: Arc<State>,
}

impl FaultServer {
    /// Serve `root` on 127.0.0.1 on a free port.
    pub fn start(root: &Path) -> FaultServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        let state = Arc::new(State {
            root: root.to_path_buf(),
            ..State::default()
        });
        let shared = Arc::clone(&state);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = Arc::clone(&shared);
                std::thread::spawn(move || {
                    let _ = handle(&state, stream);
                });
            }
        });
        FaultServer { addr, state }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Queue faults for the next requests of `path` (relative to the root).
    pub fn inject(&self, path: &str, faults: &[Fault]) {
        let mut all = self.state.faults.lock().expect("lock");
        all.entry(path.to_string())
            .or_default()
            .extend(faults.iter().copied());
    }

    /// Serve `path` with one byte changed, every time.
    pub fn corrupt(&self, path: &str) {
        self.state
            .corrupt
            .lock()
            .expect("lock")
            .insert(path.to_string());
    }

    /// Stall every response once `budget` body bytes were sent in total, until released.
    pub fn stall_after(&self, budget: u64) {
        self.state.stall_budget.store(budget, Ordering::SeqCst);
        self.state.stalling.store(true, Ordering::SeqCst);
    }

    pub fn release_stall(&self) {
        self.state.stalling.store(false, Ordering::SeqCst);
    }

    pub fn sent(&self) -> u64 {
        self.state.sent.load(Ordering::SeqCst)
    }

    pub fn log(&self) -> Vec<Logged> {
        self.state.log.lock().expect("lock").clone()
    }

    pub fn clear_log(&self) {
        self.state.log.lock().expect("lock").clear();
    }

    /// Requests for paths containing `needle`.
    pub fn requests(&self, needle: &str) -> Vec<Logged> {
        self.log()
            .into_iter()
            .filter(|l| l.path.contains(needle))
            .collect()
    }
}

fn handle(state: &State, stream: TcpStream) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let target = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let path = target.trim_start_matches('/').to_string();
    let mut logged = Logged {
        path: path.clone(),
        range: headers.get("range").cloned(),
        if_range: headers.get("if-range").cloned(),
        status: 0,
        body_bytes: 0,
    };
    let fault = state
        .faults
        .lock()
        .expect("lock")
        .get_mut(&path)
        .and_then(VecDeque::pop_front);
    let mut out = stream;
    let inside = Path::new(&path)
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    let file = state.root.join(&path);
    let mut body = match std::fs::read(&file) {
        Ok(bytes) if inside && file.is_file() => bytes,
        _ => {
            logged.status = 404;
            state.log.lock().expect("lock").push(logged);
            return write!(
                out,
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    };
    if let Some(Fault::Status(status)) = fault {
        logged.status = status;
        state.log.lock().expect("lock").push(logged);
        return write!(
            out,
            "HTTP/1.1 {status} Injected\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
    }
    let etag = format!("\"{:x}-{:x}\"", body.len(), fnv(&body));
    if state.corrupt.lock().expect("lock").contains(&path) {
        let middle = body.len() / 2;
        if let Some(b) = body.get_mut(middle) {
            *b ^= 0x5a;
        }
    }
    let total = body.len() as u64;
    let start = match (&logged.range, fault) {
        (_, Some(Fault::IgnoreRange | Fault::IgnoreRangeDropAfter(_))) => None,
        (Some(range), _) if logged.if_range.as_ref().is_none_or(|t| *t == etag) => range
            .strip_prefix("bytes=")
            .and_then(|r| r.strip_suffix('-'))
            .and_then(|n| n.parse::<u64>().ok())
            .filter(|n| *n <= total),
        _ => None,
    };
    let (status, slice) = match start {
        Some(n) => (206, &body[n as usize..]),
        None => (200, &body[..]),
    };
    logged.status = status;
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Length: {}\r\nETag: {etag}\r\nAccept-Ranges: bytes\r\nConnection: close\r\n",
        if status == 206 { "Partial Content" } else { "OK" },
        slice.len()
    );
    if let Some(n) = start {
        head.push_str(&format!(
            "Content-Range: bytes {n}-{}/{total}\r\n",
            total.saturating_sub(1)
        ));
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    let limit = match fault {
        Some(Fault::DropAfter(n) | Fault::IgnoreRangeDropAfter(n)) => (n as usize).min(slice.len()),
        _ => slice.len(),
    };
    let mut sent_here = 0u64;
    for chunk in slice[..limit].chunks(1024) {
        while state.stalling.load(Ordering::SeqCst)
            && state.sent.load(Ordering::SeqCst) >= state.stall_budget.load(Ordering::SeqCst)
        {
            std::thread::sleep(Duration::from_millis(20));
        }
        if out.write_all(chunk).is_err() {
            break;
        }
        sent_here += chunk.len() as u64;
        state.sent.fetch_add(chunk.len() as u64, Ordering::SeqCst);
    }
    logged.body_bytes = sent_here;
    state.log.lock().expect("lock").push(logged);
    out.flush()?;
    // One request per connection (Connection: close).
    out.shutdown(std::net::Shutdown::Both)
}

/// A small stable hash for ETags.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100000001b3)
    })
}
