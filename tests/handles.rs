//! Path-scoped handles (generated from the spec's shared path prefixes), end to end
//! against a local server: each handle call sends the same method, path and body bytes as
//! the client method with the request built by hand.

mod common;

use common::*;
use serde_json::json;
use twilio_verify_challenges::{
    ChallengeDetailsField, ChallengeStatus, Client, CreateChallengeRequest,
    CreateNotificationRequest, FetchChallengeRequest, ListChallengeRequest, StreamExt,
    UpdateChallengeRequest,
};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn answering(status: u16, body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    server
}

/// Method, path and query, and body of the one request the server received since the
/// last call.
async fn last(server: &MockServer) -> (String, String, String) {
    let requests = received(server).await;
    let r = requests.last().expect("a request");
    let target = match r.url.query() {
        Some(q) => format!("{} {}?{q}", r.method, r.url.path()),
        None => format!("{} {}", r.method, r.url.path()),
    };
    (
        target,
        body_text(r).to_owned(),
        format!("{}", requests.len()),
    )
}

#[tokio::test]
async fn create_through_handles_sends_what_the_client_method_sends() {
    let server = answering(201, challenge_json(CHALLENGE_SID)).await;
    let client = client(&server);
    let (service, factor) = (service_sid(), factor_sid());
    let fields = || [ChallengeDetailsField::new("Location", "Berlin")];

    let challenge = client
        .services(&service)
        .entities(IDENTITY)
        .challenges()
        .create(&factor)
        .with(|r| {
            r.details_message("Sign in?")
                .details_fields(fields())
                .hidden_details([("ip", "192.0.2.10")])
        })
        .await
        .expect("created");
    assert_eq!(challenge.sid.as_deref(), Some(CHALLENGE_SID));
    let (target, body, _) = last(&server).await;
    assert_eq!(target, format!("POST {}", challenges_path()));
    assert_eq!(
        body,
        "FactorSid=YF03aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&Details.Message=Sign+in%3F\
         &Details.Fields=%7B%22label%22%3A%22Location%22%2C%22value%22%3A%22Berlin%22%7D\
         &HiddenDetails=%7B%22ip%22%3A%22192.0.2.10%22%7D"
    );

    let by_hand = CreateChallengeRequest::new(&service, IDENTITY, &factor)
        .details_message("Sign in?")
        .details_fields(fields())
        .hidden_details([("ip", "192.0.2.10")]);
    client.create_challenge(&by_hand).await.expect("created");
    let (target_2, body_2, count) = last(&server).await;
    assert_eq!((target_2, body_2, count.as_str()), (target, body, "2"));
}

#[tokio::test]
async fn fetch_update_and_notify_reach_the_challenge_path() {
    let server = answering(200, challenge_json(CHALLENGE_SID)).await;
    let client = client(&server);
    let (service, sid) = (service_sid(), challenge_sid());
    let entity = client.services(&service).entities(IDENTITY);

    let fetched = entity.challenge(&sid).fetch().await.expect("fetched");
    assert_eq!(fetched.status, Some(ChallengeStatus::Pending));
    assert_eq!(last(&server).await.0, format!("GET {}", challenge_path()));

    entity
        .challenge(&sid)
        .update()
        .with(|r| r.auth_payload("123456").metadata([("os", "Android")]))
        .send()
        .await
        .expect("updated");
    let (target, body, _) = last(&server).await;
    assert_eq!(target, format!("POST {}", challenge_path()));
    assert_eq!(
        body,
        "AuthPayload=123456&Metadata=%7B%22os%22%3A%22Android%22%7D"
    );

    // `{ChallengeSid}` of the notifications path is the `{Sid}` of the challenge's.
    entity
        .challenge(&sid)
        .notifications()
        .create()
        .with(|r| r.ttl(30))
        .await
        .expect("notified");
    let (target, body, _) = last(&server).await;
    assert_eq!(target, format!("POST {}/Notifications", challenge_path()));
    assert_eq!(body, "Ttl=30");

    // The requests a handle builds are the ones built by hand.
    assert_eq!(
        entity.challenge(&sid).fetch().into_request(),
        FetchChallengeRequest::new(&service, IDENTITY, &sid)
    );
    assert_eq!(
        entity
            .challenge(&sid)
            .notifications()
            .create()
            .into_request(),
        CreateNotificationRequest::new(&service, IDENTITY, &sid)
    );
    assert_eq!(
        entity.challenge(&sid).update().request(),
        &UpdateChallengeRequest::new(&service, IDENTITY, &sid)
    );
}

#[tokio::test]
async fn list_through_handles_pages_and_streams() {
    let server = answering(
        200,
        json!({"challenges": [challenge_json(CHALLENGE_SID)],
               "meta": {"page": 0, "page_size": 50, "next_page_url": null, "key": "challenges"}}),
    )
    .await;
    let client = client(&server);
    let service = service_sid();
    let challenges = client.services(&service).entities(IDENTITY).challenges();
    let page = challenges
        .list()
        .with(|r| r.status(ChallengeStatus::Pending).page_size(50))
        .await
        .expect("a page");
    assert_eq!(page.challenges.len(), 1);
    assert_eq!(
        last(&server).await.0,
        format!("GET {}?Status=pending&PageSize=50", challenges_path())
    );
    let all: Vec<_> = challenges.list().stream().collect().await;
    assert_eq!(all.len(), 1);
    assert_eq!(
        challenges.list().into_request(),
        ListChallengeRequest::new(&service, IDENTITY)
    );
}

#[tokio::test]
async fn a_handle_validates_like_the_client_method_and_sends_nothing_when_invalid() {
    let server = answering(201, challenge_json(CHALLENGE_SID)).await;
    let client: Client = client(&server);
    let service = service_sid();
    // An identity the spec's pattern refuses: caught before any I/O.
    let err = client
        .services(&service)
        .entities("not valid!")
        .challenges()
        .create(factor_sid())
        .await
        .expect_err("refused");
    assert!(err.to_string().contains("Identity"), "{err}");
    assert!(received(&server).await.is_empty());
}

/// A handle borrows the client only: built in a function, sent by the caller, and the
/// future is `Send` (it can be spawned).
#[tokio::test]
async fn handle_calls_are_send_and_spawnable() {
    let server = answering(200, challenge_json(CHALLENGE_SID)).await;
    let client = client(&server);
    let task = tokio::spawn(async move {
        let service = service_sid();
        client
            .services(&service)
            .entities(IDENTITY)
            .challenge(challenge_sid())
            .fetch()
            .await
    });
    assert!(task.await.expect("joined").is_ok());
}
