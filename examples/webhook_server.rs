//! Receives Verify Push webhooks, checks their `X-Twilio-Signature` and prints each event as
//! one line of JSON.
//!
//! ```text
//! TWILIO_AUTH_TOKEN=... cargo run --example webhook_server -- \
//!     --port 8080 --public-url https://hooks.example.com
//! ```
//!
//! - Listens on `127.0.0.1` only, on `--port` (or `PORT`; 0, the default, picks a free port).
//!   The first line printed is `listening on http://127.0.0.1:<port>`.
//! - Twilio signs the URL *it* called, which behind a tunnel, proxy or load balancer is not the
//!   local one: `--public-url` (or `WEBHOOK_PUBLIC_URL`) is the scheme, host and optional port
//!   (and path prefix, if the proxy strips one) that Twilio calls; the path and query of each
//!   request are appended to it. Without it the local address is used, which only works
//!   when Twilio (or a test) calls this server directly.
//! - The auth token comes from `TWILIO_AUTH_TOKEN` (required, never printed).
//! - Answers 200 with an empty body to a validly signed form POST and prints the event on
//!   stdout; answers 403 to a missing or wrong signature (the reason goes to stderr), 400 to
//!   a signed event without `uuid` or `type` (a re-partitioned replay, see
//!   `RequestValidator`'s docs), 405 to anything but POST, and 413 to a body over 64 KiB.

use clap::Parser;
use http_body_util::{BodyExt, Empty, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;
use tokio::net::TcpListener;
use twilio_verify_challenges::webhook::{RequestValidator, SIGNATURE_HEADER, VerifyPushEvent};

/// Largest body accepted; Verify Push webhooks are a few hundred bytes.
const MAX_BODY: usize = 64 * 1024;

/// Receive and check Twilio Verify Push webhooks.
#[derive(Parser, Debug)]
#[command(name = "webhook_server")]
struct Args {
    /// Port on 127.0.0.1 (0 = any free port). Defaults to `PORT`, else 0.
    #[arg(long)]
    port: Option<u16>,
    /// The URL Twilio calls, without the request's path (e.g. https://hooks.example.com).
    /// Defaults to `WEBHOOK_PUBLIC_URL`, else the local address.
    #[arg(long, value_name = "URL")]
    public_url: Option<String>,
}

/// What every connection shares.
struct State {
    validator: RequestValidator,
    public_url: String,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("webhook_server: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    let token = std::env::var("TWILIO_AUTH_TOKEN").unwrap_or_default();
    if token.is_empty() {
        return Err("TWILIO_AUTH_TOKEN is not set".into());
    }
    let port = match args.port {
        Some(port) => port,
        None => match std::env::var("PORT") {
            Ok(port) => port.parse().map_err(|e| format!("PORT={port}: {e}"))?,
            Err(_) => 0,
        },
    };
    let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
        .await
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    let public_url = args
        .public_url
        .or_else(|| std::env::var("WEBHOOK_PUBLIC_URL").ok())
        .unwrap_or_else(|| format!("http://{local}"));
    println!("listening on http://{local}");
    eprintln!("validating signatures against {public_url}<path>");

    let state = Arc::new(State {
        validator: RequestValidator::new(token),
        public_url: public_url.trim_end_matches('/').to_owned(),
    });
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(e) => {
                eprintln!("accept failed: {e}");
                continue;
            }
        };
        let state = Arc::clone(&state);
        tokio::spawn(async move {
            let service = service_fn(move |request| handle(Arc::clone(&state), request));
            if let Err(e) = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                eprintln!("connection error: {e}");
            }
        });
    }
}

async fn handle(
    state: Arc<State>,
    request: Request<Incoming>,
) -> Result<Response<Empty<Bytes>>, std::convert::Infallible> {
    if request.method() != Method::POST {
        return Ok(status(StatusCode::METHOD_NOT_ALLOWED));
    }
    // The URL Twilio signed: the public base plus the path and query as received.
    let path_and_query = request.uri().path_and_query().map_or("/", |pq| pq.as_str());
    let url = format!("{}{path_and_query}", state.public_url);
    let signature = request
        .headers()
        .get(SIGNATURE_HEADER)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = match Limited::new(request.into_body(), MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) => {
            eprintln!("rejected: cannot read the body: {e}");
            return Ok(status(StatusCode::PAYLOAD_TOO_LARGE));
        }
    };

    // Verify Push sends form parameters; the same pairs are validated and decoded.
    let params = form_urlencoded::parse(&body);
    if !state.validator.validate(&url, params, &signature) {
        eprintln!("rejected: bad or missing {SIGNATURE_HEADER} for {url}");
        return Ok(status(StatusCode::FORBIDDEN));
    }
    // The signature does not cover where a name ends: a replay can fold `uuid` or `type`
    // into another parameter's name. Twilio always sends both.
    let event = match VerifyPushEvent::try_from_params(params) {
        Ok(event) => event,
        Err(e) => {
            eprintln!("rejected: {e}");
            return Ok(status(StatusCode::BAD_REQUEST));
        }
    };
    match serde_json::to_string(&event) {
        Ok(line) => println!("{line}"),
        Err(e) => eprintln!("cannot print the event: {e}"),
    }
    Ok(status(StatusCode::OK))
}

fn status(code: StatusCode) -> Response<Empty<Bytes>> {
    let mut response = Response::new(Empty::new());
    *response.status_mut() = code;
    response
}
