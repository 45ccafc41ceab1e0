//! Peak memory of one answer stays within a small multiple of the byte cap
//! (`ClientBuilder::max_response_bytes`), whatever the server sends under it: the answers
//! that decode to far more than their size (a page of `{}` items, each a struct of many
//! optional fields; JSON objects of tiny values) are refused once their decoded lists and
//! objects pass the runtime's budget (`de::DECODE_BUDGET_FACTOR` times the answer's size).
//!
//! Measured with a counting global allocator, so this binary holds these tests only and runs
//! them one at a time (one test function): the peak of the bytes allocated and not yet freed
//! during a call, above what was allocated before it, covers everything the call did (the
//! loopback server's copy of the answer, the body read, the decoding).

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use twilio_openapi_test_support::{RawServer, json_answer};
use twilio_verify_challenges::{Client, Credentials, Error, ListChallengeRequest, RetryPolicy};

/// The system allocator, counting the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `System.alloc`, with the caller's layout.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        ptr
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as `System.dealloc`, with the caller's pointer and layout.
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as `System.realloc`, with the caller's arguments.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            // Counted as a copy: old and new blocks both live for a moment.
            let now = IN_USE.fetch_add(new_size, Ordering::Relaxed) + new_size;
            PEAK.fetch_max(now, Ordering::Relaxed);
            IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The byte cap of these clients: 4 MiB, so that a debug build decodes quickly.
const LIMIT: usize = 4 << 20;

/// What one answer may take at its peak, as a multiple of the cap: the bound that
/// docs/configuration.md states (`max_response_bytes`).
const BOUND: usize = 8;

fn client(url: &str) -> Client {
    Client::builder()
        .credentials(Credentials::auth_token(common::ACCOUNT_SID, "secret-token"))
        .base_url(url)
        .retry(RetryPolicy::none())
        .max_response_bytes(LIMIT as u64)
        .build()
        .expect("client")
}

/// A JSON document just under the cap (the HTTP head aside): `head`, then `item` repeated
/// with commas, then `tail`.
fn filled(head: &str, item: &str, tail: &str) -> String {
    let room = LIMIT - 512 - head.len() - tail.len();
    let count = room / (item.len() + 1);
    let mut json = String::with_capacity(LIMIT);
    json.push_str(head);
    for i in 0..count {
        if i > 0 {
            json.push(',');
        }
        json.push_str(item);
    }
    json.push_str(tail);
    json
}

/// Lists challenges from a server answering `status` and `json`; returns the outcome and
/// the peak of memory in use during the call, above what was in use before.
async fn peak_of(status: &str, json: String) -> (Result<usize, Error>, usize) {
    let server = RawServer::start(json_answer(status, &json)).await;
    drop(json);
    let c = client(&server.url);
    let request = ListChallengeRequest::new(common::service_sid(), common::IDENTITY);
    let before = IN_USE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let result = c
        .list_challenge(&request)
        .await
        .map(|page| page.challenges.len());
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(before);
    (result, peak)
}

/// A challenge as Twilio's docs show one.
const CHALLENGE: &str = r#"{"sid": "YC03aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "account_sid": "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "service_sid": "VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "entity_sid": "YEaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "identity": "ff483d1ff591898a9942916050d2ca3f",
    "factor_sid": "YF02aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "date_created": "2015-07-30T20:00:00Z", "date_updated": "2015-07-30T20:00:00Z",
    "date_responded": "2015-07-30T20:00:00Z", "expiration_date": "2015-07-30T20:00:00Z",
    "status": "pending", "responded_reason": "none",
    "details": {"message": "Hi! Mr. John Doe, would you like to sign up?",
        "date": "2020-07-01T12:13:14Z",
        "fields": [{"label": "Action", "value": "Sign up in portal"}]},
    "hidden_details": {"ip": "172.168.1.234"}, "metadata": null, "factor_type": "push",
    "url": "https://verify.twilio.com/v2/Services/VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Entities/ff483d1ff591898a9942916050d2ca3f/Challenges/YC03aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "links": {"notifications": "https://verify.twilio.com/v2/Services/VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Entities/ff483d1ff591898a9942916050d2ca3f/Challenges/YC03aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Notifications"}}"#;

#[tokio::test]
async fn peak_memory_of_one_answer_stays_within_a_small_multiple_of_the_cap() {
    let cases = [
        // The review's case: a page of empty objects, each a struct of many options.
        (
            "empty items",
            filled(r#"{"challenges":["#, "{}", r#"],"meta":{}}"#),
        ),
        // Tiny JSON values in a map (`metadata` is a `JsonObject`).
        (
            "map of arrays",
            filled(
                r#"{"challenges":[{"metadata":{"a":["#,
                "[]",
                r#"]}}],"meta":{}}"#,
            ),
        ),
        // Items of a nested list (`details.fields`).
        (
            "nested items",
            filled(
                r#"{"challenges":[{"details":{"fields":["#,
                r#"{"label":"","value":""}"#,
                r#"]}}],"meta":{}}"#,
            ),
        ),
    ];
    let mut peaks = Vec::new();
    // Twilio's largest page, 1,000 challenges as Twilio writes them, decodes.
    let page = format!(
        r#"{{"challenges":[{}],"meta":{{"page":0,"page_size":1000,"key":"challenges"}}}}"#,
        vec![CHALLENGE; 1000].join(",")
    );
    let (result, peak) = peak_of("200 OK", page).await;
    assert_eq!(result.expect("a full page decodes"), 1000);
    peaks.push(("a page of 1,000 challenges", peak, "Ok(1000)".to_owned()));
    for (name, json) in cases {
        let (result, peak) = peak_of("200 OK", json).await;
        peaks.push((name, peak, format!("{result:?}")));
    }
    // An error answer carries `details`, any JSON.
    let error = filled(
        r#"{"code":20001,"message":"x","details":{"a":["#,
        "[]",
        "]}}",
    );
    let (result, peak) = peak_of("400 Bad Request", error).await;
    peaks.push((
        "error details",
        peak,
        format!("{:?}", result.map_err(|e| e.status())),
    ));
    // Or it is problem details (RFC 9457) with any members beside.
    let problem = filled(r#"{"title":"x","detail":"y","validation":["#, "[]", "]}");
    let (result, peak) = peak_of("422 Unprocessable Entity", problem).await;
    peaks.push((
        "problem details",
        peak,
        format!("{:?}", result.map_err(|e| e.status())),
    ));
    let report: Vec<String> = peaks
        .iter()
        .map(|(name, peak, outcome)| {
            let times = *peak as f64 / LIMIT as f64;
            format!("{name}: peak {peak} bytes, {times:.1} times the cap; {outcome:.120}")
        })
        .collect();
    let report = report.join("\n");
    let item = size_of::<twilio_verify_challenges::Challenge>();
    println!("size_of::<Challenge>() = {item} bytes\n{report}");
    for (_, peak, _) in &peaks {
        assert!(
            *peak <= BOUND * LIMIT,
            "over {BOUND} times the cap:\n{report}"
        );
    }
}
