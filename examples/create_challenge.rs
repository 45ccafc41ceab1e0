//! Creates a Challenge for a Factor and prints it as JSON.
//!
//! ```text
//! TWILIO_ACCOUNT_SID=AC... TWILIO_AUTH_TOKEN=... \
//! cargo run --example create_challenge -- \
//!     --service-sid VA... --identity ff483d1ff591898a9942916050d2ca3f --factor-sid YF... \
//!     --message "Sign in to Example?" --field Location=Berlin --field "Browser=Firefox 130"
//! ```
//!
//! Credentials come from `TWILIO_ACCOUNT_SID` and `TWILIO_AUTH_TOKEN` (or `TWILIO_API_KEY`
//! and `TWILIO_API_SECRET`); `TWILIO_VERIFY_BASE_URL` points the client elsewhere, e.g. at
//! a local server. `RUST_LOG=twilio_verify_challenges=debug` shows what is sent and retried
//! (never secrets nor personal data).
//!
//! On success the Challenge is printed on stdout and the exit code is 0. On any error the
//! message goes to stderr and the exit code is 1; an invalid argument sends no request.

use clap::Parser;
use std::collections::BTreeMap;
use std::process::ExitCode;
use twilio_verify_challenges::{
    ChallengeDetailsField, Client, CreateChallengeRequest, FactorSid, ServiceSid,
};

/// Create a Twilio Verify Challenge for a Factor.
#[derive(Parser, Debug)]
#[command(name = "create_challenge")]
struct Args {
    /// SID of the Verify Service (VA...).
    #[arg(long)]
    service_sid: String,
    /// Your identifier of the entity (8 to 64 characters, dash-separated alphanumerics).
    #[arg(long)]
    identity: String,
    /// SID of the Factor to challenge (YF...).
    #[arg(long)]
    factor_sid: String,
    /// Message shown with the push notification (up to 256 characters).
    #[arg(long)]
    message: Option<String>,
    /// A detail shown with the push notification, as LABEL=VALUE; repeatable (up to 20).
    #[arg(long = "field", value_name = "LABEL=VALUE")]
    fields: Vec<String>,
    /// When the challenge expires, RFC 3339 (e.g. 2026-01-01T10:00:00Z).
    #[arg(long, value_name = "RFC3339")]
    expiration_date: Option<String>,
    /// For TOTP factors: the code to check at once (3 to 8 characters).
    #[arg(long)]
    auth_payload: Option<String>,
    /// Context hidden from the user, as a JSON object of string values.
    #[arg(long, value_name = "JSON")]
    hidden_details: Option<String>,
}

/// Turns the arguments into a request; every problem is reported before anything is sent.
fn request(args: Args) -> Result<CreateChallengeRequest, String> {
    let service_sid: ServiceSid = args
        .service_sid
        .parse()
        .map_err(|e| format!("--service-sid: {e}"))?;
    let factor_sid: FactorSid = args
        .factor_sid
        .parse()
        .map_err(|e| format!("--factor-sid: {e}"))?;
    let fields = args
        .fields
        .iter()
        .map(|f| {
            f.split_once('=')
                .map(|(label, value)| ChallengeDetailsField::new(label, value))
                .ok_or_else(|| format!("--field {f:?}: expected LABEL=VALUE"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut request =
        CreateChallengeRequest::new(service_sid, args.identity, factor_sid).details_fields(fields);
    if let Some(message) = args.message {
        request = request.details_message(message);
    }
    if let Some(date) = args.expiration_date {
        let date = chrono::DateTime::parse_from_rfc3339(&date)
            .map_err(|e| format!("--expiration-date {date:?}: not RFC 3339 ({e})"))?;
        request = request.expiration_date(date);
    }
    if let Some(payload) = args.auth_payload {
        request = request.auth_payload(payload);
    }
    if let Some(json) = args.hidden_details {
        let details: BTreeMap<String, String> = serde_json::from_str(&json).map_err(|e| {
            format!("--hidden-details: expected a JSON object of string values ({e})")
        })?;
        request = request.hidden_details(details);
    }
    Ok(request)
}

async fn run(args: Args) -> Result<String, String> {
    let request = request(args)?;
    let client = Client::from_env().map_err(|e| e.to_string())?;
    let challenge = client
        .create_challenge(&request)
        .await
        .map_err(|e| e.to_string())?;
    serde_json::to_string_pretty(&challenge).map_err(|e| e.to_string())
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(e) if !e.use_stderr() => {
            // --help or --version
            print!("{e}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprint!("{e}");
            return ExitCode::FAILURE;
        }
    };
    match run(args).await {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
