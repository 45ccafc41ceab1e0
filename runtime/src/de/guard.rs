//! The guards behind the lenient helpers: a value of another shape than its type takes is
//! read through and counted as absent, and every list and JSON object built is charged
//! against the answer's budget (`context`).

use super::context::*;
use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::fmt;
use std::marker::PhantomData;

/// `T`, or `None` when the value has another shape than `T` takes (read through, counted).
pub(super) fn guarded<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
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

/// [`guarded`] while naming a value read as absent: the value is buffered and read again
/// under path tracking of its own, so that the values read as absent inside it (whose
/// errors are caught) never reach the path tracking around it, which keeps the first path
/// it sees. The value being named fails with its path within this one.
pub(super) fn guarded_naming<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
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

/// Null, absent or of another shape: `None`; otherwise what the seed makes of the value.
pub(super) struct Optional<S>(pub(super) S);

/// What [`Optional`] reads a present value as.
pub(super) trait Present<'de> {
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

/// The items of a list, read as [`items`](super::items) says.
pub(super) struct Items<T>(pub(super) PhantomData<T>);

impl<'de, T: DeserializeOwned> Present<'de> for Items<T> {
    type Value = Vec<T>;
    fn read<D: Deserializer<'de>>(self, d: D) -> Result<Option<Vec<T>>, D::Error> {
        guarded::<D, ItemList<T>>(d).map(|list| list.map(|l| l.0))
    }
}

pub(super) struct ItemList<T>(pub(super) Vec<T>);

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
pub(super) struct Item<T>(pub(super) PhantomData<T>);

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for Item<T> {
    type Value = Option<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
        guarded(d)
    }
}

/// Any JSON value, each array item and object entry charged against the answer's budget.
/// Also what [`json`](super::json) reads.
#[derive(Clone, Copy)]
pub(super) struct Budgeted;

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
pub(super) struct Guard<D>(pub(super) D);

/// The shape of value a type asked a [`Guard`] for.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Shape {
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
pub(super) struct GuardedOption<V>(pub(super) V);

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
pub(super) struct Guarded<V> {
    pub(super) inner: V,
    pub(super) shape: Shape,
}

/// The error of a value of the wrong shape, of JSON type `got`: counted, then [`ABSENT`];
/// while telling a union's shapes apart, an error that fails the shape.
pub(super) fn wrong_shape<T, E: de::Error>(got: &str) -> Result<T, E> {
    if CONTEXT.with(|cell| cell.get().strict) {
        return Err(E::custom(refused(got)));
    }
    note_absent(&refused(got))?;
    Err(E::custom(ABSENT))
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
