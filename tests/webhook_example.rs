//! Runs `examples/webhook_server.rs` and sends it signed and badly signed webhooks on
//! loopback, as Twilio (behind a proxy) would.

mod common;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;
use twilio_verify_challenges::webhook::RequestValidator;

const TOKEN: &str = "f00dfeedf00dfeedf00dfeedf00dfeed";
/// The URL configured in Twilio; the server listens somewhere else (as behind a proxy).
const PUBLIC: &str = "https://hooks.example.com";
const WAIT: Duration = Duration::from_secs(20);

fn example() -> PathBuf {
    common::example_binary("webhook_server")
}

/// The running server; killed when dropped, even if the test fails.
struct Server {
    child: Child,
    lines: Receiver<String>,
    base: String,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(example())
            .args(args)
            .env_clear()
            .env("TWILIO_AUTH_TOKEN", TOKEN)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("example starts");
        let (tx, lines) = channel();
        let stdout = child.stdout.take().expect("piped stdout");
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            lines,
            base: String::new(),
        };
        let first = server.next_line();
        server.base = first
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("first line: {first}"))
            .to_owned();
        assert!(server.base.starts_with("http://127.0.0.1:"), "{first}");
        server
    }

    fn next_line(&self) -> String {
        self.lines
            .recv_timeout(WAIT)
            .expect("the server prints a line in time")
    }

    fn no_line(&self) {
        match self.lines.recv_timeout(Duration::from_millis(300)) {
            Err(RecvTimeoutError::Timeout) => {}
            other => panic!("unexpected output: {other:?}"),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn client() -> reqwest::Client {
    twilio_verify_challenges::http_client_builder()
        .expect("TLS set-up")
        .no_proxy()
        .timeout(WAIT)
        .build()
        .expect("client")
}

async fn post(server: &Server, path: &str, body: &str, signature: Option<&str>) -> u16 {
    let mut request = client()
        .post(format!("{}{path}", server.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.to_owned());
    if let Some(signature) = signature {
        request = request.header("X-Twilio-Signature", signature);
    }
    request
        .send()
        .await
        .expect("server answers")
        .status()
        .as_u16()
}

const EVENT: &str = "uuid=b2ef4bc5-3d3b-4e2e-8b50-36f3bfbbc8b1&type=challenge.approved\
    &account_sid=ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&service_sid=VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\
    &entity_identity=ff483d1ff591898a9942916050d2ca3f&factor_sid=YFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\
    &factor_type=push&brand_new=x+y";

fn sign(url: &str, body: &str) -> String {
    RequestValidator::new(TOKEN)
        .sign(url, form_urlencoded::parse(body.as_bytes()))
        .expect("token set")
}

#[tokio::test]
async fn accepts_signed_webhooks_and_rejects_the_rest() {
    let server = Server::start(&["--port", "0", "--public-url", PUBLIC]);
    let path = "/twilio/verify-push?tenant=7";

    let good = sign(&format!("{PUBLIC}{path}"), EVENT);
    assert_eq!(post(&server, path, EVENT, Some(&good)).await, 200);
    let line = server.next_line();
    let event: serde_json::Value = serde_json::from_str(&line).expect("one JSON line");
    assert_eq!(event["type"], "challenge.approved");
    assert_eq!(event["uuid"], "b2ef4bc5-3d3b-4e2e-8b50-36f3bfbbc8b1");
    assert_eq!(event["account_sid"], "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    assert_eq!(event["service_sid"], "VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    assert_eq!(event["entity_identity"], "ff483d1ff591898a9942916050d2ca3f");
    assert_eq!(event["factor_sid"], "YFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    assert_eq!(event["factor_type"], "push");
    assert_eq!(event["extra"]["brand_new"], serde_json::json!(["x y"]));

    // Twilio may have signed the public URL with its default port.
    let with_port = sign(&format!("https://hooks.example.com:443{path}"), EVENT);
    assert_eq!(post(&server, path, EVENT, Some(&with_port)).await, 200);
    assert!(server.next_line().contains("challenge.approved"));

    let rejected = [
        // Missing, garbage, or made with another token.
        (EVENT.to_owned(), None, path),
        (EVENT.to_owned(), Some("not-a-signature".to_owned()), path),
        (
            EVENT.to_owned(),
            Some(
                RequestValidator::new("another-token")
                    .sign(
                        &format!("{PUBLIC}{path}"),
                        form_urlencoded::parse(EVENT.as_bytes()),
                    )
                    .expect("token set"),
            ),
            path,
        ),
        // A tampered body or another path under a valid signature.
        (
            EVENT.replace("challenge.approved", "challenge.denied"),
            Some(good.clone()),
            path,
        ),
        (EVENT.to_owned(), Some(good.clone()), "/twilio/verify-push"),
        // Signed over the local URL rather than the public one (the proxy pitfall).
        (
            EVENT.to_owned(),
            Some(sign(&format!("{}{path}", server.base), EVENT)),
            path,
        ),
    ];
    for (body, signature, path) in rejected {
        assert_eq!(
            post(&server, path, &body, signature.as_deref()).await,
            403,
            "{signature:?} {path}"
        );
    }
    // Nothing was printed for the rejected requests.
    server.no_line();

    // A GET is not a webhook.
    let get = client()
        .get(format!("{}{path}", server.base))
        .send()
        .await
        .expect("server answers");
    assert_eq!(get.status().as_u16(), 405);
}

#[tokio::test]
async fn without_a_public_url_the_local_address_is_signed() {
    let server = Server::start(&["--port", "0"]);
    let good = sign(&format!("{}/hook", server.base), EVENT);
    assert_eq!(post(&server, "/hook", EVENT, Some(&good)).await, 200);
    assert!(server.next_line().contains("\"factor_type\":\"push\""));
    let public = sign(&format!("{PUBLIC}/hook"), EVENT);
    assert_eq!(post(&server, "/hook", EVENT, Some(&public)).await, 403);
}

#[test]
fn refuses_to_start_without_a_token() {
    let out = Command::new(example())
        .args(["--port", "0"])
        .env_clear()
        .stdin(Stdio::null())
        .output()
        .expect("example runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("TWILIO_AUTH_TOKEN"));
}

/// A captured signed event, re-partitioned so that it carries no `uuid` (`uuid=b2ef...`
/// sent as `uuidb2ef...=`): the signature still holds (it cannot see where a name ends, see
/// `RequestValidator`'s docs), so the server must refuse the event itself, or it would handle
/// the replay as a new delivery.
#[tokio::test]
async fn a_re_partitioned_replay_without_uuid_or_type_is_refused() {
    let server = Server::start(&["--port", "0", "--public-url", PUBLIC]);
    let path = "/twilio/verify-push";
    let good = sign(&format!("{PUBLIC}{path}"), EVENT);
    let replays = [
        EVENT
            .replace("uuid=b2ef", "uuidb2ef")
            .replace("bbc8b1&", "bbc8b1=&"),
        EVENT.replace("type=challenge.approved", "typechallenge.approved="),
    ];
    for replay in replays {
        assert_ne!(replay, EVENT);
        assert!(
            RequestValidator::new(TOKEN).validate(
                &format!("{PUBLIC}{path}"),
                form_urlencoded::parse(replay.as_bytes()),
                &good
            ),
            "the signature holds for {replay}"
        );
        assert_eq!(
            post(&server, path, &replay, Some(&good)).await,
            400,
            "{replay}"
        );
    }
    server.no_line();
    // The original is still accepted.
    assert_eq!(post(&server, path, EVENT, Some(&good)).await, 200);
    assert!(
        server
            .next_line()
            .contains("b2ef4bc5-3d3b-4e2e-8b50-36f3bfbbc8b1")
    );
}
