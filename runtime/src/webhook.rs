//! Twilio webhooks: checking `X-Twilio-Signature` and decoding Verify Push events.
//!
//! Twilio signs every webhook request with the account's auth token. [`RequestValidator`]
//! checks that signature (HMAC-SHA1, see [`RequestValidator::sign`] for the exact string
//! that is signed), and [`VerifyPushEvent`] decodes the form parameters of a Verify Push
//! webhook (`factor.*` and `challenge.*` events) leniently.
//!
//! ```
//! use twilio_openapi_runtime::webhook::{EventType, RequestValidator, VerifyPushEvent};
//!
//! let validator = RequestValidator::new("12345");
//! let url = "https://example.com/twilio/verify-push";
//! let body = b"uuid=a1b2&type=challenge.approved&factor_type=push";
//! let params = form_urlencoded::parse(body); // an iterator of pairs; `Copy`, so it can be read twice
//! // Normally the signature is the request's X-Twilio-Signature header.
//! let signature = validator.sign(url, params).ok_or("empty auth token")?;
//!
//! assert!(validator.validate(url, params, &signature));
//! let event = VerifyPushEvent::from_params(params);
//! assert_eq!(event.event_type, Some(EventType::ChallengeApproved));
//! # Ok::<(), &str>(())
//! ```
//!
//! This module only depends on `hmac`, `sha1`, `sha2`, `base64`, `form_urlencoded`,
//! `serde` and `thiserror`; it does not use the rest of the crate.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, Mac};
use serde::{Serialize, Serializer};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use subtle::ConstantTimeEq;

/// The query parameter Twilio adds to the URL when the body is JSON: the lowercase hex
/// SHA-256 of the raw body.
pub const BODY_SHA256_PARAM: &str = "bodySHA256";

/// The header that carries the signature.
pub const SIGNATURE_HEADER: &str = "X-Twilio-Signature";

/// Checks that a webhook request was signed by Twilio with your auth token.
///
/// The signature is the standard base64 of an HMAC-SHA1, keyed with the auth token, over the
/// full URL Twilio requested (query string included, unchanged) followed by every POST
/// parameter sorted by name, each written as name then value with no separator.
///
/// # The URL to pass
///
/// Pass the URL exactly as Twilio called it, which is the URL configured in Twilio (the
/// Verify Service's Webhook `webhook_url`), not the one your server sees behind a proxy or
/// load balancer: `http` versus `https`, another host or port, a missing trailing slash or an
/// extra query parameter all make a valid request fail. The validator never re-encodes the
/// URL; it only tries the port variants described below.
///
/// # Choices where Twilio's SDKs disagree
///
/// The official Python, Node and Go validators differ in a few places; this one decides as
/// follows.
///
/// - **Ports.** All three accept a signature computed over the URL with any explicit port
///   removed, or with the default port (443 for `https`, 80 otherwise) added when none is
///   given. This validator does the same: it accepts the URL as given, without its port, and
///   with the default port added. Unlike Python (which cuts `https://user:pass@host:1234/`
///   down to `https://user/`), credentials in the URL are kept, as in Go and Node.
/// - **Repeated names.** Python and Node sort the values of a repeated name and drop exact
///   duplicates (`a=2&a=1&a=1` signs as `a1a2`); Go keeps only the first value. This
///   validator follows Python and Node: Go's rule would leave every later value of a name
///   unauthenticated, so an attacker could append values to a signed request.
/// - **Sort order.** Names (and values) are compared by Unicode code point (the byte order
///   of UTF-8), as in Python and Go; Node compares UTF-16 code units, which only differs for
///   names mixing characters above U+FFFF with characters from U+E000 to U+FFFF.
/// - **Query re-encoding.** Node parses the URL with WHATWG `URL`, which turns `'` into
///   `%27`, and therefore also tries a re-encoded query. This validator never parses and
///   re-serialises the URL, so the string you pass is the string that is signed; pass the
///   URL as configured in Twilio.
/// - **JSON bodies.** See [`validate_body`](Self::validate_body): the body hash must be
///   lowercase or uppercase hex (both Python and Node dropped the old base64 form), and
///   [`validate`](Self::validate) refuses a URL carrying `bodySHA256`, because the body of
///   such a request is only authenticated through its hash, which `validate` cannot check
///   (Python accepts it there with no body check).
/// - **Empty auth token.** Every check fails (the SDKs would accept signatures made with an
///   empty key): an unset or empty `TWILIO_AUTH_TOKEN` must not let forged requests through.
/// - **Comparison.** Always constant time over the decoded 20-byte MAC; a signature that is
///   not valid padded standard base64 of 20 bytes is simply invalid.
///
/// # What the signature cannot protect
///
/// The signed string is the URL followed by every parameter's name and value *with no
/// separator*, so it authenticates the concatenation, not where one name ends and its value
/// begins. Anyone who captured a signed request can move the `=` and `&` of its body and the
/// signature still holds: `uuid=u-1` can be sent as `uuidu-1=` (one parameter named
/// `uuidu-1`, empty), or as `uui=du-1`, as long as the parameters keep their sorted order.
/// Such a request carries no `uuid`, so a handler that skips deliveries by their `uuid`
/// handles the replay as new; the same works on `type` and on the other parameters. No value
/// can be changed, only dropped or moved into a name. This is Twilio's scheme: every Twilio
/// SDK shares it, and no validator can tell the two bodies apart.
///
/// What a handler should check, after the signature:
/// - refuse an event without `uuid` or `type` (Twilio always sends both):
///   [`VerifyPushEvent::try_from_params`] does, where [`VerifyPushEvent::from_params`]
///   decodes anything;
/// - skip a `uuid` already handled, and act on the event's SIDs, never on a parameter it
///   does not know (those land in [`VerifyPushEvent::extra`]);
/// - for anything that matters, fetch the Challenge or Factor from the API rather than trust
///   the event's parameters.
///
/// JSON bodies signed through `bodySHA256` ([`validate_body`](Self::validate_body)) are not
/// affected: the hash covers the exact body.
///
/// No method panics, whatever the input.
///
/// `Debug` never shows the auth token.
#[derive(Clone)]
pub struct RequestValidator {
    /// HMAC-SHA1 keyed with the auth token; `None` when the token is empty.
    mac: Option<Hmac<Sha1>>,
}

impl RequestValidator {
    /// A validator for requests signed with `auth_token` (the account's auth token, or the
    /// auth token of the subaccount that owns the Verify Service).
    pub fn new(auth_token: impl AsRef<str>) -> Self {
        let token = auth_token.as_ref().as_bytes();
        let mac = if token.is_empty() {
            None
        } else {
            // HMAC takes keys of any length, so this never fails; if it did, the validator
            // would reject everything rather than panic.
            Hmac::<Sha1>::new_from_slice(token).ok()
        };
        RequestValidator { mac }
    }

    /// Checks the signature of a form request (`application/x-www-form-urlencoded` POST):
    /// `params` are the decoded body parameters, all of them, known or not, in any order,
    /// repeated names included. For a GET request (or one without a body) pass no
    /// parameters; the query string is part of `url`.
    ///
    /// Returns `false` when `url` has a `bodySHA256` query parameter: use
    /// [`validate_body`](Self::validate_body) for those.
    pub fn validate<I, K, V>(&self, url: &str, params: I, signature: &str) -> bool
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        if query_value(url, BODY_SHA256_PARAM).is_some() {
            return false;
        }
        self.check(url, &sorted_params(params), signature)
    }

    /// Checks the signature of a request from its raw body.
    ///
    /// - If `url` has a `bodySHA256` query parameter (Twilio's way of signing JSON bodies),
    ///   the signature is checked over the URL alone, and the body must hash (SHA-256) to
    ///   that hex value; both checks are constant time.
    /// - Otherwise the body is read as `application/x-www-form-urlencoded` and checked as by
    ///   [`validate`](Self::validate) (as Twilio's Go SDK does), so one call fits any POST.
    ///   Bytes that are not UTF-8 after percent-decoding are replaced by U+FFFD, which makes
    ///   the check fail unless Twilio signed the same replacement.
    pub fn validate_body(&self, url: &str, body: &[u8], signature: &str) -> bool {
        match query_value(url, BODY_SHA256_PARAM) {
            Some(expected_hash) => {
                let signed = self.check::<&str, &str>(url, &[], signature);
                let hashed = decode_hex_32(&expected_hash).is_some_and(|expected| {
                    bool::from(Sha256::digest(body).as_slice().ct_eq(&expected[..]))
                });
                signed & hashed
            }
            None => self.check(url, &sorted_params(form_urlencoded::parse(body)), signature),
        }
    }

    /// The signature Twilio would send for `url` and `params`, i.e. the base64 HMAC-SHA1 of
    /// `url` followed by `name` `value` for every parameter sorted by name then value, exact
    /// duplicates dropped. The URL is used exactly as given (no port variants). `None` when
    /// the auth token is empty.
    ///
    /// Useful to test your own webhook handler. For a JSON body, put
    /// `bodySHA256=<hex SHA-256 of the body>` in the URL's query and pass no parameters.
    pub fn sign<I, K, V>(&self, url: &str, params: I) -> Option<String>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mac = self.mac_over(url, &sorted_params(params))?;
        Some(BASE64.encode(mac.finalize().into_bytes()))
    }

    /// The MAC state after feeding the string to sign (not finalised).
    fn mac_over<K: AsRef<str>, V: AsRef<str>>(
        &self,
        url: &str,
        params: &[(K, V)],
    ) -> Option<Hmac<Sha1>> {
        let mut mac = self.mac.clone()?;
        mac.update(url.as_bytes());
        for (name, value) in params {
            mac.update(name.as_ref().as_bytes());
            mac.update(value.as_ref().as_bytes());
        }
        Some(mac)
    }

    /// Whether `signature` matches `url` (or one of its port variants) with `params`
    /// (already sorted and de-duplicated).
    fn check<K: AsRef<str>, V: AsRef<str>>(
        &self,
        url: &str,
        params: &[(K, V)],
        signature: &str,
    ) -> bool {
        // 20 bytes are 28 characters of padded base64; anything else cannot match.
        if signature.len() != 28 {
            return false;
        }
        let Ok(expected) = BASE64.decode(signature) else {
            return false;
        };
        let mut valid = false;
        for candidate in url_variants(url) {
            if let Some(mac) = self.mac_over(&candidate, params) {
                // `verify_slice` compares in constant time; every variant is computed.
                valid |= mac.verify_slice(&expected).is_ok();
            }
        }
        valid
    }
}

impl fmt::Debug for RequestValidator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestValidator")
            .field("auth_token", &format_args!("<redacted>"))
            .finish()
    }
}

/// Parameters sorted by name then value, exact duplicates dropped (Python's and Node's rule).
fn sorted_params<I, K, V>(params: I) -> Vec<(K, V)>
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut params: Vec<(K, V)> = params.into_iter().collect();
    params.sort_by(|a, b| (a.0.as_ref(), a.1.as_ref()).cmp(&(b.0.as_ref(), b.1.as_ref())));
    params.dedup_by(|a, b| a.0.as_ref() == b.0.as_ref() && a.1.as_ref() == b.1.as_ref());
    params
}

/// The URLs a signature may have been computed over: as given, without its port, and with
/// the default port (443 for `https`, 80 otherwise) added when none is given.
fn url_variants(url: &str) -> [Cow<'_, str>; 2] {
    let other = match authority_ports(url) {
        Some((host_end, Some(port_end))) => {
            Cow::Owned(format!("{}{}", &url[..host_end], &url[port_end..]))
        }
        Some((host_end, None)) => {
            let https = url
                .split_once("://")
                .is_some_and(|(scheme, _)| scheme.eq_ignore_ascii_case("https"));
            let port = if https { "443" } else { "80" };
            Cow::Owned(format!("{}:{port}{}", &url[..host_end], &url[host_end..]))
        }
        None => Cow::Borrowed(url),
    };
    [Cow::Borrowed(url), other]
}

/// In `scheme://[userinfo@]host[:port]...`, the byte offset just after the host and, when a
/// `:` follows it, the offset just after the port. `None` without a scheme and `://`, or
/// with an empty host.
fn authority_ports(url: &str) -> Option<(usize, Option<usize>)> {
    let scheme_end = url.find("://")?;
    if scheme_end == 0 || url[..scheme_end].contains(['/', '?', '#']) {
        return None;
    }
    let start = scheme_end + 3;
    let rest = &url[start..];
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    // Credentials end at the last '@' (a password may contain ':').
    let host_start = start + authority.rfind('@').map_or(0, |at| at + 1);
    let authority_end = start + authority.len();
    let host_port = &url[host_start..authority_end];
    // The colons of a bracketed IPv6 literal do not start a port.
    let search_from = if host_port.starts_with('[') {
        host_port.find(']')?
    } else {
        0
    };
    let colon = host_port[search_from..].rfind(':').map(|i| search_from + i);
    let host_len = colon.unwrap_or(host_port.len());
    if host_len == 0 {
        return None;
    }
    Some((host_start + host_len, colon.map(|_| authority_end)))
}

/// The first value of query parameter `name` in `url` (decoded), if any.
fn query_value(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    let query = query.split_once('#').map_or(query, |(q, _)| q);
    form_urlencoded::parse(query.as_bytes())
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// Decodes 64 hex digits (either case) into 32 bytes.
fn decode_hex_32(hex: &str) -> Option<[u8; 32]> {
    let digits = hex.as_bytes();
    if digits.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (byte, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
        let high = (pair[0] as char).to_digit(16)?;
        let low = (pair[1] as char).to_digit(16)?;
        *byte = u8::try_from(high * 16 + low).ok()?;
    }
    Some(out)
}

/// The type of a Verify Push event (the `type` parameter).
///
/// Types this crate does not know are kept as [`EventType::Other`], so a new event never
/// breaks decoding. There is no event for an expired challenge: poll the Challenge for that.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EventType {
    /// `factor.created`: a factor was created but cannot take challenges yet.
    FactorCreated,
    /// `factor.verified`: a factor was verified and can now take challenges.
    FactorVerified,
    /// `factor.deleted`: a factor was removed from its entity.
    FactorDeleted,
    /// `challenge.approved`: the user approved a challenge.
    ChallengeApproved,
    /// `challenge.denied`: the user denied a challenge.
    ChallengeDenied,
    /// Any other value, kept as sent.
    Other(String),
}

impl EventType {
    /// The known types with their wire names.
    const KNOWN: [(EventType, &'static str); 5] = [
        (EventType::FactorCreated, "factor.created"),
        (EventType::FactorVerified, "factor.verified"),
        (EventType::FactorDeleted, "factor.deleted"),
        (EventType::ChallengeApproved, "challenge.approved"),
        (EventType::ChallengeDenied, "challenge.denied"),
    ];

    /// The type as it appears on the wire, e.g. `challenge.approved`.
    pub fn as_str(&self) -> &str {
        match self {
            EventType::Other(other) => other,
            known => Self::KNOWN
                .iter()
                .find(|(event, _)| event == known)
                .map_or("", |(_, name)| name),
        }
    }

    /// Whether this is a `challenge.*` event (by its wire name, so unknown ones count too).
    pub fn is_challenge(&self) -> bool {
        self.as_str().starts_with("challenge.")
    }

    /// Whether this is a `factor.*` event (by its wire name, so unknown ones count too).
    pub fn is_factor(&self) -> bool {
        self.as_str().starts_with("factor.")
    }
}

impl From<&str> for EventType {
    fn from(value: &str) -> Self {
        Self::KNOWN
            .iter()
            .find(|(_, name)| *name == value)
            .map_or_else(
                || EventType::Other(value.to_owned()),
                |(event, _)| event.clone(),
            )
    }
}

impl FromStr for EventType {
    type Err = std::convert::Infallible;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        Ok(EventType::from(value))
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for EventType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A Verify Push webhook event, decoded leniently from the request's form parameters.
///
/// Every field is optional (a missing or empty parameter is `None`); parameters this type does
/// not know (Twilio adds new ones without notice) are kept in [`extra`](Self::extra), and
/// an unknown `type` is kept as [`EventType::Other`]. Decoding never fails.
///
/// Decode only after [`RequestValidator`] accepted the request, from the same parameters,
/// and with [`try_from_params`](Self::try_from_params), which refuses an event without
/// `uuid` or `type`: the signature does not cover where a name ends, so a captured request
/// can be replayed with those parameters folded into others (see [`RequestValidator`],
/// "What the signature cannot protect").
///
/// A known name sent more than once with different values is ambiguous (the signature does
/// not cover the order of a name's values), so its field is `None` and all its values go to
/// `extra`; repeating the same value is harmless.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct VerifyPushEvent {
    /// `uuid`: the id of this webhook delivery; use it to ignore a delivery seen before.
    pub uuid: Option<String>,
    /// `type`: what happened.
    #[serde(rename = "type")]
    pub event_type: Option<EventType>,
    /// `account_sid`: the account that owns the Verify Service (`AC...`).
    pub account_sid: Option<String>,
    /// `service_sid`: the Verify Service (`VA...`).
    pub service_sid: Option<String>,
    /// `entity_identity`: your identifier of the user (the Entity's identity).
    pub entity_identity: Option<String>,
    /// `factor_sid`: the Factor concerned (`YF...`).
    pub factor_sid: Option<String>,
    /// `factor_type`: the type of that Factor (`push` is the only one documented today).
    pub factor_type: Option<String>,
    /// Every other parameter, by name, with its values in the order received.
    pub extra: BTreeMap<String, Vec<String>>,
}

impl VerifyPushEvent {
    /// Decodes an event from decoded form parameters (the same ones given to
    /// [`RequestValidator::validate`]).
    pub fn from_params<I, K, V>(params: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let mut all: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (name, value) in params {
            all.entry(name.as_ref().to_owned())
                .or_default()
                .push(value.as_ref().to_owned());
        }
        let mut take = |name: &str| single_value(&mut all, name);
        VerifyPushEvent {
            uuid: take("uuid"),
            event_type: take("type").map(|t| EventType::from(t.as_str())),
            account_sid: take("account_sid"),
            service_sid: take("service_sid"),
            entity_identity: take("entity_identity"),
            factor_sid: take("factor_sid"),
            factor_type: take("factor_type"),
            extra: all,
        }
    }

    /// Decodes an event from a raw `application/x-www-form-urlencoded` body (or a query
    /// string). Invalid percent-encoding or UTF-8 is replaced, never an error.
    pub fn from_form(body: &[u8]) -> Self {
        Self::from_params(form_urlencoded::parse(body))
    }

    /// Decodes an event as [`from_params`](Self::from_params) does, and refuses it when it
    /// has no `uuid` or no `type` (missing, empty, or ambiguous): Twilio sends both with
    /// every event, and a validly signed request without them is a replay whose parameters
    /// were re-partitioned (see [`RequestValidator`], "What the signature cannot protect").
    ///
    /// ```
    /// use twilio_openapi_runtime::webhook::VerifyPushEvent;
    ///
    /// let event = VerifyPushEvent::try_from_params(form_urlencoded::parse(
    ///     b"type=challenge.approved&uuid=u-1",
    /// ));
    /// assert_eq!(event.map(|e| e.uuid), Ok(Some("u-1".to_owned())));
    /// // The same signed bytes, re-partitioned: no `uuid` any more.
    /// let replay = form_urlencoded::parse(b"type=challenge.approved&uuidu-1=");
    /// let refused = VerifyPushEvent::try_from_params(replay).map_err(|e| e.missing);
    /// assert_eq!(refused, Err("uuid"));
    /// ```
    pub fn try_from_params<I, K, V>(params: I) -> Result<Self, IncompleteEvent>
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let event = Self::from_params(params);
        if event.uuid.is_none() {
            return Err(IncompleteEvent { missing: "uuid" });
        }
        if event.event_type.is_none() {
            return Err(IncompleteEvent { missing: "type" });
        }
        Ok(event)
    }
}

/// A Verify Push event refused by [`VerifyPushEvent::try_from_params`]: a parameter every
/// event carries is missing, empty or given twice with different values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the webhook event has no single `{missing}` parameter")]
#[non_exhaustive]
pub struct IncompleteEvent {
    /// The parameter: `uuid` or `type`.
    pub missing: &'static str,
}

/// Removes `name` from `all` and returns its value when it has exactly one distinct,
/// non-empty value; otherwise leaves conflicting values in `all` and returns `None`.
fn single_value(all: &mut BTreeMap<String, Vec<String>>, name: &str) -> Option<String> {
    let values = all.get(name)?;
    let first = values.first()?;
    if values.iter().any(|value| value != first) {
        return None;
    }
    let value = all.remove(name)?.swap_remove(0);
    (!value.is_empty()).then_some(value)
}
