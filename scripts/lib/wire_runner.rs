//! The wire sweep's runner (`scripts/check-wire.sh` copies it into each scratch crate, next
//! to the bindings generated with samples in `gen/`): sends every sample to a Prism mock
//! server and prints one tab-separated line per operation.

#![allow(dead_code)]
include!("../gen/bindings.rs");

// `Client`, `Credentials`, `Error` and `RetryPolicy` are the bindings' (re-exported from
// the runtime).
use __runtime::SampleError;

/// Prism's list of violations (`validation`, in the details of its problem answer), each as
/// `where: what`.
fn violations(details: Option<&__runtime::serde_json::Value>) -> Vec<String> {
    let Some(list) = details
        .and_then(|d| d.get("validation"))
        .and_then(|v| v.as_array())
    else {
        return Vec::new();
    };
    let each = list.iter().map(|v| {
        let at = v["location"]
            .as_array()
            .map(|l| {
                l.iter()
                    .map(|s| s.as_str().unwrap_or("?"))
                    .collect::<Vec<_>>()
                    .join("/")
            })
            .unwrap_or_default();
        format!("{at}: {}", v["message"].as_str().unwrap_or("?"))
    });
    each.collect()
}

/// One request as Prism's log tells it: method, path, and the violations found in it.
struct Logged {
    method: String,
    path: String,
    violations: Vec<String>,
}

/// Prism's log, request by request in the order received. When a request breaks the spec
/// and the spec documents a 400 answer, Prism answers with that (its violations only in a
/// header); its log always lists them (`Violation: request.body.data Request body property
/// data must be object`).
fn logged(log: &str) -> Vec<Logged> {
    let mut out: Vec<Logged> = Vec::new();
    for line in log.lines() {
        if let Some((_, rest)) = line.split_once("[HTTP SERVER] ") {
            if rest.contains("Request received") {
                let mut words = rest.split_whitespace();
                let method = words.next().unwrap_or_default().to_uppercase();
                let path = words.next().unwrap_or_default();
                let path = path.split('?').next().unwrap_or_default().to_owned();
                out.push(Logged {
                    method,
                    path,
                    violations: Vec::new(),
                });
            }
        } else if let Some((_, v)) = line.split_once("Violation: request.") {
            if let Some(last) = out.last_mut() {
                let (at, what) = v.split_once(' ').unwrap_or((v, ""));
                last.violations
                    .push(format!("{}: {what}", at.replacen('.', "/", 1)));
            }
        }
    }
    out
}

/// Whether `path` is an instance of the route's path template (`/v1/Things/{Sid}.json`).
fn matches(route: &str, method: &str, path: &str) -> bool {
    let Some((m, template)) = route.split_once(' ') else {
        return false;
    };
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    m == method
        && t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(t, p)| match (t.find('{'), t.rfind('}')) {
                (Some(open), Some(close)) => {
                    p.len() > open + (t.len() - close - 1)
                        && p.starts_with(&t[..open])
                        && p.ends_with(&t[close + 1..])
                }
                _ => t == p,
            })
}

/// A token endpoint for the OAuth 2.0 operations, on a thread of its own: every request
/// gets the same token, which Prism (checking only that a bearer token is sent) accepts.
fn token_endpoint() -> std::io::Result<String> {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}/v1/token", listener.local_addr()?);
    std::thread::spawn(move || {
        for mut socket in listener.incoming().flatten() {
            let mut buf = [0u8; 8192];
            let _ = socket.read(&mut buf);
            let body = r#"{"access_token":"sweep-token","token_type":"Bearer","expires_in":3600}"#;
            let answer = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = socket.write_all(answer.as_bytes());
        }
    });
    Ok(url)
}

/// Usage: runner BASE_URL PRISM_LOG. Prints one tab-separated line per operation: verdict
/// (decoded, undecoded, refused, failed), operation, route, what went wrong.
#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let [_, base_url, log_path] = args.as_slice() else {
        eprintln!("usage: runner BASE_URL PRISM_LOG");
        return std::process::ExitCode::from(2);
    };
    let token_url = match token_endpoint() {
        Ok(url) => url,
        Err(e) => {
            eprintln!("no token endpoint: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let credentials = Credentials::auth_token(format!("AC{}", "a".repeat(32)), "sweep-auth-token")
        .and(Credentials::oauth_client("sweep-client", "sweep-secret"));
    let client = Client::builder()
        .base_url(base_url.as_str())
        .oauth_token_url(token_url)
        .allow_insecure_http(true)
        .retry(RetryPolicy::none())
        .credentials(credentials)
        .build();
    let client = match client {
        Ok(c) => c,
        Err(e) => {
            eprintln!("no client: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let outcomes = samples::run(&client).await;
    // Prism logs a request after answering it; give the last line time to be written.
    std::thread::sleep(std::time::Duration::from_millis(500));
    let log = logged(&std::fs::read_to_string(log_path).unwrap_or_default());
    let mut cursor = 0;
    for o in outcomes {
        let sent = !matches!(
            &o.result,
            Err(SampleError::NotMade(_)) | Err(SampleError::Call(Error::InvalidRequest(_)))
        );
        let mut seen = Vec::new();
        if sent {
            if let Some(at) = log[cursor..]
                .iter()
                .position(|l| matches(o.route, &l.method, &l.path))
            {
                seen = log[cursor + at].violations.clone();
                cursor += at + 1;
            }
        }
        let (verdict, detail) = match &o.result {
            Ok(()) => ("decoded", String::new()),
            Err(SampleError::Call(Error::Api(api))) => {
                let mut v = violations(api.details.as_ref());
                if v.is_empty() {
                    v = seen;
                }
                let text = if v.is_empty() {
                    api.to_string()
                } else {
                    v.join("; ")
                };
                ("refused", format!("HTTP {}: {text}", api.status))
            }
            Err(SampleError::Call(e @ Error::Decode { .. })) => ("undecoded", e.to_string()),
            Err(SampleError::Call(e)) => ("failed", e.to_string()),
            Err(SampleError::NotMade(why)) => ("failed", format!("no sample: {why}")),
            Err(other) => ("failed", format!("{other:?}")),
        };
        println!(
            "{verdict}\t{}\t{}\t{}",
            o.operation,
            o.route,
            detail.replace(['\t', '\n'], " ")
        );
    }
    std::process::ExitCode::SUCCESS
}
