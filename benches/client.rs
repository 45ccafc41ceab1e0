//! Runtime costs, each next to a baseline in the same group:
//!
//! - `encode`: CreateChallenge with five `Details.Fields` to its path and form bytes, against
//!   a hand-written `percent-encoding` + `form_urlencoded` + `serde_json` encoder producing
//!   the same path and bytes;
//! - `decode`: the real spec's `fetchSid` challenge example (read from
//!   `../shared/specs/twilio_verify_v2.yaml` or `$TWILIO_VERIFY_SPEC`) into `Challenge`,
//!   against `serde_json::Value` and against a minimal hand-written struct;
//! - `loopback`: create-challenge round trips against a local server, against raw reqwest
//!   sending the same request to the same server.
//!
//! `cargo bench --bench client`; see docs/performance.md.

use criterion::{Criterion, criterion_group, criterion_main};
use std::collections::BTreeMap;
use std::hint::black_box;
use twilio_verify_challenges::{
    Challenge, ChallengeDetailsField, Client, CreateChallengeRequest, Credentials, FactorSid,
    Request, RetryPolicy, ServiceSid,
};

const SERVICE: &str = "VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const FACTOR: &str = "YFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const IDENTITY: &str = "ff483d1ff591898a9942916050d2ca3f";

fn fields() -> Vec<(String, String)> {
    (1..=5)
        .map(|i| (format!("Label {i}"), format!("Value number {i}")))
        .collect()
}

fn request() -> CreateChallengeRequest {
    let date = chrono::DateTime::parse_from_rfc3339("2015-07-30T20:00:00Z")
        .unwrap()
        .to_utc();
    let service: ServiceSid = SERVICE.parse().unwrap();
    let factor: FactorSid = FACTOR.parse().unwrap();
    CreateChallengeRequest::new(service, IDENTITY, factor)
        .expiration_date(date)
        .details_message("Sign in to Example?")
        .details_fields(
            fields()
                .into_iter()
                .map(|(l, v)| ChallengeDetailsField::new(l, v)),
        )
        .hidden_details(BTreeMap::from([("ip".to_owned(), "192.0.2.10".to_owned())]))
}

/// The path a careful hand-written client would build: each parameter one percent-encoded
/// segment (RFC 3986 unreserved characters as they are).
fn baseline_path(service: &str, identity: &str) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    format!(
        "/v2/Services/{}/Entities/{}/Challenges",
        utf8_percent_encode(service, SEGMENT),
        utf8_percent_encode(identity, SEGMENT)
    )
}

/// What a careful hand-written client would do: same pairs, same order, same bytes.
fn baseline_form(fields: &[(String, String)], expires: chrono::DateTime<chrono::Utc>) -> Vec<u8> {
    #[derive(serde::Serialize)]
    struct Item<'a> {
        label: &'a str,
        value: &'a str,
    }
    let mut form = form_urlencoded::Serializer::new(String::new());
    form.append_pair("FactorSid", FACTOR);
    let expires = expires.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
    form.append_pair("ExpirationDate", &expires);
    form.append_pair("Details.Message", "Sign in to Example?");
    for (label, value) in fields {
        form.append_pair(
            "Details.Fields",
            &serde_json::to_string(&Item { label, value }).unwrap(),
        );
    }
    let hidden = BTreeMap::from([("ip", "192.0.2.10")]);
    form.append_pair("HiddenDetails", &serde_json::to_string(&hidden).unwrap());
    form.finish().into_bytes()
}

fn encode(c: &mut Criterion) {
    let req = request();
    let ours = twilio_openapi_runtime::Prepared::new(&req).unwrap();
    let fields = fields();
    let expires = req.expiration_date.expect("set by request()");
    assert_eq!(
        (ours.path_and_query, ours.body.unwrap().1),
        (
            baseline_path(SERVICE, IDENTITY),
            baseline_form(&fields, expires)
        ),
        "the baseline must produce the same path and bytes"
    );
    let mut g = c.benchmark_group("encode");
    g.bench_function("ours: validate + encode", |b| {
        b.iter(|| black_box(&req).encode_body().unwrap())
    });
    g.bench_function("ours: encode only", |b| {
        b.iter(|| {
            let mut to = twilio_openapi_runtime::Writer::new(&CreateChallengeRequest::OPERATION);
            black_box(&req).write(&mut to).unwrap();
            to.finish().unwrap().body
        })
    });
    g.bench_function(
        "baseline: percent-encoding + form_urlencoded + serde_json",
        |b| {
            b.iter(|| {
                (
                    baseline_path(black_box(SERVICE), black_box(IDENTITY)),
                    baseline_form(black_box(&fields), black_box(expires)),
                )
            })
        },
    );
    g.finish();
}

fn spec_example() -> Option<String> {
    let path = std::env::var("TWILIO_VERIFY_SPEC").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/specs/twilio_verify_v2.yaml"
        )
        .into()
    });
    let text = std::fs::read_to_string(&path).ok()?;
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).ok()?;
    let example = &doc["paths"]["/v2/Services/{ServiceSid}/Entities/{Identity}/Challenges/{Sid}"]["get"]
        ["responses"]["200"]["content"]["application/json"]["examples"]["fetchSid"]["value"];
    serde_json::to_string(&serde_json::to_value(example).ok()?).ok()
}

fn decode(c: &mut Criterion) {
    /// The fields of a challenge, as plainly as a hand-written client would declare them.
    #[derive(serde::Deserialize)]
    #[allow(dead_code)]
    struct Minimal {
        sid: Option<String>,
        account_sid: Option<String>,
        service_sid: Option<String>,
        entity_sid: Option<String>,
        identity: Option<String>,
        factor_sid: Option<String>,
        date_created: Option<String>,
        date_updated: Option<String>,
        date_responded: Option<String>,
        expiration_date: Option<String>,
        status: Option<String>,
        responded_reason: Option<String>,
        details: Option<serde_json::Value>,
        hidden_details: Option<serde_json::Value>,
        metadata: Option<serde_json::Value>,
        factor_type: Option<String>,
        url: Option<String>,
        links: Option<BTreeMap<String, String>>,
    }
    let Some(json) = spec_example() else {
        eprintln!(
            "decode: skipped, the real spec is not at ../shared/specs (set TWILIO_VERIFY_SPEC)"
        );
        return;
    };
    let mut g = c.benchmark_group("decode");
    g.bench_function("ours: Challenge", |b| {
        b.iter(|| serde_json::from_str::<Challenge>(black_box(&json)).unwrap())
    });
    g.bench_function("baseline: minimal struct", |b| {
        b.iter(|| serde_json::from_str::<Minimal>(black_box(&json)).unwrap())
    });
    g.bench_function("baseline: serde_json::Value", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&json)).unwrap())
    });
    g.finish();
}

fn loopback(c: &mut Criterion) {
    use wiremock::{Mock, MockServer, ResponseTemplate, matchers::method};
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let server = rt.block_on(async {
        let server = MockServer::builder()
            .disable_request_recording()
            .start()
            .await;
        let body =
            serde_json::json!({"sid": "YCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "status": "pending"});
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(201).set_body_json(body))
            .mount(&server)
            .await;
        server
    });
    let client = Client::builder()
        .credentials(Credentials::auth_token(
            "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "token",
        ))
        .base_url(server.uri())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let raw = twilio_verify_challenges::http_client_builder()
        .unwrap()
        .build()
        .unwrap();
    let req = request();
    let (_, body) = req.encode_body().unwrap().unwrap();
    let url = format!(
        "{}/v2/Services/{SERVICE}/Entities/{IDENTITY}/Challenges",
        server.uri()
    );
    let mut g = c.benchmark_group("loopback");
    g.bench_function("ours: create_challenge", |b| {
        b.to_async(&rt)
            .iter(|| async { client.create_challenge(&req).await.unwrap() })
    });
    g.bench_function("baseline: raw reqwest, same bytes", |b| {
        b.to_async(&rt).iter(|| async {
            let resp = raw
                .post(&url)
                .basic_auth("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", Some("token"))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body.clone())
                .send()
                .await
                .unwrap();
            serde_json::from_slice::<serde_json::Value>(&resp.bytes().await.unwrap()).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, encode, decode, loopback);
criterion_main!(benches);
