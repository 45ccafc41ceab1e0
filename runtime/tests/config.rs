//! What `ClientBuilder` accepts and refuses, and what its `Debug` shows.

use twilio_openapi_runtime::{ClientBuilder, Error};

mod support;
use support::{TestClient, auth_token as credentials};

/// A `from_lookup` source holding these variables, and an auth token.
fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
    let mut vars: Vec<(String, String)> = vec![
        (
            "TWILIO_ACCOUNT_SID".into(),
            "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".into(),
        ),
        ("TWILIO_AUTH_TOKEN".into(), "token".into()),
    ];
    vars.extend(pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())));
    move |name: &str| vars.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone())
}

fn config_error(result: Result<impl Sized, Error>) -> String {
    match result {
        Err(Error::Config(message)) => message,
        Err(other) => panic!("expected a configuration error, got {other:?}"),
        Ok(_) => panic!("expected a configuration error, got a client"),
    }
}

/// Values that would move the host out of `twilio.com`, or are no DNS label.
const NOT_LABELS: [&str; 8] = [
    "evil.example/",
    "evil.example",
    "ie1.evil.example#",
    "a@b",
    "ie1:8443",
    "",
    "-ie1",
    "ie 1",
];

#[test]
fn a_region_or_edge_from_the_environment_must_be_one_dns_label() {
    for value in NOT_LABELS.into_iter().filter(|v| !v.is_empty()) {
        for name in ["TWILIO_REGION", "TWILIO_EDGE"] {
            let lookup = env(&[(name, value)]);
            let message = config_error(ClientBuilder::<TestClient>::from_lookup(lookup));
            assert!(message.contains(name), "{value:?}: {message}");
        }
    }
    let builder = ClientBuilder::<TestClient>::from_lookup(env(&[
        ("TWILIO_REGION", "au1"),
        ("TWILIO_EDGE", "sydney"),
    ]))
    .expect("labels");
    let client = builder.build().expect("client");
    assert_eq!(client.0.base_url(), "https://things.sydney.au1.example.com");
}

#[test]
fn a_region_or_edge_set_on_the_builder_must_be_one_dns_label() {
    for value in NOT_LABELS {
        let builder = ClientBuilder::<TestClient>::default().credentials(credentials());
        let message = config_error(builder.clone().region(value).build());
        assert!(message.contains("region"), "{value:?}: {message}");
        let message = config_error(builder.edge(value).build());
        assert!(message.contains("edge"), "{value:?}: {message}");
    }
    let client = ClientBuilder::<TestClient>::default()
        .credentials(credentials())
        .region("ie1")
        .build()
        .expect("client");
    assert_eq!(client.0.base_url(), "https://things.ie1.example.com");
}

#[test]
fn debug_never_shows_the_user_info_of_a_url() {
    let builder = ClientBuilder::<TestClient>::default()
        .credentials(credentials())
        .base_url("https://base-user:base-pa55@things.example.com/v1")
        .oauth_token_url("https://token-user:token-pa55@auth.example.com/v1/token");
    for text in [format!("{builder:?}"), format!("{builder:#?}")] {
        for secret in ["base-user", "base-pa55", "token-user", "token-pa55"] {
            assert!(!text.contains(secret), "{secret} shown in {text}");
        }
        assert!(text.contains("things.example.com/v1"), "{text}");
        assert!(text.contains("auth.example.com/v1/token"), "{text}");
    }
}
