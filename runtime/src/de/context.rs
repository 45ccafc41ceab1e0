//! Where the decoding of one answer stands, on this thread: its memory budget, the values
//! read as absent so far, and whether a union is telling its shapes apart (strict).

use serde::de::{self, DeserializeOwned};
use serde_json::Value;
use std::cell::Cell;
use std::fmt;

/// How much memory the lists and JSON objects of one answer may take once decoded, as a
/// multiple of the answer's size in bytes (at least [`DECODE_BUDGET_FLOOR`]): an item of a
/// list read by [`items`](super::items) counts as the size of its type (`size_of`: a struct
/// of many optional fields is hundreds of bytes, though `{}` is two), a JSON value in an
/// array or object read by [`map`](super::map) (the `JsonObject` fields) as the size of a
/// `serde_json::Value`, plus its key. Twilio's answers take less than their size; past the
/// budget the call fails with a decode error before memory grows further, so that one
/// answer's decoding stays within a small multiple of
/// [`max_response_bytes`](crate::ClientBuilder::max_response_bytes) (the workspace's
/// `docs/configuration.md` gives the measured peak).
pub const DECODE_BUDGET_FACTOR: usize = 2;

/// The smallest memory budget of one answer's decoding, whatever its size: 1 MiB.
pub const DECODE_BUDGET_FLOOR: usize = 1 << 20;

/// Where the decoding of one answer stands, on this thread.
#[derive(Clone, Copy)]
pub(super) struct Context {
    /// Bytes the decoded lists and objects may still take; `None` outside an answer.
    pub(super) left: Option<usize>,
    /// Values read as absent so far.
    pub(super) absent: u32,
    /// While naming them: the number of the value read as absent to fail on instead.
    pub(super) fail_at: Option<u32>,
    /// While telling the shapes of a union apart: a value of the wrong shape fails.
    pub(super) strict: bool,
}

thread_local! {
    pub(super) static CONTEXT: Cell<Context> = const {
        Cell::new(Context { left: None, absent: 0, fail_at: None, strict: false })
    };
}

/// The error a guarded value of the wrong shape is reported with, up to
/// [`lenient`](super::lenient).
pub(super) const ABSENT: &str = "\u{1}read as absent";

/// Counts a value read as absent; an error (`why`) only when it is the one being named.
pub(super) fn note_absent<E: de::Error>(why: &dyn fmt::Display) -> Result<(), E> {
    CONTEXT.with(|cell| {
        let mut context = cell.get();
        if context.strict {
            return Ok(());
        }
        let number = context.absent;
        context.absent = number.saturating_add(1);
        cell.set(context);
        match context.fail_at {
            Some(at) if at == number => Err(E::custom(why)),
            _ => Ok(()),
        }
    })
}

/// Charges `bytes` against the answer's memory budget; an error once it is spent.
pub(super) fn charge<E: de::Error>(bytes: usize) -> Result<(), E> {
    CONTEXT.with(|cell| {
        let mut context = cell.get();
        let Some(left) = context.left else {
            return Ok(());
        };
        context.left = Some(left.checked_sub(bytes).ok_or_else(|| {
            E::custom(format_args!(
                "the answer takes more memory decoded than {DECODE_BUDGET_FACTOR} times its \
                 size (at least {DECODE_BUDGET_FLOOR} bytes); not decoded further"
            ))
        })?);
        cell.set(context);
        Ok(())
    })
}

/// Puts back, when dropped (even by a panic), the context it holds.
pub(super) struct Restore(pub(super) Context);

impl Drop for Restore {
    fn drop(&mut self) {
        CONTEXT.with(|cell| cell.set(self.0));
    }
}

/// Runs `f` with a fresh context of this budget (and value to fail on), then restores the
/// one before; returns what `f` returned and how many values were read as absent.
pub(super) fn within<R>(budget: usize, fail_at: Option<u32>, f: impl FnOnce() -> R) -> (R, u32) {
    let fresh = Context {
        left: Some(budget),
        absent: 0,
        fail_at,
        strict: false,
    };
    let _restore = Restore(CONTEXT.with(|cell| cell.replace(fresh)));
    let result = f();
    (result, CONTEXT.with(|cell| cell.get().absent))
}

/// An answer's body decoded within the memory budget of its size; with it, how many values
/// were read as absent.
pub(crate) fn answer<T: DeserializeOwned>(body: &[u8]) -> (Result<T, serde_json::Error>, u32) {
    within(budget(body.len()), None, || serde_json::from_slice(body))
}

/// The memory budget of an answer of `len` bytes.
pub(super) fn budget(len: usize) -> usize {
    len.saturating_mul(DECODE_BUDGET_FACTOR)
        .max(DECODE_BUDGET_FLOOR)
}

/// Where the first `count` values read as absent in `body` are, and why, found by decoding
/// it again once per value, failing on it (`serde_path_to_error` gives the path).
pub(crate) fn absent_paths<T: DeserializeOwned>(body: &[u8], count: u32) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for at in 0..count {
        let (result, _) = within(budget(body.len()), Some(at), || {
            let mut json = serde_json::Deserializer::from_slice(body);
            serde_path_to_error::deserialize::<_, T>(&mut json).map(drop)
        });
        match result {
            Err(e) => found.push(located(&e.path().to_string(), &e.inner().to_string())),
            Ok(()) => break,
        }
    }
    found
}

/// `value` as a `T` if it has `T`'s shape all through (the lenient fields of `T` and of what
/// it holds take no value of another type), or `value` back: how a union tells its shapes
/// apart, which leniency would blur (any object would fit a struct of optional fields).
///
/// ```
/// use twilio_openapi_runtime::de::{fit, lenient};
///
/// #[derive(serde::Deserialize, Debug)]
/// struct Basic {
///     #[serde(default, deserialize_with = "lenient")]
///     note: Option<String>,
/// }
/// assert!(fit::<Basic>(serde_json::json!({"note": "old"})).is_ok());
/// let odd = serde_json::json!({"note": 3});
/// assert_eq!(fit::<Basic>(odd.clone()).map(|_| ()), Err(odd));
/// ```
pub fn fit<T: DeserializeOwned>(value: Value) -> Result<T, Value> {
    let result = {
        let before = CONTEXT.with(Cell::get);
        let _restore = Restore(before);
        CONTEXT.with(|cell| {
            cell.set(Context {
                strict: true,
                ..before
            })
        });
        T::deserialize(&value)
    };
    result.map_err(|_| value)
}

/// Why a value was read as absent, naming its JSON type only (never its text, which may be
/// personal data): `got an integer, which the field does not take`.
pub(super) fn refused(got: &str) -> String {
    format!("got {got}, which the field does not take")
}

/// The path and reason of an error met at `path`: its own message, or the path within and
/// reason of the value being named that it carries.
pub(super) fn located(path: &str, message: &str) -> (String, String) {
    let mut parts = message.split(LOCATED);
    let (Some(""), Some(inner), Some(why)) = (parts.next(), parts.next(), parts.next()) else {
        return (path.to_owned(), message.to_owned());
    };
    let joined = match (path, inner) {
        (".", inner) => inner.to_owned(),
        (path, ".") => path.to_owned(),
        (path, inner) if inner.starts_with('[') => format!("{path}{inner}"),
        (path, inner) => format!("{path}.{inner}"),
    };
    (joined, why.to_owned())
}

/// Marks the error of the value being named: `LOCATED path LOCATED why LOCATED` (what
/// follows, such as serde_json's position, is dropped).
pub(super) const LOCATED: char = '\u{2}';
