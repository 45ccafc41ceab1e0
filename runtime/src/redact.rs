//! Cutting the configured secrets out of a server's text before it goes into an error: a
//! server may echo the `Authorization` header it got, a token in a JSON `message`, or the
//! client secret of a token request, in any encoding.
//!
//! Only error paths call this module; a [`Redactor`] is built once per client.
//!
//! Each secret is looked for as
//! - its bytes, each of them as is or percent-encoded (`%2F` or `%2f`), form-encoded (`+`
//!   for a space) or JSON-escaped (`\/`, `\u002f`), which covers the raw, percent-encoded
//!   and form-encoded secret however much of it the server encoded;
//! - the part of any base64 text (standard or URL-safe alphabet) that encodes the secret
//!   (or its form-encoded self) alone, at each of the three offsets it can start at: so the
//!   secret is found inside the base64 of `id:secret` as inside any other base64;
//! - the base64 of the `user:password` pairs the client sends, whole;
//! - at the end of a body snippet, the start of any of these (at least [`MIN_PREFIX`]
//!   bytes), which is what the cut leaves of a secret.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use serde_json::Value;

/// What replaces a secret.
const MARK: &str = "<redacted>";
/// Shorter forms are not looked for: cutting every `ab` out of a text hides nothing.
const MIN_FORM: usize = 4;
/// The shortest start of a form cut at the end of a snippet.
const MIN_PREFIX: usize = 4;
/// Characters of a body kept in an error.
pub(crate) const SNIPPET_CHARS: usize = 200;
/// Bytes of text one byte of a form can take (`\u002f`).
const LONGEST_ESCAPE: usize = 6;

/// The forms of the configured secrets, and how to cut them out of a text.
#[derive(Clone, Default)]
pub(crate) struct Redactor {
    forms: Vec<Vec<u8>>,
}

impl Redactor {
    /// Looks for `secret` (an auth token, API key secret, bearer token, client secret or
    /// access token) in all its forms.
    pub(crate) fn secret(&mut self, secret: &str) {
        let encoded: String = form_urlencoded::byte_serialize(secret.as_bytes()).collect();
        let mut sources = vec![secret.as_bytes()];
        if encoded != secret {
            sources.push(encoded.as_bytes());
        }
        let mut forms = vec![secret.as_bytes().to_vec()];
        for source in sources {
            forms.extend(base64_cores(source));
        }
        for form in forms {
            self.add(form);
        }
    }

    /// Looks for `text` (the base64 of a `user:password` the client sends) as it is.
    pub(crate) fn sent(&mut self, text: &str) {
        self.add(text.as_bytes().to_vec());
    }

    fn add(&mut self, form: Vec<u8>) {
        if form.len() >= MIN_FORM && !self.forms.contains(&form) {
            self.forms.push(form);
        }
    }

    /// These forms and those of the credentials of `authorization`, an `Authorization`
    /// header the client sent (an access token obtained on the way, say).
    pub(crate) fn with_authorization(&self, authorization: &str) -> Redactor {
        let mut redactor = self.clone();
        if let Some((_, credentials)) = authorization.split_once(' ') {
            redactor.secret(credentials);
        }
        redactor
    }

    /// `text` with every form of every secret replaced.
    pub(crate) fn text(&self, text: &str) -> String {
        self.cut_out(text, false)
    }

    /// `text` with every form of every secret replaced, and when it ends `at_a_cut`, the
    /// start of one at its end.
    fn cut_out(&self, text: &str, at_a_cut: bool) -> String {
        if self.forms.is_empty() {
            return text.to_owned();
        }
        let bytes = text.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let (mut at, mut kept) = (0, 0);
        while at < bytes.len() {
            let end = self
                .forms
                .iter()
                .filter_map(|f| found(bytes, at, f, at_a_cut));
            match end.max() {
                Some(end) => {
                    out.extend_from_slice(&bytes[kept..at]);
                    out.extend_from_slice(MARK.as_bytes());
                    (at, kept) = (end, end);
                }
                None => at += 1,
            }
        }
        out.extend_from_slice(&bytes[kept..]);
        String::from_utf8_lossy(&out).into_owned()
    }

    /// [`text`](Self::text) of an optional text.
    pub(crate) fn opt(&self, text: Option<String>) -> Option<String> {
        text.map(|t| self.text(&t))
    }

    /// The first [`SNIPPET_CHARS`] characters of a body (a few more when the cut falls in
    /// a [`MARK`], which is kept whole), secrets cut out before the cut (from a little more
    /// of the body, so that a secret across the cut is found whole) and after it (the start
    /// of one the cut leaves at the end).
    pub(crate) fn snippet(&self, body: &[u8]) -> String {
        let longest = self.forms.iter().map(Vec::len).max().unwrap_or(0);
        let window: String = String::from_utf8_lossy(body)
            .chars()
            .take(SNIPPET_CHARS + longest * LONGEST_ESCAPE)
            .collect();
        let text = self.text(&window);
        let end = text
            .char_indices()
            .nth(SNIPPET_CHARS)
            .map_or(text.len(), |(at, _)| at);
        let end = (end.saturating_sub(MARK.len() - 1)..end)
            .find(|&at| text.get(at..).is_some_and(|rest| rest.starts_with(MARK)))
            .map_or(end, |at| at + MARK.len());
        self.cut_out(&text[..end], end < text.len())
    }

    /// A JSON value with the secrets cut out of every string in it, keys included.
    pub(crate) fn json(&self, value: Value) -> Value {
        match value {
            Value::String(s) => Value::String(self.text(&s)),
            Value::Array(items) => Value::Array(items.into_iter().map(|v| self.json(v)).collect()),
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| (self.text(&k), self.json(v)))
                    .collect(),
            ),
            other => other,
        }
    }
}

/// The parts of base64 texts that encode `secret` alone, whatever comes before and after
/// it: for each offset of its first byte in a 3-byte group, the characters whose 6 bits
/// all come from the secret; in the standard and the URL-safe alphabet.
fn base64_cores(secret: &[u8]) -> Vec<Vec<u8>> {
    let mut cores = Vec::new();
    for offset in 0..3 {
        let mut bytes = vec![0; offset];
        bytes.extend_from_slice(secret);
        let first = (8 * offset).div_ceil(6);
        let end = 8 * bytes.len() / 6;
        for engine in [&STANDARD_NO_PAD, &URL_SAFE_NO_PAD] {
            let text = engine.encode(&bytes);
            if let Some(core) = text.as_bytes().get(first..end) {
                cores.push(core.to_vec());
            }
        }
    }
    cores
}

/// Where a match of `form` that starts at `start` in `text` ends: a whole match, or, when
/// the text ends `at_a_cut`, a start of at least [`MIN_PREFIX`] bytes of the form running to
/// its end.
fn found(text: &[u8], start: usize, form: &[u8], at_a_cut: bool) -> Option<usize> {
    let first = text.get(start)?;
    if form.first() != Some(first) && !matches!(first, b'%' | b'+' | b'\\') {
        return None;
    }
    // Every position of `text` reached after matching the form's first `matched` bytes
    // (one byte can be written several ways, so more than one may be).
    let mut reached = vec![start];
    for (matched, &byte) in form.iter().enumerate() {
        if at_a_cut && matched >= MIN_PREFIX && reached.iter().any(|&at| cut_at(text, at)) {
            return Some(text.len());
        }
        let mut next: Vec<usize> = reached
            .iter()
            .flat_map(|&at| ends_of(text, at, byte))
            .collect();
        next.sort_unstable();
        next.dedup();
        if next.is_empty() {
            return None;
        }
        reached = next;
    }
    reached.last().copied()
}

/// Whether `text` ends at `at`, or with the start of an escape there (a cut can leave one).
fn cut_at(text: &[u8], at: usize) -> bool {
    match text.get(at..).unwrap_or_default() {
        [] | [b'\\'] => true,
        [b'%', digits @ ..] => digits.len() < 2 && hex(digits).is_some(),
        [b'\\', b'u' | b'U', digits @ ..] => digits.len() < 4 && hex(digits).is_some(),
        _ => false,
    }
}

/// Where `byte` ends when written at `at` in `text`, each way it may be written there.
fn ends_of(text: &[u8], at: usize, byte: u8) -> impl Iterator<Item = usize> {
    let rest = text.get(at..).unwrap_or_default();
    let first = rest.first().copied();
    let literal = first == Some(byte);
    let plus = byte == b' ' && first == Some(b'+');
    let percent = first == Some(b'%') && rest.get(1..3).and_then(hex) == Some(u32::from(byte));
    let backslash = first == Some(b'\\');
    let json = backslash && matches!(byte, b'"' | b'\\' | b'/') && rest.get(1) == Some(&byte);
    let unicode = backslash
        && matches!(rest.get(1), Some(b'u' | b'U'))
        && rest.get(2..LONGEST_ESCAPE).and_then(hex) == Some(u32::from(byte));
    [
        (literal || plus, 1),
        (percent, 3),
        (json, 2),
        (unicode, LONGEST_ESCAPE),
    ]
    .into_iter()
    .filter(|(yes, _)| *yes)
    .map(move |(_, len)| at + len)
}

/// The value of hex digits, all of them (none is 0).
fn hex(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |value, &d| {
        let digit = char::from(d).to_digit(16)?;
        Some(value * 16 + digit)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "s3cr3t/+:x y";

    fn redactor() -> Redactor {
        let mut r = Redactor::default();
        r.secret(SECRET);
        r
    }

    fn assert_cut(text: &str) {
        let out = redactor().text(text);
        assert!(out.contains(MARK), "{text:?} -> {out:?}");
        for leak in ["s3cr3t", "3cr3", "x y", "x+y", "x%20y"] {
            assert!(
                !out.contains(leak),
                "{leak:?} left in {out:?} (from {text:?})"
            );
        }
    }

    #[test]
    fn every_encoding_of_a_secret_is_cut() {
        let form: String = form_urlencoded::byte_serialize(SECRET.as_bytes()).collect();
        let percent = "s3cr3t%2f%2B%3Ax%20y";
        let json = r"s3cr3t\/\u002b:x y";
        for text in [SECRET, &form, percent, json] {
            assert_cut(&format!("before {text} after"));
            assert_eq!(
                redactor().text(&format!("a {text} b")),
                "a <redacted> b",
                "{text}"
            );
        }
    }

    #[test]
    fn a_secret_is_cut_out_of_any_base64_holding_it() {
        for prefix in ["", "a", "ab", "id:", "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:"] {
            for suffix in ["", "!", "end of it"] {
                let plain = format!("{prefix}{SECRET}{suffix}");
                for engine in [&base64::engine::general_purpose::STANDARD, &URL_SAFE_NO_PAD] {
                    let encoded = engine.encode(&plain);
                    let out = redactor().text(&format!("Basic {encoded}"));
                    let core = &base64_cores(SECRET.as_bytes());
                    assert!(out.contains(MARK), "{plain:?}: {out}");
                    for c in core {
                        let c = std::str::from_utf8(c).expect("ascii");
                        assert!(!out.contains(c), "{plain:?}: {out}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_start_of_a_secret_at_a_cut_is_cut() {
        let at_cut = |text: &str| redactor().cut_out(text, true);
        for len in MIN_PREFIX..SECRET.len() {
            let text = format!("the token {}", &SECRET[..len]);
            assert_eq!(at_cut(&text), "the token <redacted>", "{text}");
            assert_eq!(redactor().text(&text), text, "not at a cut");
        }
        assert_eq!(at_cut("ends s3c"), "ends s3c", "shorter than MIN_PREFIX");
        assert_eq!(at_cut("s3cr3t%2"), "<redacted>", "an escape cut short");
        assert_eq!(
            at_cut("s3cr3t and more"),
            "s3cr3t and more",
            "a start of a secret followed by other text is no secret"
        );
    }

    #[test]
    fn a_snippet_never_ends_with_part_of_a_secret() {
        for pad in 180..=SNIPPET_CHARS {
            let body = format!("{}{SECRET} tail", "x".repeat(pad));
            let snippet = redactor().snippet(body.as_bytes());
            assert!(!snippet.contains("s3cr"), "{pad}: {snippet}");
            assert!(!snippet.ends_with("<reda"), "a mark cut: {snippet}");
            assert!(
                snippet.chars().count() < SNIPPET_CHARS + MARK.len(),
                "{pad}"
            );
        }
        let body = format!("{}s3cr3t/+:x", "y".repeat(SNIPPET_CHARS - 6));
        let snippet = redactor().snippet(body.as_bytes());
        assert!(
            snippet.ends_with("y<redacted>"),
            "the body cut short: {snippet}"
        );
        let plain = "z".repeat(SNIPPET_CHARS + 50);
        assert_eq!(redactor().snippet(plain.as_bytes()), plain[..SNIPPET_CHARS]);
    }

    #[test]
    fn json_strings_and_keys_are_cut() {
        let value = serde_json::json!({ SECRET: [SECRET, 1, {"k": format!("x{SECRET}")}] });
        assert_eq!(
            redactor().json(value),
            serde_json::json!({ MARK: [MARK, 1, {"k": "x<redacted>"}] })
        );
    }

    #[test]
    fn text_without_secrets_is_kept_and_short_secrets_are_not_looked_for() {
        let text = "plain text, é ü \u{1F600}, 50% off\\";
        assert_eq!(redactor().text(text), text);
        let mut short = Redactor::default();
        short.secret("ab");
        assert_eq!(short.text("abab"), "abab");
    }
}
