//! The built-in client in a program that installed no rustls crypto provider: it builds
//! (with an https base URL), speaks TLS with `ring`, and leaves the process default alone.

#[macro_use]
mod support;
mod tls_support;

use rustls::crypto::CryptoProvider;
use tls_support::*;

#[tokio::test]
async fn without_a_process_default_the_built_in_client_uses_ring_and_installs_nothing() {
    assert!(
        CryptoProvider::get_default().is_none(),
        "nothing installed yet"
    );
    https_client("https://verify.twilio.com").expect("builds with no provider installed");

    let (hello, error) = client_hello().await;
    let suites = cipher_suites(&hello);
    let ring = rustls::crypto::ring::default_provider();
    for suite in &ring.cipher_suites {
        let id = u16::from(suite.suite());
        assert!(suites.contains(&id), "ring's {:?} offered", suite.suite());
    }
    assert!(
        suites.contains(&TLS12_ECDHE_ECDSA_AES_128_GCM_SHA256),
        "TLS 1.2 kept"
    );
    assert!(offers_h2_and_http11(&hello), "ALPN h2 and http/1.1");
    assert!(
        matches!(error, twilio_openapi_runtime::Error::Transport { .. }),
        "{error:?}"
    );

    assert!(
        CryptoProvider::get_default().is_none(),
        "the process default stays unset"
    );
}

#[test]
fn the_helper_for_user_supplied_clients_builds_without_a_provider_too() {
    twilio_openapi_runtime::http_client_builder()
        .expect("TLS set-up")
        .build()
        .expect("a reqwest client");
}
