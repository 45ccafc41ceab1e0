//! What a caller writes in a first hour with the crate, compiled and run against a local
//! mock server: `?` on SID parsing, SIDs compared with strings and passed by reference, a
//! list stream returned from a function, date-times in any time zone.

mod common;

use common::*;
use twilio_verify_challenges::{
    Challenge, ChallengeReason, ChallengeSid, ChallengeStatus, Client, CreateChallengeRequest,
    Error, FactorSid, FetchChallengeRequest, ListChallengeRequest, ListStream, Rule, ServiceSid,
    StreamExt, UpdateChallengeRequest,
};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Answers every request with 200 and `body`.
async fn answering(body: serde_json::Value) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    server
}

// ---------------------------------------------------------------------------------------
// `?` on a SID that does not parse, in a function returning the crate's `Error`.
// ---------------------------------------------------------------------------------------

/// Parses its SIDs with `?` straight into the crate's `Error`.
async fn fetch_by_text(client: &Client, service: &str, sid: &str) -> Result<Challenge, Error> {
    let service: ServiceSid = service.parse()?;
    let sid: ChallengeSid = sid.parse()?;
    client
        .fetch_challenge(&FetchChallengeRequest::new(service, IDENTITY, sid))
        .await
}

#[tokio::test]
async fn sids_parse_with_question_mark_into_the_crate_error() {
    let server = answering(challenge_json(CHALLENGE_SID)).await;
    let client = client(&server);
    let challenge = fetch_by_text(&client, SERVICE_SID, CHALLENGE_SID)
        .await
        .expect("both SIDs parse and the fetch succeeds");
    assert_eq!(challenge.status, Some(ChallengeStatus::Pending));
    let sent = received(&server).await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].url.path(), challenge_path());
}

#[tokio::test]
async fn a_sid_that_does_not_parse_is_an_invalid_request_and_nothing_is_sent() {
    let server = answering(challenge_json(CHALLENGE_SID)).await;
    let client = client(&server);
    // A challenge SID where the service SID belongs.
    let error = fetch_by_text(&client, CHALLENGE_SID, CHALLENGE_SID)
        .await
        .expect_err("a YC SID is no ServiceSid");
    match &error {
        Error::InvalidRequest(e) => {
            assert_eq!(e.field, "ServiceSid");
            assert_eq!(
                e.rule,
                Rule::Sid {
                    kind: "ServiceSid",
                    prefix: "VA"
                }
            );
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert_eq!(
        error.to_string(),
        "invalid request: `ServiceSid` is not a ServiceSid: `VA` followed by 32 hexadecimal \
         digits expected"
    );
    // The second SID is checked the same way, naming its own type.
    let error = fetch_by_text(&client, SERVICE_SID, "YCnot-hex")
        .await
        .expect_err("not a ChallengeSid");
    assert!(
        matches!(&error, Error::InvalidRequest(e) if e.field == "ChallengeSid"),
        "{error:?}"
    );
    assert!(received(&server).await.is_empty(), "nothing was sent");
}

// ---------------------------------------------------------------------------------------
// SIDs compared with text.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_decoded_sid_compares_with_text_both_ways() {
    let server = answering(challenge_json(CHALLENGE_SID)).await;
    let challenge = fetch_by_text(&client(&server), SERVICE_SID, CHALLENGE_SID)
        .await
        .expect("fetched");
    // The idiom for an optional field: `as_deref`.
    assert_eq!(challenge.sid.as_deref(), Some(CHALLENGE_SID));
    assert!(challenge.sid.as_deref() != Some(FACTOR_SID));
    let sid = challenge.sid.expect("a sid");
    let owned = CHALLENGE_SID.to_owned();
    assert!(sid == CHALLENGE_SID);
    assert!(CHALLENGE_SID == sid);
    assert!(sid == *CHALLENGE_SID);
    assert!(*CHALLENGE_SID == sid);
    assert!(sid == owned);
    assert!(owned == sid);
    assert!(sid != "YC03aaaaaaaaaaaaaaaaaaaaaaaaaaaaab");
    assert!("YC03aaaaaaaaaaaaaaaaaaaaaaaaaaaaab" != sid);
    // `&str` methods through `Deref`.
    assert!(sid.starts_with("YC") && sid.len() == 34);
}

#[test]
fn sets_and_maps_of_sids_are_looked_up_with_text() {
    use std::collections::{BTreeMap, HashSet};
    use twilio_verify_challenges::ChallengeSid;
    let sids: HashSet<ChallengeSid> = [challenge_sid()].into_iter().collect();
    assert!(sids.contains(CHALLENGE_SID));
    assert!(!sids.contains("YC03aaaaaaaaaaaaaaaaaaaaaaaaaaaaab"));
    let second: ChallengeSid = nth_challenge_sid(2).parse().expect("valid");
    let by_sid: BTreeMap<ChallengeSid, i32> = [(challenge_sid(), 1), (second, 2)].into();
    assert_eq!(by_sid.get(CHALLENGE_SID), Some(&1));
    assert_eq!(by_sid.get(nth_challenge_sid(2).as_str()), Some(&2));
    // Order is that of the text.
    let keys: Vec<&str> = by_sid.keys().map(|s| &**s).collect();
    assert_eq!(keys, [nth_challenge_sid(2).as_str(), CHALLENGE_SID]);
}

// ---------------------------------------------------------------------------------------
// SIDs passed by reference: create -> poll -> done without cloning one.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn create_poll_and_answer_share_their_sids_by_reference() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(challenges_path()))
        .respond_with(ResponseTemplate::new(201).set_body_json(challenge_json(CHALLENGE_SID)))
        .mount(&server)
        .await;
    // Pending on the first poll, approved on the second.
    Mock::given(method("GET"))
        .and(path(challenge_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(challenge_json(CHALLENGE_SID)))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    let mut approved = challenge_json(CHALLENGE_SID);
    approved["status"] = "approved".into();
    Mock::given(method("GET"))
        .and(path(challenge_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(approved.clone()))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(challenge_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(approved))
        .mount(&server)
        .await;
    let client = client(&server);

    let service: ServiceSid = SERVICE_SID.parse().expect("valid");
    let factor: FactorSid = FACTOR_SID.parse().expect("valid");
    let created = client
        .create_challenge(&CreateChallengeRequest::new(&service, IDENTITY, &factor))
        .await
        .expect("created");
    let sid: ChallengeSid = created.sid.expect("a sid");
    let poll = FetchChallengeRequest::new(&service, IDENTITY, &sid);
    let mut polls = 0;
    let status = loop {
        polls += 1;
        match client.fetch_challenge(&poll).await.expect("fetched").status {
            Some(ChallengeStatus::Pending) => continue,
            other => break other,
        }
    };
    assert_eq!((status, polls), (Some(ChallengeStatus::Approved), 2));
    let answer = UpdateChallengeRequest::new(&service, IDENTITY, &sid).auth_payload("123456");
    client.update_challenge(&answer).await.expect("answered");
    // The same SIDs, still usable, and equal to what went into each request.
    assert!(service == SERVICE_SID && sid == CHALLENGE_SID && factor == FACTOR_SID);
    assert_eq!(poll.sid, sid);

    let sent = received(&server).await;
    let lines: Vec<String> = sent
        .iter()
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect();
    assert_eq!(
        lines,
        [
            format!("POST {}", challenges_path()),
            format!("GET {}", challenge_path()),
            format!("GET {}", challenge_path()),
            format!("POST {}", challenge_path()),
        ]
    );
    assert_eq!(body_text(&sent[0]), format!("FactorSid={FACTOR_SID}"));
    assert_eq!(body_text(&sent[3]), "AuthPayload=123456");
}

#[test]
fn a_cloned_sid_shares_its_text() {
    let sid = challenge_sid();
    let copy = ChallengeSid::from(&sid);
    assert!(
        std::ptr::eq(sid.as_str(), copy.as_str()),
        "no copy of the text"
    );
    assert_eq!(copy, sid);
    assert_eq!(
        format!("{copy} {copy:?}"),
        format!("{CHALLENGE_SID} ChallengeSid(\"{CHALLENGE_SID}\")")
    );
    assert_eq!(copy.into_inner(), CHALLENGE_SID);
}

// ---------------------------------------------------------------------------------------
// A list stream that owns its request.
// ---------------------------------------------------------------------------------------

/// Builds the request and returns the stream: the stream borrows neither.
fn pending_challenges(client: &Client) -> ListStream<Challenge> {
    let request = ListChallengeRequest::new(service_sid(), IDENTITY).page_size(2);
    client.list_challenge_stream(request)
}

#[tokio::test]
async fn a_function_returns_a_list_stream_that_is_read_with_next() {
    let server = MockServer::start().await;
    mount_three_pages(&server).await;
    let client = client(&server);
    let mut stream = pending_challenges(&client);
    let mut sids = Vec::new();
    // `next` straight on the stream: it is `Unpin`.
    while let Some(item) = stream.next().await {
        sids.push(item.expect("every page decodes").sid.expect("a sid"));
    }
    let expected: Vec<String> = (1..=5).map(nth_challenge_sid).collect();
    assert_eq!(sids, expected);
    assert_eq!(received(&server).await.len(), 3, "one request per page");
}

#[tokio::test]
async fn a_list_stream_outlives_its_client_and_moves_to_another_task() {
    let server = MockServer::start().await;
    mount_three_pages(&server).await;
    let stream = {
        let client = client(&server);
        let request = ListChallengeRequest::new(service_sid(), IDENTITY).page_size(2);
        // `&request` still works (the request is cloned).
        client.list_challenge_stream(&request)
    };
    let first_three = tokio::spawn(stream.take(3).collect::<Vec<_>>())
        .await
        .expect("the task ran");
    let sids: Vec<String> = first_three
        .into_iter()
        .map(|c| c.expect("decoded").sid.expect("a sid").into_inner())
        .collect();
    assert_eq!(sids, [1, 2, 3].map(nth_challenge_sid));
    assert_eq!(
        received(&server).await.len(),
        2,
        "the third page is not fetched"
    );
}

// ---------------------------------------------------------------------------------------
// Enum values spelt like the prelude's variants.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn the_reason_none_is_none_value_beside_option_none() {
    let mut answer = challenge_json(CHALLENGE_SID);
    answer["responded_reason"] = "none".into();
    let server = answering(answer).await;
    let challenge = fetch_by_text(&client(&server), SERVICE_SID, CHALLENGE_SID)
        .await
        .expect("fetched");
    assert_eq!(challenge.responded_reason, Some(ChallengeReason::NoneValue));
    assert_eq!(ChallengeReason::NoneValue.as_str(), "none");
    assert_eq!(ChallengeReason::from("none"), ChallengeReason::NoneValue);
    // A glob import of the variants leaves the prelude's `None` alone.
    #[allow(unused_imports)]
    use ChallengeReason::*;
    let nothing: Option<ChallengeReason> = None;
    assert!(nothing.is_none());
}

// ---------------------------------------------------------------------------------------
// Date-times: any time zone, and chrono from the crate itself.
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_relative_expiry_is_written_with_the_crates_chrono() {
    use twilio_verify_challenges::chrono::{DateTime, TimeDelta, Utc};
    let server = answering(challenge_json(CHALLENGE_SID)).await;
    let before = Utc::now();
    let request = CreateChallengeRequest::new(service_sid(), IDENTITY, factor_sid())
        .expiration_date(Utc::now() + TimeDelta::minutes(5));
    let after = Utc::now();
    client(&server)
        .create_challenge(&request)
        .await
        .expect("created");
    let sent = received(&server).await;
    let form: Vec<(String, String)> = form_urlencoded::parse(&sent[0].body).into_owned().collect();
    let expiry = form
        .iter()
        .find(|(k, _)| k == "ExpirationDate")
        .map(|(_, v)| v.as_str())
        .expect("ExpirationDate sent");
    assert!(expiry.ends_with('Z'), "{expiry}");
    let expiry = DateTime::parse_from_rfc3339(expiry).expect("RFC 3339");
    let five = TimeDelta::minutes(5);
    assert!(
        before + five <= expiry && expiry <= after + five,
        "{expiry}"
    );
}

#[test]
fn a_date_time_setter_takes_any_time_zone_and_keeps_utc() {
    use twilio_verify_challenges::chrono::{FixedOffset, Local, TimeZone, Utc};
    let utc = Utc.with_ymd_and_hms(2026, 1, 1, 10, 0, 0).unwrap();
    let tokyo = utc.with_timezone(&FixedOffset::east_opt(9 * 3600).unwrap());
    let local = utc.with_timezone(&Local);
    let create = || CreateChallengeRequest::new(service_sid(), IDENTITY, factor_sid());
    for request in [
        create().expiration_date(utc),
        create().expiration_date(tokyo),
        create().expiration_date(local),
    ] {
        let stored = request.expiration_date.expect("set");
        assert_eq!(stored, utc);
        assert_eq!(stored.timezone(), Utc);
    }
}
