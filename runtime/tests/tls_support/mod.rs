#![allow(dead_code)] // each test binary uses part of it

//! Shared by `tls_ring_fallback.rs` and `tls_installed_provider.rs`, two test binaries
//! because the process-default crypto provider is process state: each starts from a
//! known one (none, or one the test installs), whatever order tests run in.
//!
//! The TLS check needs no certificate: a local listener reads the client's first TLS
//! record (its ClientHello) and hangs up, so the test sees what the client offered (cipher
//! suites, ALPN) without a real handshake to completion.

use crate::support::builder;
use std::time::Duration;
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;
use twilio_openapi_runtime::{Error, Scheme};

pub use crate::support::TestClient;

request!(Ping, &[Scheme::Basic]);

/// The built-in client for an https base URL.
pub fn https_client(base_url: &str) -> Result<TestClient, Error> {
    builder(base_url)
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(5))
        .build()
}

/// Sends `Ping` with the built-in client to a local listener and returns the ClientHello
/// it read (the whole first TLS record) and the error the call ended with.
pub async fn client_hello() -> (Vec<u8>, Error) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!(
        "https://127.0.0.1:{}",
        listener.local_addr().unwrap().port()
    );
    let client = https_client(&base).expect("the built-in client builds");
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("accept");
        let mut header = [0u8; 5];
        socket.read_exact(&mut header).await.expect("record header");
        let len = u16::from_be_bytes([header[3], header[4]]) as usize;
        let mut record = header.to_vec();
        record.resize(5 + len, 0);
        socket
            .read_exact(&mut record[5..])
            .await
            .expect("record body");
        record // the socket drops here: the handshake ends unanswered
    });
    let error = client
        .0
        .execute(&Ping)
        .await
        .expect_err("nobody answers the handshake");
    (server.await.expect("listener task"), error)
}

/// The cipher suites a ClientHello record offers.
pub fn cipher_suites(record: &[u8]) -> Vec<u16> {
    assert_eq!(record[0], 0x16, "a TLS handshake record");
    assert_eq!(record[5], 0x01, "holding a ClientHello");
    // record header 5, handshake header 4, legacy version 2, random 32
    let mut at = 5 + 4 + 2 + 32;
    let session_id = record[at] as usize;
    at += 1 + session_id;
    let len = u16::from_be_bytes([record[at], record[at + 1]]) as usize;
    at += 2;
    record[at..at + len]
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect()
}

/// Whether the ClientHello offers HTTP/2 and HTTP/1.1 by ALPN, as reqwest's own set-up does.
pub fn offers_h2_and_http11(record: &[u8]) -> bool {
    let wanted = b"\x02h2\x08http/1.1";
    record.windows(wanted.len()).any(|w| w == wanted)
}

pub const TLS13_AES_128_GCM_SHA256: u16 = 0x1301;
pub const TLS13_CHACHA20_POLY1305_SHA256: u16 = 0x1303;
pub const TLS12_ECDHE_ECDSA_AES_128_GCM_SHA256: u16 = 0xc02b;
