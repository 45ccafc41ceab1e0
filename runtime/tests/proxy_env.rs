//! Proxies from the environment: a plain-http request to loopback never goes through one
//! (its credentials would reach the proxy in clear), while other hosts still do.
//!
//! A test binary of its own with one test: the environment is process state, and nothing
//! else in this process may read it while the test sets it.

use twilio_openapi_runtime::{Scheme, http_client_builder};
use twilio_openapi_test_support::{RawServer, header, json_answer, request_line};

#[macro_use]
mod support;
use support::builder;

request!(Things, &[Scheme::Basic]);

#[tokio::test]
async fn plain_http_to_loopback_never_goes_through_a_proxy_from_the_environment() {
    let proxy = RawServer::start(json_answer("200 OK", "{}")).await;
    let server = RawServer::start(json_answer("200 OK", "{}")).await;
    // SAFETY: the only test of this binary, and no other thread of it reads the environment.
    unsafe {
        for name in ["NO_PROXY", "no_proxy", "REQUEST_METHOD"] {
            std::env::remove_var(name);
        }
        for name in ["HTTP_PROXY", "http_proxy", "ALL_PROXY"] {
            std::env::set_var(name, &proxy.url);
        }
    }
    let localhost = server.url.replace("127.0.0.1", "localhost");
    let built_in = [&server.url, &localhost].map(|url| builder(url).build().expect("client"));
    let own = builder(&server.url)
        .http_client(
            http_client_builder()
                .expect("builder")
                .build()
                .expect("client"),
        )
        .build()
        .expect("client");
    for client in built_in.iter().chain([&own]) {
        client.0.execute(&Things).await.expect("answered");
    }
    assert_eq!(proxy.connections(), 0, "{:#?}", proxy.requests());
    assert_eq!(server.requests().len(), 3);

    // Any other host still goes through the proxy (which answers for it: nothing leaves
    // the loopback interface).
    let elsewhere = builder("http://things.example")
        .allow_insecure_http(true)
        .build()
        .expect("client");
    elsewhere.0.execute(&Things).await.expect("answered");
    let proxied = proxy.only_request();
    assert_eq!(
        request_line(&proxied),
        "GET http://things.example/v1/Things HTTP/1.1"
    );
    assert_eq!(header(&proxied, "host"), Some("things.example"));
}
