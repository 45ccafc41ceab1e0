//! Failures below HTTP: a server that never answers, one that hangs up, one that sends
//! less than it announced; and list streams a server could keep going forever (next-page
//! links that differ only in their fragment, endless empty pages, endless pages). Each ends
//! in a typed error or an end, never a panic or a hang.

mod common;

use std::time::Duration;
use twilio_openapi_test_support::RawServer;
use twilio_openapi_test_support::{json_answer, request_line};
use twilio_verify_challenges::{
    Client, Credentials, Error, ListChallengeRequest, RetryPolicy, StreamExt,
};

/// A server that reads each request and never answers, holding the connection open.
async fn silent_server() -> RawServer {
    RawServer::serve(|mut connection| async move {
        let _ = connection.read_request().await;
        tokio::time::sleep(Duration::from_secs(30)).await;
    })
    .await
}

fn client(url: &str, timeout: Duration, attempts: u32) -> Client {
    Client::builder()
        .credentials(Credentials::auth_token(
            "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "secret-token-xyz",
        ))
        .base_url(url)
        .timeout(timeout)
        .retry(RetryPolicy {
            max_attempts: attempts,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
            ..RetryPolicy::default()
        })
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_and_get_is_retried() {
    let server = silent_server().await;
    let c = client(&server.url, Duration::from_millis(200), 2);
    let err = tokio::time::timeout(
        Duration::from_secs(10),
        c.fetch_challenge(&common::fetch_request()),
    )
    .await
    .expect("the client gives up by itself")
    .expect_err("no answer");
    match &err {
        Error::Transport { operation, source } => {
            assert_eq!(*operation, "FetchChallenge");
            assert!(source.is_timeout(), "{source:?}");
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
    assert!(err.is_retryable());
    assert_eq!(server.connections(), 2, "GET tried twice");
}

#[tokio::test]
async fn a_post_that_times_out_is_not_retried() {
    let server = silent_server().await;
    let c = client(&server.url, Duration::from_millis(200), 3);
    let err = c
        .create_challenge(&common::create_request())
        .await
        .expect_err("no answer");
    assert!(
        matches!(&err, Error::Transport { source, .. } if source.is_timeout()),
        "{err:?}"
    );
    assert_eq!(server.connections(), 1, "POST sent once");
}

#[tokio::test]
async fn a_connection_closed_before_the_answer_is_a_transport_error() {
    let server = RawServer::start("").await;
    let err = client(&server.url, Duration::from_secs(5), 1)
        .create_challenge(&common::create_request())
        .await
        .expect_err("hung up");
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(!err.to_string().contains("secret-token-xyz"));
}

#[tokio::test]
async fn a_body_shorter_than_announced_is_a_transport_error() {
    let server = RawServer::start(
        "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"sid\": \"YC",
    )
    .await;
    let err = client(&server.url, Duration::from_secs(5), 1)
        .create_challenge(&common::create_request())
        .await
        .expect_err("truncated");
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
}

#[tokio::test]
async fn a_complete_but_cut_json_document_is_a_decode_error() {
    let server = RawServer::start(
        "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"sid\": \"YC",
    )
    .await;
    let err = client(&server.url, Duration::from_secs(5), 1)
        .create_challenge(&common::create_request())
        .await
        .expect_err("cut JSON");
    match err {
        Error::Decode {
            status,
            snippet,
            operation,
            ..
        } => {
            assert_eq!(status, 201);
            assert_eq!(operation, "CreateChallenge");
            assert_eq!(snippet, "{\"sid\": \"YC");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_timeout_set_on_the_builder_applies_to_a_user_supplied_client_too() {
    let server = silent_server().await;
    let c = Client::builder()
        .credentials(Credentials::auth_token(
            "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "secret-token-xyz",
        ))
        .base_url(&server.url)
        .http_client(
            twilio_verify_challenges::http_client_builder()
                .unwrap()
                .build()
                .unwrap(),
        )
        .timeout(Duration::from_millis(200))
        .retry(RetryPolicy::none())
        .build()
        .expect("client");
    let err = tokio::time::timeout(
        Duration::from_secs(10),
        c.fetch_challenge(&common::fetch_request()),
    )
    .await
    .expect("the per-request timeout fires")
    .expect_err("no answer");
    assert!(
        matches!(&err, Error::Transport { source, .. } if source.is_timeout()),
        "{err:?}"
    );
    assert_eq!(server.connections(), 1);
}

/// The most requests a paging server below answers with a next page; after that its pages
/// say there is none, so that a stream that follows every link still ends.
const PAGING_BUDGET: usize = 60;

/// A list server: `page(n)` gives the challenges (their number) and next-page link of the
/// answer to request `n` (from 1), until `PAGING_BUDGET` requests; then a last page.
async fn paging_server(page: fn(usize) -> (usize, String)) -> RawServer {
    RawServer::scripted(move |_, n| {
        let (items, next) = if n <= PAGING_BUDGET {
            page(n)
        } else {
            (0, "null".to_owned())
        };
        let challenges = vec![r#"{"sid":"YC03aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}"#; items].join(",");
        let body = format!(
            r#"{{"challenges":[{challenges}],"meta":{{"key":"challenges","next_page_url":{next}}}}}"#
        );
        json_answer("200 OK", &body)
    })
    .await
}

fn list_request() -> ListChallengeRequest {
    ListChallengeRequest::new(common::service_sid(), common::IDENTITY)
}

/// Every item of the stream, at most `PAGING_BUDGET` of them.
async fn drain(c: &Client) -> Vec<Result<String, Error>> {
    c.list_challenge_stream(list_request())
        .take(PAGING_BUDGET)
        .map(|item| item.map(|c| c.sid.map(|s| s.to_string()).unwrap_or_default()))
        .collect()
        .await
}

#[tokio::test]
async fn next_page_links_that_differ_only_in_their_fragment_are_a_cycle() {
    let server = paging_server(|n| {
        let path = common::challenges_path();
        (1, format!(r#""{path}?PageSize=1&Page=1#n{n}""#))
    })
    .await;
    let items = drain(&client(&server.url, Duration::from_secs(5), 1)).await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items.iter().all(Result::is_ok), "{items:?}");
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "the second link is the page fetched");
    // The fragment is never sent.
    let path = common::challenges_path();
    assert_eq!(
        request_line(&requests[1]),
        format!("GET {path}?PageSize=1&Page=1 HTTP/1.1")
    );
}

#[tokio::test]
async fn empty_pages_naming_fresh_next_pages_end_the_stream_with_an_error() {
    let server = paging_server(|n| (0, format!(r#""/v2/elsewhere?Page={n}""#))).await;
    let c = client(&server.url, Duration::from_secs(5), 1);
    let mut stream = c.list_challenge_stream(list_request());
    match stream.next().await {
        Some(Err(Error::EmptyPages { operation, pages })) => {
            assert_eq!(operation, "ListChallenge");
            assert_eq!(pages, twilio_verify_challenges::paging::MAX_EMPTY_PAGES);
        }
        other => panic!("expected EmptyPages, got {other:?}"),
    }
    assert!(stream.next().await.is_none(), "the error ends the stream");
    assert_eq!(
        server.requests().len(),
        3,
        "three empty pages, the next not followed"
    );
}

#[tokio::test]
async fn an_item_between_empty_pages_starts_the_count_again() {
    // Pages 1, 2, 4, 5 are empty, page 3 has an item, page 6 is the last.
    let server = paging_server(|n| match n {
        3 => (1, r#""/v2/p3""#.to_owned()),
        6 => (0, "null".to_owned()),
        n => (0, format!(r#""/v2/p{n}""#)),
    })
    .await;
    let items = drain(&client(&server.url, Duration::from_secs(5), 1)).await;
    assert_eq!(items.len(), 1, "{items:?}");
    assert!(items[0].is_ok());
    assert_eq!(server.requests().len(), 6);
}

#[tokio::test]
async fn max_pages_bounds_a_list_without_end() {
    let server = paging_server(|n| (2, format!(r#""/v2/page/{n}""#))).await;
    let c = Client::builder()
        .credentials(Credentials::auth_token(
            "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "secret-token-xyz",
        ))
        .base_url(&server.url)
        .max_pages(3)
        .build()
        .expect("client");
    let items = drain(&c).await;
    assert_eq!(
        items.len(),
        7,
        "three pages of two, then the error: {items:?}"
    );
    assert!(items[..6].iter().all(Result::is_ok));
    match &items[6] {
        Err(e @ Error::PageLimit { operation, limit }) => {
            assert_eq!((*operation, *limit), ("ListChallenge", 3));
            assert_eq!(
                e.to_string(),
                "ListChallenge: the list has more than 3 pages, the client's limit; not followed further"
            );
        }
        other => panic!("expected PageLimit, got {other:?}"),
    }
    assert_eq!(server.requests().len(), 3);
}
