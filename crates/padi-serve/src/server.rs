//! Accepting connections and answering requests.

use std::future::Future;
use std::io::{Seek, SeekFrom};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use hyper::header::{self, HeaderMap, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;

use crate::body::ResponseBody;
use crate::headers::{self, RangeRequest, Validators};
use crate::path::{resolve_path, PathRejection};
use crate::ServeError;

/// A slow client gets this long to send its request headers.
const HEADER_TIMEOUT: Duration = Duration::from_secs(30);
/// After shutdown is requested, running downloads get this long to finish.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);

/// A registry server bound to its address but not yet answering.
#[derive(Debug)]
pub struct BoundServer {
    root: Arc<PathBuf>,
    listener: std::net::TcpListener,
}

/// Check the registry directory and listen on `addr` (port 0 picks a free port; see
/// [`BoundServer::local_addr`]). Warns, without failing, when the root has no `index.json`.
pub fn bind(root: &Path, addr: SocketAddr) -> Result<BoundServer, ServeError> {
    let canonical = std::fs::canonicalize(root).map_err(|source| ServeError::RootMissing {
        path: root.to_path_buf(),
        source,
    })?;
    if !canonical.is_dir() {
        return Err(ServeError::RootNotDirectory {
            path: root.to_path_buf(),
        });
    }
    if !canonical.join("index.json").is_file() {
        tracing::warn!(
            root = %canonical.display(),
            "the registry has no index.json yet; serving its files anyway"
        );
    }
    let listener =
        std::net::TcpListener::bind(addr).map_err(|source| ServeError::Bind { addr, source })?;
    listener.set_nonblocking(true)?;
    Ok(BoundServer {
        root: Arc::new(canonical),
        listener,
    })
}

impl BoundServer {
    /// The address actually listened on.
    pub fn local_addr(&self) -> Result<SocketAddr, ServeError> {
        Ok(self.listener.local_addr()?)
    }

    /// The canonical registry directory being served.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Serve until Ctrl-C (or SIGTERM on Unix), then let running responses finish (up to
    /// 10 s). Blocks.
    pub fn run(self) -> Result<(), ServeError> {
        self.run_until(stop_signal())
    }

    /// Serve until `shutdown` completes, then let running responses finish (up to 10 s).
    /// Blocks the calling thread on its own runtime.
    pub fn run_until<F>(self, shutdown: F) -> Result<(), ServeError>
    where
        F: Future<Output = ()>,
    {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .thread_name("padi-serve")
            .build()?;
        runtime.block_on(serve(self.root, self.listener, shutdown))
    }
}

async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    if tokio::signal::ctrl_c().await.is_err() {
        // Without a signal handler the server can only be stopped by killing it.
        std::future::pending::<()>().await;
    }
}

async fn serve<F>(
    root: Arc<PathBuf>,
    listener: std::net::TcpListener,
    shutdown: F,
) -> Result<(), ServeError>
where
    F: Future<Output = ()>,
{
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Running out of file descriptors and the like pass; keep serving.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let root = Arc::clone(&root);
        let service = service_fn(move |request| {
            let root = Arc::clone(&root);
            async move { Ok::<_, std::convert::Infallible>(respond(&root, request, peer).await) }
        });
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_TIMEOUT)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(%peer, error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(DRAIN_TIMEOUT) => {
            tracing::warn!("stopping with downloads still running");
        }
    }
    Ok(())
}

async fn respond<B>(root: &Path, request: Request<B>, peer: SocketAddr) -> Response<ResponseBody> {
    let method = request.method().clone();
    let uri = request.uri().to_string();
    let response = answer(root, &request).await;
    tracing::info!(
        target: "padi_serve::access",
        %peer,
        %method,
        %uri,
        status = response.status().as_u16(),
        "request"
    );
    response
}

async fn answer<B>(root: &Path, request: &Request<B>) -> Response<ResponseBody> {
    let head = match *request.method() {
        Method::GET => false,
        Method::HEAD => true,
        _ => {
            let mut response = status(StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n");
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            return response;
        }
    };
    if !target_is_local(request) {
        return status(StatusCode::BAD_REQUEST, "bad request target\n");
    }
    let request_path = request.uri().path().to_owned();
    let owned_root = root.to_path_buf();
    // Path resolution and opening touch the file system: keep them off the async workers.
    let opened = tokio::task::spawn_blocking(move || open(&owned_root, &request_path)).await;
    let (file, meta, relative) = match opened {
        Ok(Ok(found)) => found,
        Ok(Err(PathRejection::BadRequest)) => {
            return status(StatusCode::BAD_REQUEST, "bad request path\n")
        }
        Ok(Err(PathRejection::NotFound)) | Err(_) => {
            return status(StatusCode::NOT_FOUND, "not found\n")
        }
    };
    file_response(file, &meta, &relative, request.headers(), head).await
}

/// Origin-form targets only, or absolute-form naming this server (as proxies send); an
/// authority-form target or one for another host names nothing we serve.
fn target_is_local<B>(request: &Request<B>) -> bool {
    let uri = request.uri();
    let Some(authority) = uri.authority() else {
        return uri.path().starts_with('/');
    };
    let scheme_ok = uri
        .scheme_str()
        .is_some_and(|s| s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https"));
    let host_header = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    scheme_ok && host_header.is_some_and(|h| h.eq_ignore_ascii_case(authority.as_str()))
}

type Opened = (std::fs::File, std::fs::Metadata, String);

fn open(root: &Path, request_path: &str) -> Result<Opened, PathRejection> {
    let resolved = resolve_path(root, request_path)?;
    let file = std::fs::File::open(&resolved).map_err(|_| PathRejection::NotFound)?;
    // Validators come from the open handle, so they describe exactly the bytes served.
    let meta = file.metadata().map_err(|_| PathRejection::NotFound)?;
    if !meta.is_file() {
        return Err(PathRejection::NotFound);
    }
    let relative = resolved
        .strip_prefix(root)
        .map_err(|_| PathRejection::NotFound)?
        .to_string_lossy()
        .replace('\\', "/");
    Ok((file, meta, relative))
}

async fn file_response(
    mut file: std::fs::File,
    meta: &std::fs::Metadata,
    relative: &str,
    request: &HeaderMap,
    head: bool,
) -> Response<ResponseBody> {
    let len = meta.len();
    let validators = Validators::of(meta);
    let text = |name: header::HeaderName| request.get(name).and_then(|v| v.to_str().ok());

    // Preconditions in the order of RFC 9110 §13.2.2.
    if let Some(tags) = text(header::IF_MATCH) {
        if !headers::if_match(tags, &validators.etag) {
            return status(StatusCode::PRECONDITION_FAILED, "precondition failed\n");
        }
    }
    let current = match text(header::IF_NONE_MATCH) {
        Some(tags) => headers::if_none_match(tags, &validators.etag),
        None => text(header::IF_MODIFIED_SINCE)
            .is_some_and(|date| headers::not_modified_since(date, &validators)),
    };
    if current {
        let mut response = Response::new(ResponseBody::empty());
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        describe(response.headers_mut(), relative, &validators);
        return response;
    }

    // Range is defined for GET only; HEAD answers for the whole file.
    let range = match text(header::RANGE) {
        Some(range) if !head => {
            let applies = text(header::IF_RANGE).is_none_or(|v| headers::if_range(v, &validators));
            if applies {
                headers::parse_range(range, len)
            } else {
                RangeRequest::Full
            }
        }
        _ => RangeRequest::Full,
    };
    let (code, first, count) = match range {
        RangeRequest::Full => (StatusCode::OK, 0, len),
        RangeRequest::Partial { first, last } => {
            (StatusCode::PARTIAL_CONTENT, first, last - first + 1)
        }
        RangeRequest::Unsatisfiable => {
            let mut response = status(StatusCode::RANGE_NOT_SATISFIABLE, "range not satisfiable\n");
            insert(
                response.headers_mut(),
                header::CONTENT_RANGE,
                &format!("bytes */{len}"),
            );
            return response;
        }
    };
    if first > 0 && file.seek(SeekFrom::Start(first)).is_err() {
        return status(StatusCode::INTERNAL_SERVER_ERROR, "cannot read the file\n");
    }
    let body = if head {
        ResponseBody::empty()
    } else {
        ResponseBody::File {
            file: tokio::fs::File::from_std(file),
            remaining: count,
        }
    };
    let mut response = Response::new(body);
    *response.status_mut() = code;
    let headers = response.headers_mut();
    describe(headers, relative, &validators);
    insert(
        headers,
        header::CONTENT_TYPE,
        headers::content_type(relative),
    );
    insert(headers, header::CONTENT_LENGTH, &count.to_string());
    if code == StatusCode::PARTIAL_CONTENT {
        let last = first + count - 1;
        insert(
            headers,
            header::CONTENT_RANGE,
            &format!("bytes {first}-{last}/{len}"),
        );
    }
    response
}

/// Headers every answer about a file carries, 304 included (RFC 9110 §15.4.5).
fn describe(headers: &mut HeaderMap, relative: &str, validators: &Validators) {
    insert(headers, header::ETAG, &validators.etag);
    insert(headers, header::LAST_MODIFIED, &validators.last_modified());
    insert(
        headers,
        header::CACHE_CONTROL,
        headers::cache_control(relative),
    );
    insert(headers, header::ACCEPT_RANGES, "bytes");
}

fn insert(headers: &mut HeaderMap, name: header::HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(name, value);
    }
}

fn status(code: StatusCode, message: &'static str) -> Response<ResponseBody> {
    let mut response = Response::new(ResponseBody::message(message));
    *response.status_mut() = code;
    let headers = response.headers_mut();
    insert(headers, header::CONTENT_TYPE, "text/plain; charset=utf-8");
    insert(headers, header::CONTENT_LENGTH, &message.len().to_string());
    insert(headers, header::ACCEPT_RANGES, "bytes");
    response
}
