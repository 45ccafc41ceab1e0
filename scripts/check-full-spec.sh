#!/usr/bin/env bash
# Generates bindings from the full Twilio Verify v2 spec in a brand-new crate outside this
# repository, as a user of the generator would, and checks that they compile warning-free
# (`cargo clippy -- -D warnings`) and that their Client sends a byte-correct CreateChallenge
# to a local server (the crate's own test).
#
# The crate lives in a temporary directory: `twilio-openapi-codegen` as its only
# build-dependency, `twilio-openapi-runtime` as its only dependency (both by path into this
# repository), a build.rs that calls `Config::compile`, a src/lib.rs that includes
# `bindings.rs`, and one test that runs a loopback server with std alone. Cargo runs with
# CARGO_TARGET_DIR=<repo>/target/full-spec so that repeat runs reuse the compiled
# dependencies. Nothing in the repository is modified.
#
# The spec is not part of this repository: it is read from $TWILIO_VERIFY_SPEC, or from
# ../shared/specs/twilio_verify_v2.yaml next to the checkout.
#
# Usage: scripts/check-full-spec.sh        (exit status 0 when every step passes)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
spec="${TWILIO_VERIFY_SPEC:-$repo/../shared/specs/twilio_verify_v2.yaml}"

if [[ ! -f "$spec" ]]; then
    echo "error: the full Verify v2 spec is not at $spec; set TWILIO_VERIFY_SPEC" >&2
    exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/twilio-full-spec.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/spec" "$work/src" "$work/tests"
cp "$spec" "$work/spec/verify.yaml"
# The workspace's lock file, so that the new crate builds with the same versions.
cp "$repo/Cargo.lock" "$work/Cargo.lock"

cat > "$work/Cargo.toml" <<TOML
[package]
name = "verify-full"
version = "0.1.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
twilio-openapi-runtime = { path = "$repo/runtime" }

[build-dependencies]
twilio-openapi-codegen = { path = "$repo/codegen" }

[dev-dependencies]
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
TOML

cat > "$work/build.rs" <<'RS'
fn main() {
    if let Err(e) = twilio_openapi_codegen::Config::new("spec/verify.yaml").compile() {
        eprintln!("{e}");
        std::process::exit(1);
    }
}
RS

cat > "$work/src/lib.rs" <<'RS'
//! Twilio Verify v2, every operation, generated at build time.
include!(concat!(env!("OUT_DIR"), "/bindings.rs"));
RS

cat > "$work/tests/create_challenge.rs" <<'RS'
//! The generated Client sends a byte-correct CreateChallenge to a loopback server.
use std::io::{Read, Write};
use verify_full::{Client, Credentials, CreateChallengeRequest, FactorSid, ServiceSid};

/// Accepts one connection, reads one request whole, answers `answer`, returns the request.
fn serve_once(listener: std::net::TcpListener, answer: &'static str) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let (mut socket, _) = listener.accept().expect("accept");
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = socket.read(&mut buf).expect("read");
            request.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&request).to_string();
            if let Some((head, body)) = text.split_once("\r\n\r\n") {
                let length: usize = head
                    .lines()
                    .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().expect("length")))
                    .unwrap_or(0);
                if body.len() >= length {
                    break;
                }
            }
            assert!(n > 0, "connection closed early");
        }
        socket.write_all(answer.as_bytes()).expect("write");
        request
    })
}

#[tokio::test]
async fn create_challenge_goes_on_the_wire_as_twilio_expects() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let json = r#"{"sid":"YC03aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","status":"pending"}"#;
    let answer: &'static str = Box::leak(
        format!("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{json}", json.len())
            .into_boxed_str(),
    );
    let server = serve_once(listener, answer);
    let client = Client::builder()
        .credentials(Credentials::auth_token("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "token"))
        .base_url(url)
        .build()
        .expect("client");
    let request = CreateChallengeRequest::new(
        "VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse::<ServiceSid>().expect("sid"),
        "alice",
        "YFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse::<FactorSid>().expect("sid"),
    )
    .details_message("Sign in?");
    let challenge = client.create_challenge(&request).await.expect("created");
    assert_eq!(
        challenge.sid.as_ref().map(|s| s.as_str()),
        Some("YC03aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
    );
    let raw = String::from_utf8(server.join().expect("server")).expect("utf-8");
    let (head, body) = raw.split_once("\r\n\r\n").expect("head and body");
    assert!(
        head.starts_with("POST /v2/Services/VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Entities/alice/Challenges HTTP/1.1\r\n"),
        "{head}"
    );
    let lower = head.to_ascii_lowercase();
    assert!(lower.contains("content-type: application/x-www-form-urlencoded\r\n"), "{head}");
    assert!(lower.contains("authorization: basic qunhywfhywfhywfhywfhywfhywfhywfhywfhywfhywfhytp0b2tlbg==\r\n"), "{head}");
    assert!(lower.contains("user-agent: verify-full/0.1.0 ("), "{head}");
    assert_eq!(body, "FactorSid=YFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&Details.Message=Sign+in%3F");
}
RS

target_dir=$(cargo metadata --manifest-path "$repo/Cargo.toml" --format-version 1 --no-deps |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
export CARGO_TARGET_DIR="$target_dir/full-spec"
cd "$work"

echo "== cargo clippy -- -D warnings (full Verify v2 spec, from $spec)"
cargo clippy --all-targets -- -D warnings
echo "== cargo test (CreateChallenge on the wire)"
cargo test
echo "ok: a new crate generates the full spec, compiles clippy-clean and sends a byte-correct CreateChallenge"
