//! `webhook::RequestValidator` and `webhook::VerifyPushEvent`: Twilio's published vectors,
//! every edge case of the signature algorithm, and random inputs.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, Mac};
use proptest::prelude::*;
use sha2::{Digest, Sha256};
use twilio_openapi_runtime::webhook::{EventType, RequestValidator, VerifyPushEvent};

const TOKEN: &str = "12345";
const DOCS_URL: &str = "https://mycompany.com/myapp.php?foo=1&bar=2";

/// Reference signature over an explicit string to sign, computed independently of the
/// validator so each test spells out the exact string Twilio signs.
fn hmac_b64(token: &str, signed: &str) -> String {
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(token.as_bytes()).expect("any key length");
    mac.update(signed.as_bytes());
    BASE64.encode(mac.finalize().into_bytes())
}

fn sha256_hex(body: &[u8]) -> String {
    Sha256::digest(body)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Borrowed pairs from owned ones (the parameter type takes `(K, V)` items, not `&(K, V)`).
fn pairs(params: &[(String, String)]) -> impl Iterator<Item = (&str, &str)> {
    params.iter().map(|(k, v)| (k.as_str(), v.as_str()))
}

fn validator() -> RequestValidator {
    RequestValidator::new(TOKEN)
}

// --- Published vectors -------------------------------------------------------------------

/// The example of Twilio's security docs (params given out of order on purpose).
#[test]
fn docs_example() {
    let params = [
        ("To", "+18005551212"),
        ("Digits", "1234"),
        ("CallSid", "CA1234567890ABCDE"),
        ("From", "+12349013030"),
        ("Caller", "+12349013030"),
    ];
    let expected = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";
    assert_eq!(
        hmac_b64(
            TOKEN,
            "https://mycompany.com/myapp.php?foo=1&bar=2CallSidCA1234567890ABCDECaller+12349013030Digits1234From+12349013030To+18005551212"
        ),
        expected
    );
    assert_eq!(
        validator().sign(DOCS_URL, params).as_deref(),
        Some(expected)
    );
    assert!(validator().validate(DOCS_URL, params, expected));
    assert!(!RequestValidator::new("12346").validate(DOCS_URL, params, expected));
    // The same parameters over another host sign differently.
    assert!(!validator().validate(
        "https://example.com/myapp.php?foo=1&bar=2",
        params,
        expected
    ));
}

/// The parameters of twilio-python's `tests/unit/test_request_validator.py`.
const PY_PARAMS: [(&str, &str); 5] = [
    ("CallSid", "CA1234567890ABCDE"),
    ("Digits", "1234"),
    ("From", "+14158675309"),
    ("To", "+18005551212"),
    ("Caller", "+14158675309"),
];

#[test]
fn python_sdk_vectors() {
    let v = validator();
    assert_eq!(
        v.sign(DOCS_URL, PY_PARAMS).as_deref(),
        Some("RSOYDt4T1cUTdK1PDd93/VVr8B8=")
    );
    assert!(v.validate(DOCS_URL, PY_PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));

    // Repeated name: values sorted.
    let repeated = [
        ("Sid", "CA123"),
        ("SidAccount", "AC123"),
        ("Digits", "5678"),
        ("Digits", "1234"),
    ];
    assert_eq!(
        v.sign(DOCS_URL, repeated).as_deref(),
        Some("IK+Dwps556ElfBT0I3Rgjkr1wJU=")
    );

    // Port removed (https and http), port added (443 and 80).
    let https_1234 = "https://mycompany.com:1234/myapp.php?foo=1&bar=2";
    assert!(v.validate(https_1234, PY_PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));
    let http_1234 = "http://mycompany.com:1234/myapp.php?foo=1&bar=2";
    assert!(v.validate(http_1234, PY_PARAMS, "Zmvh+3yNM1Phv2jhDCwEM3q5ebU="));
    assert!(v.validate(DOCS_URL, PY_PARAMS, "kvajT1Ptam85bY51eRf/AJRuM3w="));
    let http = "http://mycompany.com/myapp.php?foo=1&bar=2";
    assert!(v.validate(http, PY_PARAMS, "0ZXoZLH/DfblKGATFgpif+LLRf4="));
    // ...but the https signature does not validate the http URL.
    assert!(!v.validate(http, PY_PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B8="));

    // JSON body.
    let body = br#"{"property": "value", "boolean": true}"#;
    let hash = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
    assert_eq!(sha256_hex(body), hash);
    let url = format!("{DOCS_URL}&bodySHA256={hash}");
    assert!(v.validate_body(&url, body, "a9nBmqA0ju/hNViExpshrM61xv4="));
}

// --- The string to sign ------------------------------------------------------------------

#[test]
fn names_sort_byte_wise_and_a_prefix_first() {
    let url = "https://example.com/hook";
    let params = [
        ("ToCountry", "US"),
        ("To", "+1"),
        ("from", "x"),
        ("From", "y"),
    ];
    let sig = hmac_b64(TOKEN, "https://example.com/hookFromyTo+1ToCountryUSfromx");
    assert!(validator().validate(url, params, &sig));
}

#[test]
fn repeated_names_sort_and_drop_exact_duplicates() {
    let url = "https://example.com/hook";
    let params = [("a", "2"), ("a", "1"), ("a", "1"), ("b", "")];
    let v = validator();
    assert!(v.validate(
        url,
        params,
        &hmac_b64(TOKEN, "https://example.com/hooka1a2b")
    ));
    // Go's rule (first value only) and keeping duplicates are not accepted.
    assert!(!v.validate(url, params, &hmac_b64(TOKEN, "https://example.com/hooka2b")));
    assert!(!v.validate(
        url,
        params,
        &hmac_b64(TOKEN, "https://example.com/hooka1a1a2b")
    ));
    // Appending a value to a signed request breaks the signature.
    let sig = v.sign(url, params).expect("token set");
    assert!(!v.validate(url, [("a", "2"), ("a", "1"), ("a", "3"), ("b", "")], &sig));
}

#[test]
fn empty_values_append_just_the_name() {
    let url = "https://example.com/hook";
    let sig = hmac_b64(TOKEN, "https://example.com/hookDigitsFrom+1");
    assert!(validator().validate(url, [("Digits", ""), ("From", "+1")], &sig));
    // An empty value is not the same as a missing parameter.
    assert!(!validator().validate(url, [("From", "+1")], &sig));
}

#[test]
fn no_params_sign_the_url_alone_and_query_params_stay_in_the_url() {
    let url = "https://example.com/hook?b=2&a=1";
    let sig = hmac_b64(TOKEN, url);
    assert!(validator().validate(url, std::iter::empty::<(&str, &str)>(), &sig));
    // Query parameters are not merged into the sorted list.
    let merged = hmac_b64(TOKEN, "https://example.com/hook?b=2&a=1a1b2");
    assert!(!validator().validate(url, std::iter::empty::<(&str, &str)>(), &merged));
    // The query is used as given, not re-encoded.
    let quoted = "https://example.com/hook?name=O'Brien";
    let sig = hmac_b64(TOKEN, quoted);
    assert!(validator().validate(quoted, std::iter::empty::<(&str, &str)>(), &sig));
    assert!(!validator().validate(
        "https://example.com/hook?name=O%27Brien",
        std::iter::empty::<(&str, &str)>(),
        &sig
    ));
}

#[test]
fn unicode_params_are_signed_as_utf8() {
    let url = "https://example.com/hook";
    let sig = hmac_b64(TOKEN, "https://example.com/hookBodyGrüße 👋");
    assert!(validator().validate(url, [("Body", "Grüße 👋")], &sig));
}

// --- Port variants and URL shapes --------------------------------------------------------

/// (URL passed to `validate`, URL the signature was computed over, accepted?)
#[rustfmt::skip]
const PORT_CASES: &[(&str, &str, bool)] = &[
    ("https://h.example/p", "https://h.example:443/p", true),
    ("http://h.example/p", "http://h.example:80/p", true),
    ("HTTPS://h.example/p", "HTTPS://h.example:443/p", true),
    ("ftp://h.example/p", "ftp://h.example:80/p", true),
    ("https://h.example/p", "https://h.example:80/p", false),
    ("http://h.example/p", "http://h.example:443/p", false),
    ("https://h.example:443/p", "https://h.example/p", true),
    ("https://h.example:8443/p", "https://h.example/p", true),
    ("https://h.example:8443/p", "https://h.example:8443/p", true),
    ("https://h.example:8443/p", "https://h.example:443/p", false),
    ("https://h.example:8443/p", "https://h.example:9443/p", false),
    ("https://h.example:/p", "https://h.example/p", true),
    // No path, a query or a fragment right after the authority.
    ("https://h.example", "https://h.example:443", true),
    ("https://h.example?x=1", "https://h.example:443?x=1", true),
    ("https://h.example:1234?x=1", "https://h.example?x=1", true),
    ("https://h.example#f", "https://h.example:443#f", true),
    // Credentials are kept (Python would reduce the first to `https://user/p?q=1`).
    ("https://user:pa:ss@h.example:1234/p?q=1", "https://user:pa:ss@h.example/p?q=1", true),
    ("https://user:pa:ss@h.example:1234/p?q=1", "https://user/p?q=1", false),
    ("https://user:pass@h.example/p", "https://user:pass@h.example:443/p", true),
    ("https://user@h.example/p", "https://user@h.example:443/p", true),
    // IPv6 literals: their colons are not a port.
    ("https://[::1]:8443/p", "https://[::1]/p", true),
    ("http://[::1]/p", "http://[::1]:80/p", true),
    ("http://[::1]/p", "http://[:80:1]/p", false),
    // A colon in the path or query is not a port.
    ("https://h.example/a:b?t=1:2", "https://h.example:443/a:b?t=1:2", true),
    ("https://h.example/a:b?t=1:2", "https://h.example/a?t=1:2", false),
    // Any other difference fails.
    ("https://h.example/p", "https://h.example/p/", false),
    ("https://h.example/p", "http://h.example/p", false),
    ("https://h.example/p", "https://H.EXAMPLE/p", false),
    ("https://h.example/p", "https://h.example/p?x=1", false),
    // Not a URL at all: only the string as given.
    ("not a url", "not a url", true),
    ("not a url", "not a url:80", false),
    ("https://", "https://", true),
    ("https://@:1/", "https://@:1/", true),
    ("://h.example/p", "://h.example:80/p", false),
    ("/p?next=https://h.example", "/p?next=https://h.example:443", false),
    ("httpsx://h.example/p", "httpsx://h.example:80/p", true),
];

#[test]
fn port_variants() {
    let v = validator();
    let params = [("uuid", "u1"), ("type", "factor.verified")];
    for &(url, signed_over, accepted) in PORT_CASES {
        let sig = v.sign(signed_over, params).expect("token set");
        assert_eq!(
            v.validate(url, params, &sig),
            accepted,
            "validate({url}) with a signature over {signed_over}"
        );
    }
}

// --- Signatures that are not what they should be -----------------------------------------

#[test]
fn malformed_signatures_are_rejected() {
    let v = validator();
    let good = v.sign(DOCS_URL, PY_PARAMS).expect("token set");
    assert!(v.validate(DOCS_URL, PY_PARAMS, &good));
    let bytes = BASE64.decode(&good).expect("valid base64");
    let cases = [
        String::new(),
        "not base64!!".to_owned(),
        good.trim_end_matches('=').to_owned(),
        format!(" {good}"),
        format!("{good}\n"),
        good.to_lowercase(),
        good.replace('+', "-").replace('/', "_"),
        BASE64.encode(&bytes[..19]),
        BASE64.encode([&bytes[..], &[0]].concat()),
        format!("{good}{good}"),
        "é".repeat(28),
        "=".repeat(28),
        "A".repeat(1 << 20),
    ];
    for sig in cases {
        if sig != good {
            assert!(
                !v.validate(DOCS_URL, PY_PARAMS, &sig),
                "{:?}",
                &sig[..sig.len().min(40)]
            );
        }
    }
}

#[test]
fn tampered_requests_are_rejected() {
    let v = validator();
    let sig = v.sign(DOCS_URL, PY_PARAMS).expect("token set");
    let mut changed = PY_PARAMS;
    changed[1].1 = "1235";
    assert!(!v.validate(DOCS_URL, changed, &sig));
    assert!(!v.validate(DOCS_URL, PY_PARAMS[1..].iter().copied(), &sig));
    let mut extra = PY_PARAMS.to_vec();
    extra.push(("Injected", "1"));
    assert!(!v.validate(DOCS_URL, extra, &sig));
    // A name moved into its value (or vice versa) changes nothing in the concatenation; the
    // algorithm cannot see it, and this documents that limit rather than hiding it.
    assert!(
        v.validate(
            "https://e.example/",
            [("ab", "c")],
            &v.sign("https://e.example/", [("a", "bc")])
                .expect("token set")
        )
    );
}

#[test]
fn an_empty_token_accepts_nothing() {
    let v = RequestValidator::new("");
    assert_eq!(v.sign(DOCS_URL, PY_PARAMS), None);
    let with_empty_key = hmac_b64("", DOCS_URL);
    assert!(!v.validate(
        DOCS_URL,
        std::iter::empty::<(&str, &str)>(),
        &with_empty_key
    ));
    let url = format!("{DOCS_URL}&bodySHA256={}", sha256_hex(b"{}"));
    assert!(!v.validate_body(&url, b"{}", &hmac_b64("", &url)));
}

#[test]
fn debug_never_shows_the_token() {
    let token = "f00dfeedf00dfeedf00dfeedf00dfeed";
    let v = RequestValidator::new(token);
    for shown in [
        format!("{v:?}"),
        format!("{v:#?}"),
        format!("{:?}", v.clone()),
    ] {
        assert!(!shown.contains(token), "{shown}");
        assert!(shown.contains("RequestValidator") && shown.contains("<redacted>"));
    }
}

// --- JSON bodies -------------------------------------------------------------------------

#[test]
fn json_bodies_check_the_url_signature_and_the_body_hash() {
    let v = validator();
    let body = br#"{"type":"challenge.approved"}"#;
    let hash = sha256_hex(body);
    let url = format!("https://example.com:8443/hook?bodySHA256={hash}");
    let url_no_port = format!("https://example.com/hook?bodySHA256={hash}");
    let sig = hmac_b64(TOKEN, &url_no_port);
    assert!(v.validate_body(&url, body, &sig));
    assert!(v.validate_body(&url_no_port, body, &sig));
    // Uppercase hex is the same hash, as long as the URL was signed with it.
    let upper = url.replace(&hash, &hash.to_uppercase());
    assert!(v.validate_body(&upper, body, &hmac_b64(TOKEN, &upper)));

    // Another body, a bad signature, a hash that is not hex of 32 bytes: rejected.
    assert!(!v.validate_body(&url, br#"{"type":"challenge.denied"}"#, &sig));
    assert!(!v.validate_body(&url, body, &hmac_b64(TOKEN, "https://example.com/hook")));
    for bad_hash in [
        String::new(),
        hash[..62].to_owned(),
        format!("{hash}00"),
        hash.replacen(|c: char| c.is_ascii_hexdigit(), "g", 1),
        BASE64.encode(Sha256::digest(body)),
        format!("{}é", &hash[..62]),
    ] {
        let url = format!("https://example.com/hook?bodySHA256={bad_hash}");
        assert!(
            !v.validate_body(&url, body, &hmac_b64(TOKEN, &url)),
            "{bad_hash}"
        );
    }

    // `validate` refuses such a URL: it cannot check the body.
    assert!(!v.validate(&url_no_port, std::iter::empty::<(&str, &str)>(), &sig));
}

#[test]
fn validate_body_without_a_body_hash_reads_a_form() {
    let v = validator();
    let url = "https://example.com/hook?x=1";
    let body = b"type=challenge.approved&entity_identity=a+b%2Bc&uuid=&type=factor.deleted";
    let params = [
        ("type", "challenge.approved"),
        ("entity_identity", "a b+c"),
        ("uuid", ""),
        ("type", "factor.deleted"),
    ];
    let sig = hmac_b64(
        TOKEN,
        "https://example.com/hook?x=1entity_identitya b+ctypechallenge.approvedtypefactor.deleteduuid",
    );
    assert_eq!(v.sign(url, params).as_deref(), Some(sig.as_str()));
    assert!(v.validate_body(url, body, &sig));
    assert!(v.validate(url, params, &sig));
    assert!(!v.validate_body(url, b"type=challenge.approved", &sig));
    // Not UTF-8 after decoding: replaced, so the signature over the intended text fails.
    assert!(!v.validate_body(
        url,
        b"a=%FF",
        &hmac_b64(TOKEN, "https://example.com/hook?x=1a\u{FF}")
    ));
}

// --- VerifyPushEvent -----------------------------------------------------------------------

#[test]
fn decodes_every_known_field_and_keeps_the_rest() {
    let body = "uuid=b2ef4bc5-3d3b-4e2e-8b50-36f3bfbbc8b1&type=challenge.approved\
        &account_sid=ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&service_sid=VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\
        &entity_identity=ff483d1ff591898a9942916050d2ca3f&factor_sid=YFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\
        &factor_type=push&challenge_sid=YCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&new_field=1&new_field=2";
    let event = VerifyPushEvent::from_form(body.as_bytes());
    assert_eq!(
        event.uuid.as_deref(),
        Some("b2ef4bc5-3d3b-4e2e-8b50-36f3bfbbc8b1")
    );
    assert_eq!(event.event_type, Some(EventType::ChallengeApproved));
    assert_eq!(
        event.account_sid.as_deref(),
        Some("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
    );
    assert_eq!(
        event.service_sid.as_deref(),
        Some("VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
    );
    assert_eq!(
        event.entity_identity.as_deref(),
        Some("ff483d1ff591898a9942916050d2ca3f")
    );
    assert_eq!(
        event.factor_sid.as_deref(),
        Some("YFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
    );
    assert_eq!(event.factor_type.as_deref(), Some("push"));
    assert_eq!(event.extra.len(), 2);
    assert_eq!(
        event.extra["challenge_sid"],
        ["YCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]
    );
    assert_eq!(event.extra["new_field"], ["1", "2"]);
    // Same result from the decoded pairs.
    let decoded: Vec<(String, String)> = form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    assert_eq!(VerifyPushEvent::from_params(pairs(&decoded)), event);

    let json = serde_json::to_value(&event).expect("serialises");
    assert_eq!(json["type"], "challenge.approved");
    assert_eq!(json["factor_sid"], "YFaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    assert_eq!(json["extra"]["new_field"], serde_json::json!(["1", "2"]));
}

#[test]
fn decoding_is_lenient() {
    assert_eq!(VerifyPushEvent::from_form(b""), VerifyPushEvent::default());
    let event = VerifyPushEvent::from_form(b"type=challenge.expired&uuid=&factor_type=passkeys");
    assert_eq!(
        event.event_type,
        Some(EventType::Other("challenge.expired".into()))
    );
    assert_eq!(event.uuid, None, "empty is None");
    assert_eq!(event.factor_type.as_deref(), Some("passkeys"));
    assert!(event.extra.is_empty());

    // Repeating one value is fine; conflicting values are ambiguous and kept aside.
    let event = VerifyPushEvent::from_form(
        b"uuid=u1&uuid=u1&type=challenge.approved&type=challenge.denied",
    );
    assert_eq!(event.uuid.as_deref(), Some("u1"));
    assert_eq!(event.event_type, None);
    assert_eq!(
        event.extra["type"],
        ["challenge.approved", "challenge.denied"]
    );

    // Broken encodings are replaced, never an error.
    let event = VerifyPushEvent::from_form(b"uuid=%FF%&type=%zz&&=&\xff=\xfe");
    assert_eq!(event.uuid.as_deref(), Some("\u{FFFD}%"));
    assert_eq!(event.event_type, Some(EventType::Other("%zz".into())));
    assert_eq!(event.extra["\u{FFFD}"], ["\u{FFFD}"]);
}

/// What `RequestValidator`'s docs say it cannot protect: the signed string does not show
/// where a name ends, so a captured body re-partitioned (`uuid=u-1` sent as `uuidu-1=`, or
/// `type=...` folded into its value's name) validates under the original signature and has
/// lost its `uuid` or `type`; `try_from_params` refuses such an event.
#[test]
fn a_re_partitioned_body_validates_and_the_checked_parser_refuses_it() {
    let url = "https://example.com/hook";
    let signed = b"uuid=u-1&type=challenge.approved&factor_sid=YF1";
    let signature = validator()
        .sign(url, form_urlencoded::parse(signed))
        .expect("token set");
    let original = VerifyPushEvent::try_from_params(form_urlencoded::parse(signed));
    assert_eq!(original.expect("complete").uuid.as_deref(), Some("u-1"));
    for (replay, missing) in [
        (
            &b"uuidu-1=&type=challenge.approved&factor_sid=YF1"[..],
            "uuid",
        ),
        (b"uui=du-1&type=challenge.approved&factor_sid=YF1", "uuid"),
        (b"uuid=u-1&typechallenge.approved=&factor_sid=YF1", "type"),
    ] {
        let params = form_urlencoded::parse(replay);
        assert!(
            validator().validate(url, params, &signature),
            "{}: the signature does not see the partition",
            String::from_utf8_lossy(replay)
        );
        assert_eq!(
            hmac_b64(
                TOKEN,
                "https://example.com/hookfactor_sidYF1typechallenge.approveduuidu-1"
            ),
            signature,
            "one string to sign for all of them"
        );
        let lenient = VerifyPushEvent::from_params(params);
        assert!(lenient.uuid.is_none() || lenient.event_type.is_none());
        let refused = VerifyPushEvent::try_from_params(params).expect_err("incomplete");
        assert_eq!(refused.missing, missing);
        assert_eq!(
            refused.to_string(),
            format!("the webhook event has no single `{missing}` parameter")
        );
    }
    // Empty or ambiguous counts as missing too.
    let empty = form_urlencoded::parse(b"uuid=&type=challenge.approved");
    assert_eq!(
        VerifyPushEvent::try_from_params(empty).map_err(|e| e.missing),
        Err("uuid")
    );
    let twice = form_urlencoded::parse(b"uuid=u&type=challenge.approved&type=challenge.denied");
    assert_eq!(
        VerifyPushEvent::try_from_params(twice).map_err(|e| e.missing),
        Err("type")
    );
}

#[test]
fn event_types_round_trip() {
    let known = [
        ("factor.created", EventType::FactorCreated),
        ("factor.verified", EventType::FactorVerified),
        ("factor.deleted", EventType::FactorDeleted),
        ("challenge.approved", EventType::ChallengeApproved),
        ("challenge.denied", EventType::ChallengeDenied),
    ];
    for (name, event) in known {
        assert_eq!(EventType::from(name), event);
        assert_eq!(name.parse::<EventType>(), Ok(event.clone()));
        assert_eq!(event.as_str(), name);
        assert_eq!(event.to_string(), name);
        assert_eq!(event.is_challenge(), name.starts_with("challenge."));
        assert_eq!(event.is_factor(), name.starts_with("factor."));
    }
    let other = EventType::from("challenge.expired");
    assert_eq!(other, EventType::Other("challenge.expired".into()));
    assert_eq!(other.as_str(), "challenge.expired");
    assert!(other.is_challenge() && !other.is_factor());
    assert_eq!(EventType::from("*"), EventType::Other("*".into()));
    assert_eq!(
        EventType::from("Challenge.Approved"),
        EventType::Other("Challenge.Approved".into())
    );
}

// --- Random inputs -----------------------------------------------------------------------

fn url_strategy() -> impl Strategy<Value = String> {
    "(https?|HTTP|x)://([a-z]{1,5}(:[a-z:]{0,4})?@)?([a-z.]{1,10}|\\[[0-9a-f:]{2,8}\\])(:[0-9]{0,5})?(/[a-z:/.%']{0,8})?(\\?[a-z=&:%]{0,10})?"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Any strings at all: no panic, and a random signature is rejected.
    #[test]
    fn never_panics(
        url in any::<String>(),
        params in proptest::collection::vec((any::<String>(), any::<String>()), 0..6),
        signature in any::<String>(),
        body in proptest::collection::vec(any::<u8>(), 0..200),
        token in any::<String>(),
    ) {
        let v = RequestValidator::new(&token);
        let _ = v.validate(&url, pairs(&params), &signature);
        let _ = v.validate_body(&url, &body, &signature);
        let _ = v.sign(&url, pairs(&params));
        let _ = VerifyPushEvent::from_form(&body);
        let _ = VerifyPushEvent::from_params(pairs(&params));
        let hashed = format!("{url}?bodySHA256={}", sha256_hex(&body));
        let _ = v.validate_body(&hashed, &body, &signature);
    }

    /// URL-like strings: what is signed validates whatever the parameter order, and a
    /// changed value does not.
    #[test]
    fn signed_requests_validate_in_any_order(
        url in url_strategy(),
        params in proptest::collection::vec(("[a-zA-Z]{0,3}", "[a-z0-9 +]{0,3}"), 1..6),
        token in "[0-9a-f]{1,32}",
    ) {
        let v = RequestValidator::new(&token);
        let sig = v.sign(&url, pairs(&params)).expect("token set");
        let reversed: Vec<_> = params.iter().rev().cloned().collect();
        prop_assert!(v.validate(&url, pairs(&reversed), &sig) || url.contains("bodySHA256"));
        let mut changed = params.clone();
        changed[0].1.push('!');
        prop_assert!(!v.validate(&url, pairs(&changed), &sig));
        let other = RequestValidator::new(format!("{token}0"));
        prop_assert!(!other.validate(&url, pairs(&params), &sig));
    }
}

#[test]
fn huge_inputs() {
    let v = validator();
    let value = "x".repeat(4 << 20);
    let params = [("Body", value.as_str()), ("Body", value.as_str())];
    let url = format!("https://example.com/{}", "p".repeat(1 << 20));
    let sig = v.sign(&url, params).expect("token set");
    assert!(v.validate(&url, params, &sig));
    let body = vec![b'&'; 8 << 20];
    assert!(!v.validate_body(&url, &body, &sig));
}
