//! Lenient decoding helpers used by the generated types: a response never fails because
//! the server sent a null, a value of another type than the spec says for an optional field,
//! or a date in a shape it did not announce.
//!
//! - [`lenient`] reads an optional field: null, or a value of another shape than its type
//!   takes (a number for a string, an object for an enum, a string for an object...), gives
//!   `None`; [`or_default`] does the same for a field with a default, [`items`] for a list
//!   (dropping the items of another shape), [`datetime`], [`date`] and [`map`] for the types
//!   they name. A value of the right shape is handed to the field's type as is, without
//!   buffering: a required field inside it stays required.
//! - Within a client's answer, each value read as absent is counted, and named in a
//!   debug-level `tracing` event (its path, such as `challenges[3].status`, and why).
//! - Within a client's answer, the lists and JSON objects built while decoding are charged
//!   against a memory budget, a multiple of the answer's size: see
//!   [`DECODE_BUDGET_FACTOR`].

use serde::de::DeserializeOwned;
use serde::de::{self, DeserializeSeed, IgnoredAny, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// Reads an optional string without failing on any other JSON value (which gives `None`),
/// and hands it to `parse`.
struct LenientText<F>(F);

impl<'de, T, F: FnOnce(&str) -> Option<T>> Visitor<'de> for LenientText<F> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, or anything else (read as absent)")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        match (self.0)(v) {
            Some(value) => Ok(Some(value)),
            None => absent("a string in no known date form"),
        }
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        absent("a boolean")
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        absent("an integer")
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        absent("an integer")
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        absent("a number")
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        absent("an array")
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        absent("an object")
    }
}

/// Why a value was read as absent, naming its JSON type only (never its text, which may be
/// personal data): `got an integer, which the field does not take`.
fn refused(got: &str) -> String {
    format!("got {got}, which the field does not take")
}

/// A value of JSON type `got`, read through and decoded as absent: counted (see
/// [`note_absent`]), then `None`.
fn absent<T, E: de::Error>(got: &str) -> Result<Option<T>, E> {
    note_absent(&refused(got))?;
    Ok(None)
}

fn parse_datetime(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(text)
        .or_else(|_| chrono::DateTime::parse_from_rfc2822(text))
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

/// A date-time in RFC 3339 (or RFC 2822, which other Twilio APIs use). Null, or a value
/// in neither form, decodes as `None` rather than failing the whole response.
pub fn datetime<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, D::Error> {
    d.deserialize_option(LenientText(parse_datetime))
}

/// A `YYYY-MM-DD` date; null or another shape decodes as `None`.
pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<chrono::NaiveDate>, D::Error> {
    d.deserialize_option(LenientText(|t: &str| {
        chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").ok()
    }))
}

/// A generated enum from a string, without allocating for the values it knows.
pub fn wire_enum<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str> + From<String>,
{
    struct WireEnum<T>(std::marker::PhantomData<T>);
    impl<'de, T: for<'a> From<&'a str> + From<String>> Visitor<'de> for WireEnum<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok(T::from(v))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
            Ok(T::from(v))
        }
    }
    d.deserialize_str(WireEnum(std::marker::PhantomData))
}

/// Null decodes as the default (an empty list, for instance); any other value must be a `T`
/// (see [`or_default`] for a field that takes any value).
pub fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A JSON object read into a map, leniently: a string holding an object's JSON text is
/// read as that object (Twilio's docs call such fields "stringified JSON"); an entry whose
/// value is not a `V` is left out; null, or any other value, gives `None`.
pub fn map<'de, D, V>(d: D) -> Result<Option<BTreeMap<String, V>>, D::Error>
where
    D: Deserializer<'de>,
    V: DeserializeOwned,
{
    let object = match d.deserialize_option(Optional(Budgeted))? {
        Some(Value::Object(object)) => object,
        Some(Value::String(text)) => {
            match Budgeted.deserialize(&mut serde_json::Deserializer::from_str(&text)) {
                Ok(Value::Object(object)) => object,
                _ => return absent("a string that is no JSON object"),
            }
        }
        None => return Ok(None),
        Some(_) => return absent("no object"),
    };
    let mut entries = BTreeMap::new();
    for (k, v) in object {
        match serde_json::from_value(v) {
            Ok(v) => {
                entries.insert(k, v);
            }
            Err(_) => note_absent(&refused("an entry of another type than the map holds"))?,
        }
    }
    Ok(Some(entries))
}

/// Any JSON value, null as `None`; within a client's answer its arrays and objects are
/// charged against the memory budget (see [`DECODE_BUDGET_FACTOR`]), as [`map`]'s are.
pub fn json<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    d.deserialize_option(Optional(Budgeted))
}

/// The discriminator of a `oneOf`: the string value of `property` when `value` is an object
/// that has one.
///
/// ```
/// use twilio_openapi_runtime::de::tag;
///
/// let value = serde_json::json!({"kind": "cat", "lives": 9});
/// assert_eq!(tag(&value, "kind"), Some("cat"));
/// assert_eq!(tag(&serde_json::json!([1]), "kind"), None);
/// ```
pub fn tag<'v>(value: &'v Value, property: &str) -> Option<&'v str> {
    value.get(property)?.as_str()
}

/// A variant of a `oneOf` picked by its discriminator: `value` decoded as `T` and wrapped
/// by `wrap`, or kept whole by `unknown` when it does not decode as `T` (the server sent the
/// tag of a shape, but not that shape): a response never fails on it.
///
/// ```
/// use twilio_openapi_runtime::de::variant;
///
/// #[derive(Debug, PartialEq)]
/// enum Count {
///     Number(u32),
///     Unknown(serde_json::Value),
/// }
/// assert_eq!(variant(serde_json::json!(3), Count::Number, Count::Unknown), Count::Number(3));
/// assert_eq!(
///     variant(serde_json::json!("x"), Count::Number, Count::Unknown),
///     Count::Unknown(serde_json::json!("x"))
/// );
/// ```
pub fn variant<T: DeserializeOwned, U>(
    value: Value,
    wrap: fn(T) -> U,
    unknown: fn(Value) -> U,
) -> U {
    match fit(value) {
        Ok(decoded) => wrap(decoded),
        Err(value) => unknown(value),
    }
}

/// An optional field of a response: `None` when it is absent or null, and when its value has
/// another shape than `T` takes (a number for a string, an object for an enum, a string or
/// an array for an object, a string that `T` refuses...), which is read through and counted
/// (see the module docs). A value of the right shape is handed to `T` as is, so a required
/// field inside an object stays required.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Challenge {
///     #[serde(default, deserialize_with = "twilio_openapi_runtime::de::lenient")]
///     status: Option<String>,
///     #[serde(default, deserialize_with = "twilio_openapi_runtime::de::lenient")]
///     ttl: Option<i64>,
/// }
/// let c: Challenge = serde_json::from_str(r#"{"status": 3, "ttl": "soon"}"#)?;
/// assert_eq!((c.status, c.ttl), (None, None));
/// let c: Challenge = serde_json::from_str(r#"{"status": "pending", "ttl": 300}"#)?;
/// assert_eq!((c.status.as_deref(), c.ttl), (Some("pending"), Some(300)));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn lenient<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    d.deserialize_option(Optional(PhantomData::<T>))
}

/// A field with a default (Twilio's paging `meta`, say): null, or a value of another shape,
/// gives the default, as [`lenient`] gives `None`.
pub fn or_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned + Default,
{
    Ok(lenient(d)?.unwrap_or_default())
}

/// A list: null, or a value that is not an array, gives an empty list, and an item of
/// another shape than `T` takes is left out (both counted as [`lenient`] counts). Within a
/// client's answer each item is charged against the memory budget (see
/// [`DECODE_BUDGET_FACTOR`]): a list that would take more fails the call.
pub fn items<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    Ok(d.deserialize_option(Optional(Items(PhantomData::<T>)))?
        .unwrap_or_default())
}

/// How much memory the lists and JSON objects of one answer may take once decoded, as a
/// multiple of the answer's size in bytes (at least [`DECODE_BUDGET_FLOOR`]): an item of a
/// list read by [`items`] counts as the size of its type (`size_of`: a struct of many
/// optional fields is hundreds of bytes, though `{}` is two), a JSON value in an array or
/// object read by [`map`] (the `JsonObject` fields) as the size of a `serde_json::Value`, plus
/// its key. Twilio's answers take less than their size; past the budget the call fails with
/// a decode error before memory grows further, so that one answer's decoding stays within a
/// small multiple of [`max_response_bytes`](crate::ClientBuilder::max_response_bytes) (the
/// workspace's `docs/configuration.md` gives the measured peak).
pub const DECODE_BUDGET_FACTOR: usize = 2;

/// The smallest memory budget of one answer's decoding, whatever its size: 1 MiB.
pub const DECODE_BUDGET_FLOOR: usize = 1 << 20;

/// Where the decoding of one answer stands, on this thread.
#[derive(Clone, Copy)]
struct Context {
    /// Bytes the decoded lists and objects may still take; `None` outside an answer.
    left: Option<usize>,
    /// Values read as absent so far.
    absent: u32,
    /// While naming them: the number of the value read as absent to fail on instead.
    fail_at: Option<u32>,
    /// While telling the shapes of a union apart: a value of the wrong shape fails.
    strict: bool,
}

thread_local! {
    static CONTEXT: Cell<Context> = const {
        Cell::new(Context { left: None, absent: 0, fail_at: None, strict: false })
    };
}

/// The error a guarded value of the wrong shape is reported with, up to [`lenient`].
const ABSENT: &str = "\u{1}read as absent";

/// Counts a value read as absent; an error (`why`) only when it is the one being named.
fn note_absent<E: de::Error>(why: &dyn fmt::Display) -> Result<(), E> {
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
fn charge<E: de::Error>(bytes: usize) -> Result<(), E> {
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
struct Restore(Context);

impl Drop for Restore {
    fn drop(&mut self) {
        CONTEXT.with(|cell| cell.set(self.0));
    }
}

/// Runs `f` with a fresh context of this budget (and value to fail on), then restores the
/// one before; returns what `f` returned and how many values were read as absent.
fn within<R>(budget: usize, fail_at: Option<u32>, f: impl FnOnce() -> R) -> (R, u32) {
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
fn budget(len: usize) -> usize {
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

/// `T`, or `None` when the value has another shape than `T` takes (read through, counted).
fn guarded<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    if CONTEXT.with(|cell| cell.get().fail_at.is_some()) {
        return guarded_naming(d);
    }
    match T::deserialize(Guard(d)) {
        Ok(value) => Ok(Some(value)),
        Err(e) if e.to_string().starts_with(ABSENT) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Marks the error of the value being named: `LOCATED path LOCATED why LOCATED` (what
/// follows, such as serde_json's position, is dropped).
const LOCATED: char = '\u{2}';

/// [`guarded`] while naming a value read as absent: the value is buffered and read again
/// under path tracking of its own, so that the values read as absent inside it (whose
/// errors are caught) never reach the path tracking around it, which keeps the first path
/// it sees. The value being named fails with its path within this one.
fn guarded_naming<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let value = Value::deserialize(d)?;
    let mut track = serde_path_to_error::Track::new();
    let result = T::deserialize(Guard(serde_path_to_error::Deserializer::new(
        &value, &mut track,
    )));
    match result {
        Ok(value) => Ok(Some(value)),
        Err(e) if e.to_string().starts_with(ABSENT) => Ok(None),
        Err(e) => {
            let (path, why) = located(&track.path().to_string(), &e.to_string());
            Err(de::Error::custom(format_args!(
                "{LOCATED}{path}{LOCATED}{why}{LOCATED}"
            )))
        }
    }
}

/// The path and reason of an error met at `path`: its own message, or the path within and
/// reason of the value being named that it carries.
fn located(path: &str, message: &str) -> (String, String) {
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

/// Null, absent or of another shape: `None`; otherwise what the seed makes of the value.
struct Optional<S>(S);

/// What [`Optional`] reads a present value as.
trait Present<'de> {
    type Value;
    fn read<D: Deserializer<'de>>(self, d: D) -> Result<Option<Self::Value>, D::Error>;
}

impl<'de, T: DeserializeOwned> Present<'de> for PhantomData<T> {
    type Value = T;
    fn read<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        guarded(d)
    }
}

impl<'de, S: Present<'de>> Visitor<'de> for Optional<S> {
    type Value = Option<S::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value (read as absent when it is not what the field takes)")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.0.read(d)
    }
}

/// The items of a list, read as [`items`] says.
struct Items<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Present<'de> for Items<T> {
    type Value = Vec<T>;
    fn read<D: Deserializer<'de>>(self, d: D) -> Result<Option<Vec<T>>, D::Error> {
        guarded::<D, ItemList<T>>(d).map(|list| list.map(|l| l.0))
    }
}

struct ItemList<T>(Vec<T>);

impl<'de, T: DeserializeOwned> Deserialize<'de> for ItemList<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(Items(PhantomData))
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for Items<T> {
    type Value = ItemList<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut list = Vec::new();
        while let Some(item) = seq.next_element_seed(Item(PhantomData::<T>))? {
            charge(size_of::<T>())?;
            list.extend(item);
        }
        Ok(ItemList(list))
    }
}

/// One item of a list: `None` when it has another shape than `T` takes.
struct Item<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for Item<T> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        guarded(d)
    }
}

/// Any JSON value, each array item and object entry charged against the answer's budget.
/// Also what [`json`] reads.
#[derive(Clone, Copy)]
struct Budgeted;

impl<'de> Present<'de> for Budgeted {
    type Value = Value;
    fn read<D: Deserializer<'de>>(self, d: D) -> Result<Option<Value>, D::Error> {
        self.deserialize(d).map(Some)
    }
}

impl<'de> DeserializeSeed<'de> for Budgeted {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Budgeted {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            charge(size_of::<Value>())?;
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(self)?;
            charge(size_of::<(String, Value)>() + key.len())?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// A deserializer that hands a type the value only when it has a shape that type asks for
/// (an object for a struct or a map, an array for a list, anything else for a scalar), and
/// otherwise reads the value through and fails with [`ABSENT`], which [`guarded`] turns into
/// `None`. A scalar the type refuses (a number for a string) is read as absent the same way.
struct Guard<D>(D);

/// The shape of value a type asked a [`Guard`] for.
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    Scalar,
    Object,
    Array,
}

macro_rules! guard_methods {
    ($($method:ident($($arg:ident: $ty:ty),*) => $shape:ident;)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            $(let _ = $arg;)*
            self.0.deserialize_any(Guarded { inner: visitor, shape: Shape::$shape })
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Guard<D> {
    type Error = D::Error;

    guard_methods! {
        deserialize_bool() => Scalar;
        deserialize_i8() => Scalar;
        deserialize_i16() => Scalar;
        deserialize_i32() => Scalar;
        deserialize_i64() => Scalar;
        deserialize_i128() => Scalar;
        deserialize_u8() => Scalar;
        deserialize_u16() => Scalar;
        deserialize_u32() => Scalar;
        deserialize_u64() => Scalar;
        deserialize_u128() => Scalar;
        deserialize_f32() => Scalar;
        deserialize_f64() => Scalar;
        deserialize_char() => Scalar;
        deserialize_str() => Scalar;
        deserialize_string() => Scalar;
        deserialize_bytes() => Scalar;
        deserialize_byte_buf() => Scalar;
        deserialize_unit() => Scalar;
        deserialize_identifier() => Scalar;
        deserialize_unit_struct(name: &'static str) => Scalar;
        deserialize_seq() => Array;
        deserialize_tuple(len: usize) => Array;
        deserialize_tuple_struct(name: &'static str, len: usize) => Array;
        deserialize_map() => Object;
        deserialize_struct(name: &'static str, fields: &'static [&'static str]) => Object;
    }

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(visitor)
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_ignored_any(visitor)
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_option(GuardedOption(visitor))
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        visitor.visit_newtype_struct(self)
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_enum(name, variants, visitor)
    }
    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// The visitor of a [`Guard`] asked for an option: the value inside stays guarded.
struct GuardedOption<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for GuardedOption<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }
    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }
    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(Guard(d))
    }
}

/// The visitor of a [`Guard`]: the type's own, or [`ABSENT`] for a value of another shape.
struct Guarded<V> {
    inner: V,
    shape: Shape,
}

/// The error of a value of the wrong shape, of JSON type `got`: counted, then [`ABSENT`];
/// while telling a union's shapes apart, an error that fails the shape.
fn wrong_shape<T, E: de::Error>(got: &str) -> Result<T, E> {
    if CONTEXT.with(|cell| cell.get().strict) {
        return Err(E::custom(refused(got)));
    }
    note_absent(&refused(got))?;
    Err(E::custom(ABSENT))
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

/// The scalar visits of [`Guarded`]: the type's own, and when it refuses the value, an
/// error naming the value's JSON type only (never its text, which may be personal data).
macro_rules! guarded_scalars {
    ($($method:ident($($ty:ty)?) $what:literal;)*) => {$(
        fn $method<E: de::Error>(self $(, v: $ty)?) -> Result<V::Value, E> {
            self.inner.$method($(v as $ty)?).or_else(|_: E| wrong_shape($what))
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Guarded<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    guarded_scalars! {
        visit_bool(bool) "a boolean";
        visit_i64(i64) "an integer";
        visit_i128(i128) "an integer";
        visit_u64(u64) "an integer";
        visit_u128(u128) "an integer";
        visit_f64(f64) "a number";
        visit_char(char) "a string";
        visit_str(&str) "a string";
        visit_borrowed_str(&'de str) "a string";
        visit_string(String) "a string";
        visit_bytes(&[u8]) "bytes";
        visit_borrowed_bytes(&'de [u8]) "bytes";
        visit_byte_buf(Vec<u8>) "bytes";
        visit_none() "null";
        visit_unit() "null";
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<V::Value, A::Error> {
        if self.shape == Shape::Array {
            return self.inner.visit_seq(seq);
        }
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        wrong_shape("an array")
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<V::Value, A::Error> {
        if self.shape == Shape::Object {
            return self.inner.visit_map(map);
        }
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        wrong_shape("an object")
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.inner.visit_some(d)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.inner.visit_newtype_struct(d)
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.inner.visit_enum(data)
    }
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize)]
    struct T {
        #[serde(default, deserialize_with = "super::datetime")]
        at: Option<chrono::DateTime<chrono::Utc>>,
        #[serde(default, deserialize_with = "super::date")]
        on: Option<chrono::NaiveDate>,
    }

    fn at(json: &str) -> Option<String> {
        let t: T = serde_json::from_str(json).expect("lenient decode never fails");
        t.at.map(|t| t.to_rfc3339())
    }

    #[test]
    fn dates_decode_leniently() {
        assert_eq!(
            at(r#"{"at": "2015-07-30T20:00:00Z"}"#).as_deref(),
            Some("2015-07-30T20:00:00+00:00")
        );
        assert_eq!(
            at(r#"{"at": "2015-07-30T22:00:00+02:00"}"#).as_deref(),
            Some("2015-07-30T20:00:00+00:00")
        );
        assert_eq!(
            at(r#"{"at": "Thu, 30 Jul 2015 20:00:00 +0000"}"#).as_deref(),
            Some("2015-07-30T20:00:00+00:00")
        );
        for odd in [
            "null",
            "\"yesterday\"",
            "12",
            "true",
            "[1, [2]]",
            "{\"a\": {\"b\": 1}}",
        ] {
            assert_eq!(
                at(&format!(r#"{{"at": {odd}, "on": {odd}}}"#)),
                None,
                "{odd}"
            );
        }
        let t: T = serde_json::from_str(r#"{"on": "2020-02-29"}"#).expect("date");
        assert_eq!(t.on.map(|d| d.to_string()).as_deref(), Some("2020-02-29"));
        assert_eq!(at("{}"), None);
    }

    #[derive(serde::Deserialize)]
    struct M {
        #[serde(default, deserialize_with = "super::map")]
        any: Option<super::BTreeMap<String, serde_json::Value>>,
        #[serde(default, deserialize_with = "super::map")]
        text: Option<super::BTreeMap<String, String>>,
    }

    #[test]
    fn maps_decode_leniently() {
        let m: M = serde_json::from_str(
            r#"{"any": {"ip": "192.0.2.10", "n": 3, "o": {"a": [1]}, "z": null},
                "text": {"a": "x", "n": 3}}"#,
        )
        .expect("lenient decode never fails");
        let any = m.any.expect("an object");
        assert_eq!(any.len(), 4);
        assert_eq!(any["n"], serde_json::json!(3));
        assert_eq!(any["o"], serde_json::json!({"a": [1]}));
        // The entry that is not a string is left out of a map of strings.
        let text = m.text.expect("an object");
        assert_eq!(text.len(), 1);
        assert_eq!(text["a"], "x");
        // An object's JSON text is read as the object.
        let m: M = serde_json::from_str(r#"{"any": "{\"os\": \"Android\"}"}"#).expect("text");
        assert_eq!(m.any.expect("parsed")["os"], "Android");
        for odd in ["null", "\"not json\"", "\"[1]\"", "12", "true", "[1, 2]"] {
            let m: M = serde_json::from_str(&format!(r#"{{"any": {odd}, "text": {odd}}}"#))
                .expect("lenient decode never fails");
            assert!(m.any.is_none() && m.text.is_none(), "{odd}");
        }
        let m: M = serde_json::from_str("{}").expect("absent");
        assert!(m.any.is_none());
    }

    #[derive(serde::Deserialize, Debug, PartialEq, Default)]
    struct C {
        #[serde(default, deserialize_with = "super::lenient")]
        status: Option<String>,
        #[serde(default, deserialize_with = "super::lenient")]
        inner: Option<Box<C>>,
        #[serde(default, deserialize_with = "super::datetime")]
        at: Option<chrono::DateTime<chrono::Utc>>,
    }

    #[derive(serde::Deserialize, Debug)]
    struct P {
        #[serde(default, deserialize_with = "super::items")]
        c: Vec<C>,
        #[serde(default, deserialize_with = "super::or_default")]
        meta: Option<u8>,
    }

    #[test]
    fn values_read_as_absent_are_counted_and_named_by_path() {
        let body = br#"{"c": [{"status": "a", "at": 3}, {"status": 3,
            "inner": {"inner": {"status": {"x": 1}}, "at": "soon"}}, 9, null], "meta": [1]}"#;
        let (page, absent) = super::answer::<P>(body);
        let page = page.expect("lenient");
        assert_eq!(absent, 7);
        assert_eq!(
            page.c.len(),
            2,
            "the items that are not objects are left out"
        );
        assert_eq!(page.c[0].status.as_deref(), Some("a"));
        let inner = page.c[1].inner.as_deref().expect("an object");
        assert_eq!(inner.inner.as_deref(), Some(&C::default()));
        assert_eq!(page.meta, None);
        let mut named = super::absent_paths::<P>(body, absent);
        named.sort();
        let expected = [
            ("c[0].at", "an integer"),
            ("c[1].inner.at", "a string in no known date form"),
            ("c[1].inner.inner.status", "an object"),
            ("c[1].status", "an integer"),
            ("c[2]", "an integer"),
            ("c[3]", "null"),
            ("meta", "an array"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(path, got)| (path.to_string(), super::refused(got)))
            .collect();
        assert_eq!(named, expected);
        // Outside an answer the same leniency, and nothing named.
        let page: P = serde_json::from_slice(body).expect("lenient");
        assert_eq!(page.c.len(), 2);
    }

    #[test]
    fn a_value_of_the_right_shape_keeps_its_own_errors() {
        #[derive(serde::Deserialize, Debug)]
        struct Required {
            #[allow(dead_code)]
            label: String,
        }
        #[derive(serde::Deserialize, Debug)]
        struct Holder {
            #[serde(default, deserialize_with = "super::lenient")]
            #[allow(dead_code)]
            field: Option<Required>,
        }
        let (holder, _) = super::answer::<Holder>(br#"{"field": {"label": 3}}"#);
        assert!(holder.is_err(), "a required field of the wrong type fails");
        let (holder, _) = super::answer::<Holder>(br#"{"field": {}}"#);
        let error = holder.expect_err("a required field missing fails");
        assert!(
            error.to_string().contains("missing field `label`"),
            "{error}"
        );
        let (holder, absent) = super::answer::<Holder>(br#"{"field": "text"}"#);
        assert!(holder.expect("not an object").field.is_none());
        assert_eq!(absent, 1);
    }
}
