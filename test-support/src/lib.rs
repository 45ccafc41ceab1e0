//! Loopback HTTP/1.1 servers for the workspace's tests, and helpers to read what they
//! received. Not published.
//!
//! A [`RawServer`] listens on `127.0.0.1` (a port of its own), reads each request whole
//! (the head, then as many body bytes as `Content-Length` announces) and keeps it as raw
//! text, so that a test can compare the bytes a client sent. How it answers is the test's
//! choice, from the highest level to the lowest:
//!
//! - [`RawServer::start`]: the same answer to every request;
//! - [`RawServer::scripted`]: an answer computed from the request and its number;
//! - [`RawServer::serve`]: a handler that owns each [`Connection`] and does what it likes
//!   on the socket (never answer, hang up, send a body slowly or without end).
//!
//! [`answer`] and [`json_answer`] write an answer; [`request_line`], [`header`],
//! [`header_values`] and [`body`] read a kept request.
//!
//! ```no_run
//! # async fn example() {
//! use twilio_openapi_test_support::{RawServer, body, json_answer, request_line};
//!
//! let server = RawServer::start(json_answer("200 OK", r#"{"sid":"TH1"}"#)).await;
//! // ... point a client at `server.url` and call it ...
//! let raw = server.only_request();
//! assert_eq!(request_line(&raw), "POST /v1/Things HTTP/1.1");
//! assert_eq!(body(&raw), "Name=box");
//! # }
//! ```

#![deny(missing_docs)]

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A server on a loopback port, running on the current Tokio runtime (it stops with it):
/// counts the connections it accepts and keeps every request read through
/// [`Connection::read_request`], in the order they were read.
#[derive(Clone, Debug)]
pub struct RawServer {
    /// Its base URL: `http://127.0.0.1:<port>`.
    pub url: String,
    requests: Arc<Mutex<Vec<String>>>,
    connections: Arc<AtomicUsize>,
}

/// One accepted connection, as a [`RawServer::serve`] handler gets it.
#[derive(Debug)]
pub struct Connection {
    /// The socket, to write an answer on (or not), hold open or drop.
    pub socket: TcpStream,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Connection {
    /// Reads one request whole (the head, then as many body bytes as `Content-Length`
    /// announces) and keeps it in the server's list. Returns its number among all the
    /// requests the server has received (from 1) and its raw text; `None` when the
    /// connection ends or fails first.
    pub async fn read_request(&mut self) -> Option<(usize, String)> {
        let request = read_request(&mut self.socket).await?;
        let mut requests = self.requests.lock().expect("not poisoned");
        requests.push(request.clone());
        Some((requests.len(), request))
    }
}

impl RawServer {
    /// Answers every request with `answer` (a whole HTTP/1.1 answer, as [`answer`] writes
    /// one), then closes the connection: one request per connection.
    pub async fn start(answer: impl Into<String>) -> RawServer {
        let answer = answer.into();
        RawServer::scripted(move |_, _| answer.clone()).await
    }

    /// Answers each request with what `answer` returns for its raw text and its number
    /// among all the requests received (from 1), then closes the connection: one request
    /// per connection.
    pub async fn scripted<A>(answer: A) -> RawServer
    where
        A: Fn(&str, usize) -> String + Send + Sync + 'static,
    {
        let answer = Arc::new(answer);
        RawServer::serve(move |mut connection| {
            let answer = Arc::clone(&answer);
            async move {
                if let Some((n, request)) = connection.read_request().await {
                    let text = answer(&request, n);
                    let _ = connection.socket.write_all(text.as_bytes()).await;
                }
            }
        })
        .await
    }

    /// Runs `handler` on a task of its own for each connection accepted; the connection
    /// closes when the handler drops it.
    pub async fn serve<H, F>(handler: H) -> RawServer
    where
        H: Fn(Connection) -> F + Send + 'static,
        F: Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        let server = RawServer {
            url,
            requests: Arc::default(),
            connections: Arc::default(),
        };
        let (requests, accepted) = (server.requests.clone(), server.connections.clone());
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                accepted.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(handler(Connection {
                    socket,
                    requests: requests.clone(),
                }));
            }
        });
        server
    }

    /// How many connections it has accepted, requests or not.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<String> {
        self.requests.lock().expect("not poisoned").clone()
    }

    /// The requests received so far that start with `prefix` (say `"POST /v1/token "`, a
    /// method and a path), in order.
    pub fn requests_starting_with(&self, prefix: &str) -> Vec<String> {
        let mut requests = self.requests();
        requests.retain(|r| r.starts_with(prefix));
        requests
    }

    /// The one request received; fails when there were more or none.
    pub fn only_request(&self) -> String {
        let mut requests = self.requests();
        assert_eq!(requests.len(), 1, "one request: {requests:#?}");
        requests.remove(0)
    }
}

/// Reads one request: the head, then as many body bytes as `Content-Length` announces.
async fn read_request(socket: &mut TcpStream) -> Option<String> {
    let mut raw = Vec::new();
    let head_end = loop {
        if let Some(at) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        read_more(socket, &mut raw).await?;
    };
    let length = content_length(&String::from_utf8_lossy(&raw[..head_end]));
    while raw.len() < head_end + length {
        read_more(socket, &mut raw).await?;
    }
    Some(String::from_utf8_lossy(&raw).into_owned())
}

/// Appends what has arrived to `raw`; `None` at the end of the stream or on an error.
async fn read_more(socket: &mut TcpStream, raw: &mut Vec<u8>) -> Option<()> {
    match socket.read_buf(raw).await {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(()),
    }
}

/// The `Content-Length` of a request head; 0 when it has none.
fn content_length(head: &str) -> usize {
    header(head, "content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// An HTTP/1.1 answer with this status line (`"200 OK"`), header lines (`"Name: value"`)
/// and body; it gives the `Content-Length` and says `Connection: close`.
pub fn answer(status: &str, headers: &[&str], body: &str) -> String {
    let mut text = format!("HTTP/1.1 {status}\r\n");
    for h in headers {
        text.push_str(h);
        text.push_str("\r\n");
    }
    text.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ));
    text
}

/// An HTTP/1.1 answer with this status line and an `application/json` body.
pub fn json_answer(status: &str, json: &str) -> String {
    answer(status, &["Content-Type: application/json"], json)
}

/// The request line of a raw request.
pub fn request_line(raw: &str) -> &str {
    raw.split("\r\n").next().unwrap_or_default()
}

/// The first value of a header of a raw request (name matched case-insensitively, value
/// trimmed); `None` when absent.
pub fn header<'r>(raw: &'r str, name: &str) -> Option<&'r str> {
    header_values(raw, name).into_iter().next()
}

/// Every value of a header of a raw request, in order (name matched case-insensitively,
/// values trimmed).
pub fn header_values<'r>(raw: &'r str, name: &str) -> Vec<&'r str> {
    let head = raw.split_once("\r\n\r\n").map_or(raw, |(h, _)| h);
    head.split("\r\n")
        .skip(1)
        .filter_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
        .collect()
}

/// The body of a raw request: everything after the head.
pub fn body(raw: &str) -> &str {
    raw.split_once("\r\n\r\n").map_or("", |(_, b)| b)
}

#[cfg(test)]
mod tests {
    use super::*;

    const REQUEST: &str = "POST /v1/Things?A=1 HTTP/1.1\r\nhost: x\r\nX-Twice: a\r\n\
                           content-length: 9\r\nx-twice:  b \r\n\r\nName=a+b%";

    #[test]
    fn a_raw_request_reads_by_parts() {
        assert_eq!(request_line(REQUEST), "POST /v1/Things?A=1 HTTP/1.1");
        assert_eq!(header(REQUEST, "Content-Length"), Some("9"));
        assert_eq!(header(REQUEST, "x-twice"), Some("a"));
        assert_eq!(header_values(REQUEST, "X-TWICE"), ["a", "b"]);
        assert_eq!(
            header(REQUEST, "name"),
            None,
            "the body is not read as headers"
        );
        assert_eq!(body(REQUEST), "Name=a+b%");
        assert_eq!(body("GET / HTTP/1.1\r\n\r\n"), "");
    }

    #[test]
    fn an_answer_gives_its_length_and_closes() {
        assert_eq!(
            json_answer("201 Created", "{}"),
            "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\
             Connection: close\r\n\r\n{}"
        );
        assert_eq!(
            answer("204 No Content", &[], ""),
            "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
    }

    /// Sends `parts` on one connection, a write each, and returns all that comes back.
    async fn exchange(url: &str, parts: &[&str]) -> String {
        let mut socket = TcpStream::connect(url.trim_start_matches("http://"))
            .await
            .expect("connect");
        for part in parts {
            socket.write_all(part.as_bytes()).await.expect("write");
            tokio::task::yield_now().await;
        }
        let mut answer = String::new();
        socket.read_to_string(&mut answer).await.expect("read");
        answer
    }

    #[tokio::test]
    async fn a_request_is_kept_whole_and_answered_as_scripted() {
        let server = RawServer::scripted(|request, n| {
            answer("200 OK", &[], &format!("{n}:{}", request_line(request)))
        })
        .await;
        let (head, rest) = REQUEST.split_at(30);
        let (body_start, body_end) = rest.split_at(rest.len() - 4);
        let got = exchange(&server.url, &[head, body_start, body_end]).await;
        assert_eq!(got, answer("200 OK", &[], "1:POST /v1/Things?A=1 HTTP/1.1"));
        let got = exchange(&server.url, &["GET / HTTP/1.1\r\n\r\n"]).await;
        assert_eq!(got, answer("200 OK", &[], "2:GET / HTTP/1.1"));
        assert_eq!(server.requests(), [REQUEST, "GET / HTTP/1.1\r\n\r\n"]);
        assert_eq!(
            server.requests_starting_with("GET / "),
            ["GET / HTTP/1.1\r\n\r\n"]
        );
        assert_eq!(server.connections(), 2);
    }

    #[tokio::test]
    async fn a_handler_owns_the_socket() {
        let server = RawServer::serve(|mut connection| async move {
            connection.socket.write_all(b"early").await.expect("write");
        })
        .await;
        assert_eq!(exchange(&server.url, &[]).await, "early");
        assert_eq!(server.connections(), 1);
        assert!(server.requests().is_empty(), "no request was read");
        let fixed = RawServer::start("HTTP/1.1 204 No Content\r\n\r\n").await;
        let got = exchange(&fixed.url, &["GET /a HTTP/1.1\r\n\r\n"]).await;
        assert_eq!(got, "HTTP/1.1 204 No Content\r\n\r\n");
        assert_eq!(fixed.only_request(), "GET /a HTTP/1.1\r\n\r\n");
    }
}
