//! The built-in client in a program that installed its own rustls crypto provider before
//! building it: no panic, no error, the program's provider is the one used, and it stays
//! the process default.

#[macro_use]
mod support;
mod tls_support;

use rustls::crypto::CryptoProvider;
use std::sync::Arc;
use tls_support::*;

#[tokio::test]
async fn a_provider_the_program_installed_is_used_and_kept() {
    // The program's choice: ring limited to one TLS 1.3 suite, so that the ClientHello
    // shows whose provider the client took.
    let mut mine = rustls::crypto::ring::default_provider();
    mine.cipher_suites
        .retain(|s| u16::from(s.suite()) == TLS13_CHACHA20_POLY1305_SHA256);
    mine.install_default()
        .expect("first install in this process");
    let installed = Arc::clone(CryptoProvider::get_default().expect("installed"));

    https_client("https://verify.twilio.com").expect("builds with a provider installed");
    let (hello, _) = client_hello().await;
    assert_eq!(
        cipher_suites(&hello)
            .into_iter()
            .filter(|&s| s != 0x00ff) // TLS_EMPTY_RENEGOTIATION_INFO_SCSV, when sent
            .collect::<Vec<_>>(),
        [TLS13_CHACHA20_POLY1305_SHA256],
        "only the installed provider's suite"
    );
    assert!(!cipher_suites(&hello).contains(&TLS13_AES_128_GCM_SHA256));
    assert!(offers_h2_and_http11(&hello));

    let after = CryptoProvider::get_default().expect("still installed");
    assert!(
        Arc::ptr_eq(&installed, after),
        "the process default is untouched"
    );
}
